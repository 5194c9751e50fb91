"""Questions at the terminal that validate as you type.

A bad value is explained and asked again; Enter keeps the current value on updates;
Ctrl-C or Ctrl-D at any prompt raises ``Back`` so the menu can return one level up.
"""

from collections.abc import Callable

from cli.environment import undecodable

KEEP = object()  # the answer "keep the current value"
CLEAR = "-"  # typed for an optional field that has a value: empty it


class InvalidAnswer(ValueError):
    """What was typed cannot be used; ``message`` says what is expected (the question is asked again)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Back(Exception):
    """The user asked to go back (Ctrl-C, Ctrl-D, or an empty answer where that means cancel)."""


class Interrupted(Back):
    """Ctrl-C at a prompt: going back, for callers that must tell it from Ctrl-D (exit status 130)."""


def choice_number(text: str, count: int) -> int | None:
    """The number typed, when it is ASCII digits from 1 to ``count``; None otherwise.

    ``str.isdigit()`` alone also accepts "²" (which ``int()`` refuses) and other scripts'
    digits (which it reads), so a slip of the finger could pick a row.
    """
    if text.isascii() and text.isdigit() and 1 <= int(text) <= count:
        return int(text)
    return None


class Prompter:
    def __init__(self, env):
        self.env = env

    def say(self, text: str = "") -> None:
        self.env.out(text)
        self.env.stdout.flush()

    def warn(self, text: str) -> None:
        self.say(self.env.paint(text, "red"))

    def line(self, label: str) -> str:
        return self._read(self.env.input, label)

    def _read(self, reader: Callable[[str], str], label: str) -> str:
        """One answer; Ctrl-D goes back, Ctrl-C interrupts (both end the line first)."""
        self.env.stdout.flush()
        try:
            return reader(label)
        except EOFError:
            self.say()
            raise Back from None
        except KeyboardInterrupt:
            self.say()
            raise Interrupted from None

    def ask(
        self,
        label: str,
        clean: Callable | None = None,
        *,
        current=None,
        required: bool = True,
        shown=None,
        clearable: bool = False,
    ):
        """Ask until the answer is valid; returns the cleaned value, or KEEP when Enter keeps ``current``.

        ``clearable`` (an optional field that has a value): a lone "-" empties it.
        """
        clears = clearable and current is not None
        hint = f" [{shown if shown is not None else current}]" if current is not None else ""
        hint += " (- to clear)" if clears else ""
        while True:
            text = self.line(f"{label}{hint}: ").strip()
            if clears and text == CLEAR:
                return ""
            if not text:
                if current is not None:
                    return KEEP
                if not required:
                    return ""
                self.warn("  A value is needed here (Ctrl-C to go back).")
                continue
            if clean is None:
                return text
            try:
                return clean(text)
            except InvalidAnswer as error:
                self.warn(f"  {error.message}")

    def secret(self, label: str) -> str:
        while True:
            secret = self._read(self.env.getpass, f"{label}: ")
            if not undecodable(secret):
                return secret
            self.warn("  That is not valid UTF-8 text (check the terminal's encoding); type it again.")

    def confirm(self, question: str, *, default: bool = False) -> bool:
        choices = "[Y/n]" if default else "[y/N]"
        while True:
            answer = self.line(f"{question} {choices} ").strip().lower()
            if not answer:
                return default
            if answer in ("y", "yes"):
                return True
            if answer in ("n", "no"):
                return False
            self.warn("  Answer y or n.")

    def choose(self, label: str, options: list[tuple[str, str]], *, current: str | None = None) -> str:
        """Pick one of ``options`` ((value, text) pairs) by number, value or text; Enter keeps ``current``."""
        for index, (_value, text) in enumerate(options, start=1):
            self.say(f"  {index}) {text}")

        def clean(text: str) -> str:
            number = choice_number(text, len(options))
            if number is not None:
                return options[number - 1][0]
            typed = text.casefold()
            for value, label_text in options:
                if typed in (value.casefold(), label_text.casefold()):
                    return value
            names = ", ".join(value for value, _text in options)
            raise InvalidAnswer(f"type a number from 1 to {len(options)}, or one of {names}.")

        return self.ask(label, clean, current=current)
