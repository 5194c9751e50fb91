"""SPEC §3, row by row: every department × every operation × own / someone else's record.

The expected outcomes below are copied from the table in SPEC.md, not derived from
crm_core.policy. "own" means: for sales, a record of their client; for support, an
event assigned to them. Management has no ownership, so "own" and "other" expect the
same. A refused operation must raise PermissionDenied and leave the database unchanged;
an allowed one must have done what it is for (the change is read back from the database).
"""

import datetime as dt
from decimal import Decimal

import pytest

from crm_core import clock
from crm_core.errors import PermissionDenied
from epic_auth_app import selectors as employee_selectors
from epic_auth_app import services as employee_services
from epic_auth_app.models import Employee
from epic_clients_app import selectors as client_selectors
from epic_clients_app import services as client_services
from epic_clients_app.models import Client
from epic_contracts_app import selectors as contract_selectors
from epic_contracts_app import services as contract_services
from epic_contracts_app.models import Contract
from epic_events_app import selectors as event_selectors
from epic_events_app import services as event_services
from epic_events_app.models import Event
from tests.services.conftest import snapshot

YES, NO = True, False

# operation: (management, sales own, sales other, support own, support other) — from SPEC §3
MATRIX = {
    "list clients": (YES, YES, YES, YES, YES),
    "show client": (YES, YES, YES, YES, YES),
    "list contracts": (YES, YES, YES, YES, YES),
    "show contract": (YES, YES, YES, YES, YES),
    "list events": (YES, YES, YES, YES, YES),
    "show event": (YES, YES, YES, YES, YES),
    "list employees": (YES, NO, NO, NO, NO),
    "show employee": (YES, NO, NO, NO, NO),
    "create employee": (YES, NO, NO, NO, NO),
    "update employee": (YES, NO, NO, NO, NO),
    "change employee department": (YES, NO, NO, NO, NO),
    "change employee password": (YES, NO, NO, NO, NO),
    "delete employee": (YES, NO, NO, NO, NO),
    "create client": (NO, YES, YES, NO, NO),
    "update client details": (NO, YES, NO, NO, NO),
    "change client sales contact": (YES, NO, NO, NO, NO),
    "create contract": (YES, NO, NO, NO, NO),
    "update contract amounts": (YES, YES, NO, NO, NO),
    "sign contract": (YES, YES, NO, NO, NO),
    "create event": (NO, YES, NO, NO, NO),
    "assign event support": (YES, NO, NO, NO, NO),
    "unassign event support": (YES, NO, NO, NO, NO),
    "update event details": (YES, NO, NO, YES, NO),
    "unlock a locked account": (YES, NO, NO, NO, NO),
}
COLUMNS = [
    ("management", "own"),
    ("sales", "own"),
    ("sales", "other"),
    ("support", "own"),
    ("support", "other"),
]


def operation(name: str, world, actor, own: bool):
    """Perform ``name`` as ``actor`` on their own record (own=True) or someone else's."""
    client = world.client if own else world.other_client
    contract = world.contract if own else world.other_contract
    unsigned = world.unsigned if own else world.other_unsigned
    event = world.event if own else world.other_event
    target_employee = world.other_seller
    start = dt.datetime(2027, 9, 1, 18, 0, tzinfo=dt.UTC)
    actions = {
        "list clients": lambda: list(client_selectors.clients_list(actor=actor)),
        "show client": lambda: client_selectors.client_get(actor=actor, client_id=client.pk),
        "list contracts": lambda: list(contract_selectors.contracts_list(actor=actor)),
        "show contract": lambda: contract_selectors.contract_get(actor=actor, contract_id=contract.pk),
        "list events": lambda: list(event_selectors.events_list(actor=actor)),
        "show event": lambda: event_selectors.event_get(actor=actor, event_id=event.pk),
        "list employees": lambda: list(employee_selectors.employees_list(actor=actor)),
        "show employee": lambda: employee_selectors.employee_get(actor=actor, employee_id=target_employee.pk),
        "create employee": lambda: employee_services.employee_create(
            actor=actor,
            email="new.hire@epicevents.example",
            full_name="New Hire",
            department="support",
            password="Long-Enough-Passphrase-1",
        ),
        "update employee": lambda: employee_services.employee_update(
            actor=actor, employee_id=target_employee.pk, data={"phone": "+33 6 12 34 56 78"}
        ),
        "change employee department": lambda: employee_services.employee_update(
            actor=actor, employee_id=world.idle_supporter.pk, data={"department": "management"}
        ),
        "change employee password": lambda: employee_services.employee_update(
            actor=actor, employee_id=target_employee.pk, data={"password": "Another-Long-Passphrase-2"}
        ),
        "delete employee": lambda: employee_services.employee_delete(
            actor=actor, employee_id=target_employee.pk, reassign_to_id=world.seller.pk
        ),
        "create client": lambda: client_services.client_create(
            actor=actor,
            full_name="John Ouick",
            email="john.ouick@gmail.com",
            phone="+1 234 567 8901",
            company_name="John Ouick",
        ),
        "update client details": lambda: client_services.client_update(
            actor=actor, client_id=client.pk, data={"phone": "+678 999 999 99"}
        ),
        "change client sales contact": lambda: client_services.client_update(
            actor=actor,
            client_id=client.pk,
            data={"sales_contact_id": (world.other_seller if own else world.seller).pk},
        ),
        "create contract": lambda: contract_services.contract_create(
            actor=actor, client_id=client.pk, total_amount="2000.00"
        ),
        "update contract amounts": lambda: contract_services.contract_update(
            actor=actor, contract_id=contract.pk, data={"amount_due": "100.00"}
        ),
        "sign contract": lambda: contract_services.contract_sign(actor=actor, contract_id=unsigned.pk),
        "create event": lambda: event_services.event_create(
            actor=actor,
            contract_id=contract.pk,
            name="After party",
            start=start,
            end=start + dt.timedelta(hours=4),
            location="Salle des fêtes de Mufflins",
            attendees=50,
        ),
        "assign event support": lambda: event_services.event_assign_support(
            actor=actor, event_id=event.pk, support_contact_id=(world.other_supporter if own else world.supporter).pk
        ),
        "unassign event support": lambda: event_services.event_assign_support(
            actor=actor, event_id=event.pk, support_contact_id=None
        ),
        "update event details": lambda: event_services.event_update(
            actor=actor, event_id=event.pk, data={"attendees": 80, "notes": "DJ booked."}
        ),
        "unlock a locked account": lambda: employee_services.employee_unlock(
            actor=actor, employee_id=target_employee.pk
        ),
    }
    return actions[name]()


