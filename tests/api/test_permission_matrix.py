"""SPEC §3 through HTTP: every department × operation × own / someone else's record.

The expected outcomes are copied from the table in SPEC.md, not derived from
crm_core.policy. An allowed call must answer 200/201 and have done what it is for,
read back from the database; a refused one must answer 403 and leave every row as it was.
"""

import datetime as dt
from decimal import Decimal

import pytest

from epic_auth_app.models import Employee
from epic_clients_app.models import Client
from epic_contracts_app.models import Contract
from epic_events_app.models import Event
from tests.api.conftest import body_of
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
    "delete client": (NO, NO, NO, NO, NO),
    "delete contract": (NO, NO, NO, NO, NO),
    "delete event": (NO, NO, NO, NO, NO),
}
COLUMNS = [("management", "own"), ("sales", "own"), ("sales", "other"), ("support", "own"), ("support", "other")]
START = dt.datetime(2027, 9, 1, 18, 0, tzinfo=dt.UTC)


def request_for(name: str, world, own: bool) -> tuple[str, str, dict | None]:
    """(method, path, body) of ``name`` on the actor's own record (own=True) or someone else's."""
    client = world.client if own else world.other_client
    contract = world.contract if own else world.other_contract
    unsigned = world.unsigned if own else world.other_unsigned
    event = world.event if own else world.other_event
    target = world.other_seller
    requests = {
        "list clients": ("GET", "clients?all=true", None),
        "show client": ("GET", f"clients/{client.pk}", None),
        "list contracts": ("GET", "contracts?all=true", None),
        "show contract": ("GET", f"contracts/{contract.pk}", None),
        "list events": ("GET", "events?all=true", None),
        "show event": ("GET", f"events/{event.pk}", None),
        "list employees": ("GET", "employees?all=true", None),
        "show employee": ("GET", f"employees/{target.pk}", None),
        "create employee": (
            "POST",
            "employees",
            {
                "email": "new.hire@epicevents.example",
                "full_name": "New Hire",
                "department": "support",
                "password": "Long-Enough-Passphrase-1",
            },
        ),
        "update employee": ("PATCH", f"employees/{target.pk}", {"phone": "+33 6 12 34 56 78"}),
        "change employee department": ("PATCH", f"employees/{world.idle_supporter.pk}", {"department": "management"}),
        "change employee password": ("PATCH", f"employees/{target.pk}", {"password": "Another-Long-Passphrase-2"}),
        "delete employee": ("DELETE", f"employees/{target.pk}?reassign_to={world.seller.pk}", None),
        "create client": (
            "POST",
            "clients",
            {
                "full_name": "John Ouick",
                "email": "john.ouick@gmail.com",
                "phone": "+1 234 567 8901",
                "company_name": "John Ouick",
            },
        ),
        "update client details": ("PATCH", f"clients/{client.pk}", {"phone": "+678 999 999 99"}),
        "change client sales contact": (
            "PATCH",
            f"clients/{client.pk}",
            {"sales_contact_id": (world.other_seller if own else world.seller).pk},
        ),
        "create contract": ("POST", "contracts", {"client_id": client.pk, "total_amount": "2000.00"}),
        "update contract amounts": ("PATCH", f"contracts/{contract.pk}", {"amount_due": "100.00"}),
        "sign contract": ("PATCH", f"contracts/{unsigned.pk}", {"is_signed": True}),
        "create event": (
            "POST",
            "events",
            {
                "contract_id": contract.pk,
                "name": "After party",
                "start": START.isoformat(),
                "end": (START + dt.timedelta(hours=4)).isoformat(),
                "location": "Salle des fêtes de Mufflins",
                "attendees": 50,
            },
        ),
        "assign event support": (
            "PATCH",
            f"events/{event.pk}",
            {"support_contact_id": (world.other_supporter if own else world.supporter).pk},
        ),
        "unassign event support": ("PATCH", f"events/{event.pk}", {"support_contact_id": None}),
        "update event details": ("PATCH", f"events/{event.pk}", {"attendees": 80, "notes": "DJ booked."}),
        "delete client": ("DELETE", f"clients/{client.pk}", None),
        "delete contract": ("DELETE", f"contracts/{contract.pk}", None),
        "delete event": ("DELETE", f"events/{event.pk}", None),
    }
    return requests[name]


