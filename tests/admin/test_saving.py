"""Saving in the admin goes through the services: what the CLI refuses, the admin refuses too."""

import datetime as dt
import logging
from decimal import Decimal

import pytest

from epic_clients_app.models import Client
from epic_contracts_app.models import Contract
from epic_events_app.models import Event
from tests.admin.conftest import admin_url, form_errors
from tests.factories import make_client, make_contract, make_employee, make_event
from tests.services.conftest import snapshot

pytestmark = pytest.mark.django_db


def client_data(world, **changes) -> dict:
    return {
        "full_name": "Kevin Casey",
        "email": "Kevin.Casey@Startup.io",
        "phone": "+678.123.456.78",
        "company_name": "Cool Startup LLC",
        "sales_contact": world.seller.pk,
        **changes,
    }


def event_data(world, **changes) -> dict:
    return {
        "contract": world.contract.pk,
        "name": "John Ouick Wedding",
        "start_0": "2027-06-04",
        "start_1": "13:00",
        "end_0": "2027-06-05",
        "end_1": "02:00",
        "location": "53 Rue du Château, 41120 Candé-sur-Beuvron, France",
        "attendees": "75",
        "notes": "Wedding starts at 3PM, by the river.",
        "support_contact": "",
        **changes,
    }


def test_a_client_added_in_the_admin_is_cleaned_like_one_added_in_the_cli(as_admin, world):
    response = as_admin.post(admin_url("client", "add"), client_data(world, email="New.Client@Startup.io"))
    assert response.status_code == 302
    client = Client.objects.get(email="new.client@startup.io")
    assert client.phone == "+678 123 456 78"
    assert client.sales_contact == world.seller


def test_a_client_sales_contact_outside_sales_is_refused(as_admin, world):
    before = snapshot()
    response = as_admin.post(admin_url("client", "add"), client_data(world, sales_contact=world.supporter.pk))
    assert "sales_contact" in form_errors(response)
    assert snapshot() == before


def test_a_salesperson_who_left_cannot_be_given_clients(as_admin, world):
    gone = make_employee("sales", is_active=False)
    before = snapshot()
    data = client_data(world, email="kevin@startup.io", sales_contact=gone.pk)
    response = as_admin.post(admin_url("client", "change", world.client.pk), data)
    assert "is not an active sales employee" in " ".join(form_errors(response)["sales_contact"])
    assert snapshot() == before


def test_a_duplicate_client_email_is_refused_whatever_its_case(as_admin, world):
    before = snapshot()
    response = as_admin.post(admin_url("client", "add"), client_data(world, email="KEVIN@startup.io"))
    assert "already uses" in " ".join(form_errors(response)["email"])
    assert snapshot() == before


def contract_data(world, **changes) -> dict:
    return {"client": world.client.pk, "total_amount": "1500.00", "amount_due": "500.00", **changes}


def test_an_amount_due_above_the_total_is_refused(as_admin, world):
    before = snapshot()
    response = as_admin.post(admin_url("contract", "add"), contract_data(world, amount_due="1500.01"))
    assert form_errors(response)["amount_due"] == ["Amount due: cannot exceed the total amount (1500.00)."]
    assert snapshot() == before
    change = as_admin.post(
        admin_url("contract", "change", world.contract.pk), {"total_amount": "400.00", "amount_due": "500.00"}
    )
    assert "cannot be less than the amount still due" in " ".join(form_errors(change)["total_amount"])
    assert snapshot() == before


def test_a_new_contract_without_amount_due_owes_its_total(as_admin, world):
    response = as_admin.post(admin_url("contract", "add"), contract_data(world, amount_due=""))
    assert response.status_code == 302
    contract = Contract.objects.latest("pk")
    assert (contract.total_amount, contract.amount_due, contract.is_signed) == (Decimal("1500.00"),) * 2 + (False,)


def test_signing_a_contract_in_the_admin_is_reported_like_in_the_cli(as_admin, administrator, world, caplog):
    contract = world.unsigned
    with caplog.at_level(logging.INFO, logger="crm.audit"):
        data = {"total_amount": "1500.00", "amount_due": "500.00", "is_signed": "on"}
        response = as_admin.post(admin_url("contract", "change", contract.pk), data)
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.is_signed and contract.signed_at is not None
    signed = [r.getMessage() for r in caplog.records if r.getMessage().startswith("contract.signed")]
    assert signed == [f"contract.signed actor_department=management actor_id={administrator.pk} "
                      f"client_id={contract.client_id} contract_id={contract.pk}"]


