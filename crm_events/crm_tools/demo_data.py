"""Demo data: the two real events of SPEC §2 with realistic staff, clients and contracts.

Everything goes through the services, as staff would do it, so the demo also proves
the business flow and fills the records' history. Dates of the historic records are then
set to the spreadsheet's (recorded in their history too, with that reason). Passwords are
generated and returned once for the caller to show; never stored in clear.

Besides the two real events, all in the past, the demo holds what each department
opens first thing on a working day: an upcoming event for each support employee (Kate's
within two weeks of loading the demo, Aliénor's a month later), and one upcoming event
without support for management to assign.
"""

import datetime as dt
import secrets
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import transaction

from crm_core.change_history import change_reason
from crm_core.command_names import manage_command
from crm_core.errors import RuleViolation
from epic_auth_app.models import Employee
from epic_auth_app.services import employee_create, employee_save_changes, employee_save_new
from epic_clients_app.services import client_create
from epic_contracts_app.services import contract_create
from epic_events_app.services import event_assign_support, event_create, event_update

PARIS = ZoneInfo("Europe/Paris")
DEMO_DOMAIN = "demo.epicevents.example"

STAFF = [
    ("management", "Mathilde Roux", "mathilde.roux"),
    ("sales", "Bill Boquet", "bill.boquet"),
    ("sales", "Sophie Martin", "sophie.martin"),
    ("support", "Kate Hastroff", "kate.hastroff"),
    ("support", "Aliénor Vichum", "alienor.vichum"),
]


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    department: str
    password: str


@dataclass(frozen=True)
class NewDemoPasswords:
    accounts: list[DemoAccount]
    skipped: list[str]  # one sentence per demo account left as it was


