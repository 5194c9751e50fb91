"""The same bad values, caught by model validation with a message on the right field."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from epic_clients_app.models import Client
from epic_contracts_app.models import Contract
from epic_events_app.models import Event
from tests.factories import make_client, make_contract, make_employee, make_event

pytestmark = pytest.mark.django_db


def field_errors(instance) -> dict:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def test_amount_due_over_total_is_reported_on_amount_due():
    contract = Contract(client=make_client(), total_amount=Decimal("100"), amount_due=Decimal("150"))
    assert "cannot exceed the total" in " ".join(field_errors(contract)["amount_due"])


def test_negative_amounts_are_reported_per_field():
    contract = Contract(client=make_client(), total_amount=Decimal("-1"), amount_due=Decimal("-2"))
    errors = field_errors(contract)
    assert "total_amount" in errors and "amount_due" in errors


def test_event_ending_before_start_is_reported_on_end():
    event = make_event()
    event.end = event.start - dt.timedelta(hours=1)
    assert field_errors(event)["end"] == ["The event must end after it starts."]


def test_negative_attendees_reported_on_attendees():
    event = make_event()
    event.attendees = -3
    assert "attendees" in field_errors(event)


def test_event_on_unsigned_contract_reported_on_contract():
    event = Event(
        contract=make_contract(signed=False),
        name="Lou Bouzin General Assembly",
        start=dt.datetime(2027, 5, 5, 15, tzinfo=dt.UTC),
        end=dt.datetime(2027, 5, 5, 17, tzinfo=dt.UTC),
        location="Salle des fêtes de Mufflins",
        attendees=200,
    )
    assert "signed contract" in " ".join(field_errors(event)["contract"])


def test_support_contact_from_sales_reported_on_support_contact():
    event = make_event()
    event.support_contact = make_employee("sales", full_name="Bill Boquet")
    assert "support_contact" in field_errors(event)


def test_client_sales_contact_from_support_reported_on_sales_contact():
    client = Client(
        full_name="Kevin Casey",
        email="kevin@startup.io",
        phone="+678 123 456 78",
        company_name="Cool Startup LLC",
        sales_contact=make_employee("support"),
    )
    assert "sales_contact" in field_errors(client)
