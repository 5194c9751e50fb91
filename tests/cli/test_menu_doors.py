"""History and unlock in the menu (issues 19 and 13 item 1), in-process with scripted answers.

Who may read a record's history and unlock an account is written from SPEC §3's table;
what the menu shows and says is held to what the commands print.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crm_core.errors import NotAuthenticated
from cli.gateway.local import LocalGateway
from cli.session_file import SessionFile
from epic_auth_app.authentication import login
from epic_auth_app.models import Department
from epic_auth_app.services import employee_unlock
from epic_events_app.models import Event
from epic_events_app.services import event_update
from tests.cli_support import run_cli
from tests.factories import PASSWORD, make_client, make_contract, make_employee, make_event
from tests.menu_scripted import Counting, menu

pytestmark = pytest.mark.django_db

YES, NO = True, False
# SPEC §3, "read a record's history": management any record; sales and support clients,
# contracts and events. Columns: management, sales, support.
MAY_READ_HISTORY = {"client": (YES, YES, YES), "contract": (YES, YES, YES), "event": (YES, YES, YES)}
DEPARTMENTS = ("manager", "seller", "supporter")
OPEN = {"client": "c", "contract": "k", "event": "e"}


@pytest.fixture
def wedding(seller, supporter):
    """An event its support contact moved, on a contract of a client of the seller."""
    event = make_event(make_contract(make_client(seller, full_name="John Ouick")), supporter,
                       name="John Ouick Wedding", attendees=75)
    event_update(actor=supporter, event_id=event.pk, data={"attendees": 80, "location": "By the river"})
    return event


def changes_in_the_commands_table(resource: str, record_id, home) -> list[str]:
    """Each "old → new" the history command prints for the record."""
    done = run_cli([resource, "history", str(record_id)], home)
    assert done.status == 0, done.stderr
    return [cell.strip() for line in done.stdout.splitlines() for cell in line.split("|") if "→" in cell]


def joined(shown: str) -> str:
    return " ".join(shown.split())


@pytest.mark.parametrize("kind", MAY_READ_HISTORY)
@pytest.mark.parametrize("column, who", list(enumerate(DEPARTMENTS)))
def test_history_from_each_record_page_for_each_department_spec_3(request, home, log_in, wedding, kind, column, who):
    employee = log_in(request.getfixturevalue(who))
    record = {"client": wedding.contract.client, "contract": wedding.contract, "event": wedding}[kind]
    status, shown = menu(home, [f"{OPEN[kind]} {record.pk}", "h", "", "b", "q"])
    assert status == 0, shown
    page, history = shown.split("> h\n")[0], shown.split("> h\n")[1].split("\n> ")[0]
    assert MAY_READ_HISTORY[kind][column]
    assert "h history" in page, employee
    assert f"History of {kind.capitalize()} {record.pk} —" in history
    for change in changes_in_the_commands_table(f"{kind}s", record.pk, home):
        assert joined(change) in joined(history), (change, history)  # (a long value wraps under itself)
    assert "newest first" in history and "created" in history


def test_an_entry_reads_who_when_and_old_to_new_newest_first(home, log_in, other_supporter, wedding):
    log_in(other_supporter)  # not her event: reading history is for everyone
    status, shown = menu(home, [f"e {wedding.pk}", "h", "", "b", "q"])
    history = shown.split("> h\n")[1]
    kate = f"Kate Hastroff (#{wedding.support_contact_id})"
    updated = re.search(rf"\d{{4}}-\d\d-\d\d \d\d:\d\d  {re.escape(kate)}  updated", history)
    assert updated is not None, history
    assert re.search(r"\n  Attendees +75 → 80\n", history)
    assert "Location 53 Rue du Château, 41120 Candé-sur-Beuvron, France → By the river" in joined(history)
    assert updated.start() < history.index("  created")  # newest first
    assert "Entries 1–2 of 2, newest first." in history  # the creation, then the one change


def test_employee_history_is_for_management_who_alone_open_employee_pages(
    home, log_in, manager, seller, supporter, wedding
):
    log_in(manager)
    status, shown = menu(home, [f"e {wedding.pk}", "s", "h", "", "b", "b", "q"])
    assert status == 0, shown
    assert f"History of Employee {supporter.pk} — Kate Hastroff · Support" in shown
    assert re.search(r"\n  Department +support\n", shown)  # her creation, as `employees history` lists it
    for who in (seller, supporter):  # SPEC §3: employees are management's to read, history included
        log_in(who)
        status, shown = menu(home, [f"e {wedding.pk}", "b", "q"])
        assert "s support" not in shown and "h history" in shown


def test_a_refusal_while_reading_is_the_commands_sentence(home, log_in, manager, supporter, wedding):
    log_in(manager)

    def demoted():
        manager.department = Department.objects.get(code="sales")
        manager.save(update_fields=["department"])
        return "h"

    status, shown = menu(home, [f"e {wedding.pk}", "s", demoted, "b", "b", "q"])
    sentence = run_cli(["employees", "history", str(supporter.pk)], home).stderr.strip()
    assert sentence.startswith("Only management")
    assert f"! {sentence}" in joined(shown)


def test_a_record_removed_meanwhile_keeps_its_history_and_its_page_says_so(home, log_in, seller, wedding):
    log_in(seller)

    def removed():
        Event.objects.filter(pk=wedding.pk).delete()  # an administrator deleted it meanwhile
        return "h"

    status, shown = menu(home, [f"e {wedding.pk}", removed, "", "q"])
    assert status == 0, shown
    history = shown.split("> h\n")[1].split("\n> ")[0]
    assert re.search(r"\d\d:\d\d  \(the CRM itself\)  removed\n", history)  # as `events history` shows it
    assert run_cli(["events", "history", str(wedding.pk)], home).status == 0
    sentence = run_cli(["events", "show", str(wedding.pk)], home).stderr.strip()
    assert sentence == f"No event with id {wedding.pk}; check the id in the list of events."
    assert f"! {sentence}\nChoose: " in shown  # back on the main menu, beside its prompt


def test_a_history_screen_costs_one_call_whatever_the_length(home, log_in, supporter):
    log_in(supporter)
    short, long = make_event(support_contact=supporter), make_event(support_contact=supporter)
    for event, changes in ((short, 29), (long, 79)):  # entries for two calls, and for four
        for attendees in range(1, changes + 1):
            event_update(actor=supporter, event_id=event.pk, data={"attendees": attendees})
    costs = []
    for event in (short, long):
        gateway = Counting(LocalGateway(SessionFile(home)))
        with CaptureQueriesContext(connection) as queries:
            menu(home, [f"e {event.pk}", "h", "", "b", "q"], gateway=gateway)
        costs.append((gateway.calls, len(queries)))
    assert costs[0] == costs[1], costs

    gateway = Counting(LocalGateway(SessionFile(home)))
    status, shown = menu(home, [f"e {long.pk}", "h", *["n"] * 40, "", "b", "q"], gateway=gateway)
    assert status == 0, shown
    assert gateway.by_name["events.history"] == 4  # 80 entries, 25 a call: every screen came from one of 4 calls
    assert shown.count("newest first.") > 4 and re.search(r"(Entry 80|–80) of 80, newest first", shown)
    assert "That is where the history starts: no older entry." in shown


def test_history_fits_80_and_60_columns_wide_characters_included(home, log_in, supporter):
    from wcwidth import wcswidth

    event = make_event(support_contact=supporter, notes="会場は川沿いの庭園で、受付は午後五時に始まります。" * 3)
    for notes in ("Caterer confirmed. " * 12, "DJ at 9PM. 🎶 " * 10):
        event_update(actor=supporter, event_id=event.pk, data={"notes": notes})
    log_in(supporter)
    for width, height in ((80, 24), (60, 20)):
        answers = [f"e {event.pk}", "h", "n", "n", "n", "p", "x", "", "b", "q"]
        status, shown = menu(home, answers, width=width, height=height)
        assert status == 0, shown
        assert not [line for line in shown.splitlines() if wcswidth(line) > width]
        screens = [screen for screen in shown.split("\n> ") if "History of" in screen]
        assert len(screens) == 6
        for screen in screens:  # the key typed, then the screen from its blank line to its footer
            assert len(screen.split("\n")) <= height, screen
        assert "! Press n for older entries" in shown


# Unlock (issue 13, item 1) ------------------------------------------------------------------


def lock_out(employee, settings) -> None:
    for _ in range(settings.LOGIN_MAX_FAILURES):
        with pytest.raises(NotAuthenticated):
            login(email=employee.email, password="Not-The-Password-000")


def test_management_sees_until_when_and_unlocks_from_the_employees_page(home, log_in, manager, seller, settings):
    client = make_client(seller)
    lock_out(seller, settings)
    log_in(manager)
    status, shown = menu(home, [f"c {client.pk}", "s", "l", "b", "b", "q"])
    assert status == 0, shown
    before, after = shown.split("> l\n")
    assert re.search(r"Locked +until \d{4}-\d\d-\d\d \d\d:\d\d \(UTC[+-]\d\d:\d\d\), after failed logins", before)
    assert "l unlock the account" in before
    command = run_cli(["employees", "unlock", str(seller.pk)], home).stdout.splitlines()[0]
    assert command == f"Employee {seller.pk} was not locked; nothing changed."  # the menu did it already
    assert f"Employee {seller.pk} unlocked; they can log in again with their password." in after
    assert re.search(r"Locked +no", after) and "l unlock" not in after
    assert login(email=seller.email, password=PASSWORD).employee == seller


def test_an_account_unlocked_meanwhile_says_it_was_not_locked(home, log_in, manager, seller, settings):
    lock_out(seller, settings)
    log_in(manager)

    def unlocked_by_a_colleague():
        employee_unlock(actor=make_employee("management"), employee_id=seller.pk)
        return "l"

    status, shown = menu(home, ["4", "1", str(seller.pk), unlocked_by_a_colleague, "b", "", "", "q"])
    assert status == 0, shown
    assert f"Employee {seller.pk} was not locked; nothing changed." in shown


@pytest.mark.parametrize("who, may", [("manager", YES), ("seller", NO), ("supporter", NO)])
def test_who_may_unlock_from_the_staff_menu_spec_3(request, home, log_in, settings, who, may):
    locked = make_employee("support", full_name="Locked Out")
    lock_out(locked, settings)
    log_in(request.getfixturevalue(who))
    status, shown = menu(home, ["q"])
    if not may:
        assert "Staff" not in shown  # no group for them: their main menu has no Staff
        return
    staff = _number_of(shown, "Staff")
    unlock = _number_of_entry(home, staff, "Unlock an account")
    status, shown = menu(home, [staff, unlock, str(locked.pk), "", "q"])
    assert status == 0, shown
    assert "Unlock which account?" in shown and "Locked Out" in shown
    assert f"Employee {locked.pk} unlocked; they can log in again with their password." in shown
    other = make_employee("sales")
    status, shown = menu(home, [staff, unlock, str(other.pk), "", "q"])
    sentence = run_cli(["employees", "unlock", str(other.pk)], home).stdout.splitlines()[0]
    assert sentence in shown  # any employee's ID, in the command's words


def _number_of(shown: str, label: str) -> str:
    return re.search(rf"(\d+)\) {label}\n", shown).group(1)


def _number_of_entry(home, section: str, label: str) -> str:
    status, shown = menu(home, [section, "", "q"])
    return _number_of(shown.split(f"Choose: {section}\n")[1], label)
