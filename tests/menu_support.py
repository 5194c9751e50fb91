"""The real menu process on a pseudo-terminal, and the screen a person would see (pyte).

``start_menu`` is the one place the menu's tests start a process: the remote shape (a
server process, EPICEVENTS_SERVER) is applied here once for all of them.
"""

import sys
import time

import pexpect
import pyte

from tests.cli_support import LOCAL, MAIN, REPO_ROOT, Shape, process_env

KEYS = {
    "left": "\x1b[D",
    "right": "\x1b[C",
    "up": "\x1b[A",
    "down": "\x1b[B",
    "home": "\x1b[H",
    "end": "\x1b[F",
    "ctrl-left": "\x1b[1;5D",
    "ctrl-right": "\x1b[1;5C",
    "ctrl-r": "\x12",
    "ctrl-c": "\x03",
    "ctrl-d": "\x04",
    "enter": "\r",
    "backspace": "\x7f",
}
SLACK = 40  # the emulated screen is this much wider than the terminal: what overflows shows there


class _Screen(pyte.Screen):
    """A screen wider than the terminal the program is told about, keeping the rows that scroll off."""

    def __init__(self, columns, lines, answer):
        super().__init__(columns + SLACK, lines)
        self.scrolled = []
        self._answer = answer

    def index(self):
        if self.cursor.y == self.lines - 1:
            self.scrolled.append(_text(self.buffer[0], self.columns))
        super().index()

    def write_process_input(self, data):  # the terminal's answers (cursor position reports)
        self._answer(data)


def _text(row, columns) -> str:
    return "".join(row[x].data for x in range(columns)).rstrip()


class Terminal:
    def __init__(self, child, columns, lines):
        self.child = child
        self.columns, self.lines = columns, lines
        self.screen = _Screen(columns, lines, child.send)
        self.stream = pyte.Stream(self.screen)

    # What is on the screen.

    def rows(self) -> list[str]:
        return [_text(self.screen.buffer[y], self.screen.columns) for y in range(self.lines)]

    def text(self) -> str:
        return "\n".join(self.rows())

    def every_row(self) -> list[str]:
        """Every row shown since the start, the ones scrolled off included."""
        return [*self.screen.scrolled, *self.rows()]

    def too_wide(self) -> list[str]:
        """Rows with something drawn past the terminal's width (display columns, as the terminal counts)."""
        wide = []
        for y in range(self.lines):
            row = self.screen.buffer[y]
            if any(row[x].data.strip() for x in range(self.columns, self.screen.columns)):
                wide.append(_text(row, self.screen.columns))
        return wide

    # Reading and typing.

    def pump(self, seconds: float = 0.05) -> None:
        try:
            self.stream.feed(self.child.read_nonblocking(100_000, timeout=seconds))
        except pexpect.TIMEOUT:
            pass

    def wait_for(self, text: str, timeout: float = 30, *, fits: bool = True) -> str:
        """Wait until ``text`` is on the screen; the screen then.

        ``fits``: every row shown meanwhile fits the terminal's width; False where a line is
        meant to overflow (a path or a command to copy whole, which the terminal wraps).
        """
        deadline = time.monotonic() + timeout
        overflow = []
        while time.monotonic() < deadline:
            self.pump(0.1)
            overflow += self.too_wide() if fits else []
            screen = self.text()
            if text in screen:
                assert not overflow, f"wider than {self.columns} columns:\n" + "\n".join(overflow)
                return screen
        raise AssertionError(f"{text!r} never showed; the screen was:\n{self.text()}")

    def settle(self) -> str:
        """The screen once the program has stopped writing."""
        for _ in range(10):
            self.pump(0.15)
        return self.text()

    def type(self, text: str) -> None:
        self.child.send(text)
        self.pump()

    def press(self, *keys: str) -> None:
        for key in keys:
            self.child.send(KEYS[key])
            self.pump(0.05)

    def answer(self, prompt: str, text: str, *, fits: bool = True) -> None:
        self.wait_for(prompt, fits=fits)
        self.child.send(text + "\r")
        self.pump()

    def finish(self) -> int:
        """Wait for the process to end; its exit status."""
        deadline = time.monotonic() + 30
        while self.child.isalive() and time.monotonic() < deadline:
            try:
                self.stream.feed(self.child.read_nonblocking(100_000, timeout=0.2))
            except pexpect.TIMEOUT:
                pass
            except pexpect.EOF:
                break
        self.child.close()
        return self.child.exitstatus


def start_menu(home, *, columns=80, lines=24, argv=(), shape: Shape = LOCAL, **environment) -> Terminal:
    """The menu (or a command, with ``argv``) in a terminal of ``columns`` × ``lines``, in ``shape``
    (the local database, or a real server the menu reaches as a staff machine would)."""
    child = pexpect.spawn(
        sys.executable,
        [str(MAIN), *argv],
        cwd=str(REPO_ROOT),
        env=process_env(home, shape, TERM="xterm-256color", **environment),
        encoding="utf-8",
        timeout=60,
        dimensions=(lines, columns),
    )
    return Terminal(child, columns, lines)
