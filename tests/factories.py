"""Test data built through the ORM, with the SPEC §2 examples as defaults where they fit."""

import datetime as dt
import itertools
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password

from crm_core import clock
from epic_auth_app.models import Department, Employee
from epic_clients_app.models import Client
from epic_contracts_app.models import Contract
from epic_events_app.models import Event

PASSWORD = "Sturdy-Test-Passphrase-2026"
PARIS = ZoneInfo("Europe/Paris")
_sequence = itertools.count(1)
_password_hash = None


def _password_hash_once() -> str:
    global _password_hash
    if _password_hash is None:
        _password_hash = make_password(PASSWORD)
    return _password_hash


def make_employee(department: str = "sales", **fields) -> Employee:
    n = next(_sequence)
    employee = Employee(
        email=fields.pop("email", f"staff{n}@epicevents.example"),
        full_name=fields.pop("full_name", f"Staff Member {n}"),
        department=Department.objects.get(code=department),
        password=_password_hash_once(),
        **fields,
    )
    Employee.objects.insert_numbered(employee)
    return employee


def make_client(sales_contact: Employee | None = None, **fields) -> Client:
    n = next(_sequence)
    values = {
        "full_name": f"Client Person {n}",
        "email": f"client{n}@startup.example",
        "phone": "+678 123 456 78",
        "company_name": f"Startup {n} LLC",
        "sales_contact": sales_contact or make_employee("sales"),
        **fields,
    }
    return Client.objects.create(**values)


def make_contract(client: Client | None = None, *, signed: bool = True, **fields) -> Contract:
    values = {
        "client": client or make_client(),
        "total_amount": Decimal("1500.00"),
        "amount_due": Decimal("500.00"),
        "is_signed": signed,
        "signed_at": dt.datetime(2026, 3, 1, 10, 0, tzinfo=PARIS) if signed else None,
        **fields,
    }
    return Contract.objects.create(**values)


def a_year_from_now() -> dt.datetime:
    """1 PM in Paris, a year from today: upcoming whenever the suite runs."""
    today = clock.now().astimezone(PARIS).date()
    return dt.datetime.combine(today + dt.timedelta(days=365), dt.time(13, 0), tzinfo=PARIS)


def next_year() -> int:
    return clock.now().astimezone(PARIS).year + 1


def make_event(contract: Contract | None = None, support_contact: Employee | None = None, **fields) -> Event:
    start = fields.pop("start", None) or a_year_from_now()
    values = {
        "contract": contract or make_contract(),
        "name": "John Ouick Wedding",
        "start": start,
        "end": start + dt.timedelta(hours=13),
        "support_contact": support_contact,
        "location": "53 Rue du Château, 41120 Candé-sur-Beuvron, France",
        "attendees": 75,
        "notes": "Wedding starts at 3PM, by the river.",
        **fields,
    }
    return Event.objects.create(**values)


def make_bulk(count: int, *, seller: Employee, supporter: Employee) -> None:
    """``count`` clients, each with a signed contract and an event, in a handful of queries.

    Every other event is assigned to ``supporter``; the rest have no support contact.
    The events start on 1 January of next year, one a day, so all are upcoming.
    """
    start = dt.datetime(next_year(), 1, 1, 9, 0, tzinfo=PARIS)
    numbers = [next(_sequence) for _ in range(count)]
    clients = Client.objects.bulk_create(
        Client(
            full_name=f"Bulk Client {n}",
            email=f"bulk{n}@startup.example",
            phone="+33 1 23 45 67 89",
            company_name=f"Bulk {n} SAS",
            sales_contact=seller,
        )
        for n in numbers
    )
    contracts = Contract.objects.bulk_create(
        Contract(
            client=client,
            total_amount=Decimal("1000.00"),
            amount_due=Decimal("250.00") if i % 2 else Decimal("0.00"),
            is_signed=True,
            signed_at=start,
        )
        for i, client in enumerate(clients)
    )
    Event.objects.bulk_create(
        Event(
            contract=contract,
            name=f"Bulk Event {i}",
            start=start + dt.timedelta(days=i),
            end=start + dt.timedelta(days=i, hours=4),
            support_contact=supporter if i % 2 else None,
            location="Paris",
            attendees=10,
        )
        for i, contract in enumerate(contracts)
    )
