"""The menu in-process, answers scripted (no terminal: lines read plainly, values in brackets).

Record pages and their navigation for each department, the refusal sentences held to
the commands', the bounded cost of a record page, and the forms' smaller faults.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cli.gateway.local import LocalGateway
from cli.session_file import SessionFile
from epic_auth_app.models import Employee
from epic_contracts_app.models import Contract
from epic_events_app.models import Event
from tests.cli_support import run_cli
from tests.factories import PASSWORD, make_client, make_contract, make_employee, make_event
from tests.menu_scripted import Counting, menu

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(manager, seller, other_seller, supporter):
    client = make_client(seller, full_name="John Ouick", company_name="John Ouick")
    contract = make_contract(client, total_amount=Decimal("18500"), amount_due=Decimal("9250"), signed=True)
    event = make_event(contract, supporter, name="John Ouick Wedding", notes="Wedding starts at 3PM.")
    return {"client": client, "contract": contract, "event": event}


@pytest.mark.parametrize("who", ["manager", "seller", "supporter"])
def test_client_to_contract_to_event_and_back_for_each_department(request, home, log_in, world, who):
    log_in(request.getfixturevalue(who))
    client, contract, event = world["client"], world["contract"], world["event"]
    # main menu: open the client; its page: k (its only contract); e (its only event); then back, back, back.
    status, shown = menu(home, [f"c {client.pk}", "k", "e", "b", "b", "b", "q"])
    assert status == 0, shown
    pages = shown.split("> ")
    assert f"Client {client.pk} — John Ouick" in pages[0] and "Contracts (1):" in pages[0]
    assert "Upcoming events (1):" in pages[0] and "John Ouick Wedding" in pages[0]
    assert f"Contract {contract.pk} — John Ouick" in pages[1] and "Events (1):" in pages[1]
    assert f"Event {event.pk} — John Ouick Wedding" in pages[2] and "9,250.00" in pages[2]
    assert f"Contract {contract.pk} —" in pages[3] and f"Client {client.pk} —" in pages[4]  # back, in order
    assert "Epic Events CRM —" in pages[5]
    offered = {
        "manager": ("o change sales contact", "t change support", "u update amounts", "h history"),
        "seller": ("u update details", "u update amounts", "w new event"),
        "supporter": ("n edit notes", "a add a line to notes"),
    }[who]
    for action in offered:
        assert action in shown, (who, action)
    never = {"manager": ("update details",), "seller": ("edit notes",), "supporter": ("update details", "amounts")}
    for action in never[who]:
        assert action not in shown, (who, action)


def test_every_line_fits_the_width_at_80_and_60_columns(home, log_in, manager, world):
    world["event"].notes = "会場は川沿いの庭園で、受付は午後五時に始まります。" * 4
    world["event"].save()
    from wcwidth import wcswidth

    log_in(manager)
    client = world["client"]
    for width, height in ((80, 24), (60, 20)):
        answers = ["1", "1", "", "", "3", "1", "", "", f"c {client.pk}", "k", "e", "r", "", "", "b", "b", "b", "q"]
        status, shown = menu(home, answers, width=width, height=height)
        assert status == 0, shown
        too_wide = [line for line in shown.splitlines() if wcswidth(line) > width]
        assert not too_wide, "\n".join(too_wide)


def test_a_record_page_costs_the_same_calls_and_queries_however_many_related_records(home, log_in, manager):
    log_in(manager)
    few, many = make_client(full_name="Some Records"), make_client(full_name="Many Records")
    for client, count in ((few, 4), (many, 24)):  # more than a page shows, and many more
        for _ in range(count):
            make_event(make_contract(client, signed=True))
    costs = []
    for client in (few, many):
        gateway = Counting(LocalGateway(SessionFile(home)))
        with CaptureQueriesContext(connection) as queries:
            menu(home, [f"c {client.pk}", "b", "q"], gateway=gateway)
        costs.append((gateway.calls, len(queries)))
    assert costs[0] == costs[1], costs
    calls, _queries = costs[0]
    assert calls <= 8  # whoami, the client, its contracts, its events (and the main menu's whoami twice)


def test_pick_lists_refuse_with_the_commands_sentence(home, log_in, seller, other_seller, supporter, manager):
    others = make_client(other_seller, full_name="Sophie's Client")
    their_contract = make_contract(others, signed=False)
    mine_unsigned = make_contract(make_client(seller, full_name="Bill's Client"), signed=False)
    their_event = make_event(make_contract(others, signed=True), make_employee("support"))

    def command_sentence(who, argv):
        log_in(who)
        done = run_cli(argv, home)
        assert done.status != 0
        return done.stderr.strip()

    cases = [
        (seller, ["clients", "update", str(others.pk), "--full-name", "X"], "Update one of my clients", others.pk, "1"),
        (seller, ["contracts", "update", str(their_contract.pk), "--total", "10"], "Update a contract",
         their_contract.pk, "2"),
        (supporter, ["events", "update", str(their_event.pk), "--attendees", "3"], "Update an event", their_event.pk,
         "3"),
    ]
    for who, argv, _label, record_id, section in cases:
        sentence = command_sentence(who, argv)
        labels = {"1": "Update one of my clients", "2": "Update a contract", "3": "Update an event"}
        status, shown = menu(home, [section, _entry_number(who, section, labels[section]), str(record_id), "", "", "q"])
        assert f"! {sentence}" in _joined(shown), (sentence, shown)
    log_in(seller)
    done = run_cli(
        ["events", "create", "--contract", str(mine_unsigned.pk), "--name", "N", "--start", "2030-01-01 10:00",
         "--end", "2030-01-01 12:00", "--location", "L", "--attendees", "3"],
        home,
    )
    status, shown = menu(home, ["3", _entry_number(seller, "3", "New event (signed contract)"), str(mine_unsigned.pk),
                                "", "", "q"])
    assert f"! {done.stderr.strip()}" in _joined(shown)
    status, shown = menu(home, ["c 999999"])
    assert "No client with id 999999" in shown and status == 130


def _joined(shown: str) -> str:
    """The transcript with wrapped lines joined again (a sentence may span two lines at 80 columns)."""
    return " ".join(shown.split())


def _entry_number(who, section, label) -> str:
    from cli.menu.entries import entries_for, sections_for
    from epic_auth_app.serializers import EMPLOYEE_SHAPE
    from crm_core.serialization import to_dict

    actor = to_dict(EMPLOYEE_SHAPE, who)
    entries = entries_for(actor, sections_for(actor)[int(section) - 1])
    return str(next(index for index, entry in enumerate(entries, start=1) if entry.label.startswith(label)))


def test_log_out_then_someone_else_logs_in_in_the_same_process(home, log_in, seller, supporter):
    log_in(supporter)
    status, shown = menu(home, ["l", supporter.email, seller.email, "q"], passwords=["wrong-password-12", PASSWORD])
    assert status == 0
    assert "Logged out." in shown and "Login refused" in shown
    assert f"Email [{supporter.email}]: " in shown.split("Login refused")[1]  # the email is offered again
    assert "Welcome, Bill Boquet (Sales)." in shown and "Epic Events CRM — Bill Boquet (Sales)" in shown


def test_ctrl_d_at_the_main_menu_and_at_the_login_prompt_cancels_with_130(home, log_in, seller):
    log_in(seller)
    status, shown = menu(home, [])
    assert status == 130 and shown.rstrip().endswith("Cancelled. Goodbye.")
    status, shown = menu(home, ["l"])
    assert status == 130 and shown.rstrip().endswith("Please log in.\n\nCancelled. Goodbye.")


def test_amounts_typed_as_displayed_or_in_french_and_signed_asked_again_after_a_refusal(home, log_in, manager):
    client = make_client(full_name="Zoe Zimmer")
    log_in(manager)
    answers = [
        "2", _entry_number(manager, "2", "New contract"), str(client.pk),
        "1,500",  # ambiguous: asked again
        "12 500,50", "20 000", "y",  # more due than the total: the whole form again, signature included
        "12,500.50", "", "n",
        "", "q",
    ]
    status, shown = menu(home, answers)
    assert status == 0, shown
    assert "'1,500' is ambiguous" in shown
    assert shown.count("Has the client already signed?") == 2
    contract = Contract.objects.get(client=client)
    assert (str(contract.total_amount), str(contract.amount_due), contract.is_signed) == ("12500.50", "12500.50", False)


def test_a_password_too_common_is_refused_before_it_is_typed_again(home, log_in, manager):
    log_in(manager)
    answers = ["4", _entry_number(manager, "4", "New employee"), "Aliénor Vichum", "alienor@epicevents.example", "",
               "support", "", "q"]
    status, shown = menu(home, answers, passwords=["password1234", PASSWORD, PASSWORD])
    assert status == 0, shown
    common = shown.index("This password is too common.")
    assert "Repeat the password" not in shown[:common]
    assert Employee.objects.get(email="alienor@epicevents.example").department.code == "support"


def test_notes_appended_in_one_line_keep_what_was_there(home, log_in, supporter, world):
    log_in(supporter)
    event = world["event"]
    status, shown = menu(home, [f"e {event.pk}", "a", "DJ booked for the after party.", "b", "q"])
    assert status == 0, shown
    assert Event.objects.get(pk=event.pk).notes == "Wedding starts at 3PM.\nDJ booked for the after party."
    assert "Notes of event" in shown


# Found by trying the menu as a new user would (issue 15, "Done when"), each with its test ----------


def test_m_on_a_page_opened_from_a_groups_list_goes_to_the_main_menu(home, log_in, seller, world):
    log_in(seller)
    status, shown = menu(home, ["3", "1", str(world["event"].pk), "m", "q"])  # Events, All events, the event
    assert status == 0, shown  # "q" was typed at the main menu, as "m main menu" promised
    assert shown.split("> m\n")[1].lstrip("\n").startswith("Epic Events CRM — Bill Boquet")


def test_r_reads_notes_that_a_short_screen_cut(home, log_in, supporter, world):
    event = world["event"]
    notes = "Wedding starts at 3PM, by the river. Catering is organized, reception starts at 5PM. " * 3  # < 300
    Event.objects.filter(pk=event.pk).update(notes=notes)
    log_in(supporter)
    status, shown = menu(home, [f"e {event.pk}", "r", "", "b", "q"], width=60, height=20)
    assert status == 0, shown
    page, read = shown.split("> r\n")
    assert "r reads them all)" in page
    assert notes in _joined(read) and "Press one of the keys shown" not in read


def test_employee_pick_lists_refuse_with_the_commands_sentence(home, log_in, manager, seller, supporter, world):
    client, event = world["client"], world["event"]
    log_in(manager)
    support = run_cli(["events", "update", str(event.pk), "--support", str(seller.pk)], home).stderr.strip()
    sales = run_cli(["clients", "update", str(client.pk), "--sales-contact", str(supporter.pk)], home).stderr.strip()
    successor = run_cli(["employees", "delete", str(seller.pk), "--reassign-to", str(supporter.pk)], home)
    assert support.startswith("Support contact:") and sales.startswith("Sales contact:")

    status, shown = menu(home, [f"e {event.pk}", "t", str(seller.pk), "", "b", "q"])
    assert f"! {support}" in _joined(shown)
    status, shown = menu(home, [f"c {client.pk}", "o", str(supporter.pk), "", "b", "q"])
    assert f"! {sales}" in _joined(shown)
    remove = _entry_number(manager, "4", "Remove an employee")
    status, shown = menu(home, ["4", remove, str(seller.pk), "y", str(supporter.pk), "", "", "q"])
    assert f"! {successor.stderr.strip()}" in _joined(shown)
    assert "Who takes over the 1 client and 0 upcoming events of Bill Boquet?" in _joined(shown)
    event.refresh_from_db(), client.refresh_from_db(), seller.refresh_from_db()
    assert (event.support_contact_id, client.sales_contact_id, seller.deleted_at) == (supporter.pk, seller.pk, None)


def test_a_client_page_with_many_related_records_fits_a_short_screen(home, log_in, manager, world):
    client = world["client"]
    for _ in range(4):
        make_event(make_contract(client, signed=True))
    log_in(manager)
    status, shown = menu(home, [f"c {client.pk}", "z", "b", "q"], width=60, height=20)
    assert status == 0, shown
    last_draw = shown.split("> z\n")[1].split("\n> ")[0]  # from its blank line to the line above its prompt
    assert len(last_draw.split("\n")) <= 19 and f"Client {client.pk} — John Ouick" in last_draw
    assert "! Press one of the keys shown" in last_draw and "Contracts (5)" in last_draw
    assert "more lines" not in shown  # no value was long enough to cut


def test_c_k_e_and_an_id_open_a_record_from_a_list_too(home, log_in, supporter, world):
    log_in(supporter)
    status, shown = menu(home, ["1", "1", f"k {world['contract'].pk}", "b", "", "", "q"])  # Clients, All clients
    assert status == 0, shown
    assert f"Contract {world['contract'].pk} — John Ouick" in shown


def test_form_refusals_read_as_sentences(home, log_in, supporter, world):
    log_in(supporter)
    event = world["event"]
    answers = [f"e {event.pk}", "u", "", "", "2020-01-01 10:00", "", "", "abc", "80", "", "b", "q"]
    status, shown = menu(home, answers)
    assert status == 0, shown
    assert "! The event must end after it starts (" in shown
    assert "! Expected a whole number such as 75." in shown
    assert Event.objects.get(pk=event.pk).attendees == 80


def test_a_pick_list_with_a_long_title_and_a_message_fits_a_short_screen(home, log_in, manager, world):
    for number in range(15):
        make_employee("sales", full_name=f"Salesperson number {number}")
    log_in(manager)
    answers = [f"c {world['client'].pk}", "o", "n", "zzz", "", "b", "q"]  # page 2: both moves in the message
    status, shown = menu(home, answers, width=60, height=20)
    assert status == 0, shown
    last_draw = shown.split("> zzz\n")[1].split("\n> ")[0]  # from its blank line to the line above its prompt
    assert last_draw.startswith("\nGive John Ouick to which salesperson?") and "! Type the ID of" in last_draw
    assert len(last_draw.split("\n")) <= 19, last_draw