def test_a_contract_with_events_cannot_be_unsigned(as_admin, world):
    before = snapshot()
    response = as_admin.post(
        admin_url("contract", "change", world.contract.pk), {"total_amount": "1500.00", "amount_due": "500.00"}
    )
    assert "already has events" in " ".join(form_errors(response)["__all__"])
    assert snapshot() == before


def test_an_event_added_in_the_admin_is_saved_with_its_support_contact(as_admin, world):
    response = as_admin.post(admin_url("event", "add"), event_data(world, support_contact=world.supporter.pk))
    assert response.status_code == 302
    event = Event.objects.latest("pk")
    assert (event.contract, event.support_contact, event.attendees) == (world.contract, world.supporter, 75)
    assert event.end - event.start == dt.timedelta(hours=13)


def test_an_event_ending_before_it_starts_is_refused(as_admin, world):
    before = snapshot()
    response = as_admin.post(admin_url("event", "add"), event_data(world, end_0="2027-06-04", end_1="12:00"))
    assert form_errors(response)["end"] == ["End: the event must end after it starts."]
    change = as_admin.post(
        admin_url("event", "change", world.event.pk), event_data(world, end_0="2027-06-04", end_1="12:00")
    )
    assert "end" in form_errors(change)
    assert snapshot() == before


def test_a_support_contact_from_sales_is_refused(as_admin, world):
    before = snapshot()
    response = as_admin.post(admin_url("event", "add"), event_data(world, support_contact=world.seller.pk))
    assert "support_contact" in form_errors(response)
    change = as_admin.post(
        admin_url("event", "change", world.event.pk), event_data(world, support_contact=world.seller.pk)
    )
    assert "support_contact" in form_errors(change)
    assert snapshot() == before


def test_an_event_for_an_unsigned_contract_is_refused(as_admin, world):
    before = snapshot()
    response = as_admin.post(admin_url("event", "add"), event_data(world, contract=world.unsigned.pk))
    assert "not signed yet" in " ".join(form_errors(response)["__all__"])
    assert snapshot() == before


def test_assigning_and_removing_support_in_the_admin(as_admin, world):
    unstaffed = make_event(world.contract, name="Unstaffed Party")
    url = admin_url("event", "change", unstaffed.pk)
    data = event_data(world, name="Unstaffed Party", start_0="2027-06-04", start_1="13:00")
    assert as_admin.post(url, {**data, "support_contact": world.other_supporter.pk}).status_code == 302
    unstaffed.refresh_from_db()
    assert unstaffed.support_contact == world.other_supporter
    assert as_admin.post(url, {**data, "support_contact": ""}).status_code == 302
    unstaffed.refresh_from_db()
    assert unstaffed.support_contact is None


def test_an_unchanged_form_saves_nothing(as_admin, world):
    kevin = world.client
    before = snapshot()
    data = client_data(world, email=kevin.email, phone=kevin.phone, company_name=kevin.company_name)
    assert as_admin.post(admin_url("client", "change", kevin.pk), data).status_code == 302
    assert snapshot() == before


def test_an_event_can_be_deleted(as_admin, world):
    response = as_admin.post(admin_url("event", "delete", world.event.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Event.objects.filter(pk=world.event.pk).exists()


@pytest.mark.parametrize("kind", ["client", "contract"])
def test_deleting_a_record_others_depend_on_is_refused_with_a_message(as_admin, world, kind):
    record = world.client if kind == "client" else world.contract
    before = snapshot()
    page = as_admin.get(admin_url(kind, "delete", record.pk))
    assert page.status_code == 200 and "protected related objects" in page.content.decode()
    refused = as_admin.post(admin_url(kind, "delete", record.pk), {"post": "yes"})
    assert refused.status_code == 200 and "protected related objects" in refused.content.decode()
    assert snapshot() == before


def test_a_record_nothing_depends_on_can_be_deleted(as_admin, world):
    lone = make_contract(make_client(world.seller), signed=False)
    assert as_admin.post(admin_url("contract", "delete", lone.pk), {"post": "yes"}).status_code == 302
    assert not Contract.objects.filter(pk=lone.pk).exists()
