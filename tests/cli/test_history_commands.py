"""`{clients,contracts,events,employees} history ID`: who may read it (SPEC §3), what a person
and a script see, the filters and pages, and what a page costs."""

import csv
import datetime as dt
import io
import json
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crm_core import clock
from epic_clients_app.services import client_update
from epic_contracts_app.services import contract_update
from epic_events_app.services import event_update
from tests.cli_support import run_cli
from tests.services.conftest import World

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")

YES, NO = True, False
# SPEC §3, "read a record's history": management any record; sales and support clients,
# contracts and events, their own or anyone's. Columns: management, sales, support.
MATRIX = {
    "clients": (YES, YES, YES),
    "contracts": (YES, YES, YES),
    "events": (YES, YES, YES),
    "employees": (YES, NO, NO),
}


@pytest.fixture
def world(db):
    return World()


def record_of(world, resource: str, own: bool):
    return {
        "clients": world.client if own else world.other_client,
        "contracts": world.contract if own else world.other_contract,
        "events": world.event if own else world.other_event,
        "employees": world.seller if own else world.other_seller,
    }[resource]


@pytest.mark.parametrize("own", [True, False], ids=["own", "someone else's"])
@pytest.mark.parametrize("resource", MATRIX)
@pytest.mark.parametrize("column, department", list(enumerate(("management", "sales", "support"))))
def test_who_may_read_history_through_the_cli_spec_3(world, home, log_in, resource, column, department, own):
    log_in(world.actor(department))
    record = record_of(world, resource, own)
    done = run_cli([resource, "history", str(record.pk), "--format", "json"], home)
    if MATRIX[resource][column]:
        assert done.status == 0, done.stderr
        assert json.loads(done.stdout)[-1]["action"] == "created"
    else:
        shown = run_cli([resource, "show", str(record.pk)], home)
        assert (done.status, done.stderr) == (shown.status, shown.stderr) == (4, shown.stderr)
        assert done.stdout == ""


@pytest.mark.parametrize("record_id, status", [("424242", 5), ("abc", 1), ("-1", 1)])
def test_unknown_and_malformed_ids_are_refused_as_show_refuses_them(world, home, log_in, record_id, status):
    log_in(world.manager)
    for resource in MATRIX:
        done = run_cli([resource, "history", record_id], home)
        shown = run_cli([resource, "show", record_id], home)
        assert (done.status, done.stderr) == (shown.status, shown.stderr), resource
        assert done.status == status


def test_not_logged_in_is_exit_3(world, home):
    assert run_cli(["events", "history", str(world.event.pk)], home).status == 3


def move_the_wedding(world):
    event_update(
        actor=world.supporter,
        event_id=world.event.pk,
        data={"start": "2027-06-04 13:00", "attendees": 80},
    )


def test_the_table_shows_who_changed_what_from_what_newest_first(world, home, log_in):
    before = world.event.start.astimezone(PARIS).strftime("%Y-%m-%d %H:%M")
    move_the_wedding(world)
    log_in(world.seller)

    done = run_cli(["events", "history", str(world.event.pk)], home)

    assert done.status == 0, done.stderr
    lines = done.stdout.splitlines()
    kate = f"Kate Hastroff (#{world.supporter.pk})"
    [change] = [line for line in lines if "| Start " in line and "→" in line]
    assert kate in change and "updated" in change
    assert f"{before} → 2027-06-04 13:00" in change
    [attendees] = [line for line in lines if "| Attendees " in line and "→" in line]
    assert "75 → 80" in attendees and kate not in attendees  # the same entry: its author is on its first line
    first_change = next(index for index, line in enumerate(lines) if "→" in line)
    creation = next(index for index, line in enumerate(lines) if "| created " in line)
    assert first_change < creation  # newest first
    count = len(history_of(world, home))
    assert lines[-1] == f"History entries 1–{count} of {count}, newest first."


def history_of(world, home) -> list[dict]:
    return json.loads(run_cli(["events", "history", str(world.event.pk), "--format", "json"], home).stdout)


def test_json_is_the_array_of_entries_and_csv_one_row_per_changed_field(world, home, log_in):
    move_the_wedding(world)
    log_in(world.other_supporter)  # not her event: reading history is for everyone

    entries = history_of(world, home)
    newest = entries[0]
    assert set(newest) == {"at", "actor_id", "actor_name", "action", "changes", "reason"}
    assert (newest["actor_id"], newest["actor_name"], newest["action"]) == (
        world.supporter.pk,
        "Kate Hastroff",
        "updated",
    )
    changes = {change["field"]: (change["old"], change["new"]) for change in newest["changes"]}
    assert changes["attendees"] == (75, 80)
    assert changes["start"][1] == "2027-06-04T13:00:00+02:00"  # SPEC §5: ISO 8601 with offset
    assert dt.datetime.fromisoformat(newest["at"]).utcoffset() is not None

    done = run_cli(["events", "history", str(world.event.pk), "--format", "csv"], home)
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert list(rows[0]) == ["at", "actor_id", "actor_name", "action", "field", "old", "new", "reason"]
    assert {(row["field"], row["old"], row["new"]) for row in rows[:2]} == {
        ("attendees", "75", "80"),
        ("start", changes["start"][0], "2027-06-04T13:00:00+02:00"),
    }
    assert len(rows) == sum(max(1, len(entry["changes"])) for entry in entries)


