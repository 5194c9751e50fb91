"""Every subcommand of SPEC §5 in-process: exit statuses, messages, and the three formats."""

import csv
import io
import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest

from epic_auth_app.models import Employee
from epic_clients_app.models import Client
from epic_contracts_app.models import Contract
from epic_events_app.models import Event
from tests.cli_support import run_cli
from tests.factories import make_client, make_contract, make_employee, make_event
from tests.services.conftest import snapshot

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")

COMPLETE_CLIENT = ["--full-name", "Kevin Casey", "--email", "kevin@startup.io", "--phone", "+678 123", "--company", "C"]


def as_json(done):
    assert done.status == 0, done.stderr
    return json.loads(done.stdout)


def as_csv(done):
    assert done.status == 0, done.stderr
    return list(csv.DictReader(io.StringIO(done.stdout)))


class TestExitStatuses:
    def test_usage_errors_exit_2_with_one_sentence(self, home):
        for argv in (["clients"], ["clients", "frob"], ["events", "list", "--page", "0"], ["--nope"], []):
            done = run_cli(argv, home)
            assert done.status == 2, argv
            assert len(done.stderr.strip().splitlines()) == 1 and "--help" in done.stderr

    @pytest.mark.parametrize(
        "argv, help_of",
        [
            (["clients", "create", *COMPLETE_CLIENT, "--bogus"], "main.py clients create"),
            (["events", "list", "--bogus", "1"], "main.py events list"),
            (["whoami", "--bogus"], "main.py whoami"),
            (["--bogus"], "main.py"),
        ],
    )
    def test_an_unknown_argument_points_to_the_help_of_its_subcommand(self, home, argv, help_of):
        done = run_cli(argv, home)
        assert done.status == 2
        assert done.stderr.startswith("Unrecognized arguments: --bogus")
        assert done.stderr.strip().endswith(f"; see '{help_of} --help'.")

    def test_no_session_exits_3(self, home):
        assert run_cli(["clients", "list"], home).status == 3

    def test_permission_denied_exits_4_and_changes_nothing(self, home, log_in, supporter):
        client = make_client()
        log_in(supporter)
        before = snapshot()
        done = run_cli(["clients", "update", str(client.pk), "--phone", "+33 1 00 00 00 00"], home)
        assert done.status == 4 and "sales contact" in done.stderr
        assert snapshot() == before

    def test_not_found_exits_5(self, home, log_in, manager):
        log_in(manager)
        for argv in (["clients", "show", "999"], ["contracts", "show", "999"], ["events", "show", "999"]):
            done = run_cli(argv, home)
            assert done.status == 5 and "No " in done.stderr and "999" in done.stderr

    def test_invalid_input_exits_1_names_the_problem_and_changes_nothing(self, home, log_in, seller):
        log_in(seller)
        before = snapshot()
        done = run_cli(
            ["clients", "create", "--full-name", "K", "--email", "nope", "--phone", "call me", "--company", "C"], home
        )
        assert done.status == 1
        assert "Email" in done.stderr and "Phone" in done.stderr
        assert snapshot() == before

    def test_business_rule_refusal_exits_1(self, home, log_in, seller):
        contract = make_contract(make_client(seller), signed=False)
        log_in(seller)
        done = run_cli(
            [
                "events",
                "create",
                "--contract",
                str(contract.pk),
                "--name",
                "Party",
                "--start",
                "2027-01-01 10:00",
                "--end",
                "2027-01-01 12:00",
                "--location",
                "Paris",
                "--attendees",
                "10",
            ],
            home,
        )
        assert done.status == 1 and "not signed yet" in done.stderr

    def test_ids_that_are_not_numbers_are_invalid_input(self, home, log_in, manager):
        log_in(manager)
        done = run_cli(["clients", "show", "12; DROP TABLE"], home)
        assert done.status == 1 and "id" in done.stderr

    @pytest.mark.parametrize("command", ["clients", "contracts", "events", "employees"])
    def test_an_id_too_large_for_any_record_is_not_found_like_any_missing_id(self, home, log_in, manager, command):
        log_in(manager)
        for too_large in ("99999999999999999999", "9223372036854775808", "9223372036854775807"):
            done = run_cli([command, "show", too_large], home)
            assert done.status == 5, done.stderr
            assert f"with id {too_large}; check the id in the list of {command}." in done.stderr

    def test_ids_are_ascii_digits_only(self, home, log_in, manager):
        client = make_client()
        make_contract(client)
        log_in(manager)
        full_width = "".join(chr(ord("０") + int(digit)) for digit in str(client.pk))  # int() reads "１" as 1
        done = run_cli(["clients", "show", full_width], home)
        assert (done.status, done.stderr.strip()) == (1, "Client id: expected a record id (a positive whole number).")
        listed = run_cli(["contracts", "list", "--client", full_width], home)
        assert listed.status == 1 and "expected a record id" in listed.stderr

    def test_filters_and_assignments_by_an_id_too_large_find_nothing(self, home, log_in, manager):
        client = make_client()
        make_event(contract=make_contract(client, signed=True))
        log_in(manager)
        huge = "99999999999999999999"
        assert as_json(run_cli(["contracts", "list", "--client", huge, "--format", "json"], home)) == []
        assert as_json(run_cli(["events", "list", "--contract", huge, "--format", "json"], home)) == []
        before = snapshot()
        reassigned = run_cli(["clients", "update", str(client.pk), "--sales-contact", huge], home)
        assert reassigned.status == 1 and f"{huge} is not an active sales employee" in reassigned.stderr
        assert snapshot() == before

    def test_debug_shows_the_traceback_only_when_asked(self, home):
        assert "Traceback" not in run_cli(["whoami"], home).stderr
        assert "Traceback" in run_cli(["whoami", "--debug"], home).stderr


