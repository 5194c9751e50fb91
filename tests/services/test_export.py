"""Exports: every row of a list in its SPEC §5 shape, streamed from the database.

- The JSON and CSV text is byte for byte what ``--format json|csv`` printed before the
  exports existed: the golden files were written by ``cli/render.py`` as it was then, from
  ``export_records.fixed_records()``, and that code printed the same on both databases.
- Each row equals ``to_dict(shape, record)`` for the record the list gives, field by field.
- Rows are read lazily, a chunk at a time; on PostgreSQL through a server-side cursor
  that is not ``WITH HOLD``, inside a transaction.
"""

import json
import tracemalloc
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crm_core.errors import RuleViolation
from crm_core.export import Export
from crm_core.export_text import csv_table, json_array
from crm_core.serialization import to_dict
from epic_auth_app.selectors import employees_export, employees_list
from epic_auth_app.serializers import EMPLOYEE_SHAPE
from epic_clients_app.models import Client
from epic_clients_app.selectors import clients_export, clients_list
from epic_clients_app.serializers import CLIENT_SHAPE
from epic_contracts_app.selectors import contracts_export, contracts_list
from epic_contracts_app.serializers import CONTRACT_SHAPE
from epic_events_app.selectors import events_export, events_list
from epic_events_app.serializers import EVENT_SHAPE
from tests.factories import make_bulk, make_employee
from tests.services.export_records import fixed_records

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).parent / "golden"


EXPORTS = {
    "employees": (employees_export, employees_list, EMPLOYEE_SHAPE),
    "clients": (clients_export, clients_list, CLIENT_SHAPE),
    "contracts": (contracts_export, contracts_list, CONTRACT_SHAPE),
    "events": (events_export, events_list, EVENT_SHAPE),
}


@pytest.mark.parametrize("output", ["json", "csv"])
@pytest.mark.parametrize("kind", EXPORTS)
def test_export_prints_what_the_cli_printed_before(kind, output):
    people = fixed_records()
    exporter = EXPORTS[kind][0]
    encode = json_array if output == "json" else csv_table

    text = "".join(encode(exporter(actor=people["manager"])))

    assert text == (GOLDEN / f"{kind}.{output}").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "kind, role, filters",
    [
        ("employees", "manager", {}),
        ("employees", "manager", {"include_removed": True}),
        ("clients", "manager", {}),
        ("clients", "seller", {"mine": True}),
        ("clients", "manager", {"search": "émilie"}),
        ("contracts", "seller", {"mine": True}),
        ("contracts", "manager", {"unsigned": True}),
        ("contracts", "manager", {"unpaid": True}),
        ("events", "manager", {}),
        ("events", "seller", {"mine": True}),
        ("events", "supporter", {"mine": True}),
        ("events", "manager", {"no_support": True}),
    ],
)
def test_each_exported_row_equals_the_shape_of_the_listed_record(kind, role, filters):
    people = fixed_records()
    exporter, lister, shape = EXPORTS[kind]
    actor = people[role]

    exported = list(exporter(actor=actor, **filters))

    expected = [to_dict(shape, record) for record in lister(actor=actor, **filters)]
    assert exported == expected
    assert all(list(row) == list(shape) for row in exported)  # the keys, in the shape's order
    assert json.loads("".join(json_array(exporter(actor=actor, **filters)))) == expected


def test_offset_and_limit_cut_the_export_as_pages_do():
    people = fixed_records()
    make_bulk(30, seller=people["seller"], supporter=people["supporter"])
    every = list(events_export(actor=people["manager"]))

    assert list(events_export(actor=people["manager"], offset=10, limit=5)) == every[10:15]
    assert list(events_export(actor=people["manager"], offset=30)) == every[30:]


def test_an_export_is_refused_before_any_row_is_read():
    people = fixed_records()
    with pytest.raises(RuleViolation):
        events_export(actor=people["manager"], mine=True)  # management owns nothing


def test_a_shape_without_column_paths_cannot_be_exported():
    with pytest.raises(TypeError, match="full_name"):
        Export(Client.objects.all(), {"id": CLIENT_SHAPE["id"], "full_name": lambda c: c.full_name})


