"""One sentence per real cause, from errors the real drivers raise (crm_core/database_faults.py).

Each fault is produced for real: a SQLite file opened read-only, a database grown past its
page limit, a write lock held by another connection, a PostgreSQL row locked elsewhere,
a server port nobody listens on, one that accepts and never answers. No sentence ever
repeats DATABASE_URL, which may hold a password.
"""

import socket
import sqlite3
import threading
from pathlib import Path

import psycopg2
import pytest
from django.db import connection, connections, transaction
from django.db.utils import ConnectionHandler

from crm_core.database_faults import diagnose, error_code
from epic_contracts_app.models import Contract
from tests.cli_support import runnable_manage_hint
from tests.factories import make_contract

PASSWORD_IN_URL = "s3cret-pw"


def sqlite_error(path, *statements, uri=False) -> sqlite3.Error:
    """The error that opening ``path`` or one of the statements raises, with sqlite3 itself."""
    database = None
    try:
        database = sqlite3.connect(str(path), uri=uri, timeout=0, isolation_level=None)
        for statement in statements:
            database.execute(statement)
    except sqlite3.Error as error:
        return error
    finally:
        if database is not None:
            database.close()
    raise AssertionError("no error")


@pytest.fixture
def sqlite_file(tmp_path):
    path = tmp_path / "crm.sqlite3"
    database = sqlite3.connect(path)
    database.execute("CREATE TABLE t (x)")
    database.close()
    return path


class TestSQLite:
    @pytest.fixture(autouse=True)
    def database_url(self, monkeypatch, sqlite_file):
        monkeypatch.setenv("DATABASE_URL", f"sqlite:///{sqlite_file}")  # the sentences name the variable

    def test_a_read_only_file(self, sqlite_file):
        error = sqlite_error(f"file:{sqlite_file}?mode=ro", "INSERT INTO t VALUES (1)", uri=True)
        fault = diagnose(error)
        assert (fault.cause, fault.transient) == ("read_only", False)
        assert fault.sentence.startswith("The database file named in DATABASE_URL is read-only for you")

    def test_a_full_disk(self, sqlite_file):
        # The page limit stands in for the disk: SQLite reports both as SQLITE_FULL.
        error = sqlite_error(
            sqlite_file, "PRAGMA max_page_count = 3", "INSERT INTO t SELECT zeroblob(100000)"
        )
        assert diagnose(error).cause == "disk_full"
        assert diagnose(error).sentence == (
            "The disk that holds the database is full: free some space (or ask IT support to)"
        )

    def test_busy_for_longer_than_the_wait_is_another_users_change(self, sqlite_file, settings):
        settings.DATABASE_TIMEOUTS = {**settings.DATABASE_TIMEOUTS, "lock": 7}
        writer = sqlite3.connect(sqlite_file, isolation_level=None)
        writer.execute("BEGIN IMMEDIATE")
        try:
            error = sqlite_error(sqlite_file, "BEGIN IMMEDIATE")
        finally:
            writer.close()
        fault = diagnose(error)
        assert (fault.cause, fault.transient) == ("busy", True)
        assert fault.told() == (
            "Another user is saving a change and the database stayed busy for 7 seconds (DATABASE_LOCK_TIMEOUT); "
            "try again in a moment; nothing was changed."
        )

    def test_a_missing_folder(self, tmp_path):
        error = sqlite_error(tmp_path / "no-such-folder" / "crm.sqlite3", "SELECT 1")
        assert diagnose(error).cause == "missing"

    def test_a_file_that_is_not_a_database(self, tmp_path):
        damaged = tmp_path / "damaged.sqlite3"
        damaged.write_bytes(b"this is not an SQLite database, " * 64)
        assert diagnose(sqlite_error(damaged, "SELECT * FROM t")).cause == "damaged"

    def test_no_tables_yet_and_tables_of_an_older_version(self, sqlite_file):
        not_set_up = diagnose(sqlite_error(sqlite_file, "SELECT * FROM epic_auth_app_employee"))
        said, hint = not_set_up.sentence.split(": ", 1)
        assert said == "The database named in DATABASE_URL has no CRM tables yet; set it up with"
        assert runnable_manage_hint(hint, "migrate", cwd=Path.cwd())  # the Python running this, from here
        older = diagnose(sqlite_error(sqlite_file, "SELECT locked_until FROM t"))
        assert older.cause == "not_set_up" and "older CRM version" in older.sentence

    def test_codes_for_sentry_carry_no_message(self, sqlite_file):
        assert error_code(sqlite_error(f"file:{sqlite_file}?mode=ro", "INSERT INTO t VALUES (1)", uri=True)) == (
            "SQLITE_READONLY"
        )


def test_errors_that_are_not_database_errors_are_not_diagnosed():
    assert diagnose(ValueError("no such table")) is None
    assert diagnose(KeyError("database is locked")) is None


