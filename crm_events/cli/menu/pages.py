"""Record pages: a record with its related records one key away, and what may be done to it.

A client's page shows its contracts and upcoming events; a contract's its client and
events; an event's its contract, client and support contact. Opening a related record
opens its page on top of this one; ``b`` (or Enter) comes back here, ``m`` goes to the
main menu; ``h`` shows the record's history (``cli.menu.history``). The actions offered
are those SPEC §3 allows this employee on this record (``cli.access``, from the policy);
the services still decide when they run.

A page is a fixed number of gateway calls however many related records there are: the
record, then at most one list per kind of related record (``RELATED_ROWS`` of each with
their count), so the same page costs the same over the local and the remote transport.
The page is drawn to fit the terminal's height: on a short one it lists fewer related
records (their count and key stay) and cuts long values (the notes, read whole with ``r``).
"""

import re

from collections.abc import Callable
from typing import NamedTuple

from crm_core.errors import CrmError
from crm_core.policy import Action
from cli import text_width
from cli.access import may
from cli.columns import amount, when
from cli.columns.clients import CLIENT
from cli.columns.contracts import CONTRACT
from cli.columns.employees import EMPLOYEE
from cli.columns.events import EVENT
from cli.menu import screens
from cli.menu.prompts import Back, InvalidAnswer

RELATED_ROWS = 3  # related records listed on a page (the rest are one key away)
OPEN_RECORD = re.compile(r"([cke])\s*#?(\d+)", re.ASCII | re.IGNORECASE)  # "c 12": open client 12, from anywhere
KINDS = {"c": "client", "k": "contract", "e": "event"}
NOTES_CUT = {"Notes": "r reads them all"}  # what an event page says under notes it had to cut
LAYOUTS = {"client": CLIENT, "contract": CONTRACT, "event": EVENT, "employee": EMPLOYEE}
RESOURCES = {"client": "clients", "contract": "contracts", "event": "events", "employee": "employees"}


class MainMenu(Exception):
    """``m`` on a page: leave every page open and go back to the main menu."""


class Choice(NamedTuple):
    key: str
    label: str
    run: Callable  # (session, page) -> a sentence to show on the page once done, or None
    listed: bool = True  # False: a key the page names elsewhere (r, under notes it cut)


class Page(NamedTuple):
    kind: str
    record: dict
    related: list  # (title, view, Page of records, key to see them all) of each related list
    extra: dict  # more of what the page shows (an event's contract)


def open_record(session, kind: str, record_id) -> None:
    """Show the page of a record until the user goes back (``MainMenu`` for ``m``).

    A record that cannot be shown (not found, not readable) raises the gateway's error,
    for the screen it was asked from to show its sentence beside its prompt.
    """
    notice, warning = None, None
    while True:
        page = _load(session, kind, record_id)
        related, actions = _related_choices(session, page), _actions(session, page)
        fixed = [
            Choice("b", "back", None),
            Choice("m", "main menu", None),
        ]
        keys = {choice.key: choice for choice in (*related, *actions, *fixed)}
        _draw(session, page, related, actions, fixed, notice=notice, warning=warning)
        notice, warning = None, None
        try:
            key = session.prompter.line("> ", history=f"page:{kind}", keys="".join(keys)).strip().lower()
        except Back:
            return
        if key in ("", "b"):
            return
        if key == "m":
            raise MainMenu
        choice = keys.get(key)
        if choice is None:
            warning = f"Press one of the keys shown: {', '.join(keys)}."
            continue
        try:
            notice = choice.run(session, page)
        except Back:
            warning = "Cancelled; nothing was changed."
        except (CrmError, InvalidAnswer) as error:
            warning = error.message


def _load(session, kind: str, record_id) -> Page:
    gateway = session.gateway
    record = session.call(getattr(gateway, RESOURCES[kind]).show, record_id)
    related, extra = [], {}
    if kind == "client":
        contracts = session.call(gateway.contracts.list, client=record["id"], limit=RELATED_ROWS)
        events = session.call(gateway.events.list, client=record["id"], upcoming=True, limit=RELATED_ROWS)
        related = [("Contracts", CONTRACT, contracts, "k"), ("Upcoming events", EVENT, events, "e")]
    elif kind == "contract":
        events = session.call(gateway.events.list, contract=record["id"], limit=RELATED_ROWS)
        related = [("Events", EVENT, events, "e")]
    elif kind == "event":
        extra["contract"] = session.call(gateway.contracts.show, record["contract_id"])
    return Page(kind, record, related, extra)


