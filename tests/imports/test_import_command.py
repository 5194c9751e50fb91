"""`import {clients,events} FILE` as staff run it: the real CLI process on the SPEC §2 sheet,
from CSV (French Excel) and from .xlsx, the dry run, a bad row, the second run, the size
limit, the progress bar, and who may import (SPEC §3)."""

import json
import sys

import pexpect
import pytest

from epic_clients_app.models import Client
from epic_events_app.models import Event
from tests.cli_support import MAIN, REPO_ROOT, process_env, run_cli, run_process
from tests.factories import PASSWORD
from tests.imports.conftest import (
    ASSEMBLY,
    CLIENT_HEADER,
    EVENT_HEADER,
    WEDDING,
    csv_bytes,
    database_snapshot,
    xlsx_bytes,
)
from tests.imports.test_spec_examples import assert_the_two_events_are_stored

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
NOTHING = {"clients": 0, "contracts": 0, "events": 0}
BOTH = {"clients": 2, "contracts": 2, "events": 2}


def logged_in(employee, home):
    done = run_process(["login", "--email", employee.email, "--password-stdin"], home, stdin=PASSWORD + "\n")
    assert done.status == 0, done.stderr
    return home


def log_in(employee, home):
    """A session for ``employee`` in ``home``, as `login` leaves it (for the in-process commands)."""
    from cli.session_file import SessionFile
    from epic_auth_app.authentication import login

    SessionFile(home).save(login(email=employee.email, password=PASSWORD).token)


def sheet(tmp_path, name: str, content: bytes):
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def report_of(done) -> dict:
    return json.loads(done.stdout)


def test_the_support_teams_sheet_saved_by_french_excel_goes_in_and_its_history_says_so(tmp_path, staff):
    mona = logged_in(staff.manager, tmp_path / "mona")
    path = sheet(tmp_path, "Suivi événements.csv", csv_bytes([EVENT_HEADER, WEDDING, ASSEMBLY]))  # ; and cp1252

    done = run_process(["import", "events", path], mona)

    assert done.status == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Suivi événements.csv: 2 rows imported."
    for kind in ("Clients", "Contracts", "Events"):
        [counts] = [line for line in lines if line.startswith(f"| {kind} ")]
        assert [cell.strip() for cell in counts.strip("|").split("|")] == [kind, "2", "0", "0", "0"]
    assert_the_two_events_are_stored(staff)

    wedding = Event.objects.get(reference="109")
    history = run_process(["events", "history", str(wedding.pk), "--format", "json"], mona)
    [creation] = json.loads(history.stdout)
    assert (creation["action"], creation["actor_name"]) == ("created", "Mona Manager")
    assert creation["reason"] == "imported from Suivi événements.csv row 2"
    client = run_process(["clients", "history", str(wedding.contract.client_id), "--format", "json"], mona)
    assert json.loads(client.stdout)[0]["reason"] == "imported from Suivi événements.csv row 2"
    assembly = Event.objects.get(reference="1023")
    contract = run_process(["contracts", "history", str(assembly.contract_id)], mona)
    assert "imported from Suivi événements.csv row 3" in contract.stdout


