"""The psycopg2 wait callback: waiting in Python, with a deadline while connecting.

Installed once per process (``install``). psycopg2 then calls ``wait`` whenever it would
block on the server: for the whole connection set-up, and for each statement.
"""

import select
import threading
import time
from contextlib import contextmanager

import psycopg2
import psycopg2.extensions

CANCEL_GRACE_SECONDS = 1.0
_deadline = threading.local()


class ConnectTimeout(psycopg2.OperationalError):
    """The server did not complete the connection within DATABASE_CONNECT_TIMEOUT (``seconds``)."""

    def __init__(self, seconds):
        super().__init__(f"no answer within {seconds} seconds")
        self.seconds = seconds


def install() -> None:
    if psycopg2.extensions.get_wait_callback() is not wait:
        psycopg2.extensions.set_wait_callback(wait)


@contextmanager
def connecting_within(seconds):
    """The connection made inside this block must be up within ``seconds`` (None: no limit)."""
    _deadline.at = time.monotonic() + float(seconds) if seconds else None
    _deadline.seconds = seconds
    try:
        yield
    finally:
        _deadline.at = None


def wait(connection) -> None:
    deadline = getattr(_deadline, "at", None)
    try:
        _poll_until_done(connection, deadline)
    except KeyboardInterrupt:
        if deadline is None:  # a statement was running: ask the server to stop it, briefly
            _cancel(connection)
        raise  # psycopg2 then closes the connection


def _poll_until_done(connection, deadline) -> None:
    while True:
        state = connection.poll()
        if state == psycopg2.extensions.POLL_OK:
            return
        remaining = None if deadline is None else deadline - time.monotonic()
        if remaining is not None and remaining <= 0:
            raise ConnectTimeout(_deadline.seconds)
        if state == psycopg2.extensions.POLL_READ:
            select.select([connection.fileno()], [], [], remaining)
        elif state == psycopg2.extensions.POLL_WRITE:
            select.select([], [connection.fileno()], [], remaining)
        else:
            raise psycopg2.OperationalError(f"bad state from poll: {state}")


def _cancel(connection) -> None:
    """Have the server stop the statement, so it does not keep waiting for a lock for nobody.

    PQcancel opens a connection of its own and waits in C; a server that stopped answering
    would hold it for ever, so it runs aside and is given up after a second.
    """

    def cancel():
        try:
            connection.cancel()
        except psycopg2.Error:
            pass  # the statement ended meanwhile, or the connection is gone: nothing to stop

    helper = threading.Thread(target=cancel, name="crm-cancel-statement", daemon=True)
    helper.start()
    helper.join(CANCEL_GRACE_SECONDS)
