"""Changes made through the real CLI process are recorded like any other: one entry per
change, by the employee logged in, with old and new values; a refused command, none.
And the history commands, run as staff run them, show it."""

import io
import json

import pytest

from crm_core.history import history_page
from tests.cli_support import run_process
from tests.factories import PASSWORD, make_client, make_contract, make_employee, make_event

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def logged_in(employee, home):
    done = run_process(["login", "--email", employee.email, "--password-stdin"], home, stdin=PASSWORD + "\n")
    assert done.status == 0, done.stderr
    return home


def test_each_command_leaves_one_entry_by_the_employee_logged_in(tmp_path):
    seller = make_employee("sales", email="bill@epicevents.example", full_name="Bill Boquet")
    supporter = make_employee("support", email="kate@epicevents.example", full_name="Kate Hastroff")
    bill, kate = logged_in(seller, tmp_path / "bill"), logged_in(supporter, tmp_path / "kate")

    created = run_process(
        ["clients", "create", "--full-name", "John Ouick", "--email", "john.ouick@gmail.com",
         "--phone", "+1 234 567 8901", "--company", "John Ouick", "--format", "json"],
        bill,
    )
    client_id = json.loads(created.stdout)["id"]
    assert run_process(["clients", "update", str(client_id), "--phone", "+1 234 567 0000"], bill).status == 0
    updated, creation = history_page(resource="clients", record_id=client_id).items
    assert (creation["action"], creation["actor_name"]) == ("created", "Bill Boquet")
    assert (updated["actor_id"], updated["changes"]) == (
        seller.pk,
        [{"field": "phone", "old": "+1 234 567 8901", "new": "+1 234 567 0000"}],
    )

    event = make_event(make_contract(), support_contact=supporter, attendees=75)
    before = len(history_page(resource="events", record_id=event.pk).items)
    assert run_process(["events", "update", str(event.pk), "--attendees", "80"], kate).status == 0
    refused = run_process(["events", "update", str(event.pk), "--support", str(supporter.pk)], kate)
    assert refused.status == 4  # support cannot assign support: refused, and not recorded
    entries = history_page(resource="events", record_id=event.pk).items
    assert len(entries) == before + 1
    assert (entries[0]["actor_name"], entries[0]["changes"]) == (
        "Kate Hastroff",
        [{"field": "attendees", "old": 75, "new": 80}],
    )


def changes_of(entry) -> dict:
    return {change["field"]: (change["old"], change["new"]) for change in entry["changes"]}


def test_contract_and_employee_commands_leave_one_entry_each(tmp_path):
    manager = make_employee("management", email="mona@epicevents.example", full_name="Mona Manager")
    seller = make_employee("sales", email="bill@epicevents.example", full_name="Bill Boquet")
    mona, bill = logged_in(manager, tmp_path / "mona"), logged_in(seller, tmp_path / "bill")
    contract = make_contract(make_client(seller), total_amount="1500.00", amount_due="1500.00", signed=False)

    signed = run_process(["contracts", "update", str(contract.pk), "--signed", "--due", "500"], bill)
    assert signed.status == 0, signed.stderr
    moved = run_process(["employees", "update", str(seller.pk), "--phone", "+33 6 11 22 33 44"], mona)
    assert moved.status == 0, moved.stderr

    newest = history_page(resource="contracts", record_id=contract.pk).items[0]
    assert (newest["actor_id"], newest["action"]) == (seller.pk, "updated")
    changed = changes_of(newest)
    assert changed["amount_due"] == ("1500.00", "500.00") and changed["is_signed"] == (False, True)
    assert set(changed) == {"amount_due", "is_signed", "signed_at"}
    [update, _creation] = history_page(resource="employees", record_id=seller.pk).items
    assert (update["actor_name"], changes_of(update)) == ("Mona Manager", {"phone": ("", "+33 6 11 22 33 44")})


