"""Plain-data shapes of SPEC §5: each record is a mapping of field name -> getter.

Keeping the getters in an ordered mapping gives the JSON object, the CSV header (even
for an empty list) and the column order from one definition. Each getter is made by one
of the typed helpers below (``text``, ``integer``, ``moment``...), which also pin its
JSON type on it (``getter.json_schema``): the HTTP API's OpenAPI description is derived
from that, so a record is never described a second time by hand.
"""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone

Shape = dict[str, Callable[[object], object]]
Getter = Callable[[object], object]

AMOUNT_PATTERN = r"^[0-9]+\.[0-9]{2}$"


def iso(value: dt.datetime | None) -> str | None:
    """ISO 8601 with the offset of the configured time zone."""
    return timezone.localtime(value).isoformat() if value is not None else None


def money(value: Decimal | None) -> str | None:
    return f"{value:.2f}" if value is not None else None


def to_dict(shape: Shape, record) -> dict:
    return {field: getter(record) for field, getter in shape.items()}


def _typed(getter: Getter, schema: dict, nullable: bool) -> Getter:
    getter.json_schema = {**schema, "nullable": True} if nullable else schema
    return getter


def integer(getter: Getter, *, nullable: bool = False) -> Getter:
    """A whole number, e.g. an id or a relation's ``<name>_id``."""
    return _typed(getter, {"type": "integer"}, nullable)


def text(getter: Getter, *, nullable: bool = False) -> Getter:
    return _typed(getter, {"type": "string"}, nullable)


def boolean(getter: Getter) -> Getter:
    return _typed(getter, {"type": "boolean"}, False)


def choice(getter: Getter, values) -> Getter:
    """One of a few codes, e.g. a department."""
    return _typed(getter, {"type": "string", "enum": list(values)}, False)


def moment(getter: Getter, *, nullable: bool = False) -> Getter:
    """A date-time read by ``getter``, shown in ISO 8601 with its offset (``iso``)."""
    return _typed(lambda record: iso(getter(record)), {"type": "string", "format": "date-time"}, nullable)


def amount(getter: Getter) -> Getter:
    """A decimal amount read by ``getter``, shown as a string with two decimals (``money``)."""
    return _typed(
        lambda record: money(getter(record)), {"type": "string", "format": "decimal", "pattern": AMOUNT_PATTERN}, False
    )
