"""The menu each department sees, in groups (Clients / Contracts / Events / Staff) that fit a screen.

Only what SPEC §3 lets a department do is shown, filters one choice away. Visibility
asks the policy at department level (``cli.access.may``, with the employee object); the
service still decides on each record, so a hidden entry is a convenience, never the
protection. Each department's daily work is also one choice away on the main menu.
"""

from collections.abc import Callable
from dataclasses import dataclass

from crm_core.policy import Action
from cli.access import may
from cli.menu import records, staff


@dataclass(frozen=True)
class Entry:
    section: str
    label: str
    run: Callable  # (session) -> a sentence to show once done, or None
    visible: Callable[[dict], bool]


def _allowed(action: Action) -> Callable[[dict], bool]:
    return lambda actor: may(actor, action)


def _department(*codes: str) -> Callable[[dict], bool]:
    return lambda actor: actor["department"] in codes


EVERYONE = _allowed(Action.VIEW_RECORDS)
SECTIONS = ("Clients", "Contracts", "Events", "Staff")

ENTRIES = [
    Entry("Clients", "All clients", records.list_clients, EVERYONE),
    Entry("Clients", "My clients", lambda s: records.list_clients(s, "My clients", mine=True), _department("sales")),
    Entry("Clients", "Search clients", records.search_clients, EVERYONE),
    Entry("Clients", "New client", records.create_client, _allowed(Action.CREATE_CLIENT)),
    Entry("Clients", "Update one of my clients", records.update_client, _allowed(Action.UPDATE_CLIENT)),
    Entry(
        "Clients",
        "Change a client's sales contact",
        records.reassign_client,
        _allowed(Action.CHANGE_CLIENT_SALES_CONTACT),
    ),
    Entry("Contracts", "All contracts", records.list_contracts, EVERYONE),
    Entry(
        "Contracts",
        "Contracts of my clients",
        lambda s: records.list_contracts(s, "Contracts of my clients", mine=True),
        _department("sales"),
    ),
    Entry(
        "Contracts",
        "Unsigned contracts",
        lambda s: records.list_contracts(s, "Unsigned contracts", unsigned=True),
        EVERYONE,
    ),
    Entry(
        "Contracts",
        "Contracts not fully paid",
        lambda s: records.list_contracts(s, "Contracts not fully paid", unpaid=True),
        EVERYONE,
    ),
    Entry("Contracts", "New contract", records.create_contract, _allowed(Action.CREATE_CONTRACT)),
    Entry(
        "Contracts", "Update a contract (amounts, signature)", records.update_contract, _allowed(Action.UPDATE_CONTRACT)
    ),
    Entry("Events", "All events", records.list_events, EVERYONE),
    Entry(
        "Events",
        "My events",
        lambda s: records.list_events(s, "My events", mine=True),
        _department("sales", "support"),
    ),
    Entry(
        "Events",
        "My upcoming events",
        lambda s: records.list_events(s, "My upcoming events", mine=True, upcoming=True),
        _department("sales", "support"),
    ),
    Entry(
        "Events", "Upcoming events", lambda s: records.list_events(s, "Upcoming events", upcoming=True), EVERYONE
    ),
    Entry(
        "Events",
        "Events without support",
        lambda s: records.list_events(s, "Events without support", no_support=True),
        EVERYONE,
    ),
    Entry("Events", "New event (signed contract)", records.create_event, _allowed(Action.CREATE_EVENT)),
    Entry("Events", "Update an event", records.update_event, _allowed(Action.UPDATE_EVENT)),
    Entry("Events", "Assign support to an event", records.assign_support, _allowed(Action.ASSIGN_EVENT_SUPPORT)),
    Entry(
        "Events", "Change or remove an event's support", records.change_support, _allowed(Action.ASSIGN_EVENT_SUPPORT)
    ),
    Entry("Staff", "Employees", staff.list_employees, _allowed(Action.VIEW_EMPLOYEES)),
    Entry("Staff", "New employee", staff.create_employee, _allowed(Action.MANAGE_EMPLOYEES)),
    Entry("Staff", "Update an employee", staff.update_employee, _allowed(Action.MANAGE_EMPLOYEES)),
    Entry("Staff", "Remove an employee", staff.remove_employee, _allowed(Action.MANAGE_EMPLOYEES)),
    Entry("Staff", "Unlock an account", staff.unlock_employee, _allowed(Action.UNLOCK_ACCOUNT)),
]

# The main menu's shortcuts: what each department opens first thing in the morning.
DAILY = {
    "management": ("Events without support", "Unsigned contracts"),
    "sales": ("My clients", "Contracts of my clients"),
    "support": ("My upcoming events",),
}


def entries_for(actor: dict, section: str | None = None) -> list[Entry]:
    return [entry for entry in ENTRIES if entry.visible(actor) and section in (None, entry.section)]


def sections_for(actor: dict) -> list[str]:
    return [section for section in SECTIONS if entries_for(actor, section)]


def daily_for(actor: dict) -> list[Entry]:
    labels = DAILY.get(actor["department"], ())
    return [entry for entry in entries_for(actor) if entry.label in labels]
