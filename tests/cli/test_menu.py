"""The real menu process in a real terminal (pexpect), read as a person sees it (pyte), at 80×24 and 60×20.

Every screen is checked to fit the terminal's width (``Terminal.wait_for``); keys are
sent as the terminal sends them (arrows, Home/End, Ctrl-R...).
"""

import datetime as dt
import re
import stat

import pytest

from epic_auth_app.models import AuthSession
from epic_events_app.models import Event
from tests.cli.fault_proxy import FaultProxy
from tests.cli_support import Shape
from tests.factories import PASSWORD, make_client, make_contract, make_employee, make_event
from tests.menu_support import start_menu

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
_started = []


@pytest.fixture
def terminal(tmp_path, shape):
    """Start the menu in a terminal of a given size, on the local database and through a real server
    (SPEC §6: the same menu in both shapes); every process started is ended after the test."""

    def start(home_name="home", **options):
        term = start_menu(tmp_path / home_name, shape=shape, **options)
        _started.append(term)
        return term

    yield start
    while _started:
        child = _started.pop().child
        if child.isalive():
            child.terminate(force=True)


@pytest.fixture
def staff():
    return {
        "manager": make_employee("management", email="mona@epicevents.example", full_name="Mona Manager"),
        "seller": make_employee("sales", email="bill@epicevents.example", full_name="Bill Boquet"),
        "supporter": make_employee("support", email="kate@epicevents.example", full_name="Kate Hastroff"),
    }


def log_in(term, employee):
    term.answer("Email:", employee.email)
    term.answer("Password:", PASSWORD)
    term.wait_for(f"Epic Events CRM — {employee.full_name}")
    return term.wait_for("Choose:")


def test_kate_appends_to_her_next_event_visits_its_client_and_hands_over_to_bill(terminal, staff):
    """Issue 15's "done when", in one 80×24 session, nothing retyped."""
    client = make_client(staff["seller"], full_name="John Ouick", company_name="John Ouick")
    notes = "Wedding starts at 3PM, by the river. Catering is organized."
    event = make_event(make_contract(client), staff["supporter"], name="John Ouick Wedding", notes=notes)
    term = terminal()
    screen = log_in(term, staff["supporter"])
    assert "Epic Events CRM — Kate Hastroff" in screen  # the whole menu fits: its title is on screen
    term.type("4\r")  # My upcoming events
    term.wait_for("Type an ID to open it")
    term.type(f"{event.pk}\r")
    term.wait_for(f"Event {event.pk} — John Ouick Wedding")
    term.type("n")  # edit notes: pre-filled, the cursor at its end
    term.wait_for("Notes: Wedding starts")
    term.press("home", "ctrl-right", "end")  # arrows and Home/End move inside the note
    term.type(" DJ booked for the after party.\r")
    term.wait_for(f"Notes of event {event.pk} saved.")
    term.type("c")
    term.wait_for(f"Client {client.pk} — John Ouick")
    term.wait_for("Upcoming events (1):")
    term.type("b")
    term.wait_for("Go to: k contract")
    assert f"Event {event.pk} — John Ouick Wedding" in term.settle().split(f"Client {client.pk} —")[-1]  # back there
    term.type("m")
    term.wait_for("u switch user")
    term.type("u\r")
    term.wait_for("Logged out; log in as the next user.")
    log_in(term, staff["seller"])
    term.type("q\r")
    assert term.finish() == 0
    assert Event.objects.get(pk=event.pk).notes == notes + " DJ booked for the after party."


@pytest.mark.parametrize("columns, lines", [(80, 24), (60, 20)])
def test_screens_fit_and_a_bad_choice_is_shown_beside_the_prompt(terminal, staff, columns, lines):
    for number in range(30):
        make_event(make_contract(make_client(staff["seller"], full_name=f"Client with a rather long name {number}")),
                   name=f"Annual gathering of the shareholders number {number}")
    term = terminal(columns=columns, lines=lines)
    log_in(term, staff["manager"])
    term.type("7\r")  # not a choice
    screen = term.wait_for("! Type a number from 1 to")
    below_the_choice = screen.split("Choose: 7")[-1]
    assert "Epic Events CRM — Mona Manager" in below_the_choice  # the menu is drawn again, whole, above it
    term.type("3\r")
    term.wait_for("Events — Mona Manager")
    term.type("1\r")
    screen = term.wait_for("Type an ID to open it")
    assert "Events 1–" in screen and "\nEvents\n" in screen  # the title and the footer, on one screen
    term.type("zzz\r")
    screen = term.wait_for("! Type the ID of an event")
    assert "Annual gathering" in screen  # the list is still there, the message under it
    assert "\nEvents\n" in term.settle()  # and its title: the message did not push it off the screen
    term.type("\r\r")
    term.wait_for("w who am I")
    term.type("q\r")
    assert term.finish() == 0