class TestClients:
    def test_create_then_show_in_each_format(self, home, log_in, seller):
        log_in(seller)
        created = as_json(
            run_cli(
                [
                    "clients",
                    "create",
                    "--full-name",
                    "Kevin Casey",
                    "--email",
                    "kevin@startup.io",
                    "--phone",
                    "+678 123 456 78",
                    "--company",
                    "Cool Startup LLC",
                    "--format",
                    "json",
                ],
                home,
            )
        )
        assert created["sales_contact_id"] == seller.pk and created["company_name"] == "Cool Startup LLC"
        shown_table = run_cli(["clients", "show", str(created["id"])], home)
        assert "Cool Startup LLC" in shown_table.stdout and "Bill Boquet" in shown_table.stdout
        (row,) = as_csv(run_cli(["clients", "show", str(created["id"]), "--format", "csv"], home))
        assert row["email"] == "kevin@startup.io"

    def test_list_mine_and_search(self, home, log_in, seller, other_seller):
        make_client(seller, full_name="Kevin Casey", company_name="Cool Startup LLC")
        make_client(other_seller, full_name="Jacky Blangier", company_name="Lou Bouzin")
        log_in(seller)
        assert [c["full_name"] for c in as_json(run_cli(["clients", "list", "--mine", "--format", "json"], home))] == [
            "Kevin Casey"
        ]
        found = as_json(run_cli(["clients", "list", "--search", "bouzin", "--format", "json"], home))
        assert [c["full_name"] for c in found] == ["Jacky Blangier"]

    def test_update_and_reassign(self, home, log_in, manager, seller, other_seller):
        client = make_client(seller)
        log_in(seller)
        updated = as_json(
            run_cli(["clients", "update", str(client.pk), "--company", "New Name SAS", "--format", "json"], home)
        )
        assert updated["company_name"] == "New Name SAS"
        log_in(manager)
        done = run_cli(["clients", "update", str(client.pk), "--sales-contact", str(other_seller.pk)], home)
        assert done.status == 0 and f"Client {client.pk} updated." in done.stdout
        assert Client.objects.get(pk=client.pk).sales_contact == other_seller
        again = run_cli(["clients", "update", str(client.pk), "--sales-contact", str(other_seller.pk)], home)
        assert again.status == 0 and f"Nothing changed: client {client.pk}" in again.stdout

    def test_lists_and_record_pages_call_the_date_last_contact(self, home, log_in, seller):
        last_contact = dt.datetime(2023, 3, 29, 16, tzinfo=PARIS)
        client = make_client(seller, created_at=last_contact, updated_at=last_contact)
        log_in(seller)
        for shown in (run_cli(["clients", "list"], home), run_cli(["clients", "show", str(client.pk)], home)):
            assert "Last contact" in shown.stdout and "2023-03-29 16:00" in shown.stdout
            assert "Last update" not in shown.stdout


