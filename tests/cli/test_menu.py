"""The real interactive menu, driven through a terminal with pexpect, as each department.

Same flow as the brief: sales creates a client, management a contract, sales signs it
and creates the event, management assigns support, support updates the event. Plus a
bad value asked again, a session that expires mid-way, and Ctrl-C.
"""

import datetime as dt
import sys

import pexpect
import pytest

from epic_auth_app.models import AuthSession, Employee
from epic_clients_app.models import Client
from epic_contracts_app.models import Contract
from epic_events_app.models import Event
from tests.cli_support import LOCAL, MAIN, REPO_ROOT, process_env
from tests.factories import PASSWORD, make_bulk, make_client, make_contract, make_employee, make_event

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
_spawned = []


@pytest.fixture(autouse=True)
def _no_menu_left_running():
    yield
    while _spawned:
        child = _spawned.pop()
        if child.isalive():
            child.terminate(force=True)


@pytest.fixture(autouse=True)
def _in_both_shapes(shape):
    """Every menu test runs on the local database and through a real server (SPEC §6: the same menu)."""
    Menu.shape = shape
    yield
    Menu.shape = LOCAL


class Menu:
    shape = LOCAL

    def __init__(self, home, employee=None):
        self.child = pexpect.spawn(
            sys.executable,
            [str(MAIN)],
            cwd=str(REPO_ROOT),
            env=process_env(home, self.shape),
            encoding="utf-8",
            timeout=60,
            dimensions=(50, 200),
        )
        _spawned.append(self.child)
        if employee is not None:
            self.log_in(employee)

    def log_in(self, employee):
        self.answer("Email: ", employee.email)
        self.answer("Password: ", PASSWORD)
        self.expect(f"Welcome, {employee.full_name}")

    def expect(self, text):
        self.child.expect_exact(text)
        return self.child.before

    def answer(self, prompt, text):
        self.expect(prompt)
        self.child.sendline(text)

    def choose(self, label, menu=None):
        """Select the main-menu entry whose label is ``label`` (numbers differ per department)."""
        menu = menu if menu is not None else self.expect("Choose: ")
        for line in menu.splitlines():
            if line.strip().endswith(f") {label}"):
                self.child.sendline(line.strip().split(")")[0])
                return menu
        raise AssertionError(f"{label!r} is not in this menu:\n{menu}")

    def quit(self):
        self.answer("Choose: ", "q")
        self.expect("Goodbye.")
        self.child.expect(pexpect.EOF)
        self.child.close()
        assert self.child.exitstatus == 0


@pytest.fixture
def staff():
    return {
        "manager": make_employee("management", email="mona@epicevents.example", full_name="Mona Manager"),
        "seller": make_employee("sales", email="bill@epicevents.example", full_name="Bill Boquet"),
        "supporter": make_employee("support", email="kate@epicevents.example", full_name="Kate Hastroff"),
    }