def test_arrows_history_and_ctrl_r(terminal, staff):
    make_client(staff["seller"], full_name="Kevin Casey", company_name="Cool Startup LLC")
    make_client(staff["seller"], full_name="Zoe Zimmer", company_name="Zimmer Events")
    term = terminal()
    log_in(term, staff["seller"])
    term.type("1\r")
    term.wait_for("Search clients")
    for search in ("Kevin", "Zimmer"):
        term.type("3\r")
        term.answer("Search clients by name, email or company:", search)
        term.wait_for(f"Clients matching '{search}'")
        term.type("\r")
        term.wait_for("Enter goes back   q quit")
    term.type("3\r")
    term.wait_for("Search clients by name, email or company:")
    term.press("up", "up")  # this question's history: Zimmer, then Kevin
    term.type("\r")
    term.wait_for("Clients matching 'Kevin'")
    term.type("\r")
    term.type("3\r")
    term.wait_for("Search clients by name, email or company:")
    term.press("ctrl-r")
    term.type("Zim")
    term.wait_for("Zimmer")
    term.type("\r")  # accept the search result...
    term.type("\r")  # ...and the line
    term.wait_for("Clients matching 'Zimmer'")
    term.type("x")
    term.press("left", "backspace")  # an arrow moves left over the typed x: nothing deleted but before it
    term.type("\r\r\rq\r")
    assert term.finish() == 0


def test_editing_a_prefilled_note_changes_only_what_was_edited(terminal, staff):
    event = make_event(make_contract(make_client(staff["seller"])), staff["supporter"], notes="Old plan: DJ at 9PM.")
    term = terminal()
    log_in(term, staff["supporter"])
    term.type(f"e {event.pk}\r")
    term.wait_for("n edit notes")
    term.type("n")
    term.wait_for("Notes: Old plan: DJ at 9PM.")
    term.press("end", "left", "backspace", "backspace", "backspace")  # "9PM" before the final "."
    term.type("10PM\r")
    term.wait_for("saved.")
    term.type("m")
    term.type("q\r")
    assert term.finish() == 0
    assert Event.objects.get(pk=event.pk).notes == "Old plan: DJ at 10PM."


def test_notes_in_the_editor_named_by_editor(terminal, staff, tmp_path):
    editor = tmp_path / "scripted-editor"
    editor.write_text('#!/bin/sh\nprintf "Caterer confirmed for 200 people.\\n" >> "$1"\n')
    editor.chmod(editor.stat().st_mode | stat.S_IXUSR)
    event = make_event(make_contract(make_client(staff["seller"])), staff["supporter"], notes="Hall booked.")
    term = terminal(EDITOR=str(editor), VISUAL="")
    log_in(term, staff["supporter"])
    term.type(f"e {event.pk}\r")
    term.wait_for("v notes in $EDITOR")
    term.type("v")
    term.wait_for("saved.")
    term.type("mq\r")
    assert term.finish() == 0
    assert Event.objects.get(pk=event.pk).notes == "Hall booked.\nCaterer confirmed for 200 people."


