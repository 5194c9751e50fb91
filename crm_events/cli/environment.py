"""What the CLI touches outside itself, injectable so most tests run in-process.

Production uses the real streams, terminal and session file; tests pass StringIO
streams, a scripted prompt and a session file in a temporary directory.
"""

import getpass
import os
import sys
from dataclasses import dataclass, field
from typing import Callable, TextIO

from epic_auth_app.session_file import SessionFile


STYLES = {"bold": "1", "red": "31", "green": "32", "dim": "2"}


def _default_session_file() -> SessionFile:
    return SessionFile()


@dataclass
class Environment:
    stdin: TextIO = field(default_factory=lambda: sys.stdin)
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    session_file: SessionFile = field(default_factory=_default_session_file)
    input: Callable[[str], str] = input
    getpass: Callable[[str], str] = getpass.getpass
    stdin_is_tty: bool | None = None
    stdout_is_tty: bool | None = None

    def __post_init__(self) -> None:
        if self.stdin_is_tty is None:
            self.stdin_is_tty = _isatty(self.stdin)
        if self.stdout_is_tty is None:
            self.stdout_is_tty = _isatty(self.stdout)

    @property
    def colors(self) -> bool:
        return bool(self.stdout_is_tty) and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"

    def paint(self, text: str, style: str) -> str:
        """``text`` in a colour or weight, only on a terminal and never with NO_COLOR."""
        return f"\033[{STYLES[style]}m{text}\033[0m" if self.colors else text

    def out(self, text: str = "") -> None:
        self.stdout.write(text + "\n")

    def err(self, text: str) -> None:
        self.stderr.write(text + "\n")
        self.stderr.flush()


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