# What a page shows ------------------------------------------------------------------------


def _title(page: Page) -> str:
    record = page.record
    name = {
        "client": lambda: f"{record['full_name']} · {record['company_name']}",
        "contract": lambda: f"{record['client_name']} · {record['company_name']}",
        "event": lambda: record["name"],
        "employee": lambda: f"{record['full_name']} · {record['department_name']}",
    }[page.kind]()
    return f"{page.kind.capitalize()} {record['id']} — {name}"


def _rows(page: Page) -> list[tuple[str, str]]:
    """The record's own lines (its layout's details, less what the title and related lines say)."""
    view = LAYOUTS[page.kind]
    said = {"ID", "Name"} if page.kind == "event" else {"ID"}  # the title says them
    rows = [(label, cell(page.record)) for label, cell in view.details if label not in said]
    if page.kind == "event":
        contract = page.extra["contract"]
        summary = _related_line(CONTRACT, contract)
        rows = [(label, summary if label == "Contract" else value) for label, value in rows]
    return rows


def _related_line(view, record: dict) -> str:
    if view is CONTRACT:
        signed = "signed" if record["is_signed"] else "not signed"
        return f"{record['id']}: {amount(record['total_amount'])}, due {amount(record['amount_due'])}, {signed}"
    return f"{record['id']}: {when(record['start'])}  {record['name']}"


def _draw(session, page: Page, related, actions, fixed, *, notice, warning) -> None:
    prompter = session.prompter
    width, height = prompter.width, prompter.height
    choices = []
    for title, group in (("Go to: ", related), ("Do:    ", actions), ("       ", fixed)):
        listed = [(choice.key, choice.label) for choice in group if choice.listed]
        if listed:
            choices += screens.choice_lines(title, listed, width)
    messages = [*_wrapped(notice, width), *_wrapped(warning and f"! {warning}", width)]
    room = height - 3 - len(choices) - len(messages)  # blank line, title, prompt
    rows = _rows(page)
    natural = len(screens.detail_lines(rows, width))
    for shown in range(RELATED_ROWS, 0, -1):  # fewer related records on a short screen, before cutting values
        lists = _related_lists(page, width, shown)
        if natural + len(lists) <= room:
            break
    details = screens.detail_lines(rows, width, limit=room - len(lists), more=NOTES_CUT)
    if len(details) + len(lists) > room:
        lists = _related_lists(page, width, 0)  # their counts and keys only
    prompter.say()
    prompter.say(session.env.paint(text_width.truncate(_title(page), width), "bold"))
    prompter.say("\n".join(details))
    if lists:
        prompter.say("\n".join(lists))
    prompter.say("\n".join(choices))
    if notice:
        prompter.note(notice)
    if warning:
        prompter.warn(warning)


def _related_lists(page: Page, width: int, shown: int) -> list[str]:
    """Each related list's title and count, and its first ``shown`` records."""
    lines = []
    for title, view, found, _key in page.related:
        count = f"more than {found.count:,}" if found.count_is_capped else f"{found.count:,}"
        items = found.items[:shown]
        lines.append(f"{title} ({count})" + (":" if items else ""))
        lines += [text_width.truncate("  " + _related_line(view, record), width) for record in items]
    return lines


def _wrapped(text: str | None, width: int) -> list[str]:
    """The lines ``Prompter.note`` and ``Prompter.warn`` take for ``text``."""
    return text_width.wrap(text, width, indent="  ") if text else []


# Where a page leads ------------------------------------------------------------------------


