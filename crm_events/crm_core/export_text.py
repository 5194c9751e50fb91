"""Rows of SPEC §5 objects encoded as the JSON array or the CSV table the CLI prints.

One encoder for every output path: the CLI's ``--format json|csv`` in both transports
(an export streamed from the database, a page of a list, a record, history entries)
and the exports of ``crm_core.export``. No Django here: the CLI in remote mode encodes
what the server sent with these same functions, so both shapes print the same bytes.

Rows arrive in chunks (lists of dicts whose keys are in ``fields`` order) and leave as
one piece of text per chunk, so a million rows cost a few hundred writes, not a million.
"""

import csv
import io
import json
from collections.abc import Iterable, Iterator

from crm_core.spreadsheet_cells import FORMULA_STARTS, inert

CHUNK_SIZE = 2000  # rows per piece of encoded text

_MAY_NEED_QUOTING = FORMULA_STARTS + "'"  # the first characters ``inert`` may put a quote before


class Rows:
    """Any iterable of row dicts, with the ``fields``/``chunks()`` an encoder reads.

    ``fields``: the CSV header when there is no row to take it from (a row's own keys
    win, so a page and an export of the same list print the same header).
    """

    def __init__(self, rows: Iterable[dict], *, fields: Iterable[str] = (), chunk_size: int = CHUNK_SIZE):
        self._rows = iter(rows)
        self._first: list[dict] = []
        self._fields = tuple(fields)
        self.chunk_size = chunk_size

    @property
    def fields(self) -> tuple[str, ...]:
        if not self._first:
            first = next(self._rows, None)
            if first is None:
                return self._fields
            self._first.append(first)
        return tuple(self._first[0])

    def chunks(self) -> Iterator[list[dict]]:
        batch = self._first
        self._first = []
        for row in self._rows:
            batch.append(row)
            if len(batch) >= self.chunk_size:
                yield batch
                batch = []
        if batch:
            yield batch

    def __iter__(self) -> Iterator[dict]:
        for chunk in self.chunks():
            yield from chunk


def json_array(rows, *, ascii_only: bool = False) -> Iterator[str]:
    """The JSON array of SPEC §5, one object per line, in pieces of a chunk each.

    The same text as ``json.dumps(row, ensure_ascii=False)`` per row inside
    ``"[\\n  " ... ",\\n  " ... "\\n]\\n"``, which is what the CLI has always printed.
    ``ascii_only``: ``\\uXXXX`` escapes for every non-ASCII character, for a stream that
    cannot encode them (still the same JSON values, nothing lost).
    """
    separator = "\n  "
    yield "["
    for texts in json_texts(rows, ascii_only=ascii_only):
        yield separator + ",\n  ".join(texts)
        separator = ",\n  "
    yield "\n]\n"


def json_texts(rows, *, ascii_only: bool = False, separators: tuple[str, str] = (", ", ": ")) -> Iterator:
    """Each row as JSON text (``json.dumps`` with ``separators``), a chunk at a time: the texts the
    database wrote when the rows offer them (``json_texts``, an export on PostgreSQL), else Python's."""
    if not ascii_only and hasattr(rows, "json_texts"):
        written = rows.json_texts(item_separator=separators[0], key_separator=separators[1])
        if written is not None:
            return written
    encode = json.JSONEncoder(ensure_ascii=ascii_only, separators=separators).encode
    return (map(encode, chunk) for chunk in rows.chunks())


def json_object(record: dict, *, ascii_only: bool = False) -> str:
    """One record as the CLI prints it with ``--format json``: indented, then a newline."""
    return json.dumps(record, ensure_ascii=ascii_only, indent=2) + "\n"


def csv_table(rows, *, fields: Iterable[str] = ()) -> Iterator[str]:
    """A header line (``rows.fields``, or ``fields`` when there is no row to name them), then one
    line per row; cells as ``csv_cell`` writes them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(rows.fields or tuple(fields))
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
    """A JSON value as a CSV cell: null is empty, booleans as in JSON, text inert in spreadsheets
    (``crm_core.spreadsheet_cells``: the rule the import reads back)."""
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    text = value if type(value) is str else str(value)
    if not text or text[0] not in _MAY_NEED_QUOTING:
        return text
    return inert(text)