def _paris(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


def _password() -> str:
    return "Demo-" + secrets.token_urlsafe(12)


@transaction.atomic
def seed_demo() -> list[DemoAccount]:
    """Load the demo set once; returns the demo accounts with their one-time passwords."""
    if Employee.objects.filter(email__endswith="@" + DEMO_DOMAIN).exists():
        raise RuleViolation(
            "The demo data is already loaded; its passwords were shown when it was created. "
            f"To set new ones, run: {manage_command('seed_demo', '--new-passwords')}"
        )
    accounts = [
        DemoAccount(f"{login}@{DEMO_DOMAIN}", name, department, _password()) for department, name, login in STAFF
    ]
    first = accounts[0]
    # No one to act for yet: the first demo manager is hired by the installation itself.
    manager = employee_save_new(
        actor=None, email=first.email, full_name=first.full_name, department="management", password=first.password
    )
    staff = {first.full_name: manager}
    for account in accounts[1:]:
        staff[account.full_name] = employee_create(
            actor=manager,
            email=account.email,
            full_name=account.full_name,
            department=account.department,
            password=account.password,
        )
    bill, sophie = staff["Bill Boquet"], staff["Sophie Martin"]
    kate, alienor = staff["Kate Hastroff"], staff["Aliénor Vichum"]

    kevin = client_create(
        actor=bill,
        full_name="Kevin Casey",
        email="kevin@startup.io",
        phone="+678 123 456 78",
        company_name="Cool Startup LLC",
    )
    john = client_create(
        actor=bill,
        full_name="John Ouick",
        email="john.ouick@gmail.com",
        phone="+1 234 567 8901",
        company_name="John Ouick (private client)",
    )
    jacky = client_create(
        actor=sophie,
        full_name="Jacky Blangier",
        email="jacky@loubouzin.grd",
        phone="+ 666 12345",
        company_name="Lou Bouzin",
    )
    _backdate(kevin, created_at=_paris(2021, 4, 18, 10), updated_at=_paris(2023, 3, 29, 16))
    _backdate(john, created_at=_paris(2022, 11, 2, 9), updated_at=_paris(2023, 5, 12, 11))
    _backdate(jacky, created_at=_paris(2022, 9, 14, 15), updated_at=_paris(2023, 4, 3, 10))

    wedding_contract = contract_create(
        actor=manager, client_id=john.pk, total_amount="18500.00", amount_due="0.00", is_signed=True
    )
    assembly_contract = contract_create(
        actor=manager, client_id=jacky.pk, total_amount="9200.00", amount_due="2300.00", is_signed=True
    )
    contract_create(actor=manager, client_id=kevin.pk, total_amount="12000.00")  # being negotiated
    offsite_contract = contract_create(
        actor=manager, client_id=kevin.pk, total_amount="4500.00", amount_due="4500.00", is_signed=True
    )

    wedding = event_create(
        actor=bill,
        contract_id=wedding_contract.pk,
        name="John Ouick Wedding",
        start=_paris(2023, 6, 3, 13),  # first planned a day earlier: see the event's history
        end=_paris(2023, 6, 4, 2),
        location="53 Rue du Château, 41120 Candé-sur-Beuvron, France",
        attendees=75,
        notes=(
            "Wedding starts at 3PM, by the river. Catering is organized, reception starts at 5PM. "
            "Kate needs to organize the DJ for after party."
        ),
    )
    assembly = event_create(
        actor=sophie,
        contract_id=assembly_contract.pk,
        name="Lou Bouzin General Assembly",
        start=_paris(2023, 5, 5, 15),
        end=_paris(2023, 5, 5, 17),
        location="Salle des fêtes de Mufflins",
        attendees=200,
        notes="Assemblée générale des actionnaires (~200 personnes).",
    )
    event_assign_support(actor=manager, event_id=wedding.pk, support_contact_id=kate.pk)
    event_assign_support(actor=manager, event_id=assembly.pk, support_contact_id=alienor.pk)
    # The couple moved the wedding to the Sunday; Kate, who runs it, changed the dates.
    event_update(actor=kate, event_id=wedding.pk, data={"start": _paris(2023, 6, 4, 13), "end": _paris(2023, 6, 5, 2)})
    next_year = dt.date.today().year + 1
    event_create(
        actor=bill,
        contract_id=offsite_contract.pk,
        name="Cool Startup Off-site",
        start=_paris(next_year, 3, 12, 9),
        end=_paris(next_year, 3, 13, 18),
        location="Domaine de la Forêt, 77300 Fontainebleau, France",
        attendees=40,
        notes="Two days, workshops in the morning. Needs a support contact.",
    )
    _upcoming_for_support(staff, manager=manager, kevin=kevin, jacky=jacky)
    for contract in (wedding_contract, assembly_contract):
        _backdate(
            contract,
            created_at=_paris(2023, 1, 10, 10),
            signed_at=_paris(2023, 1, 20, 10),
            updated_at=_paris(2023, 6, 6, 10),
        )
    return accounts


def _upcoming_for_support(staff: dict, *, manager, kevin, jacky) -> None:
    """An upcoming event for each support employee, so that "My upcoming events" is not empty on day one."""
    bill, sophie = staff["Bill Boquet"], staff["Sophie Martin"]
    kate, alienor = staff["Kate Hastroff"], staff["Aliénor Vichum"]
    today = dt.date.today()
    launch_day, assembly_day = today + dt.timedelta(days=12), today + dt.timedelta(days=40)
    launch_contract = contract_create(
        actor=manager, client_id=kevin.pk, total_amount="7800.00", amount_due="3900.00", is_signed=True
    )
    launch = event_create(
        actor=bill,
        contract_id=launch_contract.pk,
        name="Cool Startup Product Launch",
        start=_paris(launch_day.year, launch_day.month, launch_day.day, 18),
        end=_paris(launch_day.year, launch_day.month, launch_day.day, 23),
        location="Station F, 5 Parvis Alan Turing, 75013 Paris, France",
        attendees=120,
        notes="Demo on stage at 7PM, then cocktails. Sound check at 4PM with the band.",
    )
    event_assign_support(actor=manager, event_id=launch.pk, support_contact_id=kate.pk)
    # More guests said yes than planned: Kate, who runs it, changed the number.
    event_update(actor=kate, event_id=launch.pk, data={"attendees": 150})
    assembly_contract = contract_create(
        actor=manager, client_id=jacky.pk, total_amount="9600.00", amount_due="9600.00", is_signed=True
    )
    assembly = event_create(
        actor=sophie,
        contract_id=assembly_contract.pk,
        name=f"Lou Bouzin General Assembly {assembly_day.year}",
        start=_paris(assembly_day.year, assembly_day.month, assembly_day.day, 15),
        end=_paris(assembly_day.year, assembly_day.month, assembly_day.day, 17),
        location="Salle des fêtes de Mufflins",
        attendees=210,
        notes="Same hall as last year; the shareholders asked for a bigger stage.",
    )
    event_assign_support(actor=manager, event_id=assembly.pk, support_contact_id=alienor.pk)


@transaction.atomic
def demo_new_passwords() -> NewDemoPasswords:
    """New one-time passwords for the demo accounts, when the first ones were lost.

    Each goes through the staff service, as a manager's reset would: validators, bcrypt,
    the end of the account's sessions and of a lockout, the ``employee.updated`` report.
    Removed accounts stay removed; an administrator's password is changed by an
    administrator (Django admin), never by a tool. Raises RuleViolation without demo data.
    """
    demo_staff = list(
        Employee.objects.filter(email__endswith="@" + DEMO_DOMAIN).select_related("department").order_by("pk")
    )
    if not demo_staff:
        raise RuleViolation(
            f"There is no demo data, so no demo password to set; load it with: {manage_command('seed_demo')}"
        )
    accounts, skipped = [], []
    for employee in demo_staff:
        if employee.deleted_at is not None:
            skipped.append(f"{employee.email} was removed and stays so.")
            continue
        if employee.is_superuser:
            skipped.append(
                f"{employee.email} is an IT administrator: another administrator sets its password in Django admin."
            )
            continue
        password = _password()
        employee_save_changes(actor=None, employee_id=employee.pk, data={"password": password})
        accounts.append(DemoAccount(employee.email, employee.full_name, employee.department.code, password))
    return NewDemoPasswords(accounts, skipped)


def _backdate(record, **dates) -> None:
    """Set the dates of the spreadsheet on a record the services created today (with its history)."""
    for field, value in dates.items():
        setattr(record, field, value)
    with change_reason("demo data: dates from the support team's spreadsheet"):
        record.save(update_fields=list(dates))
