"""The cross-table invariants of SPEC §2 hold when two transactions race: whichever comes second is refused.

Database depth: plain ORM writes (no service), as a script or a future code path would make
them; the triggers must refuse the second. Each pair is played in both orders, the first
transaction holding its changes uncommitted while the second runs on its own connection
(tests/concurrency_support.py). On SQLite the second simply waits for the write lock, so
the same tests show why nothing more is needed there.
"""

import datetime as dt

import pytest
from django.db import IntegrityError

from crm_core import clock
from epic_auth_app.models import Department, Employee
from epic_clients_app.models import Client
from epic_contracts_app.models import Contract
from epic_events_app.models import Event
from tests.concurrency_support import Interleaving
from tests.factories import make_client, make_contract, make_employee, make_event

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def interleave(caplog):
    return Interleaving(caplog).run


def department(code: str) -> Department:
    return Department.objects.get(code=code)


def move(employee: Employee, code: str):
    return lambda: Employee.objects.filter(pk=employee.pk).update(department=department(code))


def remove(employee: Employee):
    now = clock.now()
    return lambda: Employee.objects.filter(pk=employee.pk).update(is_active=False, deleted_at=now, updated_at=now)


def new_client(sales_contact: Employee):
    return lambda: Client.objects.create(
        full_name="Kevin Casey", email="kevin@startup.io", phone="+678 123 456 78",
        company_name="Cool Startup LLC", sales_contact_id=sales_contact.pk,
    )


def new_event(contract: Contract, supporter: Employee | None = None):
    start = clock.now() + dt.timedelta(days=30)
    return lambda: Event.objects.create(
        contract_id=contract.pk, name="John Ouick Wedding", start=start, end=start + dt.timedelta(hours=13),
        location="Candé-sur-Beuvron", attendees=75, support_contact_id=supporter.pk if supporter else None,
    )


def assign(event: Event, supporter: Employee):
    return lambda: Event.objects.filter(pk=event.pk).update(support_contact=supporter)


def refused(outcome) -> bool:
    return isinstance(outcome, IntegrityError)


class TestClientAndItsSalesContactsDepartment:
    def test_a_client_created_for_someone_leaving_sales_is_refused(self, interleave):
        seller = make_employee("sales")
        first, second = interleave(move(seller, "support"), new_client(seller))
        assert not refused(first) and refused(second)
        assert Employee.objects.get(pk=seller.pk).department.code == "support"
        assert not Client.objects.exists()

    def test_leaving_sales_while_a_client_is_being_created_is_refused(self, interleave):
        seller = make_employee("sales")
        first, second = interleave(new_client(seller), move(seller, "support"))
        assert not refused(first) and refused(second)
        assert Employee.objects.get(pk=seller.pk).department.code == "sales"
        assert Client.objects.get().sales_contact_id == seller.pk

    def test_a_client_handed_to_someone_leaving_sales_is_refused(self, interleave):
        seller, leaving = make_employee("sales"), make_employee("sales")
        client = make_client(seller)
        hand_over = lambda: Client.objects.filter(pk=client.pk).update(sales_contact=leaving)  # noqa: E731
        first, second = interleave(move(leaving, "management"), hand_over)
        assert not refused(first) and refused(second)
        assert Client.objects.get(pk=client.pk).sales_contact_id == seller.pk


class TestEventAndItsSupportContactsDepartment:
    def test_an_event_created_with_someone_leaving_support_is_refused(self, interleave):
        supporter, contract = make_employee("support"), make_contract()
        first, second = interleave(move(supporter, "sales"), new_event(contract, supporter))
        assert not refused(first) and refused(second)
        assert not Event.objects.exists()

    def test_leaving_support_while_assigned_to_an_event_is_refused(self, interleave):
        supporter, event = make_employee("support"), make_event()
        first, second = interleave(assign(event, supporter), move(supporter, "sales"))
        assert not refused(first) and refused(second)
        assert Employee.objects.get(pk=supporter.pk).department.code == "support"
        assert Event.objects.get(pk=event.pk).support_contact_id == supporter.pk

    def test_an_event_assigned_to_someone_leaving_support_is_refused(self, interleave):
        supporter, event = make_employee("support"), make_event()
        first, second = interleave(move(supporter, "sales"), assign(event, supporter))
        assert not refused(first) and refused(second)
        assert Event.objects.get(pk=event.pk).support_contact_id is None


class TestEventAndItsSignedContract:
    def unsign(self, contract: Contract):
        return lambda: Contract.objects.filter(pk=contract.pk).update(is_signed=False, signed_at=None)

    def test_an_event_created_on_a_contract_being_unsigned_is_refused(self, interleave):
        contract = make_contract()
        first, second = interleave(self.unsign(contract), new_event(contract))
        assert not refused(first) and refused(second)
        assert not Event.objects.exists()

    def test_unsigning_a_contract_that_is_getting_its_first_event_is_refused(self, interleave):
        contract = make_contract()
        first, second = interleave(new_event(contract), self.unsign(contract))
        assert not refused(first) and refused(second)
        assert Contract.objects.get(pk=contract.pk).is_signed
        assert Event.objects.filter(contract=contract).count() == 1


class TestRemovalAndRecordsCreatedForTheRemovedEmployee:
    def test_a_client_created_for_an_employee_being_removed_is_refused(self, interleave):
        seller = make_employee("sales")
        first, second = interleave(remove(seller), new_client(seller))
        assert not refused(first) and refused(second)
        assert not Client.objects.exists()

    def test_removing_an_employee_whose_client_is_being_created_is_refused(self, interleave):
        seller = make_employee("sales")
        first, second = interleave(new_client(seller), remove(seller))
        assert not refused(first) and refused(second)
        assert Employee.objects.get(pk=seller.pk).deleted_at is None

    def test_an_event_assigned_to_an_employee_being_removed_is_refused(self, interleave):
        supporter, event = make_employee("support"), make_event()
        first, second = interleave(remove(supporter), assign(event, supporter))
        assert not refused(first) and refused(second)
        assert Event.objects.get(pk=event.pk).support_contact_id is None

    def test_removing_an_employee_being_assigned_an_upcoming_event_is_refused(self, interleave):
        supporter, event = make_employee("support"), make_event()
        first, second = interleave(assign(event, supporter), remove(supporter))
        assert not refused(first) and refused(second)
        assert Employee.objects.get(pk=supporter.pk).deleted_at is None


def test_a_removed_employee_keeps_the_past_events_they_ran():
    """History stays: only events that have not ended at the removal block it."""
    supporter = make_employee("support")
    past = clock.now() - dt.timedelta(days=30)
    make_event(support_contact=supporter, start=past)
    remove(supporter)()
    assert Employee.objects.get(pk=supporter.pk).deleted_at is not None
