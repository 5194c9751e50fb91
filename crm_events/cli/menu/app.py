"""The menu loop: who is there, what they may do, and never a traceback."""

import logging

from crm_core.errors import CrmError, NotAuthenticated
from cli.exit_status import ExitStatus, status_for
from cli.menu.entries import entries_for
from cli.menu.prompts import Back, Prompter, choice_number
from cli.menu.session import ActorChanged, MenuSession

logger = logging.getLogger(__name__)


def _show_menu(prompter, env, actor, entries) -> None:
    prompter.say()
    prompter.say(env.paint(f"Epic Events CRM — {actor['full_name']} ({actor['department_name']})", "bold"))
    section = None
    for number, entry in enumerate(entries, start=1):
        if entry.section != section:
            section = entry.section
            prompter.say(env.paint(section, "dim"))
        prompter.say(f"  {number:>2}) {entry.label}")
    prompter.say("   w) Who am I    l) Log out    q) Quit")


def run_menu(env) -> int:
    prompter = Prompter(env)
    session = MenuSession(env, prompter)
    try:
        return _menu_loop(session, prompter, env)
    except KeyboardInterrupt:
        # Ctrl-C outside a prompt (a password being checked, the menu being drawn): leave quietly.
        prompter.say()
        prompter.say("Interrupted. Goodbye.")
        return ExitStatus.INTERRUPTED


def _menu_loop(session, prompter, env) -> int:
    try:
        session.ensure_actor()
    except Back:
        prompter.say("Goodbye.")
        return ExitStatus.SUCCESS
    except CrmError as error:  # e.g. the session cannot be saved: the menu cannot work without one
        prompter.warn(error.message)
        return status_for(error)
    while True:
        try:
            actor = session.ensure_actor()  # read again each time: a department change applies at once
            entries = entries_for(actor)
            _show_menu(prompter, env, actor, entries)
            choice = prompter.line("Choose: ").strip().lower()
        except Back:
            prompter.say("Goodbye.")
            return ExitStatus.SUCCESS
        except CrmError as error:
            prompter.warn(error.message)
            return status_for(error)
        if choice in ("q", "quit", "exit"):
            prompter.say("Goodbye.")
            return ExitStatus.SUCCESS
        if choice == "l":
            try:
                session.gateway.logout()
            except CrmError as error:
                prompter.warn(error.message)
                return status_for(error)
            prompter.say("Logged out. Goodbye.")
            return ExitStatus.SUCCESS
        if choice == "w":
            from cli.columns.employees import EMPLOYEE
            from cli.render import details_table

            prompter.say(details_table(EMPLOYEE, actor, env))
            continue
        number = choice_number(choice, len(entries))
        if number is None:
            prompter.warn(f"Type a number from 1 to {len(entries)}, or w, l, q.")
            continue
        _run_entry(entries[number - 1], session, prompter, env)


def _run_entry(entry, session, prompter, env) -> None:
    try:
        entry.run(session)
    except Back:
        prompter.say("Back to the menu.")
    except KeyboardInterrupt:
        # Ctrl-C while the database works: an unfinished write is rolled back, a finished one stays.
        prompter.say()
        prompter.warn("Interrupted; back to the menu (check the record before doing a change again).")
    except ActorChanged as change:
        prompter.warn(change.message)
    except NotAuthenticated as error:
        prompter.warn(error.message)
    except CrmError as error:
        prompter.warn(error.message)
    except Exception as error:  # noqa: BLE001 - keep the menu alive, report, and go on
        from cli.runner import report_unexpected

        report_unexpected(error, env, debug=False)
