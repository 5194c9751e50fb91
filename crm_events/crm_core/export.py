"""Every row of a list, streamed from the database as its SPEC §5 shape, and encoded as JSON or CSV.

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

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator

from django.db import connections, transaction
from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from crm_core.serialization import Field, Shape, iso

CHUNK_SIZE = 2000  # rows per FETCH from the server-side cursor, and per piece of encoded text

# The statements that set up the export's transaction on PostgreSQL: constant SQL, no input.
POSTGRESQL_EXPORT_SETUP = "SELECT set_config('jit', 'off', true)"

_FORMULA_STARTS = "=+-@\t\r"
_PLAIN_NUMBER_TAIL = re.compile(r"[0-9 .]*")  # a stored phone number is digits and spaces; "-2-3" would be computed


class Export:
    """The rows of ``queryset`` in the shape ``shape``: iterate for dicts, or encode with ``json_array``/``csv_table``.

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
        batch: list[dict] = []
        for values in self._database_rows():
            if converters:
                values = list(values)
                for index, convert in converters:
                    value = values[index]
                    if value is not None:
                        values[index] = convert(value)
            batch.append(dict(zip(keys, values)))
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

    def _database_rows(self) -> Iterator[tuple]:
        alias = self._rows.db
        connection = connections[alias]
        if connection.vendor != "postgresql":
            yield from self._rows.iterator(chunk_size=self.chunk_size)
            return
        with transaction.atomic(using=alias):
            with connection.cursor() as cursor:
                cursor.execute(POSTGRESQL_EXPORT_SETUP)
            yield from self._rows.iterator(chunk_size=self.chunk_size)


def json_array(rows: Export) -> Iterator[str]:
    """The JSON array of SPEC §5, one object per line, in pieces of ``chunk_size`` rows.

    The same text as ``json.dumps(row, ensure_ascii=False)`` per row inside
    ``"[\\n  " ... ",\\n  " ... "\\n]\\n"``, which is what the CLI has always printed.
    """
    encode = json.JSONEncoder(ensure_ascii=False).encode
    separator = "\n  "
    yield "["
    for chunk in rows.chunks():
        yield separator + ",\n  ".join(map(encode, chunk))
        separator = ",\n  "
    yield "\n]\n"


def csv_table(rows: Export) -> Iterator[str]:
    """A header line, then one line per row; cells as ``csv_cell`` writes them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(rows.fields)
    yield _drain(buffer)
    for chunk in rows.chunks():
        writer.writerows([[csv_cell(value) for value in row.values()] for row in chunk])
        yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def csv_cell(value) -> str:
    """A JSON value as a CSV cell: null is empty, booleans as in JSON, text inert in spreadsheets."""
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    text = value if type(value) is str else str(value)
    if not text or text[0] not in _FORMULA_STARTS:
        return text
    return inert_in_spreadsheets(text)


def inert_in_spreadsheets(text: str) -> str:
    """A leading quote on a cell a spreadsheet would run as a formula (OWASP, CSV injection).

    ``+`` and ``-`` are left alone before a plain number or phone number ("+1 234 567 8901",
    "-5"): scripts read those cells, and a spreadsheet can only do arithmetic with them.
    """
    if not text or text[0] not in _FORMULA_STARTS:
        return text
    if text[0] in "+-" and _PLAIN_NUMBER_TAIL.fullmatch(text[1:]):
        return text
    return "'" + text