def test_the_sheet_as_a_workbook_goes_in_and_the_second_run_creates_nothing(tmp_path, staff):
    import datetime as dt

    mona = logged_in(staff.manager, tmp_path / "mona")
    wedding = list(WEDDING)
    wedding[11] = dt.datetime(2023, 6, 4, 13, 0)  # a date cell
    path = sheet(tmp_path, "suivi.xlsx", xlsx_bytes([EVENT_HEADER, wedding, ASSEMBLY]))

    first = run_process(["import", "events", path, "--format", "json"], mona)
    assert first.status == 0, first.stderr
    assert (report_of(first)["created"], report_of(first)["written"]) == (BOTH, True)
    assert_the_two_events_are_stored(staff)
    before = database_snapshot()

    second = run_process(["import", "events", path, "--format", "json"], mona)

    assert second.status == 0, second.stderr
    report = report_of(second)
    assert (report["created"], report["unchanged"], report["errors"]) == (NOTHING, BOTH, [])
    assert database_snapshot() == before  # not even a history entry


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(tmp_path, staff):
    mona = logged_in(staff.manager, tmp_path / "mona")
    path = sheet(tmp_path, "evenements.csv", csv_bytes([EVENT_HEADER, WEDDING, ASSEMBLY]))
    before = database_snapshot()

    table = run_process(["import", "events", path, "--dry-run"], mona)
    as_json = run_process(["import", "events", path, "--dry-run", "--format", "json"], mona)

    assert (table.status, as_json.status) == (0, 0), table.stderr + as_json.stderr
    assert table.stdout.startswith("evenements.csv: 2 rows checked; dry run, so nothing was written")
    assert table.stdout.splitlines()[-1] == "Run the same command without --dry-run to import it."
    report = report_of(as_json)
    assert (report["dry_run"], report["written"], report["created"]) == (True, False, BOTH)
    assert database_snapshot() == before


def test_one_bad_row_in_the_middle_writes_nothing_reports_it_and_exits_1(tmp_path, staff):
    mona = logged_in(staff.manager, tmp_path / "mona")
    bad = list(WEDDING)
    bad[0], bad[2], bad[5] = "110", "653", "marie@example.com"
    bad[12] = "3 Jun 2023 1 PM"  # ends before it starts
    path = sheet(tmp_path, "evenements.csv", csv_bytes([EVENT_HEADER, WEDDING, bad, ASSEMBLY]))
    before = database_snapshot()

    done = run_process(["import", "events", path], mona)

    assert done.status == 1
    assert database_snapshot() == before
    assert done.stdout.startswith("evenements.csv: 3 rows read; nothing was written")
    [refused] = [line for line in done.stdout.splitlines() if line.startswith("| 3 ")]
    assert "| Fin " in refused and "must end after it starts" in refused
    assert done.stderr == (
        "1 row was refused, so nothing was imported; correct the file as the report says and import it again.\n"
    )
    as_json = run_process(["import", "events", path, "--format", "json"], mona)
    assert as_json.status == 1 and [error["row"] for error in report_of(as_json)["errors"]] == [3]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, staff):
    mona = logged_in(staff.manager, tmp_path / "mona")
    path = tmp_path / "huge.csv"
    with open(path, "wb") as huge:
        huge.truncate(100 * 1024 * 1024)  # 100 MB on paper, nothing on disk: reading it would show

    done = run_process(["import", "clients", str(path)], mona)

    assert (done.status, done.stdout) == (1, "")
    assert done.stderr == (
        "huge.csv is 100.0 MB; the import takes files of at most 20 MB, so split it into several files.\n"
    )


@pytest.mark.parametrize(
    "argv, sentence",
    [
        (["import", "clients", "{tmp}/missing.csv"], "There is no file {tmp}/missing.csv; check its name and folder."),
        (["import", "clients", "{tmp}"], "{tmp} is a folder; name the .csv or .xlsx file to import."),
        (["import", "clients", "{tmp}/clients.csv", "--sheet", "Feuil1"], "A CSV file has no sheets;"),
    ],
)
def test_files_that_cannot_be_imported_are_one_sentence_and_exit_1(tmp_path, staff, argv, sentence):
    home = tmp_path / "mona"
    log_in(staff.manager, home)
    sheet(tmp_path, "clients.csv", csv_bytes([CLIENT_HEADER, ["Anne Dupont", "anne@dupont.example", "+33 6", "D"]]))
    done = run_cli([part.format(tmp=tmp_path) for part in argv], home)
    assert done.status == 1 and done.stdout == ""
    assert done.stderr.startswith(sentence.format(tmp=tmp_path)) and len(done.stderr.splitlines()) == 1


