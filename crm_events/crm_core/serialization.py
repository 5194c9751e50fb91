"""Plain-data shapes of SPEC §5: each record is a mapping of field name -> ``Field``.

Keeping the fields in an ordered mapping gives the JSON object, the CSV header (even
for an empty list) and the column order from one definition. Each ``Field`` names the
column it reads as a Django lookup path (``"contract__client__full_name"``), how the
value is formatted, and its JSON type. So the same definition reads one loaded record
(``to_dict``), a whole export straight from the database (``crm_core.export``), and
describes the record in the HTTP API's OpenAPI schema (``json_schema``): a record is
never written a second time by hand.

Shapes are built with the typed helpers below (``integer``, ``text``, ``moment``...).
"""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone

AMOUNT_PATTERN = r"^[0-9]+\.[0-9]{2}$"


class Field:
    """The value at ``path`` (related objects joined by ``__``), formatted by ``convert``.

    Called with a record, it walks the attributes of the path; a missing relation (an
    event without support) reads as ``None``, never as an error or a query.
    ``json_schema`` is the value's JSON type, for the API's description.
    """

    __slots__ = ("path", "convert", "json_schema", "_attributes")

    def __init__(self, path: str, convert: Callable | None = None, *, json_schema: dict | None = None):
        self.path = path
        self.convert = convert
        self.json_schema = json_schema or {}
        self._attributes = tuple(path.split("__"))

    def __call__(self, record):
        value = record
        for attribute in self._attributes:
            value = getattr(value, attribute)
            if value is None:
                break
        return self.convert(value) if self.convert is not None and value is not None else value

    def __repr__(self) -> str:
        return f"Field({self.path!r})"


Shape = dict[str, Field]


def iso(value: dt.datetime | None) -> str | None:
    """ISO 8601 with the offset of the configured time zone."""
    return timezone.localtime(value).isoformat() if value is not None else None


def money(value: Decimal | None) -> str | None:
    return f"{value:.2f}" if value is not None else None


def to_dict(shape: Shape, record) -> dict:
    return {field: getter(record) for field, getter in shape.items()}


def _schema(schema: dict, nullable: bool) -> dict:
    return {**schema, "nullable": True} if nullable else schema


def integer(path: str, *, nullable: bool = False) -> Field:
    """A whole number, e.g. an id or a relation's ``<name>_id``."""
    return Field(path, json_schema=_schema({"type": "integer"}, nullable))


def text(path: str, *, nullable: bool = False) -> Field:
    return Field(path, json_schema=_schema({"type": "string"}, nullable))


def boolean(path: str) -> Field:
    return Field(path, json_schema={"type": "boolean"})


def choice(path: str, values) -> Field:
    """One of a few codes, e.g. a department."""
    return Field(path, json_schema={"type": "string", "enum": list(values)})


def moment(path: str, *, nullable: bool = False, convert: Callable | None = None) -> Field:
    """A date-time shown in ISO 8601 with its offset (``iso``); ``convert`` replaces ``iso``
    when the stored value needs a decision first (it must still answer ISO 8601 or None)."""
    return Field(path, convert or iso, json_schema=_schema({"type": "string", "format": "date-time"}, nullable))


def amount(path: str) -> Field:
    """A decimal amount shown as a string with two decimals (``money``)."""
    return Field(path, money, json_schema={"type": "string", "format": "decimal", "pattern": AMOUNT_PATTERN})
