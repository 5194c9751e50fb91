"""The database side of ``manage.py load_test``: the records it plays with, and the checks after it.

Run inside a process connected to the load-test database (``load_test --seed`` and
``--verify``): the orchestrator (crm_tools/load_test.py) only starts processes.

Every record a simulated employee writes is theirs alone (their clients, the events they
run, the contracts a manager follows), so the last value each one saved must be the value
stored: anything else is a lost write. One contract is shared by all managers, the
contended one: its final value must be one that a manager saved.
"""

import datetime as dt
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone

from epic_auth_app.models import AuthSession, Department, Employee
from epic_clients_app.models import Client
from epic_contracts_app.models import Contract
from epic_events_app.models import Event

ROLES = ("sales", "support", "management", "sales", "support")
RECORDS_EACH = 3
DOMAIN = "load.epicevents.example"


def _employee(code: str, name: str, password_hash: str) -> Employee:
    employee = Employee(
        email=f"{name}@{DOMAIN}", full_name=name.replace("-", " ").title(),
        department=Department.objects.get(code=code), password=password_hash,
    )
    Employee.objects.insert_numbered(employee)
    return employee


def _client(owner: Employee, name: str) -> Client:
    return Client.objects.create(
        full_name=f"Client {name}", email=f"client-{name}@{DOMAIN}", phone="+33 1 23 45 67 89",
        company_name=f"Company {name}", sales_contact=owner,
    )


def _contract(client: Client) -> Contract:
    now = timezone.now()
    return Contract.objects.create(
        client=client, total_amount=Decimal("1000.00"), amount_due=Decimal("500.00"), is_signed=True, signed_at=now
    )


def _event(contract: Contract, name: str, supporter: Employee | None = None) -> Event:
    start = timezone.now() + dt.timedelta(days=60)
    return Event.objects.create(
        contract=contract, name=f"Event {name}", start=start, end=start + dt.timedelta(hours=4),
        location="Paris", attendees=10, support_contact=supporter,
    )


def seed(*, staff: int, bursts: int, kills: int, password: str) -> dict:
    """Staff with their own records, burst accounts and kill-trial records; returns their ids."""
    password_hash = make_password(password)
    people = [_employee(ROLES[i % len(ROLES)], f"{ROLES[i % len(ROLES)]}-{i}", password_hash) for i in range(staff)]
    owner = _employee("sales", "shared-owner", password_hash)
    supporters = [p for p in people if p.department.code == "support"] or [_employee("support", "spare", password_hash)]
    plan = {"staff": [], "hot_contract": _contract(_client(owner, "hot")).pk}
    for index, person in enumerate(people):
        code = person.department.code
        entry = {"email": person.email, "role": code, "id": person.pk, "clients": [], "contracts": [], "events": []}
        for n in range(RECORDS_EACH):
            name = f"{index}-{n}"
            if code == "sales":
                client = _client(person, name)
                entry["clients"].append(client.pk)
                entry["contracts"].append(_contract(client).pk)
            elif code == "support":
                entry["events"].append(_event(_contract(_client(owner, name)), name, person).pk)
            else:
                contract = _contract(_client(owner, name))
                entry["contracts"].append(contract.pk)
                entry["events"].append(_event(contract, name).pk)  # to staff, with the supporters
        entry["supporters"] = [s.pk for s in supporters]
        plan["staff"].append(entry)
    plan["bursts"] = [_employee("sales", f"burst-{b}", password_hash).email for b in range(bursts)]
    plan["kills"] = _kill_records(kills, owner, password_hash)
    return plan