def prepare(name: str, world) -> None:
    """What must be true before ``name`` can be tried at all."""
    if name == "unlock a locked account":  # as five wrong passwords leave it
        locked_until = clock.now() + dt.timedelta(minutes=15)
        Employee.objects.filter(pk=world.other_seller.pk).update(locked_until=locked_until)


def records(model, **lookup):
    return model.objects.filter(**lookup)


def effect_seen(name: str, world, actor, own: bool, result) -> bool:
    """Did the allowed operation ``name`` do what it is for? Read back from the database.

    Reads must return the records asked for (SPEC §3: everyone reads every client,
    contract and event); writes must have stored the change they were given.
    """
    client = world.client if own else world.other_client
    contract = world.contract if own else world.other_contract
    unsigned = world.unsigned if own else world.other_unsigned
    event = world.event if own else world.other_event
    target = world.other_seller
    every_contract = {world.contract, world.other_contract, world.unsigned, world.other_unsigned}
    staff = {world.manager, world.seller, world.other_seller, world.supporter, world.other_supporter}
    staff.add(world.idle_supporter)
    fresh = {
        "client": lambda: Client.objects.get(pk=client.pk),
        "contract": lambda: Contract.objects.get(pk=contract.pk),
        "event": lambda: Event.objects.get(pk=event.pk),
        "target": lambda: Employee.objects.get(pk=target.pk),
    }
    checks = {
        "list clients": lambda: set(result) == {world.client, world.other_client},
        "show client": lambda: result == client,
        "list contracts": lambda: set(result) == every_contract,
        "show contract": lambda: result == contract,
        "list events": lambda: set(result) == {world.event, world.other_event},
        "show event": lambda: result == event,
        "list employees": lambda: set(result) == staff,
        "show employee": lambda: result == target,
        "create employee": lambda: records(
            Employee, email="new.hire@epicevents.example", full_name="New Hire", department__code="support"
        ).exists(),
        "update employee": lambda: fresh["target"]().phone == "+33 6 12 34 56 78",
        "change employee department": lambda: Employee.objects.get(pk=world.idle_supporter.pk).department.code
        == "management",
        "change employee password": lambda: fresh["target"]().check_password("Another-Long-Passphrase-2"),
        "delete employee": lambda: not fresh["target"]().is_active
        and Client.objects.get(pk=world.other_client.pk).sales_contact == world.seller,
        "create client": lambda: records(Client, email="john.ouick@gmail.com", sales_contact=actor).exists(),
        "update client details": lambda: fresh["client"]().phone == "+678 999 999 99",
        "change client sales contact": lambda: fresh["client"]().sales_contact
        == (world.other_seller if own else world.seller),
        "create contract": lambda: records(
            Contract, client=client, total_amount=Decimal("2000.00"), amount_due=Decimal("2000.00"), is_signed=False
        ).exists(),
        "update contract amounts": lambda: fresh["contract"]().amount_due == Decimal("100.00"),
        "sign contract": lambda: records(Contract, pk=unsigned.pk, is_signed=True, signed_at__isnull=False).exists(),
        "create event": lambda: records(
            Event, contract=contract, name="After party", attendees=50, support_contact__isnull=True
        ).exists(),
        "assign event support": lambda: fresh["event"]().support_contact
        == (world.other_supporter if own else world.supporter),
        "unassign event support": lambda: fresh["event"]().support_contact is None,
        "update event details": lambda: (fresh["event"]().attendees, fresh["event"]().notes) == (80, "DJ booked."),
        "unlock a locked account": lambda: fresh["target"]().lock_ends_at() is None,
    }
    return checks[name]()


CASES = [
    pytest.param(name, department, ownership, expected[index], id=f"{name}-{department}-{ownership}")
    for name, expected in MATRIX.items()
    for index, (department, ownership) in enumerate(COLUMNS)
] + [
    pytest.param(name, "management", "other", expected[0], id=f"{name}-management-other")
    for name, expected in MATRIX.items()
]


@pytest.mark.parametrize("name, department, ownership, allowed", CASES)
def test_spec_permission_matrix(world, name, department, ownership, allowed):
    actor = world.actor(department)
    prepare(name, world)
    before = snapshot()
    if allowed:
        result = operation(name, world, actor, own=ownership == "own")
        assert effect_seen(name, world, actor, ownership == "own", result), f"{name} was allowed but did not happen"
    else:
        with pytest.raises(PermissionDenied):
            operation(name, world, actor, own=ownership == "own")
        assert snapshot() == before, "a refused operation changed the database"
