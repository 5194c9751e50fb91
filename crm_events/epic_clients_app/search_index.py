"""Client search served by an index on SQLite as well (PostgreSQL has its pg_trgm indexes).

SQLite cannot use a B-tree index for a "contains" match, so a search read every client:
about 100 ms at a million events. The FTS5 table of migration crm_core 0003 indexes
every three-character slice of each client's name, email and company (the trigram
tokenizer, SQLite 3.34+). It finds the candidate rows; the usual case-insensitive
"contains" test still decides, so a search returns exactly what it returned before.

On PostgreSQL a term with an ``@`` (an email, whole or in part: what staff type most)
is looked up by B-tree rather than by trigrams (``email_contains``): in the volume
data no trigram of ``client12@`` is rare, and the trigram index looked at 112
candidates in posting lists of 333,000 entries (6 ms at a million events).
"""

from functools import cache

from django.db import connections
from django.db.models import CharField, F, Func, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Reverse, Upper

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


def email_contains(clients: QuerySet, text: str) -> tuple[QuerySet, Q]:
    """``email__icontains=text``, in a form PostgreSQL's indexes of crm_core 0004 serve when ``text`` has an ``@``.

    Returns the queryset (with the expression the condition reads) and the condition.
    An address with one ``@`` contains ``X@Y`` exactly when the part before its ``@``
    ends with ``X`` (and the rest follows): its reversed, upper-cased local part starts
    with ``X`` reversed, a range of a B-tree index. Quoted local parts may hold a second
    ``@``; those addresses are few and have a partial index of their own. The usual
    "contains" test is kept in both branches, so the answer is exactly the same.
    """
    contains = Q(email__icontains=text)
    before_at = text.split("@", 1)[0]
    if "@" not in text or not before_at or connections[clients.db].vendor != "postgresql":
        return clients, contains
    local_part = Func(F("email"), Value("@"), Value(1), function="SPLIT_PART", output_field=CharField())
    clients = clients.alias(email_local_reversed=Reverse(Upper(local_part)))
    # Upper-cased and reversed by the database, as the column is: Python's upper() differs ("ß").
    suffix = Q(email_local_reversed__startswith=Reverse(Upper(Value(before_at, output_field=CharField()))))
    return clients, (suffix & contains) | (Q(email__regex="@.*@") & contains)
