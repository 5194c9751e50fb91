"""Questions at the terminal, with real line editing, checked as they are answered.

On a terminal, lines are read with prompt_toolkit (the library pgcli and IPython use):
arrows, Home/End, word moves (Ctrl-arrows, Alt-B/F), a history per question (Up/Down)
searched with Ctrl-R, Tab completion where the answers are known, and the current value
pre-filled on updates, to be edited rather than retyped. The standard ``readline`` would
give editing too, but not a history per question, nor a value pre-filled portably (its
startup hook is missing from libedit, which macOS Pythons use), nor completion menus;
prompt_toolkit does all three with no C extension. Without a terminal (a pipe, the
in-process tests) lines are read plainly from ``env.input``, and a current value is shown
in brackets instead: Enter keeps it.

Ctrl-C and Ctrl-D (end of input) at any question raise ``Back``: the menu drops what was
being typed and goes back one level, and leaves with status 130 from its top level.
"""

import os
import shlex
import subprocess  # nosec B404 - runs the editor the user named in $VISUAL / $EDITOR, as git does
import tempfile
from collections.abc import Callable

from cli import text_width
from cli.environment import Cancelled, undecodable

KEEP = object()  # the answer "keep the current value"
CLEAR = "-"  # typed (without a terminal) for an optional field that has a value: empty it
DEFAULT_EDITOR = "vi"  # what git runs when neither $VISUAL nor $EDITOR is set


