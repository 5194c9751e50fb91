"""A bounded number of queries per row: staff and stored records are looked up in bulk, not row by row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.imports.conftest import EVENT_HEADER, csv_bytes, run_import

pytestmark = pytest.mark.django_db

# A new row's client, contract and event are created by the services, each checking what it is
# given (the salesperson, the support contact, the unique email and numbers), locking the contract
# and inserting, inside savepoints: 18 queries on SQLite and PostgreSQL alike, plus one history
# entry for each of the three records.
MOST_QUERIES_PER_NEW_ROW = 21


def sheet(first: int, count: int) -> bytes:
    rows = [EVENT_HEADER]
    for n in range(first, first + count):
        rows.append([
            str(5000 + n), f"Event {n}", str(9000 + n), f"Client {n}", f"Company {n}", f"client{n}@startup.example",
            "+33 1 23 45 67 89", "Bill Boquet", "1000", "250", "oui",
            f"{n % 28 + 1:02d}/06/2027 13:00", f"{n % 28 + 1:02d}/06/2027 18:00", "Kate Hastroff", "Paris", "50",
            f"Notes {n}",
        ])
    return csv_bytes(rows)


def queries(actor, content, **options) -> int:
    with CaptureQueriesContext(connection) as captured:
        report = run_import(actor, content, **options)
    assert report["errors"] == []
    return len(captured.captured_queries)


def test_rows_matching_stored_records_cost_no_query_of_their_own(staff):
    small, large = sheet(0, 5), sheet(100, 60)
    run_import(staff.manager, small)
    run_import(staff.manager, large)
    assert queries(staff.manager, small) == queries(staff.manager, large)


def test_each_new_row_costs_the_same_fixed_number_of_queries(staff):
    ten = queries(staff.manager, sheet(0, 10), dry_run=True)
    forty = queries(staff.manager, sheet(100, 40), dry_run=True)
    seventy = queries(staff.manager, sheet(200, 70), dry_run=True)
    per_row = (forty - ten) / 30
    assert seventy - forty == forty - ten
    assert per_row <= MOST_QUERIES_PER_NEW_ROW
