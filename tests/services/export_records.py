"""Records with fixed ids, dates and awkward text, for the export's golden files (tests/services/golden)."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from epic_auth_app.models import Department, Employee
from epic_clients_app.models import Client
from epic_contracts_app.models import Contract
from epic_events_app.models import Event

PARIS = ZoneInfo("Europe/Paris")
WINTER = dt.datetime(2026, 1, 15, 9, 30, tzinfo=PARIS)
SUMMER = dt.datetime(2026, 6, 4, 13, 0, tzinfo=PARIS)


def fixed_records() -> dict:
    """Records with fixed ids and dates, and text that JSON and CSV must escape or defuse."""
    departments = {d.code: d for d in Department.objects.all()}

    def employee(pk, code, name, **fields):
        return Employee.objects.create(
            pk=pk, employee_number=f"EE{pk:05d}", full_name=name, email=f"staff{pk}@epicevents.example",
            department=departments[code], date_joined=WINTER, updated_at=WINTER, **fields,
        )

    boss = employee(9001, "management", "Mona Manager", phone="+33 1 00 00 00 01")
    bill = employee(9002, "sales", "Bill Boquet")
    kate = employee(9003, "support", "Kate Hastroff", phone="=cmd|' /C calc'!A0")
    employee(9004, "support", "Aliénor Vichum", is_active=False, deleted_at=SUMMER)
    emilie = Client.objects.create(
        pk=7001, full_name="Émilie Durand", email="emilie@startup.io", phone="+33 6 12 34 56 78",
        company_name='=HYPERLINK("http://x.example")', sales_contact=bill, created_at=WINTER, updated_at=SUMMER,
    )
    jacky = Client.objects.create(
        pk=7002, full_name='Jacky "JB" Blangier, Jr.', email="jacky@loubouzin.grd", phone="+ 666 12345",
        company_name="Lou\nBouzin; ß 北京", sales_contact=bill, created_at=WINTER,
        updated_at=WINTER.replace(microsecond=123456),
    )
    signed = Contract.objects.create(
        pk=5001, client=emilie, total_amount=Decimal("1234567.89"), amount_due=Decimal("0.00"),
        is_signed=True, signed_at=SUMMER, created_at=WINTER, updated_at=SUMMER,
    )
    Contract.objects.create(
        pk=5002, client=jacky, total_amount=Decimal("1500"), amount_due=Decimal("1500"),
        is_signed=False, created_at=SUMMER, updated_at=SUMMER,
    )
    Event.objects.create(
        pk=3001, contract=signed, name="John Ouick Wedding", start=SUMMER, end=SUMMER + dt.timedelta(hours=13),
        support_contact=kate, location="53 Rue du Château, 41120 Candé-sur-Beuvron, France", attendees=75,
        notes="Wedding starts at 3PM, by the river.\nCatering:\t\"organised\" — 🎉", created_at=WINTER,
        updated_at=SUMMER,
    )
    Event.objects.create(
        pk=3002, contract=signed, name="-2+3", start=WINTER, end=WINTER + dt.timedelta(hours=2),
        support_contact=None, location="+1 234 567 8901", attendees=0, notes="", created_at=WINTER,
        updated_at=WINTER,
    )
    return {"manager": boss, "seller": bill, "supporter": kate}