def probe(**changes):
    """A fresh connection with the test database's settings changed (no query run yet)."""
    settings_dict = {**connection.settings_dict, **changes}
    settings_dict["OPTIONS"] = {**connection.settings_dict["OPTIONS"], **changes.get("OPTIONS", {})}
    return connections["default"].__class__(settings_dict, alias="probe")


def postgresql(**changes):
    """A connection to a PostgreSQL server that may not exist: only the driver is needed."""
    settings_dict = {
        "ENGINE": "crm_core.backends.postgresql", "NAME": "epicevents", "USER": "crm", "PASSWORD": PASSWORD_IN_URL,
        "HOST": "127.0.0.1", "PORT": 5432, "OPTIONS": {"connect_timeout": 10}, **changes,
    }
    return ConnectionHandler({"default": settings_dict})["default"]


def connection_fault(wrapper):
    try:
        wrapper.ensure_connection()
    except Exception as error:  # the outcome under test
        return diagnose(error), error
    finally:
        wrapper.close()
    raise AssertionError("the connection was made")


@pytest.fixture
def silent_server():
    """A loopback port that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join(2)
    for peer in accepted:
        peer.close()
    listener.close()


@pytest.mark.django_db  # pytest-django lets no connection open without it, even to another server
class TestPostgreSQLConnection:
    """The connection set-up: these need no PostgreSQL server, only the driver."""

    def test_nothing_listening(self):
        with socket.socket() as closed:
            closed.bind(("127.0.0.1", 0))
            port = closed.getsockname()[1]
        fault, _ = connection_fault(postgresql(PORT=port))
        assert fault.cause == "unreachable" and "nothing answers on that host and port" in fault.sentence
        assert PASSWORD_IN_URL not in fault.sentence

    def test_a_server_that_never_answers_is_given_up_after_the_connect_timeout(self, silent_server):
        fault, _ = connection_fault(postgresql(PORT=silent_server, OPTIONS={"connect_timeout": 1}))
        assert fault.sentence == (
            "The database server named in DATABASE_URL cannot be reached: it did not answer within 1 second "
            "(DATABASE_CONNECT_TIMEOUT); check the host and port, or ask IT support whether it is running"
        )

    def test_an_unknown_host(self):
        fault, _ = connection_fault(postgresql(HOST="db.example.invalid"))
        assert fault.cause == "unreachable" and "host name is not known" in fault.sentence


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class TestPostgreSQL:
    def test_a_database_that_does_not_exist(self):
        fault, _ = connection_fault(probe(NAME="epicevents_no_such_database"))
        assert fault.cause == "missing"
        assert fault.sentence.startswith("The database named in DATABASE_URL does not exist on its server")
        assert "epicevents_no_such_database" not in fault.sentence

    def test_a_login_the_server_refuses(self):
        fault, _ = connection_fault(probe(USER="nobody_of_epicevents"))
        assert fault.cause == "login_refused"
        assert "percent-encoded" in fault.sentence and "nobody_of_epicevents" not in fault.sentence

    def test_a_database_without_the_crm_tables(self):
        with pytest.raises(Exception) as caught, connection.cursor() as cursor:
            cursor.execute("SELECT * FROM epic_no_such_table")
        assert diagnose(caught.value).cause == "not_set_up"

    def test_a_row_locked_longer_than_the_wait_names_the_record(self, settings):
        settings.DATABASE_TIMEOUTS = {**settings.DATABASE_TIMEOUTS, "lock": 1}
        contract = make_contract()
        holder = psycopg2.connect(
            dbname=connection.settings_dict["NAME"], user=connection.settings_dict["USER"],
            host=connection.settings_dict["HOST"] or "127.0.0.1", port=connection.settings_dict["PORT"] or 5432,
        )
        try:
            with holder.cursor() as cursor:
                cursor.execute("SELECT 1 FROM epic_contracts_app_contract WHERE id = %s FOR UPDATE", [contract.pk])
            with pytest.raises(Exception) as caught, transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '100ms'")
                Contract.objects.select_for_update().get(pk=contract.pk)
        finally:
            holder.close()
        fault = diagnose(caught.value)
        assert (fault.cause, fault.transient) == ("lock_timeout", True)
        assert fault.sentence == (
            "Another user is changing this contract: it stayed locked for 1 second (DATABASE_LOCK_TIMEOUT); "
            "try again in a moment"
        )
        assert error_code(caught.value) == "SQLSTATE 55P03"

    def test_a_statement_longer_than_the_statement_timeout(self):
        with pytest.raises(Exception) as caught, transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL statement_timeout = '50ms'")
                cursor.execute("SELECT pg_sleep(2)")
        fault = diagnose(caught.value)
        assert fault.cause == "statement_timeout" and "(DATABASE_STATEMENT_TIMEOUT)" in fault.sentence