class TestContracts:
    def test_create_defaults_due_to_total_and_update_signature(self, home, log_in, manager, seller):
        client = make_client(seller)
        log_in(manager)
        contract = as_json(
            run_cli(["contracts", "create", "--client", str(client.pk), "--total", "1500", "--format", "json"], home)
        )
        assert (contract["total_amount"], contract["amount_due"], contract["is_signed"]) == (
            "1500.00",
            "1500.00",
            False,
        )
        log_in(seller)
        signed = as_json(
            run_cli(
                ["contracts", "update", str(contract["id"]), "--signed", "--due", "500.5", "--format", "json"], home
            )
        )
        assert signed["is_signed"] is True and signed["amount_due"] == "500.50" and signed["signed_at"]

    def test_signed_and_unsigned_are_exclusive(self, home, log_in, manager):
        log_in(manager)
        assert run_cli(["contracts", "update", "1", "--signed", "--unsigned"], home).status == 2

    def test_filters(self, home, log_in, supporter):
        unsigned = make_contract(signed=False)
        paid = make_contract(amount_due=0)
        log_in(supporter)
        assert [c["id"] for c in as_json(run_cli(["contracts", "list", "--unsigned", "--format", "json"], home))] == [
            unsigned.pk
        ]
        unpaid = {c["id"] for c in as_json(run_cli(["contracts", "list", "--unpaid", "--format", "json"], home))}
        assert paid.pk not in unpaid and unsigned.pk in unpaid
        by_client = as_json(run_cli(["contracts", "list", "--client", str(paid.client_id), "--format", "json"], home))
        assert [c["id"] for c in by_client] == [paid.pk]


class TestEvents:
    def test_an_update_that_changes_nothing_says_so(self, home, log_in, manager):
        event = make_event(location="Salle des fêtes de Mufflins")
        log_in(manager)
        same = run_cli(["events", "update", str(event.pk), "--location", "Salle des fêtes de Mufflins"], home)
        assert same.status == 0 and f"Nothing changed: event {event.pk} already had these values." in same.stdout
        moved = run_cli(["events", "update", str(event.pk), "--location", "Candé-sur-Beuvron"], home)
        assert moved.status == 0 and f"Event {event.pk} updated." in moved.stdout
        contract = make_contract(make_client())
        signed_again = run_cli(["contracts", "update", str(contract.pk), "--signed"], home)
        assert f"Nothing changed: contract {contract.pk}" in signed_again.stdout

    def test_create_assign_update(self, home, log_in, manager, seller, supporter):
        contract = make_contract(make_client(seller))
        log_in(seller)
        event = as_json(
            run_cli(
                [
                    "events",
                    "create",
                    "--contract",
                    str(contract.pk),
                    "--name",
                    "John Ouick Wedding",
                    "--start",
                    "2027-06-04 13:00",
                    "--end",
                    "2027-06-05T02:00",
                    "--location",
                    "Candé-sur-Beuvron",
                    "--attendees",
                    "75",
                    "--notes",
                    "By the river.",
                    "--format",
                    "json",
                ],
                home,
            )
        )
        assert event["start"] == "2027-06-04T13:00:00+02:00" and event["support_contact_id"] is None
        log_in(manager)
        assigned = as_json(
            run_cli(["events", "update", str(event["id"]), "--support", str(supporter.pk), "--format", "json"], home)
        )
        assert assigned["support_contact_id"] == supporter.pk
        log_in(supporter)
        done = run_cli(["events", "update", str(event["id"]), "--attendees", "80"], home)
        assert done.status == 0
        assert Event.objects.get(pk=event["id"]).attendees == 80
        assert run_cli(["events", "update", str(event["id"]), "--no-support"], home).status == 4

    def test_list_filters(self, home, log_in, supporter):
        mine = make_event(support_contact=supporter)
        unstaffed = make_event()
        log_in(supporter)
        assert [e["id"] for e in as_json(run_cli(["events", "list", "--mine", "--format", "json"], home))] == [mine.pk]
        assert [e["id"] for e in as_json(run_cli(["events", "list", "--no-support", "--format", "json"], home))] == [
            unstaffed.pk
        ]
        by_contract = as_json(
            run_cli(["events", "list", "--contract", str(mine.contract_id), "--format", "json"], home)
        )
        assert [e["id"] for e in by_contract] == [mine.pk]
        assert len(as_json(run_cli(["events", "list", "--upcoming", "--format", "json"], home))) == 2


