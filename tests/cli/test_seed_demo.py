import datetime as dt
import sys
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from crm_core.errors import NotAuthenticated
from epic_auth_app.authentication import login
from epic_auth_app.models import Employee
from epic_auth_app.services import employee_delete
from crm_core.history import history_page
from epic_events_app.models import Event

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def test_demo_has_the_two_real_events_of_the_spreadsheet(capsys):
    call_command("seed_demo")
    output = capsys.readouterr().out
    wedding = Event.objects.select_related("contract__client", "support_contact").get(name="John Ouick Wedding")
    assert wedding.start == dt.datetime(2023, 6, 4, 13, tzinfo=PARIS)
    assert wedding.end == dt.datetime(2023, 6, 5, 2, tzinfo=PARIS)
    assert (wedding.attendees, wedding.support_contact.full_name) == (75, "Kate Hastroff")
    assert wedding.contract.client.email == "john.ouick@gmail.com"
    assembly = Event.objects.select_related("contract__client", "support_contact").get(
        name="Lou Bouzin General Assembly"
    )
    assert (assembly.attendees, assembly.location) == (200, "Salle des fêtes de Mufflins")
    assert assembly.support_contact.full_name == "Aliénor Vichum"
    assert assembly.contract.client.phone == "+666 12345"  # typed "+ 666 12345", stored cleanly
    assert Event.objects.filter(support_contact__isnull=True).exists()  # something for management to do

    line = next(line for line in output.splitlines() if "bill.boquet@" in line)
    email, password = line.split()[1:3]
    assert login(email=email, password=password).employee.full_name == "Bill Boquet"


def test_each_support_employee_has_an_upcoming_event_on_day_one(capsys):
    """A fresh demo gives Kate and Aliénor a "next event" to open, and management one to assign."""
    call_command("seed_demo")
    capsys.readouterr()
    now = dt.datetime.now(dt.UTC)
    upcoming = Event.objects.filter(start__gt=now).select_related("support_contact")
    runs = {event.support_contact.full_name for event in upcoming if event.support_contact is not None}
    assert runs == {"Kate Hastroff", "Aliénor Vichum"}
    assert any(event.support_contact is None for event in upcoming)
    kates = upcoming.get(support_contact__full_name="Kate Hastroff")
    assert kates.start - now < dt.timedelta(days=14)  # her next event is near: it is what she opens first
    assert [entry["action"] for entry in history_page(resource="events", record_id=kates.pk).items][:1] == ["updated"]


def demo_accounts(output: str) -> dict[str, str]:
    """email -> password, from the lines the command prints."""
    rows = [line.split() for line in output.splitlines() if line.startswith("  ")]  # "  sales  EMAIL  PASSWORD"
    return {row[1]: row[2] for row in rows}


def test_demo_loads_once_and_says_how_to_get_new_passwords(capsys):
    call_command("seed_demo")
    capsys.readouterr()
    with pytest.raises(CommandError, match="already loaded") as caught:
        call_command("seed_demo")
    assert "seed_demo --new-passwords" in str(caught.value)


def test_new_demo_passwords_when_the_first_ones_scrolled_away(capsys, settings):
    call_command("seed_demo")
    first = demo_accounts(capsys.readouterr().out)
    events = list(Event.objects.values_list("pk", "updated_at").order_by("pk"))
    bill = "bill.boquet@demo.epicevents.example"
    for _ in range(settings.LOGIN_MAX_FAILURES):  # someone tried to guess the lost password
        with pytest.raises(NotAuthenticated):
            login(email=bill, password="Demo-guess-0000")
    call_command("seed_demo", "--new-passwords")
    output = capsys.readouterr().out
    assert "shown only now" in output
    renewed = demo_accounts(output)
    assert set(renewed) == set(first) and len(renewed) == 5
    for email, password in renewed.items():
        assert password != first[email]
        assert login(email=email, password=password).employee.email == email
        with pytest.raises(NotAuthenticated):
            login(email=email, password=first[email])
    assert list(Event.objects.values_list("pk", "updated_at").order_by("pk")) == events  # the data is left as it was


def test_new_passwords_skip_removed_and_administrator_demo_accounts(capsys):
    call_command("seed_demo")
    capsys.readouterr()
    Employee.objects.filter(email__startswith="kate.hastroff@").update(is_superuser=True, is_staff=True)
    mathilde = Employee.objects.get(email__startswith="mathilde.roux@")
    employee_delete(actor=mathilde, employee_id=Employee.objects.get(email__startswith="sophie.martin@").pk,
                    reassign_to_id=Employee.objects.get(email__startswith="bill.boquet@").pk)
    call_command("seed_demo", "--new-passwords")
    output = capsys.readouterr().out
    assert set(demo_accounts(output)) == {
        "mathilde.roux@demo.epicevents.example",
        "bill.boquet@demo.epicevents.example",
        "alienor.vichum@demo.epicevents.example",
    }
    assert "kate.hastroff@demo.epicevents.example is an IT administrator" in output


def test_new_passwords_are_refused_without_demo_data():
    with pytest.raises(CommandError, match="no demo data"):
        call_command("seed_demo", "--new-passwords")
    assert not Employee.objects.exists()


def test_volume_mode_creates_events_with_their_clients_and_contracts(capsys):
    call_command("seed_demo", events=250)
    assert Event.objects.count() == 250
    assert all(event.contract.is_signed for event in Event.objects.select_related("contract"))
    assert "250 / 250 events" in capsys.readouterr().err


def test_on_a_narrow_terminal_each_demo_password_stays_whole_on_its_line():
    from crm_tools.demo_data import DemoAccount
    from crm_tools.management.commands.seed_demo import format_accounts

    accounts = [
        DemoAccount("alienor.vichum@demo.epicevents.example", "Aliénor Vichum", "support", "Demo-ksj-Keo3v_3nUl50"),
        DemoAccount("bill.boquet@demo.epicevents.example", "Bill Boquet", "sales", "Demo-Yv0XDjYOKpsLVGdc"),
    ]
    wide = format_accounts(accounts, columns=80).splitlines()
    narrow = format_accounts(accounts, columns=60).splitlines()
    assert wide[1].split() == ["support", "alienor.vichum@demo.epicevents.example", "Demo-ksj-Keo3v_3nUl50"]
    assert all(len(line) <= 60 for line in narrow)
    assert [line.split()[1] for line in narrow if line.split()[0] == "password"] == [each.password for each in accounts]


@pytest.mark.cli_process
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_command_on_a_60_column_terminal_prints_each_new_password_whole(tmp_path):
    import pexpect

    from tests.cli_support import REPO_ROOT, process_env

    call_command("seed_demo")
    child = pexpect.spawn(
        sys.executable,
        [str(REPO_ROOT / "crm_events" / "manage.py"), "seed_demo", "--new-passwords"],
        cwd=str(REPO_ROOT),
        env=process_env(tmp_path),
        dimensions=(24, 60),
        encoding="utf-8",
        timeout=60,
    )
    child.expect(pexpect.EOF)
    child.close()
    lines = child.before.replace("\r\n", "\n").splitlines()

    assert child.exitstatus == 0, child.before
    assert all(len(line) <= 60 for line in lines), lines
    passwords = [line.split()[1] for line in lines if line.split()[:1] == ["password"]]
    emails = [line for line in lines if "@demo.epicevents.example" in line]
    assert passwords and len(passwords) == len(emails)  # every account's password on the line after its email
    assert all(password.startswith("Demo-") for password in passwords)
