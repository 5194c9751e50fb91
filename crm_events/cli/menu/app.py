"""The menu loop: who is there, what they may do, and never a traceback.

The main menu shows the groups (Clients / Contracts / Events / Staff) and the
department's daily lists; each group's menu its actions. Every screen is drawn for the
terminal's size at that moment, and a bad choice or a refusal is printed just above
the prompt with the screen drawn again, so it is never scrolled away.

Logging out (or switching user) returns to the login prompt in the same process.
``q`` leaves with status 0; Ctrl-C or Ctrl-D at the main menu or the login prompt
leaves with 130 (cancelled), as a command does.
"""

import logging

from crm_core.errors import CrmError, NotAuthenticated, Unavailable
from cli import text_width
from cli.exit_status import ExitStatus, status_for
from cli.menu.entries import daily_for, entries_for, sections_for
from cli.menu.pages import KINDS, OPEN_RECORD, MainMenu, open_record
from cli.menu.prompts import Back, Prompter, choice_number
from cli.menu.session import ActorChanged, MenuSession

logger = logging.getLogger(__name__)

CANCELLED = "Cancelled. Goodbye."


class _Leave(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


class _LoggedOut(Exception):
    pass


def run_menu(env) -> int:
    prompter = Prompter(env)
    session = MenuSession(env, prompter)
    try:
        return _menu_loop(session, prompter)
    except KeyboardInterrupt:
        # Ctrl-C outside a prompt (a password being checked, a screen being drawn): leave quietly.
        prompter.say()
        prompter.say("Interrupted. Goodbye.")
        return ExitStatus.INTERRUPTED
    except Exception as error:  # noqa: BLE001 - e.g. the database went away between two screens
        from cli.runner import report_unexpected

        # The same sentence and status as a command meeting the same fault (a database named by its cause).
        return report_unexpected(error, env, debug=False)


def _menu_loop(session, prompter) -> int:
    while True:
        try:
            session.ensure_actor()
        except Back:
            prompter.say(CANCELLED)
            return ExitStatus.INTERRUPTED
        except CrmError as error:  # e.g. the session cannot be saved: the menu cannot work without one
            prompter.warn(error.message)
            return status_for(error)
        try:
            _main_menu(session, prompter)
        except _Leave as leave:
            prompter.say(leave.message)
            return leave.status
        except _LoggedOut:
            continue


def _main_menu(session, prompter) -> None:
    message = None
    while True:
        try:
            actor = session.ensure_actor()  # read again each time: a department change applies at once
        except Back:
            raise _Leave(ExitStatus.INTERRUPTED, CANCELLED) from None
        except Unavailable as error:  # the server went away for a moment: the menu waits, it does not quit
            _wait_for_the_server(prompter, error)
            continue
        except CrmError as error:
            raise _Leave(status_for(error), error.message) from None
        sections, daily = sections_for(actor), daily_for(actor)
        choices = [*sections, *(entry.label for entry in daily)]
        title = f"Epic Events CRM — {actor['full_name']} ({actor['department_name']})"
        _draw(session, title, choices, message, top=True)
        message = None
        try:
            choice = prompter.line("Choose: ", history="menu").strip()
        except Back:
            raise _Leave(ExitStatus.INTERRUPTED, CANCELLED) from None
        answer = choice.lower()
        if answer in ("q", "quit", "exit"):
            raise _Leave(ExitStatus.SUCCESS, "Goodbye.")
        if answer in ("l", "u"):
            try:
                session.logout()
            except CrmError as error:
                raise _Leave(status_for(error), error.message) from None
            prompter.say("Logged out." if answer == "l" else "Logged out; log in as the next user.")
            raise _LoggedOut
        if answer == "w":
            message = _whoami(actor)
            continue
        opened = OPEN_RECORD.fullmatch(answer)
        if opened:
            message = _run(session, _opening(opened))
            continue
        number = choice_number(answer, len(choices))
        if number is None:
            message = ("warn", f"Type a number from 1 to {len(choices)}, c/k/e and an ID, or w, u, l, q.")
            continue
        if number <= len(sections):
            message = _section_menu(session, sections[number - 1])
        else:
            message = _run(session, daily[number - 1 - len(sections)].run)


def _wait_for_the_server(prompter, error: Unavailable) -> None:
    """Say why the server cannot be reached; Enter tries again, q (or Ctrl-C) leaves."""
    prompter.warn(error.message)
    try:
        answer = prompter.line("Press Enter to try again, or q to quit: ", history="menu").strip().lower()
    except Back:
        raise _Leave(ExitStatus.INTERRUPTED, CANCELLED) from None
    if answer in ("q", "quit", "exit"):
        raise _Leave(status_for(error), "Goodbye.")


def _section_menu(session, section: str):
    prompter = session.prompter
    message = None
    while True:
        entries = entries_for(session.employee, section)
        actor = session.employee
        title = f"{section} — {actor['full_name']} ({actor['department_name']})"
        _draw(session, title, [entry.label for entry in entries], message)
        message = None
        try:
            answer = prompter.line("Choose: ", history=f"menu:{section}").strip().lower()
        except Back:
            return None
        if not answer or answer == "b":
            return None
        if answer in ("q", "quit", "exit"):  # as in the main menu: a habit should work on every menu
            raise _Leave(ExitStatus.SUCCESS, "Goodbye.")
        opened = OPEN_RECORD.fullmatch(answer)
        number = choice_number(answer, len(entries))
        if opened:
            action = _opening(opened)
        elif number is not None:
            action = entries[number - 1].run
        else:
            message = ("warn", f"Type a number from 1 to {len(entries)}, c/k/e and an ID, Enter to go back or q.")
            continue
        try:
            message = _run(session, action, main_menu_above=True)
        except MainMenu:  # "m" on a record page opened from here: the main menu, as it says
            return None


def _opening(typed):
    """The action opening the record a "c 12" / "k 12" / "e 12" typed at a menu names."""
    return lambda session: open_record(session, KINDS[typed.group(1)], typed.group(2))


def _draw(session, title: str, labels: list[str], message, *, top: bool = False) -> None:
    prompter = session.prompter
    width = prompter.width
    prompter.say()
    prompter.say(session.env.paint(text_width.truncate(title, width), "bold"))
    for number, label in enumerate(labels, start=1):
        prompter.say(text_width.truncate(f"  {number:>2}) {label}", width))
    prompter.say(text_width.truncate("Open a record: c ID client, k ID contract, e ID event", width))
    if top:
        prompter.say(text_width.truncate("  w who am I   u switch user   l log out   q quit", width))
    else:
        prompter.say("  Enter goes back   q quit")
    if message:
        kind, text = message
        (prompter.warn if kind == "warn" else prompter.note)(text)


def _whoami(actor) -> tuple[str, str]:
    who = f"{actor['full_name']} ({actor['department_name']}, {actor['email']})"
    return ("note", f"You are {who}, employee {actor['id']}.")


def _run(session, action, *, main_menu_above: bool = False):
    """Run a menu action; what it reports (or why it stopped) is shown on the next screen.

    ``main_menu_above``: run from a group's menu, where ``MainMenu`` (``m`` on a record page)
    goes on up to the main menu.
    """
    try:
        done = action(session)
    except MainMenu:
        if main_menu_above:
            raise
        return None
    except Back:
        return ("warn", "Cancelled; nothing was changed.")
    except KeyboardInterrupt:
        # Ctrl-C while the database works: an unfinished write is rolled back, a finished one stays.
        return ("warn", "Interrupted (check the record before doing a change again).")
    except ActorChanged as change:
        return ("warn", change.message)
    except NotAuthenticated as error:
        return ("warn", error.message)
    except CrmError as error:
        return ("warn", error.message)
    except Exception as error:  # noqa: BLE001 - keep the menu alive, report, and go on
        from cli.runner import report_unexpected

        report_unexpected(error, session.env, debug=False)
        return None
    return ("note", done) if done else None
