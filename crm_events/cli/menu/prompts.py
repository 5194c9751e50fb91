"""Questions at the terminal that validate as you type.

A bad value is explained and asked again; Enter keeps the current value on updates;
Ctrl-C or Ctrl-D at any prompt raises ``Back`` so the menu can return one level up.
"""

from collections.abc import Callable

from crm_core.validation import InvalidValue

KEEP = object()  # the answer "keep the current value"


class Back(Exception):
    """The user asked to go back (Ctrl-C, Ctrl-D, or an empty answer where that means cancel)."""


class Interrupted(Back):
    """Ctrl-C at a prompt: going back, for callers that must tell it from Ctrl-D (exit status 130)."""


class Prompter:
    def __init__(self, env):
        self.env = env

    def say(self, text: str = "") -> None:
        self.env.out(text)
        self.env.stdout.flush()

    def warn(self, text: str) -> None:
        self.say(self.env.paint(text, "red"))

    def line(self, label: str) -> str:
        self.env.stdout.flush()
        try:
            return self.env.input(label)
        except EOFError:
            self.say()
            raise Back from None
        except KeyboardInterrupt:
            self.say()
            raise Interrupted from None

    def ask(self, label: str, clean: Callable | None = None, *, current=None, required: bool = True, shown=None):
        """Ask until the answer is valid; returns the cleaned value, or KEEP when Enter keeps ``current``."""
        hint = f" [{shown if shown is not None else current}]" if current is not None else ""
        while True:
            text = self.line(f"{label}{hint}: ").strip()
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
            except InvalidValue as error:
                self.warn(f"  {error.message}")

    def secret(self, label: str) -> str:
        self.env.stdout.flush()
        try:
            return self.env.getpass(f"{label}: ")
        except EOFError:
            self.say()
            raise Back from None
        except KeyboardInterrupt:
            self.say()
            raise Interrupted from None

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
        """Pick one of ``options`` ((value, text) pairs) by number; Enter keeps ``current``."""
        for index, (_value, text) in enumerate(options, start=1):
            self.say(f"  {index}) {text}")

        def clean(text: str) -> str:
            if text.isdigit() and 1 <= int(text) <= len(options):
                return options[int(text) - 1][0]
            raise InvalidValue(f"type a number from 1 to {len(options)}.")

        return self.ask(label, clean, current=current)