class InvalidAnswer(ValueError):
    """What was typed cannot be used; ``message`` says what is expected (the question is asked again)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Back(Exception):
    """The user cancelled (Ctrl-C or Ctrl-D at a question): go back one level."""


def choice_number(text: str, count: int) -> int | None:
    """The number typed, when it is ASCII digits from 1 to ``count``; None otherwise.

    ``str.isdigit()`` alone also accepts "²" (which ``int()`` refuses) and other scripts'
    digits (which it reads), so a slip of the finger could pick something.
    """
    if text.isascii() and text.isdigit() and 1 <= int(text) <= count:
        return int(text)
    return None


class Prompter:
    """Everything the menu says and asks, sized to the terminal at each call."""

    def __init__(self, env):
        self.env = env
        self.editing = bool(env.stdin_is_tty and env.stdout_is_tty and env.input is input)
        self._sessions = {}  # one prompt_toolkit session (and so one history) per question

    # Saying ----------------------------------------------------------------------------

    @property
    def width(self) -> int:
        return self.env.terminal_width or 80

    @property
    def height(self) -> int:
        return self.env.terminal_height or 24

    def say(self, text: str = "", *, wrap: bool = True) -> None:
        """``text``, each line wrapped to the terminal's width (tables are laid out to fit already).

        Output that is not a terminal keeps whole lines, and so does a command to copy (``wrap=False``).
        """
        terminal = self.env.terminal_width if wrap else None
        lines = []
        for line in text.split("\n"):
            if terminal and text_width.width(line) > terminal and "\033" not in line:
                lines.extend(text_width.wrap(line, terminal, indent="  " if line.startswith("  ") else ""))
            else:
                lines.append(line)
        self.env.out("\n".join(lines))
        self.env.stdout.flush()

    def warn(self, text: str) -> None:
        """A refusal or a bad choice, marked "!" (and red on a colour terminal)."""
        self._painted(f"! {text.strip()}", "red")

    def note(self, text: str) -> None:
        self._painted(text.strip(), "green")

    def _painted(self, text: str, style: str) -> None:
        terminal = self.env.terminal_width
        lines = text_width.wrap(text, terminal, indent="  ") if terminal else [text]
        self.say("\n".join(self.env.paint(line, style) for line in lines))

    # Asking ----------------------------------------------------------------------------

    def line(
        self,
        label: str,
        *,
        history: str | None = None,
        default: str = "",
        completions: list[str] | None = None,
        keys: str = "",
    ) -> str:
        """One line; ``history`` names the question whose earlier answers Up/Down and Ctrl-R reach.

        ``keys``: letters that answer at once when pressed on an empty line (a record page's
        choices), without Enter.
        """
        self.env.stdout.flush()
        try:
            if self.editing:
                return self._edit(label, history or label, default, completions, keys)
            return self.env.input(label)
        except (EOFError, KeyboardInterrupt):
            self.say()
            raise Back from None

    def _edit(self, label, history, default, completions, keys) -> str:
        from prompt_toolkit import PromptSession
        from prompt_toolkit.completion import WordCompleter
        from prompt_toolkit.history import InMemoryHistory

        session = self._sessions.get(history)
        if session is None:
            session = self._sessions[history] = PromptSession(history=InMemoryHistory())
        completer = None
        if completions:
            completer = WordCompleter(sorted(set(completions)), ignore_case=True, match_middle=True, sentence=True)
        return session.prompt(
            label,
            default=default,
            completer=completer,
            complete_while_typing=False,
            key_bindings=_instant_keys(keys) if keys else None,
            enable_open_in_editor=False,
        )

    def ask(
        self,
        label: str,
        clean: Callable | None = None,
        *,
        current=None,
        required: bool = True,
        shown=None,
        clearable: bool = False,
        history: str | None = None,
        completions: list[str] | None = None,
        typed: str = "",
    ):
        """Ask until the answer is valid; the cleaned value, or KEEP when ``current`` is kept.

        On a terminal the current value (as ``shown``) is pre-filled: Enter keeps it, an edit
        changes it, and erasing it empties an optional field (``clearable``). Without a
        terminal it shows in brackets: Enter keeps it and a lone "-" empties it. A refused
        answer is explained just above the question, and stays typed, to be corrected.
        """
        shown_text = None if current is None else str(shown if shown is not None else current)
        clears = clearable and current is not None
        if self.editing:
            prompt, prefill = f"{label}: ", typed or (shown_text or "")
        else:
            hint = f" [{_one_line(shown_text)}]" if shown_text is not None else ""
            prompt, prefill = f"{label}{hint}{' (- to clear)' if clears else ''}: ", ""
        while True:
            text = self.line(prompt, history=history or label, default=prefill, completions=completions).strip()
            if current is not None and (text == shown_text.strip() or (not text and not self.editing)):
                return KEEP
            if clears and (not text or (text == CLEAR and not self.editing)):
                return ""
            if not text:
                if not required:
                    return ""
                self.warn("A value is needed here (Ctrl-C to go back).")
                continue
            if clean is None:
                return text
            try:
                return clean(text)
            except InvalidAnswer as error:
                self.warn(error.message)
                prefill = text if self.editing else ""

    def secret(self, label: str, check: Callable[[str], None] | None = None) -> str:
        """A hidden answer; ``check`` may refuse it (InvalidAnswer) before anything else is asked."""
        while True:
            try:
                secret = self.env.read_secret(f"{label}: ")
            except (Cancelled, KeyboardInterrupt):
                self.say()
                raise Back from None
            if undecodable(secret):
                self.warn("That is not valid UTF-8 text (check the terminal's encoding); type it again.")
                continue
            if check is not None:
                try:
                    check(secret)
                except InvalidAnswer as error:
                    self.warn(error.message)
                    continue
            return secret

    def confirm(self, question: str, *, default: bool = False) -> bool:
        choices = "[Y/n]" if default else "[y/N]"
        while True:
            answer = self.line(f"{question} {choices} ", history="confirm").strip().lower()
            if not answer:
                return default
            if answer in ("y", "yes", "o", "oui"):
                return True
            if answer in ("n", "no", "non"):
                return False
            self.warn("Answer y or n.")

    def choose(self, label: str, options: list[tuple[str, str]], *, current: str | None = None) -> str:
        """Pick one of ``options`` ((value, text) pairs) by number, value or text (Tab completes)."""
        self.say("  " + "   ".join(f"{index}) {text}" for index, (_value, text) in enumerate(options, start=1)))

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

        names = {value: text for value, text in options}
        return self.ask(
            label,
            clean,
            current=current,
            shown=names.get(current, current),
            history=label,
            completions=[text for _value, text in options],
        )

    def pause(self, text: str = "Press Enter to go on.") -> None:
        self.line(text, history="pause")

    # Long text ----------------------------------------------------------------------------

    def edit_in_editor(self, text: str) -> str | None:
        """``text`` opened in ``$VISUAL`` or ``$EDITOR`` (as git commit does); the text saved, or None.

        None when the editor could not be run or failed (the user is told why).
        """
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or DEFAULT_EDITOR
        handle, path = tempfile.mkstemp(prefix="epicevents-notes-", suffix=".txt")  # 0600, this user only
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as draft:
                draft.write(text + "\n" if text else "")
            try:
                done = subprocess.run([*shlex.split(editor), path], check=False)  # nosec B603 - the user's editor
            except (OSError, ValueError) as error:
                self.warn(f"The editor '{editor}' could not be started ({error}); set $EDITOR, e.g. EDITOR=nano.")
                return None
            if done.returncode != 0:
                self.warn(f"The editor exited with status {done.returncode}; nothing was changed.")
                return None
            with open(path, encoding="utf-8", errors="surrogateescape") as saved:
                return saved.read().rstrip("\n")
        finally:
            os.unlink(path)


def _one_line(text: str) -> str:
    """A value shown in brackets on one line: its first line, cut when long."""
    first = text.split("\n")[0]
    return text_width.truncate(first, 40) if first == text else text_width.truncate(first, 36) + " (…)"


def _instant_keys(keys: str):
    """Bindings answering at once with the letter pressed, while nothing else is typed."""
    from prompt_toolkit.filters import Condition
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.application.current import get_app

    bindings = KeyBindings()
    empty = Condition(lambda: not get_app().current_buffer.text)
    for key in keys:

        @bindings.add(key, filter=empty)
        def _answer(event, key=key):
            event.app.exit(result=key)

    return bindings
