"""Where the client keeps its session token: ``EPICEVENTS_HOME/session.jwt``.

The directory is 0700 and the file 0600, written atomically so a crash never leaves
half a token, and re-secured if someone loosened the modes. What the token is worth is
the server's business (a token copied elsewhere is useless after ``logout``: the
session is revoked there); this module only stores it, and refuses to use a file that
is not safe: one others could read (see ``cli.gateway.Gateway.token``, which ends its
session), or one that is not a regular file (a named pipe would block the read forever).

No Django here: the remote client holds nothing but this file.
"""

import os
import stat
import tempfile
from pathlib import Path

from crm_core.errors import InvalidInput, NotAuthenticated
from cli.program import login_command

FILE_NAME = "session.jwt"
SERVER_FILE_NAME = "server"  # the server `login --server URL` remembered (remote mode), beside the token
ISSUER_FILE_NAME = "session.issuer"  # where the token was issued: a server's URL, or "local database"
EMAIL_FILE_NAME = "email"  # who logged in last: the menu offers it again when yesterday's session has expired
MAX_EMAIL_BYTES = 320
MAX_SERVER_BYTES = 2048
MAX_TOKEN_BYTES = 4096
KINDS = {
    stat.S_IFDIR: "a directory",
    stat.S_IFIFO: "a named pipe",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
}


_NOT_OWN = object()  # what _read_own_file answers for a file that is not safely the user's


