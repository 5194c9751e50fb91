"""Counting the queries a command or a request costs, as a real run would send them."""

TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


def round_trips(captured) -> int:
    """Queries captured by ``CaptureQueriesContext``, less the savepoints Django adds because the test
    itself runs inside a transaction (in a real run, an export's own transaction is BEGIN/COMMIT, which
    Django does not log). The PostgreSQL export's ``set_config('jit', ...)`` is a real round trip and counts."""
    return sum(1 for query in captured.captured_queries if not query["sql"].startswith(TRANSACTION_CONTROL))