class TestEmployees:
    def test_create_with_password_stdin_update_and_delete(self, home, log_in, manager, seller, other_seller):
        log_in(manager)
        created = as_json(
            run_cli(
                [
                    "employees",
                    "create",
                    "--email",
                    "kate@epicevents.example",
                    "--full-name",
                    "Kate Hastroff",
                    "--department",
                    "support",
                    "--password-stdin",
                    "--format",
                    "json",
                ],
                home,
                stdin="Kate-Passphrase-2026\n",
            )
        )
        assert created["department"] == "support" and created["employee_number"].startswith("EE")
        changed = as_json(
            run_cli(["employees", "update", str(created["id"]), "--department", "management", "--format", "json"], home)
        )
        assert changed["department"] == "management"
        make_client(seller)
        refused = run_cli(["employees", "delete", str(seller.pk)], home)
        assert refused.status == 1 and "--reassign-to" in refused.stderr
        done = run_cli(["employees", "delete", str(seller.pk), "--reassign-to", str(other_seller.pk)], home)
        assert done.status == 0 and "1 client and 0 upcoming events now belong to" in done.stdout
        listed = as_json(run_cli(["employees", "list", "--format", "json"], home))
        assert seller.pk not in [e["id"] for e in listed]
        with_removed = as_json(run_cli(["employees", "list", "--include-removed", "--format", "json"], home))
        assert seller.pk in [e["id"] for e in with_removed]

    def test_a_password_reset_lets_a_locked_out_employee_in_at_once(self, home, log_in, manager, seller, settings):
        for _ in range(settings.LOGIN_MAX_FAILURES):
            typo = run_cli(["login", "--email", seller.email, "--password-stdin"], home, stdin="Typo-0000\n")
            assert typo.status == 3
        log_in(manager)
        reset = run_cli(["employees", "update", str(seller.pk), "--password-stdin"], home, stdin="Fresh-Start-2026\n")
        assert reset.status == 0, reset.stderr
        done = run_cli(["login", "--email", seller.email, "--password-stdin"], home, stdin="Fresh-Start-2026\n")
        assert done.status == 0, done.stderr

    def test_show_says_until_when_an_account_is_locked(self, home, log_in, manager, seller):
        locked_until = dt.datetime(2099, 6, 4, 13, 15, tzinfo=PARIS)
        Employee.objects.filter(pk=seller.pk).update(locked_until=locked_until)
        log_in(manager)
        shown = run_cli(["employees", "show", str(seller.pk)], home)
        assert "| Locked " in shown.stdout and "until 2099-06-04 13:15" in shown.stdout
        assert as_json(run_cli(["employees", "show", str(seller.pk), "--format", "json"], home))["locked_until"] == (
            "2099-06-04T13:15:00+02:00"
        )
        Employee.objects.filter(pk=seller.pk).update(locked_until=None)
        assert "until" not in run_cli(["employees", "show", str(seller.pk)], home).stdout

    def test_sales_cannot_list_staff(self, home, log_in, seller):
        log_in(seller)
        assert run_cli(["employees", "list"], home).status == 4

    def test_weak_password_is_refused_with_the_reason(self, home, log_in, manager):
        log_in(manager)
        done = run_cli(
            [
                "employees",
                "create",
                "--email",
                "x@epicevents.example",
                "--full-name",
                "X Y",
                "--department",
                "sales",
                "--password-stdin",
            ],
            home,
            stdin="1234\n",
        )
        assert done.status == 1 and "too short" in done.stderr


