"""Client search served by an index on SQLite as well (PostgreSQL has its pg_trgm indexes).

SQLite cannot use a B-tree index for a "contains" match, so a search read every client:
about 100 ms at a million events. The FTS5 table of migration crm_core 0003 indexes
every three-character slice of each client's name, email and company (the trigram
tokenizer, SQLite 3.34+). It finds the candidate rows; the usual case-insensitive
"contains" test still decides, so a search returns exactly what it returned before.
"""

from functools import cache

from django.db import connections
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

MATCHING_IDS = "SELECT rowid FROM client_search WHERE client_search MATCH %s"
SHORTEST_INDEXED_TEXT = 3  # a trigram index cannot look up one or two characters


@cache
def sqlite_has_trigram_search() -> bool:
    """Whether this SQLite library has FTS5 with the trigram tokenizer (crm_core 0003 asks it too)."""
    import sqlite3
    from contextlib import closing

    try:
        with closing(sqlite3.connect(":memory:")) as probe:
            probe.execute("CREATE VIRTUAL TABLE probe USING fts5(text, tokenize='trigram')")
    except sqlite3.Error:
        return False
    return True


def narrowed_by_search_index(clients: QuerySet, text: str) -> QuerySet:
    if connections[clients.db].vendor != "sqlite" or len(text) < SHORTEST_INDEXED_TEXT:
        return clients
    if not sqlite_has_trigram_search():
        return clients
    phrase = '"' + text.replace('"', '""') + '"'  # one FTS5 string: the text as typed, no query syntax
    # B611: the SQL is the constant above; the typed text travels as a bound parameter.
    return clients.filter(pk__in=RawSQL(MATCHING_IDS, [phrase]))  # nosec B611
