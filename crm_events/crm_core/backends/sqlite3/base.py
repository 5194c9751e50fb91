"""SQLite with a wait for the other writer that ends at DATABASE_LOCK_TIMEOUT and yields to Ctrl-C.

SQLite lets one writer in at a time; the others wait in sqlite3's busy handler, a loop in
C that no signal interrupts: Ctrl-C used to be honoured only when the whole wait was over.
Here sqlite3 waits in short slices and the loop around them is Python, so a Ctrl-C lands
between two slices (within SLICE_SECONDS), and the total wait stops at the configured
timeout with sqlite3's own "database is locked" error.

Only what SQLite allows to repeat after SQLITE_BUSY is repeated: BEGIN (every transaction
starts with BEGIN IMMEDIATE, which takes the write lock: that is where writers queue),
COMMIT (which may wait for readers to finish), and a statement outside any transaction.
A statement inside a transaction is never repeated; it gets one slice.
"""

import logging
import os
import sqlite3
import time

from django.db.backends.sqlite3 import base
from django.db.backends.utils import debug_transaction

logger = logging.getLogger(__name__)

SLICE_SECONDS = 0.1
DEFAULT_BUSY_TIMEOUT = 10
SQLITE_BUSY = 5


def _busy(error: sqlite3.OperationalError) -> bool:
    return getattr(error, "sqlite_errorcode", 0) & 0xFF == SQLITE_BUSY


def wait_while_busy(attempt, timeout: float):
    """``attempt()``, repeated while the database is busy, for at most ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    told = False
    while True:
        try:
            return attempt()
        except sqlite3.OperationalError as error:
            if not _busy(error) or time.monotonic() >= deadline:
                raise
            if not told:
                logger.debug("waiting for another writer (database busy)")
                told = True


class BusyWaitingCursor(base.SQLiteCursorWrapper):
    busy_timeout = DEFAULT_BUSY_TIMEOUT

    def execute(self, query, params=None):
        run = super().execute
        if self.connection.in_transaction:
            return run(query, params)
        return wait_while_busy(lambda: run(query, params), self.busy_timeout)

    def executemany(self, query, param_list):
        run = super().executemany
        if self.connection.in_transaction:
            return run(query, param_list)
        param_list = list(param_list)  # may be a generator: repeatable only once materialised
        return wait_while_busy(lambda: run(query, param_list), self.busy_timeout)


def create_owner_only(name) -> None:
    """Make the database file sqlite3 is about to create, owner-only (0600), before it does.

    It holds clients' personal data, and sqlite3 would create it (and its journals, which
    take the database file's mode) with the umask's mode, usually readable by everyone:
    the first-run path made it private, but ``manage.py migrate`` on a new path did not.
    An existing file, an in-memory or URI name, or a missing folder is left to sqlite3.
    """
    name = str(name)
    if not name or name == ":memory:" or name.startswith("file:"):
        return
    try:
        os.close(os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError:
        pass  # it exists, or cannot be made here: sqlite3's own error says which


class DatabaseWrapper(base.DatabaseWrapper):
    busy_timeout = DEFAULT_BUSY_TIMEOUT

    def get_new_connection(self, conn_params):
        create_owner_only(conn_params["database"])
        return super().get_new_connection(conn_params)

    def get_connection_params(self):
        params = super().get_connection_params()
        self.busy_timeout = params.pop("busy_timeout", DEFAULT_BUSY_TIMEOUT)
        params["timeout"] = SLICE_SECONDS  # sqlite3's own, uninterruptible wait: one slice at a time
        return params

    def create_cursor(self, name=None):
        cursor = self.connection.cursor(factory=BusyWaitingCursor)
        cursor.busy_timeout = self.busy_timeout
        return cursor

    def _commit(self):
        if self.connection is not None:
            with debug_transaction(self, "COMMIT"), self.wrap_database_errors:
                return wait_while_busy(self.connection.commit, self.busy_timeout)
