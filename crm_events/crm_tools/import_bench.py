"""The import section of ``manage.py bench``: rows per second of the spreadsheet import.

``bench_import`` (in the bench command's process) makes a fresh database, migrates it and
runs ``measure_import`` in a process connected to it. That process builds an event sheet
of N rows as the support team keeps it (one client per three events, one signed contract
per client, dates typed day first, French headers, semicolons) and imports it four times
as a manager: a dry run of the new rows, the real import, the same file again (every row
unchanged), and the file with one value changed per row under ``--update``. Each figure
is one run (the import is long enough to need no repeat), with the queries it made.
"""

import datetime as dt
import io
import json
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

BENCH_DATABASE = "epicevents_bench_import"
HEADER = [
    "N° événement", "Événement", "N° contrat", "Client", "Société", "E-mail", "Téléphone", "Commercial",
    "Montant total", "Reste à payer", "Signé", "Début", "Fin", "Support", "Lieu", "Participants", "Notes",
]
RUNS = ("new rows, dry run", "new rows", "unchanged rows (same file again)", "changed rows (--update)")


def bench_import(command, database_url: str | None, rows: int) -> dict:
    """Measure the import of a ``rows``-event sheet in a fresh database; print and return the figures."""
    url = _fresh_database(command, database_url)
    command.stderr.write(f"== import of a {rows:,}-event sheet ({'postgresql' if database_url else 'sqlite'})")
    command._manage(url, "migrate", "--no-input", "--verbosity", "0")
    output = command._manage(url, "bench", "--measure-import", str(rows), capture=True)
    figures = json.loads(output.strip().splitlines()[-1])
    lines = [f"\nimport of a {rows:,}-event sheet ({figures['file_kb']:,} KB of CSV)",
             f"  {'run':<42}{'seconds':>10}{'rows/s':>9}{'queries/row':>13}"]
    for name in RUNS:
        run = figures["runs"][name]
        per_row = run["queries_per_row"]
        lines.append(f"  {name:<42}{run['seconds']:>10.2f}{run['rows_per_second']:>9,.0f}{per_row:>13.1f}")
    command.stdout.write("\n".join(lines))
    return figures


def _fresh_database(command, base: str | None) -> str:
    if base is None:
        path = Path(settings.DATA_DIR) / "bench-import.sqlite3"
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(base)
    admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(BENCH_DATABASE)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(BENCH_DATABASE)))
    admin.close()
    return urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}"))


def measure_import(rows: int) -> dict:
    """In a process connected to the bench database: the four runs, timed, with their queries."""
    from django.db import connection

    from epic_imports_app.services import spreadsheet_import

    executed = []

    def count(execute, sql, params, many, context):
        executed.append(1)  # counted here: the debug query log keeps only the last 9,000
        return execute(sql, params, many, context)

    manager, sellers, supporters = _staff()
    first = _sheet(rows, sellers, supporters, attendees=50)
    changed = _sheet(rows, sellers, supporters, attendees=60)
    plan = [(RUNS[0], first, {"dry_run": True}), (RUNS[1], first, {}), (RUNS[2], first, {}),
            (RUNS[3], changed, {"update": True})]
    runs = {}
    for name, content, options in plan:
        executed.clear()
        with connection.execute_wrapper(count):
            started = time.perf_counter()
            report = spreadsheet_import(actor=manager, kind="events", filename="bench.csv", content=content, **options)
            seconds = time.perf_counter() - started
        if report["errors"]:
            raise RuntimeError(f"the bench sheet was refused: {report['errors'][:3]}")
        runs[name] = {
            "seconds": round(seconds, 3),
            "rows_per_second": round(rows / seconds, 1),
            "queries_per_row": round(len(executed) / rows, 2),
            "created": report["created"],
            "updated": report["updated"],
            "unchanged": report["unchanged"],
        }
    return {"rows": rows, "file_kb": len(first) // 1024, "runs": runs}


def _staff():
    from crm_tools.benchmark import bench_manager
    from epic_auth_app.models import Department, Employee

    def hire(code: str, number: int) -> Employee:
        email = f"bench-import-{code}-{number}@volume.epicevents.example"
        employee = Employee.objects.filter(email=email).first()
        if employee is None:
            employee = Employee(email=email, full_name=f"Bench {code.title()} {number}",
                                department=Department.objects.get(code=code))
            employee.set_unusable_password()
            Employee.objects.insert_numbered(employee)
        return employee

    return bench_manager()[0], [hire("sales", n) for n in range(3)], [hire("support", n) for n in range(3)]


def _sheet(rows: int, sellers, supporters, *, attendees: int) -> bytes:
    import csv

    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    first_day = dt.date(2027, 1, 4)
    for n in range(rows):
        client = n // 3
        day = first_day + dt.timedelta(days=n % 700)
        support = supporters[n % len(supporters)].email if n % 7 else ""
        writer.writerow([
            f"E{n}", f"Bench Event {n}", f"C{client}", f"Bench Client {client}", f"Bench Company {client}",
            f"client{client}@bench.example", "+33 1 23 45 67 89", sellers[client % len(sellers)].email,
            "10 000,00", "2 500,00", "oui", f"{day:%d/%m/%Y} 14:00", f"{day:%d/%m/%Y} 18:30", support,
            "Paris", str(attendees), "Traiteur à confirmer.",
        ])
    return out.getvalue().encode("utf-8")
