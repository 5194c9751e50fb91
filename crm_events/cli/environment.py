"""What the CLI touches outside itself, injectable so most tests run in-process.

Production uses the real streams, terminal, session file and the gateway of the chosen
transport; tests pass StringIO streams, a scripted prompt and a session file in a
temporary directory.
"""

import codecs
import getpass
import os
import sys
from typing import Callable, TextIO

from cli.session_file import SessionFile

STYLES = {"bold": "1", "red": "31", "green": "32", "dim": "2"}


class Cancelled(KeyboardInterrupt):
    """End of input (Ctrl-D) at a prompt: the user cancelled, as with Ctrl-C (exit status 130).

    A KeyboardInterrupt, so that every place that already treats Ctrl-C as "stop, nothing is
    wrong" treats it alike; never an error to log or report.
    """


class Environment:
    """Streams, prompts, terminal detection and the session file of one run.

    A plain class rather than a dataclass: it is built on every command's start-up path.
    """

    def __init__(
        self,
        *,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
        stderr: TextIO | None = None,
        session_file: SessionFile | None = None,
        gateway=None,
        transport=None,
        input: Callable[[str], str] = input,
        getpass: Callable[[str], str] = getpass.getpass,
        stdin_is_tty: bool | None = None,
        stdout_is_tty: bool | None = None,
        terminal_width: int | None = None,
        terminal_height: int | None = None,
    ):
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or _tolerant(sys.stdout)
        self.stderr = stderr or _tolerant(sys.stderr)
        self.session_file = session_file or SessionFile()
        self._gateway = gateway
        self.transport = transport  # cli.gateway.choice.Choice; None: the local database
        self.input = input
        self.getpass = getpass
        self.stdin_is_tty = _isatty(self.stdin) if stdin_is_tty is None else stdin_is_tty
        self.stdout_is_tty = _isatty(self.stdout) if stdout_is_tty is None else stdout_is_tty
        self._terminal_width = terminal_width
        self._terminal_height = terminal_height

    @property
    def gateway(self):
        """What commands and the menu call (cli.gateway), opened on first use."""
        if self._gateway is None:
            from cli.gateway import open_gateway

            self._gateway = open_gateway(self.session_file, self.transport)
        return self._gateway

    @property
    def terminal_width(self) -> int | None:
        """Columns of the terminal tables are shown on; None when output is not a terminal.

        Measured at each call (one system call), so a window resized while the menu runs
        gets screens laid out for its new width.
        """
        if self._terminal_width is None and self.stdout_is_tty:
            return self._terminal_size().columns
        return self._terminal_width

    @property
    def terminal_height(self) -> int | None:
        """Rows of the terminal, measured at each call; None when output is not a terminal."""
        if self._terminal_height is None and self.stdout_is_tty:
            return self._terminal_size().lines
        return self._terminal_height

    def _terminal_size(self):
        import shutil

        try:
            return os.get_terminal_size(self.stdout.fileno())
        except (AttributeError, ValueError, OSError):  # not a real file: what the environment says
            return shutil.get_terminal_size()

    @property
    def colors(self) -> bool:
        return bool(self.stdout_is_tty) and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"

    def paint(self, text: str, style: str) -> str:
        """``text`` in a colour or weight, only on a terminal and never with NO_COLOR."""
        return f"\033[{STYLES[style]}m{text}\033[0m" if self.colors else text

    def read_secret(self, prompt: str) -> str:
        """A hidden answer from the terminal: the one place passwords are typed (commands and menu).

        End of input (Ctrl-D, or stdin closed) raises ``Cancelled``, like Ctrl-C.
        """
        try:
            return self.getpass(prompt)
        except EOFError:
            self.stderr.write("\n")
            raise Cancelled from None

    @property
    def stdout_is_unicode(self) -> bool:
        """Whether standard output can write any character (a UTF encoding, or text in memory)."""
        return writes_any_character(self.stdout)

    def printable(self, text: str) -> str:
        """``text`` as standard output will show it: what its encoding cannot write becomes "?", so that
        a table measures what is shown (a CJK character is two columns, its "?" one)."""
        if self.stdout_is_unicode:
            return text
        encoding = self.stdout.encoding
        return text.encode(encoding, errors=REPLACEMENT_HANDLER).decode(encoding, errors="replace")

    def out(self, text: str = "") -> None:
        self.stdout.write(text + "\n")

    def err(self, text: str) -> None:
        self.stderr.write(text + "\n")
        self.stderr.flush()


def undecodable(text: str) -> bool:
    """True when ``text`` (a password typed or piped) holds bytes that were not UTF-8:
    Python keeps them as lone surrogates, which no password matches and bcrypt cannot hash."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


# Output in an encoding that cannot write every character (PYTHONIOENCODING=cp1252, an old
# Windows console, LANG=C on some systems). Python's default there is to raise at the first
# such character, which left half an export behind an "Unexpected error". Instead every
# stream the CLI writes to replaces what it cannot encode with "?", and the run ends with
# one sentence on stderr saying so (note_replaced_characters). JSON never needs it: it is
# written with \uXXXX escapes on such a stream (crm_core.export_text), which lose nothing.
REPLACEMENT_HANDLER = "epicevents-replace"
_PROBE = "\u0141\u6f22\U0001f600"  # Ł, 漢, 😀: written only by the UTF encodings
_narrow_encodings: set[str] = set()  # of the streams set to replace
_replaced: list[bool] = []


def writes_any_character(stream) -> bool:
    encoding = getattr(stream, "encoding", None)
    if not encoding:
        return True  # a text buffer in memory holds anything
    try:
        _PROBE.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


# The CRM's own punctuation has a plain equivalent that loses nothing ("Clients 1–5 of 5",
# "old → new"); only what has none (a name's "Ł") becomes "?" and is worth the note.
_PLAIN = {
    "\u2013": "-", "\u2014": "-", "\u2192": "->", "\u2026": "...", "\u2018": "'", "\u2019": "'",
    "\u201c": '"', "\u201d": '"', "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u00d7": "x",
}


def _replace(error: UnicodeEncodeError):
    text = error.object[error.start:error.end]
    if not _replaced and any(character not in _PLAIN for character in text):
        _replaced.append(True)
    return "".join(_PLAIN.get(character, "?") for character in text), error.end


def forget_replaced_characters() -> None:
    """The output failed: a note about how its characters looked would be noise after that sentence."""
    _replaced.clear()


codecs.register_error(REPLACEMENT_HANDLER, _replace)


def _tolerant(stream):
    """``stream`` set to replace what its encoding cannot write (a real text stream only)."""
    if writes_any_character(stream) or not hasattr(stream, "reconfigure"):
        return stream
    try:
        stream.reconfigure(errors=REPLACEMENT_HANDLER)
    except (ValueError, OSError):  # closed, or a stream that cannot change mid-way
        return stream
    _narrow_encodings.add(stream.encoding)
    return stream


def note_replaced_characters(stderr=None) -> None:
    """Once, at the end of a run: say that some characters were written as "?" and how to keep them."""
    if not _replaced:
        return
    encodings = " / ".join(sorted(_narrow_encodings))
    _replaced.clear()
    stream = stderr or sys.stderr
    try:
        stream.write(
            f'Some characters cannot be written in this output\'s encoding ({encodings}) and were written as "?"; '
            "set PYTHONIOENCODING=utf-8 to keep them.\n"
        )
        stream.flush()
    except (OSError, ValueError):
        pass
