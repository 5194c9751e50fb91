"""Measurements behind ``manage.py bench`` (see docs/performance.md).

``measure_lists`` runs in a process connected to one sized database: for every list and
filter of SPEC §3 it times what a command does for one page of 50 (session check,
bounded count, page query, turning each row into its JSON shape) and counts queries.
``measure_history_storage`` says what the history tables hold and weigh there.
"""

import secrets
import statistics
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

from crm_core.pagination import paginate
from crm_core.serialization import to_dict
from epic_auth_app.authentication import authenticate_token, login
from epic_auth_app.models import Department, Employee
from epic_clients_app.models import Client
from epic_auth_app.serializers import EMPLOYEE_SHAPE
from epic_auth_app.selectors import employees_list
from epic_clients_app.selectors import clients_list
from epic_clients_app.serializers import CLIENT_SHAPE
from epic_contracts_app.models import Contract
from epic_contracts_app.selectors import contracts_list
from epic_contracts_app.serializers import CONTRACT_SHAPE
from epic_events_app.models import Event
from epic_events_app.selectors import events_list
from epic_events_app.serializers import EVENT_SHAPE

PAGE = 50
BENCH_MANAGER = "bench-manager@volume.epicevents.example"

# name: (role, lister, shape)
LISTS = {
    "clients": ("manager", lambda a: clients_list(actor=a), CLIENT_SHAPE),
    "clients --mine": ("sales", lambda a: clients_list(actor=a, mine=True), CLIENT_SHAPE),
    # One client looked up by email (one match at every size), then a loose search whose
    # matches grow with the table (11 at 1,000 events, 11,111 at 1,000,000).
    "clients --search (one match)": ("manager", lambda a: clients_list(actor=a, search="client12@"), CLIENT_SHAPE),
    "clients --search (many matches)": ("manager", lambda a: clients_list(actor=a, search="client 12"), CLIENT_SHAPE),
    "contracts": ("manager", lambda a: contracts_list(actor=a), CONTRACT_SHAPE),
    "contracts --mine": ("sales", lambda a: contracts_list(actor=a, mine=True), CONTRACT_SHAPE),
    "contracts --unsigned": ("manager", lambda a: contracts_list(actor=a, unsigned=True), CONTRACT_SHAPE),
    "contracts --unpaid": ("manager", lambda a: contracts_list(actor=a, unpaid=True), CONTRACT_SHAPE),
    "events": ("manager", lambda a: events_list(actor=a), EVENT_SHAPE),
    "events --mine (sales)": ("sales", lambda a: events_list(actor=a, mine=True), EVENT_SHAPE),
    "events --mine (support)": ("support", lambda a: events_list(actor=a, mine=True), EVENT_SHAPE),
    "events --no-support": ("manager", lambda a: events_list(actor=a, no_support=True), EVENT_SHAPE),
    "events --upcoming": ("manager", lambda a: events_list(actor=a, upcoming=True), EVENT_SHAPE),
    "employees": ("manager", lambda a: employees_list(actor=a), EMPLOYEE_SHAPE),
}


def bench_manager() -> tuple[Employee, str]:
    """A manager with a fresh random password, for the CLI processes to log in with."""
    password = "Bench-" + secrets.token_urlsafe(16)
    employee = Employee.objects.filter(email=BENCH_MANAGER).first()
    if employee is None:
        employee = Employee(
            email=BENCH_MANAGER, full_name="Bench Manager", department=Department.objects.get(code="management")
        )
        employee.set_password(password)
        Employee.objects.insert_numbered(employee)
    else:
        employee.set_password(password)
        employee.save(update_fields=["password"])
    return employee, password


def _actors() -> dict:
    manager, password = bench_manager()
    token = login(email=manager.email, password=password).token
    sales = Employee.objects.filter(email__startswith="volume-sales-").order_by("pk").first()
    support = Employee.objects.filter(email__startswith="volume-support-").order_by("pk").first()
    return {"token": token, "manager": manager, "sales": sales, "support": support}


def _one_page(token, lister, shape, page_number):
    actor = authenticate_token(token)
    page = paginate(lister(actor), page=page_number, limit=PAGE)
    return [to_dict(shape, record) for record in page.items]


def measure_lists(repeat: int = 7, pages=(1, 20)) -> dict:
    actors = _actors()
    results = {}
    for name, (role, lister, shape) in LISTS.items():
        session_token = actors["token"]
        if role != "manager":
            employee = actors[role]
            password = "Bench-" + secrets.token_urlsafe(16)
            employee.set_password(password)
            employee.save(update_fields=["password"])
            session_token = login(email=employee.email, password=password).token
        for page_number in pages:
            with CaptureQueriesContext(connection) as captured:
                rows = _one_page(session_token, lister, shape, page_number)
            timings = []
            for _ in range(repeat):
                started = time.perf_counter()
                _one_page(session_token, lister, shape, page_number)
                timings.append((time.perf_counter() - started) * 1000)
            results[f"{name} (page {page_number})"] = {
                "median_ms": round(statistics.median(timings), 2),
                # The fastest run: on a shared machine, the figure load disturbs least.
                "min_ms": round(min(timings), 2),
                "queries": len(captured.captured_queries),
                "rows": len(rows),
            }
    return results


def _table_bytes(table: str) -> int:
    """The table with its indexes (and, on PostgreSQL, its TOAST data), in bytes on disk."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_total_relation_size(%s::regclass)", [table])
        else:
            cursor.execute(
                "SELECT SUM(pgsize) FROM dbstat WHERE name IN (SELECT name FROM sqlite_master WHERE tbl_name = %s)",
                [table],
            )
        return int(cursor.fetchone()[0] or 0)


def measure_history_storage() -> dict:
    """Entries and bytes of each history table, and what a million entries weigh (MB)."""
    figures = {}
    for model in (Employee, Client, Contract, Event):
        history = model.history.model
        entries = history.objects.count()
        size = _table_bytes(history._meta.db_table)
        figures[model._meta.verbose_name] = {
            "entries": entries,
            "bytes": size,
            "mb_per_million": round(size / entries, 1) if entries else None,  # bytes per entry = MB per million
        }
    return figures


def measure_login(repeat: int = 3) -> float:
    manager, password = bench_manager()
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        login(email=manager.email, password=password)
        timings.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(timings), 1)