def effect_seen(name: str, world, actor, own: bool, body) -> bool:
    """Did the allowed call do what it is for? The answer, and the database read afresh."""
    client = world.client if own else world.other_client
    contract = world.contract if own else world.other_contract
    unsigned = world.unsigned if own else world.other_unsigned
    event = world.event if own else world.other_event
    target = world.other_seller
    ids = {row["id"] for row in body} if isinstance(body, list) else None
    every_contract = {world.contract.pk, world.other_contract.pk, world.unsigned.pk, world.other_unsigned.pk}
    staff = {world.manager, world.seller, world.other_seller, world.supporter, world.other_supporter}
    staff.add(world.idle_supporter)
    checks = {
        "list clients": lambda: ids == {world.client.pk, world.other_client.pk},
        "show client": lambda: body["id"] == client.pk and body["email"] == client.email,
        "list contracts": lambda: ids == every_contract,
        "show contract": lambda: body["id"] == contract.pk and body["client_id"] == contract.client_id,
        "list events": lambda: ids == {world.event.pk, world.other_event.pk},
        "show event": lambda: body["id"] == event.pk and body["contract_id"] == event.contract_id,
        "list employees": lambda: ids == {employee.pk for employee in staff},
        "show employee": lambda: body["id"] == target.pk and body["department"] == "sales",
        "create employee": lambda: Employee.objects.filter(
            pk=body["id"], email="new.hire@epicevents.example", department__code="support"
        ).exists()
        and Employee.objects.get(pk=body["id"]).check_password("Long-Enough-Passphrase-1"),
        "update employee": lambda: Employee.objects.get(pk=target.pk).phone == "+33 6 12 34 56 78",
        "change employee department": lambda: Employee.objects.get(pk=world.idle_supporter.pk).department.code
        == "management",
        "change employee password": lambda: Employee.objects.get(pk=target.pk).check_password(
            "Another-Long-Passphrase-2"
        ),
        "delete employee": lambda: not Employee.objects.get(pk=target.pk).is_active
        and Client.objects.get(pk=world.other_client.pk).sales_contact_id == world.seller.pk
        and body["clients_moved"] == 1,
        "create client": lambda: Client.objects.filter(
            pk=body["id"], email="john.ouick@gmail.com", sales_contact=actor
        ).exists(),
        "update client details": lambda: Client.objects.get(pk=client.pk).phone == "+678 999 999 99",
        "change client sales contact": lambda: Client.objects.get(pk=client.pk).sales_contact
        == (world.other_seller if own else world.seller),
        "create contract": lambda: Contract.objects.filter(
            pk=body["id"], client=client, total_amount=Decimal("2000.00"), amount_due=Decimal("2000.00")
        ).exists(),
        "update contract amounts": lambda: Contract.objects.get(pk=contract.pk).amount_due == Decimal("100.00"),
        "sign contract": lambda: Contract.objects.filter(pk=unsigned.pk, is_signed=True, signed_at__isnull=False)
        .exists(),
        "create event": lambda: Event.objects.filter(
            pk=body["id"], contract=contract, name="After party", attendees=50, start=START
        ).exists(),
        "assign event support": lambda: Event.objects.get(pk=event.pk).support_contact
        == (world.other_supporter if own else world.supporter),
        "unassign event support": lambda: Event.objects.get(pk=event.pk).support_contact is None,
        "update event details": lambda: (Event.objects.get(pk=event.pk).attendees, Event.objects.get(pk=event.pk).notes)
        == (80, "DJ booked."),
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
def test_spec_permission_matrix_over_http(api, world, name, department, ownership, allowed):
    actor = world.actor(department)
    own = ownership == "own"
    method, path, body = request_for(name, world, own)
    token = api.token_for(actor)
    before = snapshot()
    response = api.call(method, path, body, token=token)
    answer = body_of(response)
    if allowed:
        assert response.status_code in (200, 201), answer
        assert effect_seen(name, world, actor, own, answer), f"{name} was allowed but did not happen"
    else:
        assert response.status_code == 403, answer
        assert set(answer) == {"detail"} and answer["detail"].endswith(".")
        assert snapshot() == before, "a refused call changed the database"
