"""Each row's JSON text written by PostgreSQL itself, for the exports of ``crm_core.export``.

At a million rows, building a Python object for every value and encoding it again costs
twenty times what the database spends on the query (docs/performance.md). Here the
statement hands back one text value per row, the row's JSON object exactly as Python's
``json`` module writes the row dict that ``to_dict`` gives (the golden files and
``tests/services/test_export_sql_json.py`` hold the two to the same bytes), so Python
only joins and writes text.

The same ``Field`` declarations drive it, so no shape is written twice; each kind of
value maps to one SQL expression whose output is the JSON text of Python's:

- no conversion (ids, text, booleans, codes): ``to_json``, whose string escapes
  (``\\" \\\\ \\b \\f \\n \\r \\t``, other control characters as lowercase ``\\u00XX``,
  everything else as is) are those of ``json.dumps(..., ensure_ascii=False)``;
- ``iso``: ``isoformat()`` of the value in the current time zone: seconds always,
  six-digit microseconds only when there are some, the offset as ``+HH:MM`` (``:SS``
  when it has seconds). The statement runs with the session's ``TimeZone`` set to the
  current Django time zone, for the export's transaction only;
- ``money``: the column's own text (``numeric`` with two decimals), as a JSON string;
- NULL is ``null`` for each of them.

Any other conversion (a rule decided in Python, such as whether an account's lock is
still in force) makes ``json_text_expression`` answer None, and the export encodes that
shape in Python as before. ASCII-only output (a narrow terminal) is encoded in Python too.
"""

import json
from zoneinfo import ZoneInfo

from django.db.models import F, Func, TextField, Value

from crm_core.serialization import Field, iso, money


class _Text(Func):
    """SQL that concatenates its parts (``||``) into one text value."""

    arg_joiner = " || "
    template = "(%(expressions)s)"
    output_field = TextField()


class _JsonValue(Func):
    """A column's JSON text: ``to_json`` of the value, ``null`` for NULL."""

    template = "COALESCE(to_json(%(expressions)s)::text, 'null')"
    output_field = TextField()


class _JsonMoney(Func):
    """A ``numeric`` amount's own text (two decimals) as a JSON string, or ``null``."""

    template = "COALESCE(to_json((%(expressions)s)::text)::text, 'null')"
    output_field = TextField()


class _JsonMoment(Func):
    """A ``timestamptz`` in the session's time zone as ``isoformat()`` writes it, as a JSON string, or ``null``.

    PostgreSQL's own JSON form of a date-time is ``isoformat()``'s (``T``, the offset as ``+HH:MM``,
    ``:SS`` when it has seconds) except for the fraction, which it trims of trailing zeros where
    Python always writes six digits: so a value with microseconds gets them put back, six digits
    after the twenty characters of ``"YYYY-MM-DDTHH:MM:SS``. The column appears several times;
    a column reference has no parameters, so repeating it is safe.
    """

    template = (
        "CASE WHEN %(expressions)s IS NULL THEN 'null'"
        " WHEN date_trunc('second', %(expressions)s) = %(expressions)s THEN to_json(%(expressions)s)::text"
        " ELSE overlay(to_json(date_trunc('second', %(expressions)s))::text"
        " PLACING '.' || to_char(%(expressions)s, 'US') FROM 21 FOR 0) END"
    )
    output_field = TextField()


_BY_CONVERSION = {None: _JsonValue, iso: _JsonMoment, money: _JsonMoney}


def json_text_expression(shape: dict[str, Field], *, item_separator: str = ", ", key_separator: str = ": "):
    """The SQL expression whose value is one row's JSON object in ``shape``, or None when a field's
    conversion has no SQL form. Separators as ``json.dumps``'s ``separators`` (its default here)."""
    parts = []
    for position, (key, getter) in enumerate(shape.items()):
        encoder = _BY_CONVERSION.get(getter.convert)
        if encoder is None:
            return None
        opening = "{" if position == 0 else item_separator
        parts += [Value(opening + json.dumps(key, ensure_ascii=False) + key_separator), encoder(F(getter.path))]
    parts.append(Value("}") if parts else Value("{}"))
    return _Text(*parts)


def session_time_zone(zone) -> str | None:
    """The name PostgreSQL knows ``zone`` by (an IANA key), or None for a zone it may not take:
    one that is not a ``ZoneInfo`` with a key, or one that counts leap seconds (``right/...``),
    which PostgreSQL refuses as a session time zone."""
    if not isinstance(zone, ZoneInfo) or not zone.key or zone.key.startswith("right/"):
        return None
    return zone.key