class TestOutput:
    def test_table_pages_with_a_footer(self, home, log_in, manager):
        for _ in range(7):
            make_client()
        log_in(manager)
        first = run_cli(["clients", "list", "--limit", "5"], home)
        assert "Clients 1–5 of 7. Next page: main.py clients list --limit 5 --page 2" in first.stdout
        second = run_cli(["clients", "list", "--limit", "5", "--page", "2"], home)
        assert "Clients 6–7 of 7." in second.stdout and "Next page" not in second.stdout

    def test_json_and_csv_return_every_row_unless_limited(self, home, log_in, manager):
        for _ in range(60):
            make_client()
        log_in(manager)
        assert len(as_json(run_cli(["clients", "list", "--format", "json"], home))) == 60
        assert len(as_csv(run_cli(["clients", "list", "--format", "csv"], home))) == 60
        assert len(as_json(run_cli(["clients", "list", "--format", "json", "--limit", "7"], home))) == 7

    def test_empty_csv_still_has_its_header(self, home, log_in, manager):
        log_in(manager)
        done = run_cli(["events", "list", "--format", "csv"], home)
        assert done.stdout.splitlines()[0].startswith("id,contract_id,client_id")

    def test_csv_cells_a_spreadsheet_would_run_get_a_leading_quote(self, home, log_in, manager, seller):
        link = '=HYPERLINK("http://evil.example","x")'
        formula = make_client(seller, full_name=link, company_name="+SUM(1,2)", phone="+1 234 567 8901")
        at_sign = make_client(seller, full_name="@SUM(A1:A9)", company_name="-2+3 Ventures", phone="+ 666 12345")
        numbers = make_client(seller, full_name="Kevin Casey", company_name="-12", phone="(555) 123-4567")
        sums = make_client(seller, full_name="+1-234", company_name="-2-3")
        make_event(make_contract(formula), notes="=cmd|' /C calc'!A0")
        log_in(manager)
        listed = {row["id"]: row for row in as_csv(run_cli(["clients", "list", "--format", "csv"], home))}
        (shown,) = as_csv(run_cli(["clients", "show", str(formula.pk), "--format", "csv"], home))
        for row in (listed[str(formula.pk)], shown):
            assert (row["full_name"], row["company_name"]) == ("'" + link, "'+SUM(1,2)")
            assert row["phone"] == "+1 234 567 8901"  # a phone number is left for scripts to read
        assert (listed[str(at_sign.pk)]["full_name"], listed[str(at_sign.pk)]["company_name"]) == (
            "'@SUM(A1:A9)",
            "'-2+3 Ventures",
        )
        assert listed[str(at_sign.pk)]["phone"] == "+ 666 12345"
        assert (listed[str(numbers.pk)]["company_name"], listed[str(numbers.pk)]["phone"]) == ("-12", "(555) 123-4567")
        assert (listed[str(sums.pk)]["full_name"], listed[str(sums.pk)]["company_name"]) == ("'+1-234", "'-2-3")
        (event,) = as_csv(run_cli(["events", "list", "--format", "csv"], home))
        assert event["notes"] == "'=cmd|' /C calc'!A0" and event["attendees"] == "75"
        (contract,) = as_csv(run_cli(["contracts", "list", "--format", "csv"], home))
        assert (contract["total_amount"], contract["is_signed"]) == ("1500.00", "true")
        # JSON is for programs, not spreadsheets: the value as stored.
        assert as_json(run_cli(["clients", "show", str(formula.pk), "--format", "json"], home))["full_name"] == link

    def test_tabs_in_notes_show_as_spaces_in_tables_only(self, home, log_in, manager):
        event = make_event(notes="DJ:\t9PM\nCake:\t\t11PM")
        log_in(manager)
        table = run_cli(["events", "show", str(event.pk)], home).stdout
        assert "\t" not in table and "DJ:" in table and "11PM" in table
        borders_and_rows = [line for line in table.splitlines() if line[:1] in "+|"]
        assert len({len(line) for line in borders_and_rows}) == 1, table  # every column lines up
        shown = as_json(run_cli(["events", "show", str(event.pk), "--format", "json"], home))
        (row,) = as_csv(run_cli(["events", "show", str(event.pk), "--format", "csv"], home))
        assert shown["notes"] == row["notes"] == "DJ:\t9PM\nCake:\t\t11PM"

    def test_tables_fit_the_terminal_by_wrapping_long_text_not_ids_or_dates(self, home, log_in, manager):
        client = make_client(full_name="Jacky Blangier of the Lou Bouzin Shareholders Association")
        long_name = "Lou Bouzin General Assembly of the Shareholders, with the Annual Dinner"
        event = make_event(make_contract(client), name=long_name, support_contact=make_employee("support"))
        log_in(manager)
        piped = run_cli(["events", "list"], home).stdout
        assert max(len(line) for line in piped.splitlines()) > 120  # a file or a pipe keeps whole lines
        shown = run_cli(["events", "list"], home, terminal_width=120).stdout
        table = [line for line in shown.splitlines() if line[:1] in "+|"]
        assert max(len(line) for line in table) <= 120, shown
        assert len({len(line) for line in table}) == 1  # still one grid
        first_row = next(line for line in table if f"| {event.pk} " in line)
        assert f"{event.start.astimezone(PARIS):%Y-%m-%d %H:%M}" in first_row  # dates stay whole
        assert "Lou Bouzin" in first_row and long_name not in shown  # the name wraps in its cell
        for listing in (["clients", "list"], ["contracts", "list"]):  # headings are never cut, rows still fit 80
            narrow = run_cli(listing, home, terminal_width=80).stdout
            grid = [line for line in narrow.splitlines() if line[:1] in "+|"]
            assert max(len(line) for line in grid) <= 80 and len({len(line) for line in grid}) == 1, narrow
            assert "Sales contact" in grid[1]

    def test_at_60_columns_lists_leave_out_their_least_useful_columns_and_say_which(self, home, log_in, manager):
        event = make_event(make_contract(make_client(full_name="Jacky Blangier")), name="Lou Bouzin General Assembly")
        log_in(manager)
        for listing, left_out in (
            (["events", "list"], "End"), (["clients", "list"], "Email"), (["contracts", "list"], "Sales contact")
        ):
            shown = run_cli(listing, home, terminal_width=60).stdout
            assert max(len(line) for line in shown.splitlines()) <= 60, shown  # nothing for the terminal to wrap
            assert "Not shown at this width:" in shown and left_out in shown.split("Not shown at this width:")[1]
        events = run_cli(["events", "list"], home, terminal_width=60).stdout
        assert f"| {event.pk} " in events and "Lou Bouzin" in events  # the id and the name stay
        assert "Not shown" not in run_cli(["events", "list"], home, terminal_width=120).stdout

    def test_wide_characters_are_measured_by_the_columns_they_take(self, home, log_in, manager):
        """Issue 13 item 7: a note of 70 Japanese characters made `events show` 162 columns wide."""
        from wcwidth import wcswidth

        notes = "会場は川沿いの庭園で、受付は午後五時に始まります。" * 3  # 72 characters, 144 columns
        event = make_event(make_contract(make_client(full_name="山田 太郎 🎉")), notes=notes[:70])
        log_in(manager)
        for argv, options in (
            (["events", "show", str(event.pk)], {}),
            (["events", "show", str(event.pk)], {"terminal_width": 80}),
            (["events", "list"], {"terminal_width": 80}),
        ):
            shown = run_cli(argv, home, **options).stdout
            grid = [line for line in shown.splitlines() if line[:1] in "+|"]
            widths = {wcswidth(line) for line in grid}
            assert len(widths) == 1, shown  # one grid: every border lines up
            assert widths.pop() <= options.get("terminal_width", 92), shown
        assert "会場は川沿い" in run_cli(["events", "show", str(event.pk)], home).stdout

    def test_empty_table_says_so(self, home, log_in, manager):
        log_in(manager)
        assert run_cli(["contracts", "list"], home).stdout.strip() == "No contracts match."

    def test_help_goes_to_stdout_and_exits_0(self, home):
        done = run_cli(["events", "create", "--help"], home)
        assert done.status == 0 and "--attendees" in done.stdout

    def test_contract_json_has_the_spec_keys(self, home, log_in, manager):
        contract = make_contract()
        log_in(manager)
        data = as_json(run_cli(["contracts", "show", str(contract.pk), "--format", "json"], home))
        for key in ("id", "client_id", "sales_contact_id", "total_amount", "amount_due", "is_signed", "created_at"):
            assert key in data
        assert data["sales_contact_id"] == Contract.objects.get(pk=contract.pk).client.sales_contact_id


