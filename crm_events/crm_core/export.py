"""Every row of a list, streamed from the database as its SPEC §5 shape (encoded by ``crm_core.export_text``).

An export reads only the columns its shape names (``Field.path``), as tuples
(``values_list``, the joins in the same query), and turns each tuple into the dict
``to_dict`` gives for the same record: the same keys, order and values, with a
fraction of the per-row Python of loading model instances.

How the rows leave the database:

- **PostgreSQL: one server-side cursor inside a transaction.** Django's ``iterator()``
  in autocommit declares the cursor ``WITH HOLD``, and PostgreSQL runs such a cursor
  to the end (and sorts it, spilling to disk) before the first ``FETCH`` returns.
  Inside a transaction the cursor is ``WITHOUT HOLD``: it is planned for a fast start
  (the list's index gives the order, nothing is sorted) and rows are produced as they
  are fetched, ``chunk_size`` at a time. One statement is one snapshot, so the export
  is consistent however long it takes, with no keyset predicate per ordering and no
  query per chunk. The transaction is read-only in effect (the export only reads),
  holds no row locks and ends with the last row, or when the consumer stops early
  (closing the generator rolls it back). JIT compilation is switched off for it: it
  cost a quarter of a second before the first row at a million events and pays back
  nothing in a stream paced by its reader.
- **SQLite: one statement in autocommit.** SQLite steps through the result as rows are
  fetched and gives the statement its own read snapshot. No explicit transaction: the
  project opens them ``IMMEDIATE``, which would hold the write lock for the whole export.
  Date-times are read as the text SQLite stores (UTC) and converted here: Django's own
  conversion of each value cost more than the rest of the row.
"""

import datetime as dt
from collections.abc import Iterator
from contextlib import closing

from django.db import connections, transaction
from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from crm_core.export_sql_json import json_text_expression, session_time_zone
from crm_core.export_text import CHUNK_SIZE
from crm_core.serialization import Field, Shape, iso

# The statement that sets up the export's transaction on PostgreSQL (constant SQL; the time zone
# is a parameter): no JIT, and the session's time zone, in which the database writes dates
# when it writes the rows' JSON text (crm_core.export_sql_json).
POSTGRESQL_EXPORT_SETUP = "SELECT set_config('jit', 'off', true), set_config('TimeZone', %s, true)"
POSTGRESQL_TIME_ZONE = "SELECT set_config('TimeZone', %s, true)"


