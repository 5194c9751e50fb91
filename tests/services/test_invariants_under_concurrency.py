"""Two staff at the same moment, through the services: the second is refused with a sentence.

The services lock the row their check depends on, so the second transaction waits for the
first and checks what it committed: the user reads why ("... is not an active sales
employee", "... still the sales contact of 1 client"), never that "the records changed
meanwhile", and nothing is left half-valid. Each pair in both orders; the first holds its
transaction open while the second runs on a connection of its own (tests/concurrency_support.py).
"""

import datetime as dt

import pytest

from crm_core import clock
from crm_core.errors import InvalidInput, RuleViolation
from epic_auth_app.models import Employee
from epic_auth_app.services import employee_delete, employee_update
from epic_clients_app.models import Client
from epic_clients_app.services import client_create, client_update
from epic_contracts_app.models import Contract
from epic_contracts_app.services import contract_update
from epic_events_app.models import Event
from epic_events_app.services import event_create, event_update
from tests.concurrency_support import Interleaving
from tests.factories import make_client, make_contract, make_employee, make_event

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def interleave(caplog):
    return Interleaving(caplog).run


@pytest.fixture
def manager(transactional_db):
    return make_employee("management", full_name="Mona Manager")


def create_client(seller: Employee, email: str = "kevin@startup.io"):
    return lambda: client_create(
        actor=seller, full_name="Kevin Casey", email=email, phone="+678 123 456 78", company_name="Cool Startup LLC"
    )


def change_department(manager: Employee, employee: Employee, code: str):
    return lambda: employee_update(actor=manager, employee_id=employee.pk, data={"department": code})


def assign_support(manager: Employee, event: Event, supporter: Employee):
    return lambda: event_update(actor=manager, event_id=event.pk, data={"support_contact_id": supporter.pk})


def remove(manager: Employee, employee: Employee, successor: Employee):
    return lambda: employee_delete(actor=manager, employee_id=employee.pk, reassign_to_id=successor.pk)


NOT_IN_SALES = "Sales contact: {} is not an active sales employee; see the list of employees."


def sentence(outcome, kind) -> str:
    assert isinstance(outcome, kind), outcome
    return outcome.message


class TestSalesContact:
    def test_creating_a_client_while_being_moved_out_of_sales(self, interleave, manager):
        seller = make_employee("sales", full_name="Bill Boquet")
        _, second = interleave(change_department(manager, seller, "support"), create_client(seller))
        assert sentence(second, InvalidInput) == NOT_IN_SALES.format(seller.pk)
        assert not Client.objects.exists()

    def test_moving_out_of_sales_while_creating_a_client(self, interleave, manager):
        seller = make_employee("sales", full_name="Bill Boquet")
        _, second = interleave(create_client(seller), change_department(manager, seller, "support"))
        assert sentence(second, RuleViolation).startswith("Bill Boquet is still the sales contact of 1 client")
        assert Employee.objects.get(pk=seller.pk).department.code == "sales"

    def test_creating_a_client_while_being_removed(self, interleave, manager):
        seller, successor = make_employee("sales"), make_employee("sales")
        _, second = interleave(remove(manager, seller, successor), create_client(seller))
        assert sentence(second, InvalidInput) == NOT_IN_SALES.format(seller.pk)
        assert not Client.objects.exists()

    def test_being_removed_while_creating_a_client_hands_that_client_over_too(self, interleave, manager):
        seller, successor = make_employee("sales"), make_employee("sales")
        created, removal = interleave(create_client(seller), remove(manager, seller, successor))
        assert removal.clients_moved == 1
        assert Client.objects.get(pk=created.pk).sales_contact_id == successor.pk


class TestSupportContact:
    def test_assigning_someone_being_moved_out_of_support(self, interleave, manager):
        supporter, event = make_employee("support"), make_event()
        moving, assigning = change_department(manager, supporter, "sales"), assign_support(manager, event, supporter)
        _, second = interleave(moving, assigning)
        assert sentence(second, InvalidInput) == (
            f"Support contact: {supporter.pk} is not an active support employee; see the list of employees."
        )
        assert Event.objects.get(pk=event.pk).support_contact_id is None

    def test_moving_out_of_support_while_being_assigned(self, interleave, manager):
        supporter, event = make_employee("support", full_name="Kate Hastroff"), make_event()
        assigning, moving = assign_support(manager, event, supporter), change_department(manager, supporter, "sales")
        _, second = interleave(assigning, moving)
        assert sentence(second, RuleViolation).startswith("Kate Hastroff is still the support contact of 1 upcoming")
        assert Employee.objects.get(pk=supporter.pk).department.code == "support"

    def test_assigning_someone_being_removed(self, interleave, manager):
        supporter, successor, event = make_employee("support"), make_employee("support"), make_event()
        _, second = interleave(remove(manager, supporter, successor), assign_support(manager, event, supporter))
        assert isinstance(second, InvalidInput), second
        assert Event.objects.get(pk=event.pk).support_contact_id is None

    def test_being_removed_while_being_assigned_hands_the_event_over_too(self, interleave, manager):
        supporter, successor, event = make_employee("support"), make_employee("support"), make_event()
        _, removal = interleave(assign_support(manager, event, supporter), remove(manager, supporter, successor))
        assert removal.events_moved == 1
        assert Event.objects.get(pk=event.pk).support_contact_id == successor.pk


class TestSignedContract:
    def create_event(self, seller: Employee, contract: Contract):
        start = clock.now() + dt.timedelta(days=30)
        return lambda: event_create(
            actor=seller, contract_id=contract.pk, name="John Ouick Wedding", start=start.isoformat(),
            end=(start + dt.timedelta(hours=13)).isoformat(), location="Candé-sur-Beuvron", attendees=75,
        )

    def unsign(self, manager: Employee, contract: Contract):
        return lambda: contract_update(actor=manager, contract_id=contract.pk, data={"is_signed": False})

    def test_creating_an_event_on_a_contract_being_unsigned(self, interleave, manager):
        seller = make_employee("sales")
        contract = make_contract(make_client(seller))
        _, second = interleave(self.unsign(manager, contract), self.create_event(seller, contract))
        assert "is not signed yet" in sentence(second, RuleViolation)
        assert not Event.objects.exists()

    def test_unsigning_a_contract_getting_its_first_event(self, interleave, manager):
        seller = make_employee("sales")
        contract = make_contract(make_client(seller))
        _, second = interleave(self.create_event(seller, contract), self.unsign(manager, contract))
        assert "already has events, so it stays signed" in sentence(second, RuleViolation)
        assert Contract.objects.get(pk=contract.pk).is_signed


class TestSameEmailAtOnce:
    def test_the_second_salesperson_learns_the_address_is_taken(self, interleave):
        _, second = interleave(create_client(make_employee("sales")), create_client(make_employee("sales")))
        assert sentence(second, InvalidInput).startswith("Email: another client already uses this address")
        assert Client.objects.count() == 1

    def test_changing_to_an_address_being_taken(self, interleave):
        seller = make_employee("sales")
        client = make_client(seller)

        change_email = lambda: client_update(  # noqa: E731
            actor=seller, client_id=client.pk, data={"email": "kevin@startup.io"}
        )
        _, second = interleave(create_client(make_employee("sales")), change_email)
        assert sentence(second, InvalidInput).startswith("Email: another client already uses this address")