def test_events_history_shows_who_moved_the_demo_wedding_and_from_when(tmp_path):
    """Issue 19, "Done when": `events history 109` in the terminal and in JSON, on the demo data."""
    from django.core.management import call_command

    from epic_auth_app.models import Employee
    from epic_events_app.models import Event

    call_command("seed_demo", stdout=io.StringIO())
    # The demo's passwords were shown once; a salesperson with a known one reads the history.
    reader = make_employee("sales", email="reader@epicevents.example", full_name="Rita Reader")
    home = logged_in(reader, tmp_path / "reader")
    wedding = Event.objects.get(name="John Ouick Wedding")
    kate = Employee.objects.get(full_name="Kate Hastroff")

    table = run_process(["events", "history", str(wedding.pk)], home)
    assert table.status == 0, table.stderr
    [start] = [line for line in table.stdout.splitlines() if "| Start " in line and "→" in line]
    assert f"Kate Hastroff (#{kate.pk})" in start and "| updated " in start
    assert "2023-06-03 13:00 → 2023-06-04 13:00" in start  # what it was before, and what she made it
    [end] = [line for line in table.stdout.splitlines() if "| End " in line and "→" in line]
    assert "2023-06-04 02:00 → 2023-06-05 02:00" in end

    as_json = run_process(["events", "history", str(wedding.pk), "--format", "json"], home)
    assert as_json.status == 0, as_json.stderr
    entries = json.loads(as_json.stdout)
    [moved] = [entry for entry in entries if entry["action"] == "updated" and "start" in changes_of(entry)]
    assert (moved["actor_id"], moved["actor_name"], moved["action"]) == (kate.pk, "Kate Hastroff", "updated")
    assert changes_of(moved)["start"] == ("2023-06-03T13:00:00+02:00", "2023-06-04T13:00:00+02:00")
    assert entries[-1]["action"] == "created" and entries[-1]["actor_name"] == "Bill Boquet"


def test_after_a_removal_with_handover_former_clients_show_it_and_still_name_them(tmp_path):
    manager = make_employee("management", email="mona@epicevents.example", full_name="Mona Manager")
    leaving = make_employee("sales", email="bill@epicevents.example", full_name="Bill Boquet")
    successor = make_employee("sales", email="sally@epicevents.example", full_name="Sally Seller")
    client = make_client(leaving, full_name="Kevin Casey", email="kevin@startup.io")
    bill, mona = logged_in(leaving, tmp_path / "bill"), logged_in(manager, tmp_path / "mona")
    assert run_process(["clients", "update", str(client.pk), "--company", "Cool Startup LLC"], bill).status == 0

    removed = run_process(["employees", "delete", str(leaving.pk), "--reassign-to", str(successor.pk)], mona)
    assert removed.status == 0, removed.stderr

    as_json = run_process(["clients", "history", str(client.pk), "--format", "json"], mona)
    handover, their_change, creation = json.loads(as_json.stdout)
    assert (handover["actor_name"], handover["reason"]) == (
        "Mona Manager",
        f"handover: Bill Boquet (employee {leaving.pk}) was removed",
    )
    assert changes_of(handover) == {"sales_contact_id": (leaving.pk, successor.pk)}
    assert (their_change["actor_id"], their_change["actor_name"]) == (leaving.pk, "Bill Boquet")
    assert creation["action"] == "created"

    table = run_process(["clients", "history", str(client.pk)], mona).stdout
    assert f"handover: Bill Boquet (employee {leaving.pk}) was" in table
    assert f"#{leaving.pk} → #{successor.pk}" in table
    [their_line] = [line for line in table.splitlines() if "| Company " in line and "→" in line]
    assert f"Bill Boquet (#{leaving.pk})" in their_line  # his own change still names him
    employee = run_process(["employees", "history", str(leaving.pk), "--format", "json"], mona)
    assert json.loads(employee.stdout)[0]["action"] == "removed"
