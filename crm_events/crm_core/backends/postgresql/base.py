"""PostgreSQL through psycopg2, with a connect timeout that holds and every wait open to Ctrl-C.

psycopg2 waits inside libpq, in C, where Ctrl-C is not seen until the server answers; a
server that accepts the connection and never answers kept the CLI waiting for ever. With
a wait callback (psycopg2's documented hook), psycopg2 drives libpq without blocking and
the waiting happens in Python (``waiting.wait``): Ctrl-C interrupts it at once, and
the connection gets the DATABASE_CONNECT_TIMEOUT deadline that libpq no longer applies
in that mode. The lock and statement timeouts are the server's own (``options``).
"""

from django.db.backends.postgresql import base

from crm_core.backends.postgresql import waiting


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        waiting.install()
        with waiting.connecting_within(conn_params.get("connect_timeout")):
            return super().get_new_connection(conn_params)

    def ensure_connection(self):
        if self.connection is not None and self.connection.closed and not self.in_atomic_block:
            # A wait interrupted by Ctrl-C closes the connection (psycopg2 cannot tell what state
            # the server is in); the menu carries on after a Ctrl-C, on a fresh one.
            self.close()
        super().ensure_connection()