def test_pages_stop_at_the_counted_window_with_a_way_out(home, log_in, manager):
    log_in(manager)
    for too_deep in (["--page", "21", "--limit", "50"], ["--page", "999"], ["--page", "99999999999999999999"]):
        done = run_cli(["events", "list", *too_deep], home)
        assert done.status == 2, too_deep
        assert done.stderr.strip() == (
            "Argument --page: at 50 rows a page, pages go from 1 to 20 (the first 1,000 rows); "
            "narrow the list with a filter, or export every row with --format json or csv."
        )
    assert run_cli(["events", "list", "--page", "3", "--limit", "500"], home).status == 2
    one_a_page = run_cli(["clients", "list", "--page", "5000", "--limit", "1"], home)
    assert one_a_page.stderr.startswith("Argument --page: at 1 row a page, pages go from 1 to 1000 ")
    as_json_page = run_cli(["events", "list", "--format", "json", "--page", "21", "--limit", "50"], home)
    assert as_json_page.status == 2 and "leave out --page and --limit to get every row" in as_json_page.stderr


def test_a_page_past_the_end_within_the_window_is_empty_not_an_error(home, log_in, manager):
    make_event()
    log_in(manager)
    for page in ("2", "20"):
        done = run_cli(["events", "list", "--page", page], home)
        assert (done.status, done.stdout.strip()) == (0, f"No events on page {page}.")
    assert as_json(run_cli(["events", "list", "--page", "20", "--format", "json"], home)) == []


