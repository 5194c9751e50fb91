"""SPEC §2 invariants are refused by the database itself, whatever bypasses validation.

Rows are written with plain ORM saves and queryset updates (no full_clean, no service),
the way a careless script or a future code path might.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from epic_auth_app.models import Department, Employee
from epic_clients_app.models import Client
from epic_contracts_app.models import Contract
from epic_events_app.models import Event
from tests.factories import make_client, make_contract, make_employee, make_event

pytestmark = pytest.mark.django_db


def refused(write) -> bool:
    """True when the database refuses ``write``; the failed write is rolled back."""
    try:
        with transaction.atomic():
            write()
            connection.check_constraints()  # foreign keys are deferred until commit
    except IntegrityError:
        return True
    return False


def test_amount_due_cannot_be_negative():
    contract = make_contract()
    assert refused(lambda: Contract.objects.filter(pk=contract.pk).update(amount_due=Decimal("-0.01")))


def test_amount_due_cannot_exceed_total():
    contract = make_contract(total_amount=Decimal("100.00"), amount_due=Decimal("100.00"))
    assert refused(lambda: Contract.objects.filter(pk=contract.pk).update(amount_due=Decimal("100.01")))
    assert not refused(lambda: Contract.objects.filter(pk=contract.pk).update(amount_due=Decimal("0.00")))


def test_total_amount_cannot_be_negative():
    client = make_client()
    assert refused(lambda: make_contract(client, total_amount=Decimal("-5"), amount_due=Decimal("-5")))


def test_signed_contract_records_when_it_was_signed():
    client = make_client()
    assert refused(lambda: make_contract(client, signed=True, signed_at=None))
    assert refused(lambda: make_contract(client, signed=False, signed_at=dt.datetime.now(dt.UTC)))


def test_event_must_end_after_it_starts():
    event = make_event()
    assert refused(lambda: Event.objects.filter(pk=event.pk).update(end=event.start))
    assert refused(lambda: Event.objects.filter(pk=event.pk).update(end=event.start - dt.timedelta(minutes=1)))


def test_attendees_cannot_be_negative():
    event = make_event()
    assert refused(lambda: Event.objects.filter(pk=event.pk).update(attendees=-1))


def test_client_sales_contact_must_be_in_sales():
    supporter = make_employee("support")
    manager = make_employee("management")
    assert refused(lambda: make_client(sales_contact=supporter))
    client = make_client()
    assert refused(lambda: Client.objects.filter(pk=client.pk).update(sales_contact=manager))
    assert Client.objects.get(pk=client.pk).sales_contact.department.code == "sales"


def test_event_support_contact_must_be_in_support():
    seller = make_employee("sales")
    assert refused(lambda: make_event(support_contact=seller))
    event = make_event()
    assert refused(lambda: Event.objects.filter(pk=event.pk).update(support_contact=seller))
    assert not refused(lambda: Event.objects.filter(pk=event.pk).update(support_contact=make_employee("support")))


def test_event_needs_a_signed_contract():
    unsigned = make_contract(signed=False)
    assert refused(lambda: make_event(unsigned))
    event = make_event()
    assert refused(lambda: Event.objects.filter(pk=event.pk).update(contract=unsigned))


def test_contract_with_events_cannot_be_unsigned():
    event = make_event()
    assert refused(lambda: Contract.objects.filter(pk=event.contract_id).update(is_signed=False, signed_at=None))


def test_owner_of_clients_cannot_leave_sales():
    client = make_client()
    support = Department.objects.get(code="support")
    assert refused(lambda: Employee.objects.filter(pk=client.sales_contact_id).update(department=support))


def test_support_contact_of_events_cannot_leave_support():
    supporter = make_employee("support")
    make_event(support_contact=supporter)
    sales = Department.objects.get(code="sales")
    assert refused(lambda: Employee.objects.filter(pk=supporter.pk).update(department=sales))


def test_employee_owning_nothing_can_change_department():
    seller = make_employee("sales")
    support = Department.objects.get(code="support")
    assert not refused(lambda: Employee.objects.filter(pk=seller.pk).update(department=support))


def test_department_codes_are_fixed():
    assert refused(lambda: Department.objects.filter(code="sales").update(code="marketing"))


def test_emails_are_unique_whatever_their_case():
    make_employee(email="kate@epicevents.example")
    assert refused(lambda: make_employee(email="kate@epicevents.example"))
    assert refused(lambda: make_employee(email="Kate@EpicEvents.example"))
    make_client(email="kevin@startup.io")
    assert refused(lambda: make_client(email="kevin@startup.io"))
    assert refused(lambda: make_client(email="KEVIN@startup.io"))


def test_removed_employee_cannot_stay_active():
    employee = make_employee()
    assert refused(lambda: Employee.objects.filter(pk=employee.pk).update(deleted_at=dt.datetime.now(dt.UTC)))


class TestNothingIsDestroyedByADeletion:
    def test_employee_owning_clients_cannot_be_deleted(self):
        client = make_client()
        with pytest.raises(ProtectedError):
            client.sales_contact.delete()
        assert refused(lambda: Employee.objects.filter(pk=client.sales_contact_id)._raw_delete(connection.alias))
        assert Client.objects.filter(pk=client.pk).exists()

    def test_client_with_contracts_cannot_be_deleted(self):
        contract = make_contract()
        with pytest.raises(ProtectedError):
            contract.client.delete()
        assert refused(lambda: Client.objects.filter(pk=contract.client_id)._raw_delete(connection.alias))
        assert Contract.objects.filter(pk=contract.pk).exists()

    def test_contract_with_events_cannot_be_deleted(self):
        event = make_event()
        with pytest.raises(ProtectedError):
            event.contract.delete()
        assert Event.objects.filter(pk=event.pk).exists()

    def test_support_contact_of_events_cannot_be_deleted(self):
        supporter = make_employee("support")
        event = make_event(support_contact=supporter)
        with pytest.raises(ProtectedError):
            supporter.delete()
        assert Event.objects.get(pk=event.pk).support_contact_id == supporter.pk

    def test_department_with_employees_cannot_be_deleted(self):
        make_employee("support")
        with pytest.raises(ProtectedError):
            Department.objects.get(code="support").delete()
