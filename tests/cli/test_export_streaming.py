"""`list --format json|csv` and the API's `all=true` stream what they export (issue 16).

The command and the API read every row through ``crm_core.export``: written a chunk of
rows at a time (a few hundred writes for a million rows, not a million), and on
PostgreSQL from a cursor that is not ``WITH HOLD`` inside the export's own transaction,
so the server never materialises the whole result before the first row.
"""

import io
import json

import pytest
from django.db import connection

from crm_core.export_text import CHUNK_SIZE
from tests.api.conftest import Api
from tests.factories import make_bulk, make_employee

ROWS = CHUNK_SIZE + 500  # more than one chunk: the cursor is still open when the first chunk is written


class WatchedOutput(io.StringIO):
    """stdout that notes, at each write, the server-side cursors open on this connection."""

    def __init__(self):
        super().__init__()
        self.writes = 0
        self.cursors_seen: list[tuple] = []

    def write(self, text):
        self.writes += 1
        if connection.vendor == "postgresql" and connection.connection is not None:
            with connection.cursor() as cursor:
                cursor.execute("SELECT is_holdable, statement FROM pg_cursors")
                self.cursors_seen.extend(cursor.fetchall())
        return super().write(text)


@pytest.fixture
def sequences_follow_the_rows(django_db_blocker):
    """Torn down after the test's database (requested first): each table's id sequence set back to just
    past its rows. PostgreSQL's sequences ignore rollbacks, and thousands of ids spent here would reach
    the fixed ids other tests give their records (tests/services/export_records.py)."""
    yield
    from django.apps import apps
    from django.core.management.color import no_style

    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                cursor.execute(statement)


@pytest.fixture
def people(sequences_follow_the_rows, db):
    seller, supporter = make_employee("sales"), make_employee("support")
    make_bulk(ROWS, seller=seller, supporter=supporter)
    return make_employee("management"), seller


@pytest.mark.parametrize("output", ["json", "csv"])
def test_a_full_export_is_written_a_chunk_of_rows_at_a_time(people, output, home, log_in):
    log_in(people[0])
    watched = WatchedOutput()
    from cli.environment import Environment
    from cli.runner import run
    from cli.session_file import SessionFile

    env = Environment(stdout=watched, stderr=io.StringIO(), session_file=SessionFile(home), stdout_is_tty=False)
    assert run(["events", "list", "--format", output], env) == 0

    text = watched.getvalue()
    count = len(json.loads(text)) if output == "json" else len(text.splitlines()) - 1
    assert count == ROWS
    # "[" or the header, one piece per chunk of rows, the closing "]": never a write per row.
    assert watched.writes <= 2 + -(-ROWS // CHUNK_SIZE) + 1


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_postgresql_the_command_streams_from_a_cursor_without_hold(people, home, log_in):
    # Autocommit, as in a real run: there, Django's plain iterator() declares its cursor WITH HOLD,
    # and PostgreSQL runs such a cursor to its end before the first row leaves.
    assert connection.get_autocommit()
    log_in(people[0])
    from cli.environment import Environment
    from cli.runner import run
    from cli.session_file import SessionFile

    watched = WatchedOutput()
    env = Environment(stdout=watched, stderr=io.StringIO(), session_file=SessionFile(home), stdout_is_tty=False)
    assert run(["events", "list", "--format", "json"], env) == 0

    assert len(json.loads(watched.getvalue())) == ROWS
    assert watched.cursors_seen, "no server-side cursor was open while the rows were written"
    assert all(holdable is False for holdable, _statement in watched.cursors_seen)
    assert all("epic_events_app_event" in statement for _holdable, statement in watched.cursors_seen)
    assert connection.get_autocommit() and not connection.in_atomic_block  # the export's transaction ended


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_postgresql_the_api_streams_all_rows_from_a_cursor_without_hold(people):
    api = Api()
    response = api.as_(people[0]).get("events?all=true")
    assert response.status_code == 200 and response.streaming

    pieces = iter(response.streaming_content)
    first = next(pieces)
    with connection.cursor() as cursor:
        cursor.execute("SELECT is_holdable FROM pg_cursors")
        open_cursors = [row[0] for row in cursor.fetchall()]
    rest = b"".join(pieces)

    assert open_cursors == [False]  # the rows still to come wait in a cursor that is not WITH HOLD
    assert len(json.loads(first + rest)) == ROWS
    assert not connection.in_atomic_block