def test_since_by_and_pages(world, home, log_in, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: dt.datetime(2027, 1, 10, 9, 0, tzinfo=PARIS))
    contract_update(actor=world.manager, contract_id=world.contract.pk, data={"amount_due": "100.00"})
    monkeypatch.setattr(clock, "now", lambda: dt.datetime(2027, 2, 10, 9, 0, tzinfo=PARIS))
    contract_update(actor=world.seller, contract_id=world.contract.pk, data={"amount_due": "50.00"})
    contract_update(actor=world.seller, contract_id=world.contract.pk, data={"amount_due": "0.00"})
    monkeypatch.undo()
    log_in(world.supporter)
    contract = str(world.contract.pk)

    def entries(*options):
        done = run_cli(["contracts", "history", contract, "--format", "json", *options], home)
        assert done.status == 0, done.stderr
        return json.loads(done.stdout)

    assert [e["changes"][0]["new"] for e in entries("--since", "2027-02-01")] == ["0.00", "50.00"]
    assert [e["actor_name"] for e in entries("--by", str(world.manager.pk), "--since", "2027-01-01")] == [
        "Mona Manager"
    ]
    assert len(entries("--limit", "2")) == 2
    assert entries("--limit", "2", "--page", "2")[0]["changes"][0]["new"] == "100.00"

    page_1 = run_cli(["contracts", "history", contract, "--limit", "2", "--since", "2027-01-01"], home)
    # The hint is the command that ran, every option kept, so that it can be copied as it is.
    hint = page_1.stdout.splitlines()[-1].split("Next page: ")[1]
    assert hint.endswith(f"contracts history {contract} --limit 2 --since 2027-01-01 --page 2")
    next_page = run_cli(hint.split()[1:], home)
    assert next_page.status == 0 and "50.00 → 0.00" not in next_page.stdout and "History entries 3–" in next_page.stdout
    table = run_cli(["contracts", "history", contract, "--since", "2027-02-01"], home)
    assert "| Amount due " in table.stdout and "50.00 → 0.00" in table.stdout

    none = run_cli(["contracts", "history", contract, "--since", "2099-01-01"], home)
    assert (none.status, none.stdout) == (0, f"No history entries of contract {contract} match.\n")
    assert entries("--by", str(world.other_seller.pk)) == []


@pytest.mark.parametrize(
    "option, value, sentence",
    [("--since", "yesterday", "Since: "), ("--since", "2027-02-30", "Since: "), ("--by", "Kate", "By: ")],
)
def test_bad_filters_are_one_sentence_and_exit_1(world, home, log_in, option, value, sentence):
    log_in(world.manager)
    done = run_cli(["clients", "history", str(world.client.pk), option, value], home)
    assert done.status == 1 and done.stdout == ""
    assert done.stderr.startswith(sentence) and len(done.stderr.strip().splitlines()) == 1


def test_usage_errors_exit_2(world, home, log_in):
    log_in(world.manager)
    assert run_cli(["clients", "history"], home).status == 2
    assert run_cli(["clients", "history", "1", "--format", "xml"], home).status == 2


def test_reasons_and_a_password_change_read_as_such(world, home, log_in):
    from epic_auth_app.services import employee_update

    employee_update(actor=world.manager, employee_id=world.seller.pk, data={"password": "A-New-Passphrase-2027"})
    log_in(world.manager)
    done = run_cli(["employees", "history", str(world.seller.pk)], home)
    assert done.status == 0, done.stderr
    [line] = [line for line in done.stdout.splitlines() if "password changed" in line]
    assert "Mona Manager" in line and "| Reason" in done.stdout


def add_history(world, count: int) -> None:
    for attendees in range(count):
        event_update(actor=world.manager, event_id=world.event.pk, data={"attendees": 100 + attendees})
    client_update(actor=world.seller, client_id=world.client.pk, data={"phone": "+33 6 00 00 00 00"})


@pytest.mark.parametrize("output", ["table", "json", "csv"])
def test_a_history_page_costs_the_same_queries_whatever_its_length(world, home, log_in, output):
    log_in(world.supporter)
    argv = ["events", "history", str(world.event.pk), "--format", output]

    def measured() -> int:
        with CaptureQueriesContext(connection) as captured:
            done = run_cli(argv, home)
        assert done.status == 0, done.stderr
        return len(captured.captured_queries)

    add_history(world, 60)  # more than a table page (50 entries)
    long = measured()
    add_history(world, 120)  # and more than twice as many: a table still reads one page, an export one chunk
    longer = measured()
    # The session (1), the entries with their authors, the bounded count, the entries just before them.
    assert longer == long <= 4
