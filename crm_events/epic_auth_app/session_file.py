"""Where the session token lives on the employee's machine.

``EPICEVENTS_HOME/session.jwt``: the directory is 0700 and the file 0600, written
atomically so a crash never leaves half a token, and re-secured if someone loosened
the modes. A file others can read is refused (its session ended) rather than used:
see ``authenticate_session_file``. A token copied elsewhere is still useless after ``logout`` (the session
is revoked on the server).
"""

import os
import stat
import tempfile
from pathlib import Path

from django.conf import settings

from crm_core.errors import InvalidInput

FILE_NAME = "session.jwt"
MAX_TOKEN_BYTES = 4096


class SessionFile:
    def __init__(self, home: Path | None = None):
        self.home = Path(home or settings.EPICEVENTS_HOME)
        self.path = self.home / FILE_NAME

    def _secure_home(self) -> None:
        self.home.mkdir(mode=0o700, parents=True, exist_ok=True)
        if stat.S_IMODE(self.home.stat().st_mode) != 0o700:
            os.chmod(self.home, 0o700)

    def save(self, token: str) -> None:
        """Store the token, or raise InvalidInput naming EPICEVENTS_HOME when it cannot be written."""
        try:
            self._write(token)
        except OSError as error:
            raise self._unwritable(error) from None

    def _write(self, token: str) -> None:
        self._secure_home()
        fd, tmp_name = tempfile.mkstemp(dir=self.home, prefix=".session-")
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="ascii") as tmp:
                tmp.write(token)
                tmp.flush()
                os.fsync(tmp.fileno())
            os.replace(tmp_name, self.path)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise

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
        """The stored token, or None when there is none or it cannot be a token."""
        try:
            with open(self.path, "rb") as handle:
                raw = handle.read(MAX_TOKEN_BYTES + 1)
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError, PermissionError):
            return None
        if len(raw) > MAX_TOKEN_BYTES:
            return ""
        try:
            return raw.decode("ascii").strip()
        except UnicodeDecodeError:
            return ""

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)