def test_each_department_through_the_brief_flow(tmp_path, staff):
    sales = Menu(tmp_path / "bill", staff["seller"])
    menu_text = sales.choose("New client")
    assert "New employee" not in menu_text and "New contract" not in menu_text
    sales.answer("Full name: ", "John Ouick")
    sales.answer("Email: ", "john.ouick at gmail")
    sales.expect("is not an email address")
    sales.answer("Email: ", "john.ouick@gmail.com")
    sales.answer("Phone: ", "+1 234 567 8901")
    sales.answer("Company: ", "John Ouick")
    sales.expect("Client")
    sales.expect("created; you are its sales contact.")
    sales.quit()
    client = Client.objects.get(email="john.ouick@gmail.com")
    assert client.sales_contact == staff["seller"]

    management = Menu(tmp_path / "mona", staff["manager"])
    management.choose("New contract")
    management.answer("> ", "1")
    management.answer("Total amount: ", "18500")
    management.answer("Amount still due [18500.00]: ", "9250")
    management.answer("Has the client already signed? [y/N] ", "")
    management.expect("created for John Ouick")
    management.quit()
    contract = Contract.objects.get(client=client)
    assert (contract.amount_due, contract.is_signed) == (9250, False)

    sales = Menu(tmp_path / "bill")  # still logged in from before
    sales.choose("Update a contract (amounts, signature)")
    sales.answer("> ", "1")
    sales.answer("Total amount [18500.00]: ", "")
    sales.answer("Amount still due [9250.00]: ", "")
    sales.answer("Has the client signed it now? [y/N] ", "y")
    sales.expect("updated")
    sales.choose("New event (signed contract)")
    sales.answer("> ", "1")
    sales.answer("Event name: ", "John Ouick Wedding")
    sales.answer("Start (YYYY-MM-DD HH:MM): ", "2027-06-04 13:00")
    sales.answer("End (YYYY-MM-DD HH:MM): ", "2027-06-04 12:00")
    sales.expect("the end must be after the start")
    sales.answer("End (YYYY-MM-DD HH:MM): ", "2027-06-05 02:00")
    sales.answer("Location: ", "53 Rue du Château, 41120 Candé-sur-Beuvron, France")
    sales.answer("Attendees: ", "seventy-five")
    sales.expect("expected a whole number")
    sales.answer("Attendees: ", "75")
    sales.answer("Notes (optional): ", "Wedding starts at 3PM, by the river.")
    sales.expect("management will assign a support contact")
    sales.quit()
    event = Event.objects.get(contract=contract)
    assert event.support_contact is None and event.attendees == 75

    management = Menu(tmp_path / "mona")
    management.choose("Assign support to an event")
    management.answer("> ", "1")
    management.expect("Assign which support employee?")
    management.answer("> ", "1")
    management.expect("Kate Hastroff now runs John Ouick Wedding.")
    management.quit()

    support = Menu(tmp_path / "kate", staff["supporter"])
    menu_text = support.choose("Update an event")
    assert "New client" not in menu_text and "Assign support" not in menu_text
    support.answer("> ", "1")
    support.answer("Event name [John Ouick Wedding]: ", "")
    support.answer("]: ", "")  # start kept
    support.answer("]: ", "")  # end kept
    support.answer("Location [", "")
    support.answer("Attendees [75]: ", "80")
    support.answer("Notes (optional) [", "DJ booked for the after party.")
    support.expect("updated")
    support.quit()
    event.refresh_from_db()
    assert (event.attendees, event.notes, event.name) == (80, "DJ booked for the after party.", "John Ouick Wedding")