class Export:
    """The rows of ``queryset`` in the shape ``shape``: iterate for dicts, or encode with ``crm_core.export_text``.

    Nothing is read until the first row is asked for; then the rows arrive ``chunk_size``
    at a time, so memory stays flat at any size.
    """

    def __init__(self, queryset: QuerySet, shape: Shape, *, chunk_size: int = CHUNK_SIZE):
        undeclared = [key for key, getter in shape.items() if not isinstance(getter, Field)]
        if undeclared:
            raise TypeError(f"export needs a Field (a column path) for every key of the shape: {undeclared}")
        self.fields: tuple[str, ...] = tuple(shape)
        self.chunk_size = chunk_size
        self.rows_read = 0
        self._getters: tuple[Field, ...] = tuple(shape.values())
        self._stored_text = connections[queryset.db].vendor == "sqlite"
        self._shape = shape
        self._queryset = queryset
        self._rows = queryset.values_list(*(self._column(getter) for getter in self._getters))

    def _column(self, getter: Field):
        if self._stored_text and getter.convert is iso:
            return Cast(getter.path, output_field=CharField())  # "2026-06-04 11:00:00[.ffffff]", in UTC
        return getter.path

    def sql(self) -> tuple[str, tuple]:
        """The one statement the export runs, with its parameters (for EXPLAIN in the bench)."""
        return self._rows.query.sql_with_params()

    def __iter__(self) -> Iterator[dict]:
        for chunk in self.chunks():
            yield from chunk

    def chunks(self) -> Iterator[list[dict]]:
        """Lists of up to ``chunk_size`` row dicts, equal to ``to_dict(shape, record)`` for each record."""
        converters = self._converters()
        keys = self.fields

        def row_dicts(rows):
            for values in rows:
                if converters:
                    values = list(values)
                    for index, convert in converters:
                        value = values[index]
                        if value is not None:
                            values[index] = convert(value)
                yield dict(zip(keys, values))

        return self._batched(row_dicts(self._database_rows(self._rows)))

    def json_texts(self, *, item_separator: str = ", ", key_separator: str = ": ") -> Iterator[list[str]] | None:
        """Lists of up to ``chunk_size`` JSON objects as text, each what ``json.dumps(row, ensure_ascii=False,
        separators=(item_separator, key_separator))`` gives for the row ``chunks()`` would give; written by
        the database (``crm_core.export_sql_json``). None where the database cannot write them
        (SQLite, or a field converted by a Python rule): the caller encodes ``chunks()`` instead."""
        written = self._json_text_rows(item_separator, key_separator)
        return None if written is None else self._batched(self._database_rows(*written))

    def json_sql(self) -> tuple[str, tuple] | None:
        """The statement ``json_texts`` runs, with its parameters (for EXPLAIN in the bench), or None."""
        written = self._json_text_rows(", ", ": ")
        return None if written is None else written[0].query.sql_with_params()

    def _json_text_rows(self, item_separator: str, key_separator: str) -> tuple[QuerySet, str] | None:
        """The query of the rows' JSON texts and the time zone it runs in, or None (see ``json_texts``)."""
        zone = session_time_zone(timezone.get_current_timezone())
        if connections[self._queryset.db].vendor != "postgresql" or zone is None:
            return None
        expression = json_text_expression(self._shape, item_separator=item_separator, key_separator=key_separator)
        return None if expression is None else (self._queryset.values_list(expression, flat=True), zone)

    def _batched(self, items: Iterator) -> Iterator[list]:
        """``items`` in lists of ``chunk_size``, counted in ``rows_read``. Closing this generator closes
        ``items`` at once, and so ends the export's transaction (a reader that stopped early)."""
        with closing(items):
            batch = []
            for item in items:
                batch.append(item)
                if len(batch) == self.chunk_size:
                    self.rows_read += len(batch)
                    yield batch
                    batch = []
            if batch:
                self.rows_read += len(batch)
                yield batch

    def _converters(self) -> list[tuple[int, object]]:
        zone = timezone.get_current_timezone()
        parse, utc = dt.datetime.fromisoformat, dt.timezone.utc

        if self._stored_text:

            def local_iso(value):  # what ``iso`` gives for the value Django would have read
                moment = parse(value)
                return (moment if moment.tzinfo else moment.replace(tzinfo=utc)).astimezone(zone).isoformat()

        else:

            def local_iso(value):  # ``iso`` without its per-call time zone lookup
                return value.astimezone(zone).isoformat()

        return [
            (index, local_iso if getter.convert is iso else getter.convert)
            for index, getter in enumerate(self._getters)
            if getter.convert is not None
        ]

    def _database_rows(self, rows: QuerySet, time_zone: str | None = None) -> Iterator:
        alias = rows.db
        connection = connections[alias]
        if connection.vendor != "postgresql":
            yield from rows.iterator(chunk_size=self.chunk_size)
            return
        # Settings made for the transaction last until its end: inside a caller's transaction,
        # that is after this export, so the time zone Django's connection reads in is put back.
        nested, zone = connection.in_atomic_block, connection.timezone_name
        with transaction.atomic(using=alias):
            with connection.cursor() as cursor:
                cursor.execute(POSTGRESQL_EXPORT_SETUP, [time_zone or zone])
            yield from rows.iterator(chunk_size=self.chunk_size)
            if nested and time_zone not in (None, zone):
                with connection.cursor() as cursor:
                    cursor.execute(POSTGRESQL_TIME_ZONE, [zone])
