"""Bulk test data for volume tests and benchmarks: N events with clients and contracts.

Written with bulk inserts (a few thousand rows per statement), so a million events take
minutes, not hours; each row gets its "created" history entry the same way. Every row
satisfies the database invariants: one client per three events, each client with one
signed contract carrying its events and, for every fourth client, an unsigned contract
without events. Staff grow with the data, as they would in
the company: one salesperson per CLIENTS_PER_SELLER clients and one support employee per
EVENTS_PER_SUPPORTER events, so a "mine" list holds a person's real-sized book at every size.
"""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from crm_core.change_history import bulk_create_recorded, change_reason
from epic_auth_app.models import Department, Employee
from epic_clients_app.models import Client
from epic_contracts_app.models import Contract
from epic_events_app.models import Event

EVENTS_PER_CLIENT = 3
BATCH_CLIENTS = 2000
CLIENTS_PER_SELLER = 300
EVENTS_PER_SUPPORTER = 1000
VOLUME_REASON = "volume test data"


def _volume_staff(code: str, wanted: int) -> list[Employee]:
    """At least ``wanted`` volume employees of a department (created in bulk), in a stable order."""
    department = Department.objects.get(code=code)
    existing = Employee.objects.filter(department=department, email__startswith=f"volume-{code}-")
    missing = wanted - existing.count()
    if missing > 0:
        first_number = int(Employee.objects.next_employee_number()[2:])
        start = existing.count()
        new = []
        for offset in range(missing):
            employee = Employee(
                email=f"volume-{code}-{start + offset}@volume.epicevents.example",
                full_name=f"Volume {code.title()} {start + offset}",
                department=department,
                employee_number=f"EE{first_number + offset:05d}",
            )
            employee.set_unusable_password()
            new.append(employee)
        with change_reason(VOLUME_REASON):
            bulk_create_recorded(Employee, new, batch_size=1000)
    return list(existing.order_by("pk"))


def seed_volume(events: int, progress: Callable[[int, int], None] | None = None) -> int:
    """Add ``events`` events (rounded up to whole clients); returns how many were added."""
    clients_needed = -(-events // EVENTS_PER_CLIENT)
    first = Client.objects.count()
    existing_events = Event.objects.count()
    sellers = _volume_staff("sales", max(2, -(-(first + clients_needed) // CLIENTS_PER_SELLER)))
    supporters = _volume_staff("support", max(2, -(-(existing_events + events) // EVENTS_PER_SUPPORTER)))
    now = timezone.now()
    created = 0
    for batch_start in range(0, clients_needed, BATCH_CLIENTS):
        batch = range(batch_start, min(batch_start + BATCH_CLIENTS, clients_needed))
        with transaction.atomic(), change_reason(VOLUME_REASON):
            clients = bulk_create_recorded(
                Client,
                [
                    Client(
                        full_name=f"Volume Client {first + i}",
                        email=f"client{first + i}@volume.epicevents.example",
                        phone="+33 1 23 45 67 89",
                        company_name=f"Volume Company {first + i}",
                        sales_contact=sellers[(first + i) % len(sellers)],
                        created_at=now,
                        updated_at=now,
                    )
                    for i in batch
                ],
            )
            contracts = []
            for i, client in zip(batch, clients):
                contracts.append(
                    Contract(
                        client=client,
                        total_amount=Decimal("10000.00"),
                        amount_due=Decimal("2500.00") if i % 3 else Decimal("0.00"),
                        is_signed=True,
                        signed_at=now,
                        created_at=now,
                        updated_at=now,
                    )
                )
                if i % 4 == 0:
                    contracts.append(
                        Contract(
                            client=client, total_amount=Decimal("5000.00"), amount_due=Decimal("5000.00"),
                            created_at=now, updated_at=now,
                        )
                    )
            contracts = bulk_create_recorded(Contract, contracts)
            new_events = []
            for contract in contracts:
                if not contract.is_signed:
                    continue
                for k in range(EVENTS_PER_CLIENT):
                    if created + len(new_events) >= events:
                        break
                    n = existing_events + created + len(new_events)
                    # Spread over about two years around today, past and upcoming mixed at every size.
                    start = now + dt.timedelta(hours=(n * 7919) % 17520 - 8760)
                    new_events.append(
                        Event(
                            contract=contract,
                            name=f"Volume Event {n}",
                            start=start,
                            end=start + dt.timedelta(hours=4),
                            support_contact=supporters[n % len(supporters)] if n % 7 else None,
                            location="Paris",
                            attendees=50,
                            created_at=now,
                            updated_at=now,
                        )
                    )
            bulk_create_recorded(Event, new_events)
            created += len(new_events)
        if progress:
            progress(created, events)
    return created
