"""No wait of the real CLI outlives its documented timeout or a Ctrl-C (exit 1, or 130).

A loopback server that accepts connections and never answers stands for a stuck database
server; a row or the SQLite write lock held by the test stands for another user's change.
Each wait is observed for real before Ctrl-C is sent: the server sees the connection,
PostgreSQL shows the backend waiting for a lock, the CLI's log says it waits for the writer.
"""

import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time

import psycopg2
import pytest
from django.db import connection

from tests.cli_support import MAIN, REPO_ROOT, process_env, run_process
from tests.factories import PASSWORD, make_contract, make_employee

pytestmark = pytest.mark.cli_process
LIVE_DB = pytest.mark.django_db(transaction=True, serialized_rollback=True)
EMAIL = "mona@epicevents.example"
PATIENCE = 20  # seconds: far beyond every wait under test, far below the timeouts that would hang


class SilentServer:
    """Accepts connections on a loopback port and never answers."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen()
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.accepted = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self):
        while not self.stop.is_set():
            try:
                self.accepted.append(self.listener.accept()[0])
            except OSError:
                continue

    def wait_for_a_connection(self) -> bool:
        deadline = time.monotonic() + PATIENCE
        while not self.accepted and time.monotonic() < deadline:
            time.sleep(0.02)
        return bool(self.accepted)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stop.set()
        self.thread.join(2)
        for peer in self.accepted:
            peer.close()
        self.listener.close()


def start(argv, home, *, stdin="", **variables) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, str(MAIN), *argv],
        cwd=REPO_ROOT,
        env=process_env(home, **variables),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    process.stdin.write(stdin)
    process.stdin.close()
    process.stdin = None  # communicate() must not touch it again
    return process


def interrupt(process: subprocess.Popen) -> tuple[int, str]:
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=PATIENCE)
    return process.returncode, err


def login_argv():
    return ["login", "--email", EMAIL, "--password-stdin"]


class TestStuckServer:
    def url(self, port):
        return f"postgres://crm:s3cret-pw@127.0.0.1:{port}/epicevents"

    def test_a_server_that_never_answers_stops_the_command_at_the_connect_timeout(self, tmp_path):
        with SilentServer() as server:
            done = run_process(
                login_argv(), tmp_path, stdin=PASSWORD + "\n",
                DATABASE_URL=self.url(server.port), DATABASE_CONNECT_TIMEOUT="1",
            )
        assert done.status == 1
        assert done.stderr == (
            "The database server named in DATABASE_URL cannot be reached: it did not answer within 1 second "
            "(DATABASE_CONNECT_TIMEOUT); check the host and port, or ask IT support whether it is running; "
            "nothing was changed.\n"
        )

    def test_ctrl_c_stops_the_wait_for_a_silent_server_at_once(self, tmp_path):
        with SilentServer() as server:
            process = start(
                login_argv(), tmp_path, stdin=PASSWORD + "\n",
                DATABASE_URL=self.url(server.port), DATABASE_CONNECT_TIMEOUT="300",
            )
            assert server.wait_for_a_connection()
            status, err = interrupt(process)  # communicate() gives up long before the 300 s timeout
        assert (status, err) == (130, "Interrupted.\n")


@LIVE_DB
class TestAnotherUsersChange:
    @pytest.fixture
    def contract(self, tmp_path):
        make_employee("management", email=EMAIL)
        assert run_process(login_argv(), tmp_path, stdin=PASSWORD + "\n").status == 0
        return make_contract()

    def update(self, contract):
        return ["contracts", "update", str(contract.pk), "--due", "10"]

    @pytest.fixture
    def held(self, contract):
        """The contract's row (PostgreSQL) or the write lock (SQLite), held by another connection."""
        settings = connection.settings_dict
        if connection.vendor == "postgresql":
            holder = psycopg2.connect(
                dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"] or "127.0.0.1",
                port=settings["PORT"] or 5432,
            )
            with holder.cursor() as cursor:
                cursor.execute("SELECT 1 FROM epic_contracts_app_contract WHERE id = %s FOR UPDATE", [contract.pk])
        else:
            holder = sqlite3.connect(settings["NAME"], isolation_level=None)
            holder.execute("BEGIN IMMEDIATE")
        yield holder
        holder.close()

    def test_a_change_held_past_the_lock_timeout_is_named_and_nothing_changes(self, tmp_path, contract, held):
        done = run_process(self.update(contract), tmp_path, DATABASE_LOCK_TIMEOUT="1")
        assert done.status == 1 and done.stdout == ""
        if connection.vendor == "postgresql":
            assert done.stderr == (
                "Another user is changing this contract: it stayed locked for 1 second (DATABASE_LOCK_TIMEOUT); "
                "try again in a moment; nothing was changed.\n"
            )
        else:
            assert done.stderr == (
                "Another user is saving a change and the database stayed busy for 1 second (DATABASE_LOCK_TIMEOUT); "
                "try again in a moment; nothing was changed.\n"
            )
        held.close()
        contract.refresh_from_db()
        assert str(contract.amount_due) == "500.00"

    def test_ctrl_c_stops_the_wait_for_another_users_change_at_once(self, tmp_path, contract, held):
        log = tmp_path / "wait.log"
        process = start(
            self.update(contract), tmp_path, DATABASE_LOCK_TIMEOUT="300", LOG_FILE=str(log), LOG_LEVEL="DEBUG"
        )
        assert self.wait_until_waiting(log)
        assert interrupt(process) == (130, "Interrupted.\n")
        if connection.vendor == "postgresql":
            assert self.wait_until(lambda: not self.waiting_backends())  # the server stopped waiting too

    def wait_until_waiting(self, log) -> bool:
        if connection.vendor == "postgresql":
            return self.wait_until(self.waiting_backends)
        return self.wait_until(lambda: log.exists() and "waiting for another writer" in log.read_text())

    def waiting_backends(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            return cursor.fetchone()[0]

    @staticmethod
    def wait_until(condition) -> bool:
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            if condition():
                return True
            time.sleep(0.05)
        return False
