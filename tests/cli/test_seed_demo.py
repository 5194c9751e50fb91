import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from epic_auth_app.authentication import login
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


def test_demo_loads_once():
    call_command("seed_demo", stdout=None)
    with pytest.raises(CommandError, match="already loaded"):
        call_command("seed_demo")


def test_volume_mode_creates_events_with_their_clients_and_contracts(capsys):
    call_command("seed_demo", events=250)
    assert Event.objects.count() == 250
    assert all(event.contract.is_signed for event in Event.objects.select_related("contract"))
    assert "250 / 250 events" in capsys.readouterr().err