def test_expired_session_asks_to_log_in_again_and_carries_on(tmp_path, staff):
    make_event(support_contact=staff["supporter"], name="Lou Bouzin General Assembly")
    support = Menu(tmp_path / "kate", staff["supporter"])
    menu = support.expect("Choose: ")  # the menu is shown and waits: now the session expires
    AuthSession.objects.update(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
    support.choose("My events", menu)
    support.expect("log in to continue where you were")
    support.log_in(staff["supporter"])
    support.expect("Lou Bouzin General Assembly")  # the list asked for, without choosing again
    support.answer("> ", "")
    support.quit()


def test_ctrl_c_goes_back_then_leaves(tmp_path, staff):
    make_client(staff["seller"])
    sales = Menu(tmp_path / "bill", staff["seller"])
    sales.choose("New client")
    sales.expect("Full name: ")
    sales.child.sendcontrol("c")
    sales.expect("Back to the menu.")
    sales.expect("Choose: ")
    sales.child.sendcontrol("c")
    sales.expect("Goodbye.")
    sales.child.expect(pexpect.EOF)
    sales.child.close()
    assert sales.child.exitstatus == 0
    assert Client.objects.count() == 1


def test_wrong_password_is_asked_again_and_ctrl_d_leaves(tmp_path, staff):
    menu = Menu(tmp_path / "bill")
    menu.answer("Email: ", staff["seller"].email)
    menu.answer("Password: ", "not-the-password-1")
    menu.expect("Login refused")
    menu.expect("Email: ")
    menu.child.sendeof()
    menu.expect("Goodbye.")
    menu.child.expect(pexpect.EOF)


def test_management_sees_staff_and_removes_with_handover(tmp_path, staff):
    other = make_employee("sales", email="sally@epicevents.example", full_name="Sally Seller")
    make_contract(make_client(staff["seller"]))
    management = Menu(tmp_path / "mona", staff["manager"])
    management.choose("Remove an employee")
    listing = management.expect("> ")
    row = next(line for line in listing.splitlines() if "Bill Boquet" in line).split("│")[1].strip()
    management.child.sendline(row)
    management.answer("They will no longer be able to log in. [y/N] ", "y")
    management.expect("Bill Boquet still owns 1 client(s) and 0 upcoming event(s).")
    management.expect("Who takes over their clients and events?")
    management.answer("> ", "1")
    management.expect("Bill Boquet removed. 1 client(s) and 0 event(s) handed to Sally Seller.")
    management.quit()
    assert Client.objects.get().sales_contact == other


def test_ctrl_c_works_even_when_started_with_sigint_ignored(tmp_path, staff):
    """nohup and some launchers start programs with SIGINT ignored; Ctrl-C must still go back."""
    env = process_env(tmp_path / "bill", Menu.shape)
    child = pexpect.spawn(
        "/bin/sh", ["-c", f"trap '' INT; exec {sys.executable} {MAIN}"], cwd=str(REPO_ROOT), env=env,
        encoding="utf-8", timeout=60,
    )
    _spawned.append(child)
    child.expect_exact("Email: ")
    child.sendcontrol("c")
    child.expect_exact("Goodbye.")
    child.expect(pexpect.EOF)


def test_ctrl_c_at_a_command_prompt_exits_130_without_traceback(tmp_path, staff):
    child = pexpect.spawn(
        sys.executable, [str(MAIN), "login", "--email", staff["seller"].email], cwd=str(REPO_ROOT),
        env=process_env(tmp_path / "bill", Menu.shape), encoding="utf-8", timeout=60,
    )
    _spawned.append(child)
    child.expect_exact("Password: ")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in child.before and "Interrupted." in child.before


def test_ctrl_c_while_the_password_is_checked_leaves_without_a_traceback(tmp_path, staff):
    menu = Menu(tmp_path / "bill")
    menu.answer("Email: ", staff["seller"].email)
    menu.answer("Password: ", PASSWORD)
    menu.expect("\n")  # getpass ends the hidden line once it has read it: bcrypt is checking it now
    menu.child.sendcontrol("c")
    menu.child.expect(pexpect.EOF)
    menu.child.close()
    assert "Traceback" not in menu.child.before
    assert "Goodbye." in menu.child.before
    # 130 as intended; 0 if a very slow machine only saw the Ctrl-C at the prompt after the check.
    assert menu.child.exitstatus in (130, 0)


def test_someone_else_logging_in_after_expiry_does_not_finish_the_pending_change(tmp_path, staff):
    contract = make_contract(make_client(staff["seller"]), signed=False)
    sales = Menu(tmp_path / "bill", staff["seller"])
    sales.choose("Update a contract (amounts, signature)")
    sales.answer("> ", "1")
    sales.answer("Total amount [1500.00]: ", "")
    sales.answer("Amount still due [500.00]: ", "")
    sales.expect("Has the client signed it now? [y/N] ")
    AuthSession.objects.update(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
    sales.child.sendline("y")
    sales.expect("log in to continue where you were")
    sales.log_in(staff["manager"])  # Mona, at Bill's desk
    sales.expect("the unfinished action of Bill Boquet was dropped and nothing was changed.")
    sales.expect("Epic Events CRM — Mona Manager (Management)")
    menu_text = sales.expect("Choose: ")
    assert "New contract" in menu_text and "New client" not in menu_text
    sales.child.sendline("q")
    sales.child.expect(pexpect.EOF)
    contract.refresh_from_db()
    assert not contract.is_signed


def test_a_digit_that_is_not_ascii_is_explained_and_asked_again(tmp_path, staff):
    """"²" sits next to "1" on French keyboards; it is a digit to Python, not a choice."""
    make_client(staff["seller"])
    management = Menu(tmp_path / "mona", staff["manager"])
    management.answer("Choose: ", "²")
    management.expect("Type a number from 1 to")
    management.choose("All contracts")
    management.expect("No contracts here.")
    management.choose("All clients")
    management.answer("> ", "²")
    management.expect("Type a row number from 1 to 1,")
    management.answer("> ", "")
    management.choose("New employee")
    management.answer("Full name: ", "Aliénor Vichum")
    management.answer("Email: ", "alienor@epicevents.example")
    management.answer("Phone (optional): ", "+ 666 12345")
    management.answer("Department: ", "²")
    management.expect("type a number from 1 to 3")
    management.expect("Department: ")
    management.child.sendcontrol("c")
    management.expect("Back to the menu.")
    management.quit()
    assert not Employee.objects.filter(email="alienor@epicevents.example").exists()


def test_a_client_past_the_first_thousand_rows_is_picked_by_search_or_id(tmp_path, staff):
    Client.objects.bulk_create(
        Client(
            full_name=f"Aaron Filler {n:04}",
            email=f"filler{n}@startup.example",
            phone="+33 1 23 45 67 89",
            company_name=f"Filler {n} SAS",
            sales_contact=staff["seller"],
        )
        for n in range(1010)
    )
    zoe = make_client(staff["seller"], full_name="Zoe Zimmer", company_name="Zimmer Events")
    other_seller = make_employee("sales", full_name="Sally Seller")
    management = Menu(tmp_path / "mona", staff["manager"])
    management.choose("New contract")
    listing = management.expect("> ")
    assert "id N" in listing and "other text to search" in listing and "Zoe Zimmer" not in listing
    management.child.sendline("zimmer")
    listing = management.expect("> ")
    assert "matching 'zimmer'" in listing and "Zoe Zimmer" in listing and "Aaron Filler" not in listing
    management.child.sendline("1")
    management.answer("Total amount: ", "18500")
    management.answer("Amount still due [18500.00]: ", "")
    management.answer("Has the client already signed? [y/N] ", "")
    management.expect("created for Zoe Zimmer")
    management.choose("Change a client's sales contact")
    management.answer("> ", "id 999999")
    management.expect("No client has ID 999999 in this list")
    management.answer("> ", f"id {zoe.pk}")
    management.expect("Give Zoe Zimmer to which salesperson? (Sales, except Bill Boquet)")
    management.answer("> ", "1")
    management.expect("Zoe Zimmer now belongs to Sally Seller.")
    management.choose("All clients")
    for _page in range(66):
        management.answer("> ", "n")
    management.expect("Clients 991–1,005 of more than 1,000.")
    footer = management.expect("> ")
    assert "Paging stops here; type id N or a search for the other clients." in footer
    assert "n next page" not in footer
    management.child.sendline("n")  # no page past the cap: explained, not an error that ends the list
    below = management.expect("> ")
    assert "Type a row number from 1 to 15," in below and "next page" not in below
    management.child.sendline("")
    management.quit()
    assert Contract.objects.get().client == zoe
    zoe.refresh_from_db()
    assert zoe.sales_contact == other_seller


def test_a_wrong_answer_at_a_list_is_explained_just_above_the_prompt(tmp_path, staff):
    make_bulk(20, seller=staff["seller"], supporter=staff["supporter"])
    sales = Menu(tmp_path / "bill", staff["seller"])
    sales.choose("All events")
    sales.expect("Events 1–15 of 20.")
    sales.answer("> ", "99")
    below = sales.expect("> ")
    assert "Type a row number from 1 to 15" in below and "n for the next page" in below
    assert "Bulk Event" not in below  # the table is not drawn again under the warning
    sales.child.sendline("n")
    sales.expect("Events 16–20 of 20.")
    sales.answer("> ", "x")
    below = sales.expect("> ")
    assert "Type a row number from 1 to 5" in below and "p for the previous page" in below
    assert "next page" not in below and "Bulk Event" not in below
    sales.child.sendline("")
    sales.quit()


def test_new_employee_without_a_phone_and_department_typed_by_name(tmp_path, staff):
    management = Menu(tmp_path / "mona", staff["manager"])
    management.choose("New employee")
    management.answer("Full name: ", "Aliénor Vichum")
    management.answer("Email: ", "alienor@epicevents.example")
    management.answer("Phone (optional): ", "")  # Enter: no phone, not "A value is needed here"
    management.answer("Department: ", "Support")
    management.answer("Password (12 characters or more): ", PASSWORD)
    management.answer("Repeat the password: ", PASSWORD)
    management.expect("created.")
    management.quit()
    employee = Employee.objects.get(email="alienor@epicevents.example")
    assert (employee.department.code, employee.phone) == ("support", "")


def test_employee_update_without_a_change_says_nothing_changed(tmp_path, staff):
    kate = staff["supporter"]
    before = Employee.objects.get(pk=kate.pk).updated_at
    management = Menu(tmp_path / "mona", staff["manager"])
    management.choose("Update an employee")
    management.answer("> ", f"id {kate.pk}")
    management.answer("Full name [Kate Hastroff]: ", "")
    management.answer("Email [kate@epicevents.example]: ", "")
    management.answer("Phone (optional): ", "")
    management.answer("Department [support]: ", "")
    management.answer("Set a new password (ends their open sessions)? [y/N] ", "")
    management.expect("Nothing changed.")
    management.choose("Update an employee")
    management.answer("> ", f"id {kate.pk}")
    management.answer("Full name [Kate Hastroff]: ", "Kate Hastroff")  # typed again, the same
    management.answer("Email [kate@epicevents.example]: ", "")
    management.answer("Phone (optional): ", "")
    management.answer("Department [support]: ", "SUPPORT")
    management.answer("Set a new password (ends their open sessions)? [y/N] ", "")
    management.expect("Nothing changed.")
    management.quit()
    assert Employee.objects.get(pk=kate.pk).updated_at == before


def test_support_is_changed_by_picking_first_and_removed_only_on_request(tmp_path, staff):
    kate = staff["supporter"]
    make_employee("support", full_name="Aliénor Vichum")
    contract = make_contract(make_client(staff["seller"]))
    make_event(contract, kate, name="Lou Bouzin General Assembly", start=dt.datetime(2023, 5, 5, 13, 0, tzinfo=dt.UTC))
    soon = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=30)
    wedding = make_event(contract, kate, name="John Ouick Wedding", start=soon)
    management = Menu(tmp_path / "mona", staff["manager"])
    management.choose("Change or remove an event's support")
    listing = management.expect("> ")
    assert "Which event changes support? (with a support contact, upcoming, soonest first" in listing
    assert "John Ouick Wedding" in listing and "Lou Bouzin General Assembly" not in listing
    management.child.sendline("1")
    listing = management.expect("> ")
    assert "Who runs John Ouick Wedding instead of Kate Hastroff?" in listing
    assert "Aliénor Vichum" in listing and listing.count("Kate Hastroff") == 2  # the title and "r", not a row
    assert "r to remove Kate Hastroff without a replacement" in listing
    management.child.sendline("r")
    management.expect("John Ouick Wedding has no support contact now.")
    management.choose("Assign support to an event")
    listing = management.expect("> ")
    assert "Which event needs a support contact? (without one, upcoming, soonest first" in listing
    assert "Lou Bouzin General Assembly" not in listing
    management.child.sendline("1")
    management.expect("Assign which support employee?")
    management.answer("> ", "2")
    management.expect("Kate Hastroff now runs John Ouick Wedding.")
    management.quit()
    wedding.refresh_from_db()
    assert wedding.support_contact == kate


def test_a_past_event_is_picked_by_its_id_and_huge_ids_are_simply_not_there(tmp_path, staff):
    contract = make_contract(make_client(staff["seller"]))
    assembly = make_event(
        contract, name="Lou Bouzin General Assembly", start=dt.datetime(2023, 5, 5, 13, 0, tzinfo=dt.UTC)
    )
    management = Menu(tmp_path / "mona", staff["manager"])
    management.choose("Update an event")
    listing = management.expect("> ")
    assert "id N for a past one" in listing and "Lou Bouzin General Assembly" not in listing
    management.child.sendline("id 99999999999999999999")
    management.expect("> ")
    management.child.sendline(f"id {assembly.pk}")
    management.answer("Event name [Lou Bouzin General Assembly]: ", "Lou Bouzin AGM 2023")
    for _ in range(4):  # start, end, location, attendees: kept
        management.answer("]: ", "")
    management.answer("(- to clear): ", "")  # notes: kept
    management.expect(f"Event {assembly.pk} updated.")
    management.quit()
    assert Event.objects.get(pk=assembly.pk).name == "Lou Bouzin AGM 2023"


def test_an_optional_field_with_a_value_is_cleared_with_a_dash(tmp_path, staff):
    event = make_event(make_contract(make_client(staff["seller"])), staff["supporter"], notes="Old plan: DJ at 9PM.")
    support = Menu(tmp_path / "kate", staff["supporter"])
    support.choose("Update an event")
    support.answer("> ", f"id {event.pk}")
    for _ in range(5):  # name, start, end, location, attendees: kept
        support.answer("]: ", "")
    support.answer("Notes (optional) [Old plan: DJ at 9PM.] (- to clear): ", "-")
    support.expect(f"Event {event.pk} updated.")
    support.quit()
    assert Event.objects.get(pk=event.pk).notes == ""


def test_an_administrator_account_is_refused_before_any_question(tmp_path, staff):
    administrator = make_employee("management", full_name="Ivy Admin", is_superuser=True, is_staff=True)
    management = Menu(tmp_path / "mona", staff["manager"])
    screen = None
    for action in ("Remove an employee", "Update an employee"):
        management.choose(action, screen)
        management.answer("> ", f"id {administrator.pk}")
        screen = management.expect("Choose: ")
        assert "Only an IT administrator can change or remove an administrator's account." in screen
        assert "[y/N]" not in screen and "Full name" not in screen
    management.child.sendline("q")
    management.expect("Goodbye.")
    assert Employee.objects.get(pk=administrator.pk).is_active