def test_expired_session_keeps_the_email_and_carries_on(terminal, staff):
    make_event(support_contact=staff["supporter"], name="Lou Bouzin General Assembly")
    term = terminal()
    log_in(term, staff["supporter"])
    AuthSession.objects.update(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
    term.type("4\r")
    term.wait_for("log in to continue where you were")
    term.wait_for(f"Email: {staff['supporter'].email}")  # pre-filled: Enter keeps it
    term.type("\r")
    term.answer("Password:", PASSWORD)
    term.wait_for("Lou Bouzin General Assembly")  # the list asked for, without choosing again
    term.type("\rq\r")
    assert term.finish() == 0


def test_next_morning_the_expired_session_offers_the_last_email_until_logout(terminal, staff):
    """Issue 15: the last email is offered again after an expiry, also in a new menu the next day."""
    term = terminal()
    log_in(term, staff["supporter"])
    term.type("q\r")
    assert term.finish() == 0
    AuthSession.objects.update(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
    term = terminal()  # the same EPICEVENTS_HOME, a new process
    term.wait_for("expired")
    term.wait_for(f"Email: {staff['supporter'].email}")
    term.type("\r")
    term.answer("Password:", PASSWORD)
    term.wait_for(f"Epic Events CRM — {staff['supporter'].full_name}")
    term.type("l\r")  # logging out hands the machine over: nobody's email is offered any more
    term.wait_for("Logged out.")
    for _ in range(2):  # in this menu, and in the next one started
        term.wait_for("Email:")
        assert term.settle().rstrip().splitlines()[-1] == "Email:"
        term.press("ctrl-d")
        assert term.finish() == 130
        term = terminal()


def test_q_leaves_from_a_section_menu_too(terminal, staff):
    term = terminal()
    log_in(term, staff["seller"])
    term.type("1\r")
    term.wait_for("Enter goes back   q quit")
    term.type("q\r")
    term.wait_for("Goodbye.")
    assert term.finish() == 0


def test_ctrl_c_goes_back_and_leaves_the_main_menu_with_130(terminal, staff):
    term = terminal()
    log_in(term, staff["seller"])
    term.type("1\r")
    term.wait_for("New client")
    term.type("4\r")
    term.wait_for("Full name:")
    term.press("ctrl-c")
    term.wait_for("Cancelled; nothing was changed.")
    term.type("\r")
    term.wait_for("w who am I")
    term.press("ctrl-d")
    term.wait_for("Cancelled. Goodbye.")
    assert term.finish() == 130


def test_ctrl_c_at_the_login_prompt_leaves_with_130(terminal, staff):
    term = terminal()
    term.wait_for("Email:")
    term.press("ctrl-c")
    term.wait_for("Cancelled. Goodbye.")
    assert term.finish() == 130


def test_ctrl_d_at_a_commands_password_prompt_is_a_cancel_not_a_fault(terminal, staff):
    term = terminal(argv=["login", "--email", staff["seller"].email])
    term.wait_for("Password:")
    term.press("ctrl-d")
    assert term.finish() == 130
    text = term.text()
    assert "Cancelled." in text and "Unexpected" not in text and "Traceback" not in text


@pytest.mark.parametrize("columns, lines", [(80, 24), (60, 20)])
def test_history_screens_fit_and_page_with_their_messages_on_screen(terminal, staff, columns, lines):
    from epic_events_app.services import event_update

    event = make_event(make_contract(make_client(staff["seller"])), staff["supporter"], name="John Ouick Wedding",
                       notes="会場は川沿いの庭園で、受付は午後五時に始まります。" * 2)
    for attendees in range(76, 106):  # 30 changes: more than a screen, and more than one call
        event_update(actor=staff["supporter"], event_id=event.pk, data={"attendees": attendees})
    term = terminal(columns=columns, lines=lines)
    log_in(term, staff["seller"])
    term.type(f"e {event.pk}\r")
    term.wait_for("h history")
    term.type("h")
    screen = term.wait_for("newest first.")
    assert f"History of Event {event.pk} — John Ouick Wedding" in screen and "104 → 105" in screen
    assert "Entries 1–" in screen and "of 31, newest first. Press n older" in screen
    for _ in range(12):  # to the end, over the second call's entries
        term.type("n")
        term.pump(0.2)
    screen = term.wait_for("created")
    assert "Entry 31 of 31" in screen or "–31 of 31" in screen
    term.type("z\r")  # not a key of this screen: typed, then Enter
    screen = term.wait_for("! Press p for newer ones")
    assert f"History of Event {event.pk}" in screen  # the message did not push the title off
    term.type("b")
    term.wait_for(f"Event {event.pk} — John Ouick Wedding")
    term.type("m")
    term.answer("Choose:", "q")
    assert term.finish() == 0


@pytest.mark.parametrize("columns, lines", [(80, 24), (60, 20)])
def test_a_manager_unlocks_an_account_from_its_page(terminal, staff, columns, lines, settings):
    from crm_core.errors import NotAuthenticated
    from epic_auth_app.authentication import login

    for _ in range(settings.LOGIN_MAX_FAILURES):
        with pytest.raises(NotAuthenticated):
            login(email=staff["seller"].email, password="Not-The-Password-000")
    client = make_client(staff["seller"], full_name="Kevin Casey")
    term = terminal(columns=columns, lines=lines)
    log_in(term, staff["manager"])
    term.type(f"c {client.pk}\r")
    term.wait_for("s sales contact Bill Boquet")
    term.type("s")
    screen = term.wait_for("l unlock the account")
    assert f"Employee {staff['seller'].pk} — Bill Boquet" in screen
    assert "after failed logins" in " ".join(screen.split())  # (wrapped at 60 columns)
    term.type("l")
    screen = term.wait_for(f"Employee {staff['seller'].pk} unlocked; they can log in again")
    page = screen.split(f"Employee {staff['seller'].pk} — Bill Boquet")[-1]  # the page drawn again, whole
    assert re.search(r"Locked +no\n", page) and "l unlock" not in page
    term.type("m")
    term.answer("Choose:", "q")
    assert term.finish() == 0
    assert login(email=staff["seller"].email, password=PASSWORD).employee == staff["seller"]


def test_the_remote_menu_waits_for_a_server_that_went_away_and_carries_on(crm_server, staff, tmp_path):
    """A server gone for a moment (a restart, the network) is said, and Enter tries again: the menu stays."""
    front = FaultProxy(crm_server.port, "pass", status=502, body=b"<html>Bad gateway</html>")
    term = start_menu(tmp_path / "home", shape=Shape("remote", crm_server), EPICEVENTS_SERVER=front.url)
    try:
        log_in(term, staff["seller"])
        front.mode = "fail"
        term.type("w\r")
        term.wait_for("failed (HTTP 502)")
        term.wait_for("Press Enter to try again, or q to quit:")
        front.mode = "pass"
        term.type("\r")
        term.wait_for(f"Epic Events CRM — {staff['seller'].full_name}")
        term.type("q\r")
        assert term.finish() == 0
    finally:
        if term.child.isalive():
            term.child.terminate(force=True)
        front.close()