def test_without_a_session_a_file_that_cannot_be_read_still_says_to_log_in_first(tmp_path, staff):
    done = run_cli(["import", "clients", str(tmp_path / "missing.csv")], tmp_path / "nobody")
    assert done.status == 3
    assert done.stderr.startswith("You are not logged in; log in with:")


def test_a_progress_bar_on_a_terminal_and_none_in_a_pipe(tmp_path, staff):
    mona = logged_in(staff.manager, tmp_path / "mona")
    rows = [[f"Client {n}", f"client{n}@example.com", "+33 6 12 34 56 78", "Company", "Bill Boquet"] for n in range(40)]
    path = sheet(tmp_path, "clients.csv", csv_bytes([CLIENT_HEADER, *rows]))

    piped = run_process(["import", "clients", path, "--dry-run"], mona)
    assert piped.status == 0 and piped.stderr == ""  # no bar, not even its control characters

    child = pexpect.spawn(
        sys.executable,
        [str(MAIN), "import", "clients", path, "--dry-run"],
        cwd=str(REPO_ROOT),
        env=process_env(mona),
        encoding="utf-8",
        timeout=60,
        dimensions=(24, 100),
    )
    output = child.read()
    child.close()
    assert child.exitstatus == 0, output
    bar, report = output.split("clients.csv: 40 rows checked", 1)
    assert "Importing:" in bar and "/40 [" in bar and "row/s" in bar
    assert bar.endswith("\r") and "Importing" not in report  # wiped before the report was printed


YES, NO = True, False
# SPEC §3, "import clients / events from a spreadsheet": management for any sales contact the
# file names; sales their own (the rows become theirs); support no.
WHO_MAY_IMPORT = {"management": YES, "sales": YES, "support": NO}


@pytest.mark.parametrize("kind", ["clients", "events"])
@pytest.mark.parametrize("department", WHO_MAY_IMPORT)
def test_who_may_import_through_the_cli_spec_3(tmp_path, staff, department, kind):
    actor = {"management": staff.manager, "sales": staff.bill, "support": staff.kate}[department]
    home = tmp_path / department
    log_in(actor, home)
    if kind == "clients":
        anne = ["Anne Dupont", "anne@dupont.example", "+33 6 12 34 56 78", "D", "Bill Boquet"]
        content = csv_bytes([CLIENT_HEADER, anne])
    else:
        content = csv_bytes([EVENT_HEADER, WEDDING])
    path = sheet(tmp_path, f"{kind}.csv", content)
    before = database_snapshot()

    done = run_cli(["import", kind, path, "--format", "json"], home)

    if not WHO_MAY_IMPORT[department]:
        assert (done.status, done.stdout) == (4, "")
        assert done.stderr == "Only management and sales can import spreadsheets.\n"
        assert database_snapshot() == before
    elif kind == "clients":
        assert done.status == 0, done.stdout
        assert Client.objects.get(email="anne@dupont.example").sales_contact == staff.bill
    elif department == "management":
        assert done.status == 0, done.stdout
        assert report_of(done)["created"] == {"clients": 1, "contracts": 1, "events": 1}
    else:
        # A salesperson creates no contract (SPEC §3: management writes contracts): the row is refused.
        assert done.status == 1 and report_of(done)["errors"][0]["row"] == 2
        assert database_snapshot() == before


def test_a_salesperson_naming_another_salesperson_is_refused_on_that_row(tmp_path, staff):
    log_in(staff.bill, tmp_path / "bill")
    rows = [
        ["Anne Dupont", "anne@dupont.example", "+33 6 12 34 56 78", "D", "Bill Boquet"],
        ["Paul Martin", "paul@martin.example", "+33 6 12 34 56 79", "M", "Sophie Martin"],
    ]
    path = sheet(tmp_path, "clients.csv", csv_bytes([CLIENT_HEADER, *rows]))

    done = run_cli(["import", "clients", path], tmp_path / "bill")

    assert done.status == 1 and not Client.objects.exists()
    [refused] = [line for line in done.stdout.splitlines() if line.startswith("| 3 ")]
    assert "| Commercial " in refused
