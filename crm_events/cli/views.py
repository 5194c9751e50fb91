"""How each kind of record looks: its JSON/CSV shape and its table columns for people."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from crm_core.serialization import Shape
from epic_auth_app.serializers import EMPLOYEE_SHAPE
from epic_clients_app.serializers import CLIENT_SHAPE
from epic_contracts_app.serializers import CONTRACT_SHAPE
from epic_events_app.serializers import EVENT_SHAPE

Column = tuple[str, Callable[[object], str]]


def when(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "-"


def amount(value: Decimal) -> str:
    return f"{value:,.2f}"


def person(employee) -> str:
    return f"{employee.full_name} (#{employee.pk})" if employee else "-"


def yes_no(value: bool) -> str:
    return "yes" if value else "no"


def short(text: str, width: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


@dataclass(frozen=True)
class View:
    kind: str
    plural: str
    shape: Shape
    columns: tuple[Column, ...]
    details: tuple[Column, ...]


EMPLOYEE = View(
    "employee",
    "employees",
    EMPLOYEE_SHAPE,
    columns=(
        ("ID", lambda e: str(e.pk)),
        ("Number", lambda e: e.employee_number),
        ("Name", lambda e: e.full_name),
        ("Email", lambda e: e.email),
        ("Department", lambda e: e.department.name),
        ("Active", lambda e: yes_no(e.is_active)),
    ),
    details=(
        ("ID", lambda e: str(e.pk)),
        ("Employee number", lambda e: e.employee_number),
        ("Full name", lambda e: e.full_name),
        ("Email", lambda e: e.email),
        ("Phone", lambda e: e.phone or "-"),
        ("Department", lambda e: e.department.name),
        ("Active", lambda e: yes_no(e.is_active)),
        ("Joined", lambda e: when(e.date_joined)),
        ("Removed", lambda e: when(e.deleted_at)),
    ),
)

CLIENT = View(
    "client",
    "clients",
    CLIENT_SHAPE,
    columns=(
        ("ID", lambda c: str(c.pk)),
        ("Name", lambda c: c.full_name),
        ("Company", lambda c: c.company_name),
        ("Email", lambda c: c.email),
        ("Sales contact", lambda c: person(c.sales_contact)),
        ("Last contact", lambda c: when(c.updated_at)),
    ),
    details=(
        ("ID", lambda c: str(c.pk)),
        ("Full name", lambda c: c.full_name),
        ("Company", lambda c: c.company_name),
        ("Email", lambda c: c.email),
        ("Phone", lambda c: c.phone),
        ("Sales contact", lambda c: person(c.sales_contact)),
        ("First contact", lambda c: when(c.created_at)),
        ("Last update", lambda c: when(c.updated_at)),
    ),
)

CONTRACT = View(
    "contract",
    "contracts",
    CONTRACT_SHAPE,
    columns=(
        ("ID", lambda c: str(c.pk)),
        ("Client", lambda c: f"{c.client.full_name} (#{c.client_id})"),
        ("Sales contact", lambda c: person(c.client.sales_contact)),
        ("Total", lambda c: amount(c.total_amount)),
        ("Due", lambda c: amount(c.amount_due)),
        ("Signed", lambda c: yes_no(c.is_signed)),
        ("Created", lambda c: when(c.created_at)),
    ),
    details=(
        ("ID", lambda c: str(c.pk)),
        ("Client", lambda c: f"{c.client.full_name} (#{c.client_id}), {c.client.company_name}"),
        ("Sales contact", lambda c: person(c.client.sales_contact)),
        ("Total amount", lambda c: amount(c.total_amount)),
        ("Amount due", lambda c: amount(c.amount_due)),
        ("Signed", lambda c: f"yes, on {when(c.signed_at)}" if c.is_signed else "no"),
        ("Created", lambda c: when(c.created_at)),
        ("Last update", lambda c: when(c.updated_at)),
    ),
)

EVENT = View(
    "event",
    "events",
    EVENT_SHAPE,
    columns=(
        ("ID", lambda e: str(e.pk)),
        ("Name", lambda e: e.name),
        ("Client", lambda e: e.contract.client.full_name),
        ("Start", lambda e: when(e.start)),
        ("End", lambda e: when(e.end)),
        ("Support", lambda e: person(e.support_contact)),
        ("Location", lambda e: short(e.location, 30)),
        ("Attendees", lambda e: str(e.attendees)),
    ),
    details=(
        ("ID", lambda e: str(e.pk)),
        ("Name", lambda e: e.name),
        ("Contract", lambda e: f"#{e.contract_id}"),
        ("Client", lambda e: f"{e.contract.client.full_name} (#{e.contract.client_id})"),
        ("Client contact", lambda e: f"{e.contract.client.email}, {e.contract.client.phone}"),
        ("Sales contact", lambda e: person(e.contract.client.sales_contact)),
        ("Start", lambda e: when(e.start)),
        ("End", lambda e: when(e.end)),
        ("Support contact", lambda e: person(e.support_contact)),
        ("Location", lambda e: e.location),
        ("Attendees", lambda e: str(e.attendees)),
        ("Notes", lambda e: e.notes or "-"),
    ),
)