def _read_own_file(path: Path, limit: int, *, loose: int):
    """Up to ``limit + 1`` bytes of ``path``; None when there is no file to read; ``_NOT_OWN`` when it
    is not a regular file of this user, or has any of the ``loose`` mode bits (others may change it).
    Opened without blocking, so that a named pipe put there is refused, not waited on."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if stat.S_IFMT(info.st_mode) != stat.S_IFREG or info.st_uid != os.getuid() or info.st_mode & loose:
            return _NOT_OWN
        return os.read(fd, limit + 1)
    except OSError:
        return None
    finally:
        os.close(fd)


class SessionFile:
    def __init__(self, home: Path | None = None):
        if home is None:
            from cli.client_settings import ClientSettings

            home = ClientSettings().home
        self.home = Path(home)
        self.path = self.home / FILE_NAME
        self.server_path = self.home / SERVER_FILE_NAME
        self.email_path = self.home / EMAIL_FILE_NAME
        self.issuer_path = self.home / ISSUER_FILE_NAME

    def _secure_home(self) -> None:
        self.home.mkdir(mode=0o700, parents=True, exist_ok=True)
        if stat.S_IMODE(self.home.stat().st_mode) != 0o700:
            os.chmod(self.home, 0o700)

    def ensure_writable(self) -> None:
        """Raise the InvalidInput of ``save`` now, when the token could not be kept.

        Called before a session is opened, so that no session is left on the server
        for a token that would be lost at once.
        """
        try:
            self._secure_home()
            fd, tmp_name = tempfile.mkstemp(dir=self.home, prefix=".session-")
            os.close(fd)
            os.unlink(tmp_name)
            if self.path.is_dir():
                raise IsADirectoryError(self.path)
        except OSError as error:
            raise self._unwritable(error) from None

    def save(self, token: str) -> None:
        """Store the token, or raise InvalidInput naming EPICEVENTS_HOME when it cannot be written."""
        self._save(self.path, token)

    def _save(self, path: Path, text: str) -> None:
        try:
            self._write(path, text)
        except OSError as error:
            raise self._unwritable(error) from None

    def _write(self, path: Path, text: str) -> None:
        self._secure_home()
        fd, tmp_name = tempfile.mkstemp(dir=self.home, prefix=".session-")
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as tmp:
                tmp.write(text)
                tmp.flush()
                os.fsync(tmp.fileno())
            os.replace(tmp_name, path)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise

    # The server remembered by `login --server URL` (remote mode), owner-only like the token.

    def save_server(self, url: str) -> None:
        self._save(self.server_path, url)

    def load_server(self) -> str | None:
        """The remembered server's URL, or None. A file that others could change is refused
        (NotAuthenticated): whoever can rewrite it could send the next password typed to a server of theirs."""
        raw = _read_own_file(self.server_path, MAX_SERVER_BYTES, loose=0o022)
        if raw is _NOT_OWN:
            raise NotAuthenticated(
                f"The server remembered in {self.server_path} could have been changed by someone else "
                f"(it is not an owner-only file of yours); remove it, then log in again with --server URL."
            )
        if raw is None:
            return None
        # Anything that is not a URL is refused by cli.gateway.choice, with a sentence naming this file.
        return raw[:MAX_SERVER_BYTES].decode("ascii", "replace").strip() or None

    def clear_server(self) -> None:
        self.server_path.unlink(missing_ok=True)

    # Where the token was issued (cli.gateway.Gateway.token): a token is only ever sent there.

    def save_issuer(self, where: str) -> None:
        self._save(self.issuer_path, where)

    def load_issuer(self) -> str | None:
        """The server (or "local database") that issued the stored token; None when unknown,
        also for a file that is not an owner-only regular file of the user."""
        raw = _read_own_file(self.issuer_path, MAX_SERVER_BYTES, loose=0o022)
        if raw is None or raw is _NOT_OWN:
            return None
        return raw[:MAX_SERVER_BYTES].decode("utf-8", "replace").strip() or None

    # The last email logged in with: a convenience, so that any fault only means it is not offered.

    def save_email(self, email: str) -> None:
        try:
            self._write(self.email_path, email)
        except OSError:
            pass

    def load_email(self) -> str | None:
        """The email of the last login on this machine, or None (also for a file that is not an
        owner-only regular file of the user: it is only ever offered, never trusted)."""
        raw = _read_own_file(self.email_path, MAX_EMAIL_BYTES, loose=0o077)
        if raw is None or raw is _NOT_OWN:
            return None
        try:
            email = raw.decode("utf-8").strip()
        except UnicodeDecodeError:
            return None
        return email if email and len(raw) <= MAX_EMAIL_BYTES and email.isprintable() else None

    def clear_email(self) -> None:
        self.email_path.unlink(missing_ok=True)

    def _unwritable(self, error: OSError) -> InvalidInput:
        if self.home.exists() and not self.home.is_dir():
            reason = "it is a file, not a directory"
        elif self.path.is_dir():
            reason = f"{FILE_NAME} in it is a directory"
        else:
            reason = (error.strerror or "it cannot be written").lower()
        return InvalidInput(
            {
                "EPICEVENTS_HOME": f"The session cannot be saved in {self.home} ({reason}); "
                "set EPICEVENTS_HOME to a directory you can write, then log in again."
            }
        )

    def loose_mode(self) -> int | None:
        """The file's mode when group or others have any access to it (as ssh checks a key), else None."""
        try:
            mode = stat.S_IMODE(self.path.stat().st_mode)
        except OSError:
            return None
        return mode if mode & 0o077 else None

    def load(self) -> str | None:
        """The stored token; None when there is none, "" when the file cannot hold a token.

        A session file that is not a regular file is refused at once (NotAuthenticated)
        rather than read: opening a named pipe would wait for a writer forever.
        """
        try:
            # O_NONBLOCK: opening a named pipe returns at once instead of waiting for a writer.
            fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK)
        except (FileNotFoundError, NotADirectoryError, PermissionError):
            return None
        try:
            kind = stat.S_IFMT(os.fstat(fd).st_mode)
            if kind != stat.S_IFREG:
                raise NotAuthenticated(
                    f"Your session file {self.path} is {KINDS.get(kind, 'a special file')}, not a file this "
                    f"program wrote; remove it, then log in again with: {login_command()}."
                )
            raw = os.read(fd, MAX_TOKEN_BYTES + 1)
        finally:
            os.close(fd)
        if len(raw) > MAX_TOKEN_BYTES:
            return ""
        try:
            return raw.decode("ascii").strip()
        except UnicodeDecodeError:
            return ""

    def token_to_replace(self) -> str | None:
        """The token a new login replaces; None when there is none or the file is not a usable one."""
        try:
            return self.load()
        except NotAuthenticated:
            return None

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)
        self.issuer_path.unlink(missing_ok=True)