def test_an_export_of_no_rows_is_an_empty_array_and_a_header():
    manager = make_employee("management")
    assert "".join(json_array(events_export(actor=manager))) == "[\n]\n"
    assert "".join(csv_table(events_export(actor=manager))) == ",".join(EVENT_SHAPE) + "\n"


def test_rows_are_read_lazily_a_chunk_at_a_time():
    seller, supporter = make_employee("sales"), make_employee("support")
    manager = make_employee("management")
    make_bulk(1200, seller=seller, supporter=supporter)

    with CaptureQueriesContext(connection) as captured:
        rows = iter(Export(events_list(actor=manager), EVENT_SHAPE, chunk_size=50))
        assert len(captured) == 0  # nothing read before the first row is asked for
        next(rows)
    assert sum(1 for query in captured if "epic_events_app_event" in query["sql"]) == 1

    def peak_while(consume) -> int:
        tracemalloc.start()
        try:
            consume()
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    def stream():
        for _row in Export(events_list(actor=manager), EVENT_SHAPE, chunk_size=50):
            pass

    streamed = peak_while(stream)
    held = peak_while(lambda: list(Export(events_list(actor=manager), EVENT_SHAPE, chunk_size=50)))
    # Holding 1,200 rows takes several times what streaming them 50 at a time does.
    assert streamed * 3 < held, (streamed, held)


def test_an_export_costs_the_same_queries_at_any_size():
    seller, supporter = make_employee("sales"), make_employee("support")
    manager = make_employee("management")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            for _chunk in csv_table(events_export(actor=manager)):
                pass
        # The test runs inside a transaction, so the export's own is a savepoint here.
        return sum(1 for query in captured if "SAVEPOINT" not in query["sql"])

    make_bulk(10, seller=seller, supporter=supporter)
    at_10 = queries()
    make_bulk(490, seller=seller, supporter=supporter)
    assert queries() == at_10 == (2 if connection.vendor == "postgresql" else 1)


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("read_as", ["rows", "json"])  # Python's dicts (CSV), or the JSON the database writes
def test_on_postgresql_the_export_streams_from_a_cursor_without_hold_inside_a_transaction(read_as):
    # Autocommit, as in the CLI: there Django's iterator() would declare the cursor WITH HOLD.
    seller, supporter = make_employee("sales"), make_employee("support")
    manager = make_employee("management")
    make_bulk(300, seller=seller, supporter=supporter)
    assert connection.get_autocommit()

    export = Export(events_list(actor=manager), EVENT_SHAPE, chunk_size=100)
    rows = iter(export) if read_as == "rows" else json_array(export)
    next(rows)
    if read_as == "json":
        next(rows)  # after the "[": the first chunk of objects
    with connection.cursor() as cursor:
        cursor.execute("SELECT is_holdable, statement FROM pg_cursors")
        cursors = cursor.fetchall()
        cursor.execute("SELECT current_setting('jit'), current_setting('TimeZone')")
        jit, zone = cursor.fetchone()

    assert connection.in_atomic_block  # the export's own transaction
    assert len(cursors) == 1
    holdable, statement = cursors[0]
    assert holdable is False
    assert "WITH HOLD" not in statement.upper()
    assert "epic_events_app_event" in statement
    assert ("to_json" in statement) == (read_as == "json")
    assert jit == "off"
    # The dates the database writes are in the CRM's time zone; the Python encoder reads them in UTC.
    assert zone == ("Europe/Paris" if read_as == "json" else "UTC")

    for _piece in rows:
        pass
    assert export.rows_read == 300
    assert not connection.in_atomic_block and connection.get_autocommit()  # ended with the last row
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('TimeZone')")
        assert cursor.fetchone()[0] == "UTC"  # the connection reads dates as Django expects again


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_postgresql_a_reader_that_stops_early_ends_the_export_transaction():
    seller, supporter = make_employee("sales"), make_employee("support")
    manager = make_employee("management")
    make_bulk(300, seller=seller, supporter=supporter)

    pieces = json_array(Export(events_list(actor=manager), EVENT_SHAPE, chunk_size=50))
    next(pieces), next(pieces)  # "[" and the first 50 rows: the cursor is open
    assert connection.in_atomic_block
    pieces.close()  # what a broken pipe or a closed HTTP response does

    assert not connection.in_atomic_block and connection.get_autocommit()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_cursors")
        assert cursor.fetchone()[0] == 0
