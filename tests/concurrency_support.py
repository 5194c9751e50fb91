"""Forcing the order of two transactions, each on a database connection of its own.

``Interleaving``: the first transaction does its work and stays open; the second starts
and must wait for it (on PostgreSQL a backend shows up waiting for a lock; on SQLite the
CRM's busy wait logs that it is waiting); then the first commits and the second finishes.
A second transaction that does not wait for the first is reported as such: that is the
race the database and the services must prevent.
"""

import logging
import threading
import time

from django.db import connection, transaction

WAIT_LOG = "crm_core.backends.sqlite3.base"
PATIENCE_SECONDS = 15


class _Transaction(threading.Thread):
    def __init__(self, work, *, hold: bool):
        super().__init__(daemon=True)
        self.work, self.hold = work, hold
        self.done_work = threading.Event()
        self.release = threading.Event()
        self.result = self.error = None

    def run(self):
        try:
            with transaction.atomic():
                self.result = self.work()
                self.done_work.set()
                if self.hold:
                    self.release.wait(PATIENCE_SECONDS)
        except Exception as error:  # the outcome under test, asserted by the caller
            self.error = error
        finally:
            self.done_work.set()
            connection.close()


class Interleaving:
    """``first`` runs and holds its transaction; ``second`` runs meanwhile and must wait."""

    def __init__(self, caplog=None):
        self.caplog = caplog
        if caplog is not None:
            caplog.set_level(logging.DEBUG, logger=WAIT_LOG)

    def run(self, first, second) -> tuple:
        """(first's outcome, second's outcome): each the exception raised, or the work's result."""
        holder = _Transaction(first, hold=True)
        holder.start()
        assert holder.done_work.wait(PATIENCE_SECONDS) and holder.error is None, holder.error
        follower = _Transaction(second, hold=False)
        follower.start()
        waited = self._wait_until_blocked(follower)
        holder.release.set()
        holder.join(PATIENCE_SECONDS)
        follower.join(PATIENCE_SECONDS)
        assert waited, "the second transaction did not wait for the first: both checked rows the other was changing"
        return _outcome(holder), _outcome(follower)

    def _wait_until_blocked(self, follower) -> bool:
        deadline = time.monotonic() + PATIENCE_SECONDS
        while time.monotonic() < deadline:
            if follower.done_work.is_set():
                return False
            if self._someone_waits():
                return True
            time.sleep(0.02)
        return False

    def _someone_waits(self) -> bool:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock'"
                )
                return cursor.fetchone()[0] > 0
        assert self.caplog is not None, "SQLite: pass caplog, where the busy wait says it waits"
        return any(record.name == WAIT_LOG for record in self.caplog.records)


def _outcome(transaction_thread):
    return transaction_thread.error if transaction_thread.error is not None else transaction_thread.result