def _kill_records(kills: int, owner: Employee, password_hash: str) -> dict:
    per_kind = -(-kills // 3)
    successor = _employee("sales", "kill-successor", password_hash)
    leavers = []
    for n in range(per_kind):
        leaver = _employee("sales", f"kill-leaver-{n}", password_hash)
        for m in range(RECORDS_EACH):
            _client(leaver, f"leaver-{n}-{m}")
        leavers.append(leaver.pk)
    return {
        "manager": _employee("management", "kill-manager", password_hash).email,
        "contracts": [_contract(_client(owner, f"kill-{n}")).pk for n in range(per_kind)],
        "leavers": leavers,
        "successor": successor.pk,
    }


# -- after the run ---------------------------------------------------------------------


def verify(expected: dict) -> dict:
    """Lost writes of the staff run, half-written rows of the kill trials, and the burst accounts' state."""
    lost = []
    for (model, pk, field), value in _writes(expected.get("writes", [])):
        stored = _stored(model, pk, field)
        if stored != value:
            lost.append(f"{model} {pk} {field}: saved {value!r}, stored {stored!r}")
    for email, fields in expected.get("created_clients", {}).items():
        stored = Client.objects.filter(email=email).values("full_name", "company_name", "sales_contact_id").first()
        if stored != fields:
            lost.append(f"client {email}: saved {fields!r}, stored {stored!r}")
    for name, contract_id in expected.get("created_events", {}).items():
        if not Event.objects.filter(name=name, contract_id=contract_id).exists():
            lost.append(f"event {name!r} on contract {contract_id}: saved, not stored")
    hot = expected.get("hot_contract")
    if hot and hot["saved"]:
        stored = str(Contract.objects.get(pk=hot["id"]).amount_due)
        if stored not in hot["saved"]:
            lost.append(f"contended contract {hot['id']}: stored {stored}, never saved")
    return {
        "lost_writes": lost,
        "half_written": _half_written(expected.get("kills", [])),
        "locked_bursts": [email for email in expected.get("bursts", []) if _locked(email)],
        "integrity": _integrity_problems(),
    }


def _writes(items):
    """The last value saved for each (model, id, field): one writer each, in the order they finished."""
    latest = {}
    for model, pk, field, value in items:
        latest[(model, pk, field)] = value
    return latest.items()


def _stored(model: str, pk: int, field: str):
    table = {"client": Client, "contract": Contract, "event": Event}[model]
    value = table.objects.filter(pk=pk).values_list(field, flat=True).first()
    return str(value) if isinstance(value, Decimal) else value


def _half_written(trials: list[dict]) -> list[str]:
    """A trial's records must be wholly as before the command or wholly as after it."""
    problems = []
    for trial in trials:
        if trial["kind"] == "contract":
            row = Contract.objects.filter(pk=trial["id"]).values_list("total_amount", "amount_due").get()
            state = [str(value) for value in row]
            if state not in (trial["before"], trial["after"]):
                problems.append(f"contract {trial['id']}: {state}")
        elif trial["kind"] == "removal":
            leaver = Employee.objects.get(pk=trial["id"])
            owners = set(Client.objects.filter(email__startswith=f"client-leaver-{trial['n']}-").values_list(
                "sales_contact_id", flat=True
            ))
            open_sessions = AuthSession.objects.filter(employee=leaver, revoked_at__isnull=True).exists()
            kept = leaver.is_active and leaver.deleted_at is None and owners == {leaver.pk}
            handed_over = not leaver.is_active and leaver.deleted_at and owners == {trial["successor"]}
            if not (kept or (handed_over and not open_sessions)):
                problems.append(f"removal of employee {leaver.pk}: active={leaver.is_active}, owners={owners}")
        elif trial["kind"] == "client":
            rows = list(Client.objects.filter(email=trial["email"]).values("full_name", "company_name", "phone"))
            if rows not in ([], [trial["fields"]]):
                problems.append(f"client {trial['email']}: {rows}")
    return problems


def _locked(email: str) -> bool:
    until = Employee.objects.filter(email=email).values_list("locked_until", flat=True).first()
    return bool(until and until > timezone.now())


def _integrity_problems() -> list[str]:
    """SQLite's own checks of the file and of every foreign key, and of the search index."""
    if connection.vendor != "sqlite":
        return []
    problems = []
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA integrity_check")
        problems += [row[0] for row in cursor.fetchall() if row[0] != "ok"]
        cursor.execute("PRAGMA foreign_key_check")
        problems += [f"foreign key: {row}" for row in cursor.fetchall()]
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'client_search'")
        if cursor.fetchone()[0]:
            try:
                cursor.execute("INSERT INTO client_search(client_search) VALUES ('integrity-check')")
            except Exception as error:  # noqa: BLE001 - reported as a figure, not raised
                problems.append(f"client search index: {error}")
    return problems