def _related_choices(session, page: Page) -> list[Choice]:
    record, employee = page.record, session.employee
    choices = []
    if page.kind == "event":
        choices.append(Choice("k", f"contract {record['contract_id']}", _go("contract", record["contract_id"])))
        choices.append(Choice("c", f"client {record['client_name']}", _go("client", record["client_id"])))
        if record["support_contact_id"] and may(employee, Action.VIEW_EMPLOYEES):
            name = record["support_contact_name"]
            choices.append(Choice("s", f"support {name}", _go("employee", record["support_contact_id"])))
    elif page.kind == "contract":
        choices.append(Choice("c", f"client {record['client_name']}", _go("client", record["client_id"])))
        choices.append(_related_list(page, "Events", "e", "events"))
    elif page.kind == "client":
        choices.append(_related_list(page, "Contracts", "k", "contracts"))
        choices.append(_related_list(page, "Upcoming events", "e", "upcoming events"))
        if may(employee, Action.VIEW_EMPLOYEES):
            name = record["sales_contact_name"]
            choices.append(Choice("s", f"sales contact {name}", _go("employee", record["sales_contact_id"])))
    # Whoever may read the record may read its history (SPEC §3): employees' pages are management's already.
    if may(employee, Action.VIEW_EMPLOYEES if page.kind == "employee" else Action.VIEW_RECORDS):
        choices.append(Choice("h", "history", _history))
    return [choice for choice in choices if choice is not None]


def _history(session, page: Page) -> None:
    from cli.menu.history import show_history

    show_history(session, RESOURCES[page.kind], page.record["id"], title=_title(page))


def _go(kind: str, record_id) -> Callable:
    def run(session, page):
        open_record(session, kind, record_id)

    return run


def _related_list(page: Page, title: str, key: str, label: str) -> Choice | None:
    """The related records of one kind: the only one's page, or their list to pick from by ID."""
    found = next(found for each_title, _view, found, _key in page.related if each_title == title)
    if not found.items:
        return None
    view = next(view for each_title, view, _found, _key in page.related if each_title == title)
    if found.count == 1:
        only = found.items[0]
        return Choice(key, f"{view.kind} {only['id']}", _go(view.kind, only["id"]))

    def run(session, page):
        from cli.menu.browse import Choices, browse

        filters = {"client": page.record["id"]} if page.kind == "client" else {"contract": page.record["id"]}
        if title == "Upcoming events":
            filters["upcoming"] = True
        browse(session, view, Choices(view.plural, filters), title=f"{title} of {_title(page)}")

    return Choice(key, f"{label} ({found.count:,})", run)


def _actions(session, page: Page) -> list[Choice]:
    """What this employee may do to this record (SPEC §3, asked of the policy through cli.access)."""
    from cli.menu import records, staff

    employee, record, kind = session.employee, page.record, page.kind

    def allowed(action: Action) -> bool:
        return may(employee, action, record, kind=kind)

    def on(action_of_record: Callable) -> Callable:
        return lambda session, page: action_of_record(session, page.record)

    actions = []
    if kind == "client":
        if allowed(Action.UPDATE_CLIENT):
            actions.append(Choice("u", "update details", on(records.update_client)))
        if allowed(Action.CHANGE_CLIENT_SALES_CONTACT):
            actions.append(Choice("o", "change sales contact", on(records.reassign_client)))
        if allowed(Action.CREATE_CONTRACT):
            actions.append(Choice("w", "new contract", on(records.create_contract)))
    elif kind == "contract":
        if allowed(Action.UPDATE_CONTRACT):
            actions.append(Choice("u", "update amounts or signature", on(records.update_contract)))
        if record["is_signed"] and allowed(Action.CREATE_EVENT):
            actions.append(Choice("w", "new event", on(records.create_event)))
    elif kind == "event":
        if allowed(Action.UPDATE_EVENT):
            actions += [
                Choice("u", "update", on(records.update_event)),
                Choice("n", "edit notes", on(records.edit_notes)),
                Choice("a", "add a line to notes", on(records.append_to_notes)),
                Choice("v", "notes in $EDITOR", on(records.notes_in_editor)),
            ]
        if allowed(Action.ASSIGN_EVENT_SUPPORT):
            label = "change support" if record["support_contact_id"] else "assign support"
            actions.append(Choice("t", label, on(records.change_support)))
        notes = record["notes"] or ""
        if notes:  # listed when long; otherwise named under the notes when a short screen cuts them
            long = "\n" in notes or len(notes) > 300
            actions.append(Choice("r", "read the notes", on(records.read_notes), listed=long))
    elif kind == "employee":
        if allowed(Action.MANAGE_EMPLOYEES):
            actions.append(Choice("u", "update", on(staff.update_employee)))
            actions.append(Choice("x", "remove", on(staff.remove_employee)))
        if record["locked_until"] and allowed(Action.UNLOCK_ACCOUNT):  # the page says until when
            actions.append(Choice("l", "unlock the account", on(staff.unlock_employee)))
    return actions