@pytest.mark.parametrize("limit", ["0", "-1", "abc", "501", "99999999999999999999", "５"])
def test_a_limit_out_of_range_is_a_usage_error_giving_the_range(home, limit):
    done = run_cli(["clients", "list", "--limit", limit], home)
    assert done.status == 2
    assert done.stderr.strip() == (
        f"Argument --limit: expected a whole number from 1 to 500, got '{limit}'; see 'main.py clients list --help'."
    )


def test_a_page_in_json_or_csv_without_a_limit_is_a_table_sized_page(home, log_in, manager):
    for _ in range(60):
        make_client()
    log_in(manager)
    every_id = [row["id"] for row in as_json(run_cli(["clients", "list", "--format", "json"], home))]
    second = as_json(run_cli(["clients", "list", "--format", "json", "--page", "2"], home))
    assert [row["id"] for row in second] == every_id[50:]
    first = as_csv(run_cli(["clients", "list", "--format", "csv", "--page", "1"], home))
    assert [int(row["id"]) for row in first] == every_id[:50]


def test_colours_only_on_a_terminal_and_never_with_no_color(monkeypatch):
    from cli.environment import Environment

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert Environment(stdout_is_tty=True).paint("x", "red") == "\033[31mx\033[0m"
    assert Environment(stdout_is_tty=False).paint("x", "red") == "x"
    monkeypatch.setenv("NO_COLOR", "1")
    assert Environment(stdout_is_tty=True).paint("x", "red") == "x"


def test_counts_stop_at_a_thousand_rows(home, log_in, manager):
    from tests.factories import make_bulk

    log_in(manager)
    make_bulk(1001, seller=make_employee("sales"), supporter=make_employee("support"))
    done = run_cli(["events", "list"], home)
    assert "Events 1–50 of more than 1,000. Next page: main.py events list --page 2" in done.stdout
