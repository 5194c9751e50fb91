"""Contracts and events may carry their number from the company's spreadsheets: optional, unique."""

import pytest
from django.db import IntegrityError, transaction

from crm_core.errors import InvalidInput, PermissionDenied
from epic_contracts_app.models import Contract
from epic_contracts_app.services import contract_create, contract_update
from epic_events_app.models import Event
from epic_events_app.services import event_create, event_update
from tests.factories import a_year_from_now, make_client, make_contract, make_event
from tests.services.conftest import snapshot

pytestmark = pytest.mark.django_db


def test_a_contract_keeps_its_number_and_no_two_contracts_share_one(manager):
    client = make_client()
    first = contract_create(actor=manager, client_id=client.pk, total_amount="100", reference=" 652 ")
    assert Contract.objects.get(pk=first.pk).reference == "652"
    before = snapshot()
    with pytest.raises(InvalidInput, match=f"652 is already the number of contract {first.pk}"):
        contract_create(actor=manager, client_id=client.pk, total_amount="100", reference="652")
    assert snapshot() == before


def test_contracts_without_a_number_are_many_and_an_empty_number_is_none(manager):
    client = make_client()
    numbers = [contract_create(actor=manager, client_id=client.pk, total_amount="1", reference=ref).reference
               for ref in (None, "", "   ")]
    assert numbers == [None, None, None]


def test_a_contract_number_changes_under_the_contract_update_rule(manager, seller, other_seller):
    contract = make_contract(make_client(seller))
    make_contract(reference="412")
    contract_update(actor=seller, contract_id=contract.pk, data={"reference": "652"})
    assert Contract.objects.get(pk=contract.pk).reference == "652"
    with pytest.raises(InvalidInput, match="412 is already the number"):
        contract_update(actor=manager, contract_id=contract.pk, data={"reference": "412"})
    with pytest.raises(PermissionDenied):
        contract_update(actor=other_seller, contract_id=contract.pk, data={"reference": "653"})
    contract_update(actor=manager, contract_id=contract.pk, data={"reference": "652"})  # its own number again
    assert Contract.objects.get(pk=contract.pk).reference == "652"


def test_an_event_keeps_its_number_and_no_two_events_share_one(seller, supporter, manager):
    contract = make_contract(make_client(seller))
    start = a_year_from_now()
    details = {"name": "John Ouick Wedding", "start": start, "end": start.replace(hour=23), "location": "Candé",
               "attendees": 75}
    event = event_create(actor=seller, contract_id=contract.pk, reference="109", **details)
    assert Event.objects.get(pk=event.pk).reference == "109"
    with pytest.raises(InvalidInput, match=f"109 is already the number of event {event.pk}"):
        event_create(actor=seller, contract_id=contract.pk, reference="109", **details)
    other = make_event(support_contact=supporter)
    with pytest.raises(InvalidInput, match="109 is already the number"):
        event_update(actor=supporter, event_id=other.pk, data={"reference": "109"})
    event_update(actor=manager, event_id=other.pk, data={"reference": "1023"})
    assert Event.objects.get(pk=other.pk).reference == "1023"


def test_the_database_refuses_a_number_twice_whatever_writes_it():
    first, second = make_contract(), make_contract()
    Contract.objects.filter(pk=first.pk).update(reference="652")
    with pytest.raises(IntegrityError), transaction.atomic():
        Contract.objects.filter(pk=second.pk).update(reference="652")
    event, other = make_event(), make_event()
    Event.objects.filter(pk=event.pk).update(reference="109")
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=other.pk).update(reference="109")
