"""``manage.py bench`` section: full exports of the events list (see docs/performance.md).

Runs in the measuring process connected to one sized database. For JSON and CSV it
times what ``events list --format json|csv > file`` does once the session is checked:
``events_export`` encoded by ``crm_core.export`` and written through a buffered file
(the null device), reporting the time to the first row, the total time and rows per
second. Next to it, the database's own time for the same query: on PostgreSQL
``EXPLAIN ANALYZE`` of the statement as a plain query (the plan a whole-result query
gets: hash joins and a sort), of the export's cursor (the plan it streams with) and of
the JSON export's cursor (the same plan, the database writing each row's JSON text); on
SQLite the statement stepped to its last row, with no conversion.
"""

import json
import os
import statistics
import time

from django.db import connection
from django.utils import timezone

from crm_core.export import POSTGRESQL_EXPORT_SETUP
from crm_core.export_sql_json import session_time_zone
from crm_core.export_text import csv_table, json_array
from epic_events_app.selectors import events_export

NAME = "exports"
FORMATS = {"json": json_array, "csv": csv_table}


def measure(*, actor, repeat: int = 1) -> dict:
    figures = {}
    for output, encode in FORMATS.items():
        runs = [_one_export(actor, encode) for _ in range(max(1, repeat))]
        figures[output] = {
            "rows": runs[0]["rows"],
            "first_row_ms": round(statistics.median(run["first_row_ms"] for run in runs), 1),
            "total_s": round(statistics.median(run["total_s"] for run in runs), 3),
        }
        figures[output]["rows_per_s"] = round(figures[output]["rows"] / figures[output]["total_s"])
    figures["database"] = _database_time(events_export(actor=actor))
    return figures


def _one_export(actor, encode) -> dict:
    first_row = None
    with open(os.devnull, "w", encoding="utf-8") as sink:  # buffered text, encoded to UTF-8 as stdout is
        started = time.perf_counter()
        export = events_export(actor=actor)
        for index, piece in enumerate(encode(export)):
            sink.write(piece)
            if index == 1:  # after "[" or the CSV header: the first piece that holds rows
                first_row = time.perf_counter() - started
        total = time.perf_counter() - started
    return {"rows": export.rows_read, "first_row_ms": (first_row or total) * 1000, "total_s": total}


def _database_time(export) -> dict:
    sql, params = export.sql()
    if connection.vendor == "postgresql":
        json_sql, json_params = export.json_sql()
        return {
            "statement_ms": _explain_analyze("EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) " + sql, params),
            "cursor_ms": _explain_analyze(
                "EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) DECLARE bench_export NO SCROLL CURSOR FOR " + sql,
                params,
                in_transaction=True,
            ),
            # The cursor the JSON export reads: the same rows, each written as its JSON text.
            "json_cursor_ms": _explain_analyze(
                "EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) DECLARE bench_json NO SCROLL CURSOR FOR " + json_sql,
                json_params,
                in_transaction=True,
            ),
        }
    with connection.cursor() as cursor:
        started = time.perf_counter()
        # B608: the statement is the ORM's own SQL with its parameters bound separately.
        cursor.execute(sql, params)  # nosec B608
        while cursor.fetchmany(5000):
            pass
        return {"statement_ms": round((time.perf_counter() - started) * 1000, 1)}


def _explain_analyze(statement: str, params, *, in_transaction: bool = False) -> float:
    from django.db import transaction

    with transaction.atomic():
        with connection.cursor() as cursor:
            if in_transaction:  # as the export runs it
                cursor.execute(POSTGRESQL_EXPORT_SETUP, [session_time_zone(timezone.get_current_timezone())])
            # B608: the statement is the ORM's own SQL with its parameters bound separately.
            cursor.execute(statement, params)  # nosec B608
            plan = cursor.fetchone()[0]
    plan = plan if isinstance(plan, list) else json.loads(plan)
    return round(plan[0]["Execution Time"], 1)


def report(figures: dict) -> list[str]:
    lines = [f"  {'full export of the events list':<42}{'rows':>10}{'1st row ms':>12}{'total s':>9}{'rows/s':>10}"]
    for output in FORMATS:
        item = figures[output]
        lines.append(
            f"  {'events list --format ' + output:<42}{item['rows']:>10,}{item['first_row_ms']:>12.1f}"
            f"{item['total_s']:>9.2f}{item['rows_per_s']:>10,}"
        )
    database = figures["database"]
    lines.append(f"  {'database alone, the query as a statement':<42}{database['statement_ms'] / 1000:>31.2f}")
    if "cursor_ms" in database:
        lines.append(f"  {'database alone, as the export cursor':<42}{database['cursor_ms'] / 1000:>31.2f}")
        lines.append(f"  {'database alone, the JSON export cursor':<42}{database['json_cursor_ms'] / 1000:>31.2f}")
    return lines
