"""Plain-data shapes of SPEC §5: each record is a mapping of field name -> getter.

Keeping the getters in an ordered mapping gives the JSON object, the CSV header (even
for an empty list) and the column order from one definition.
"""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone

Shape = dict[str, Callable[[object], object]]


def iso(value: dt.datetime | None) -> str | None:
    """ISO 8601 with the offset of the configured time zone."""
    return timezone.localtime(value).isoformat() if value is not None else None


def money(value: Decimal | None) -> str | None:
    return f"{value:.2f}" if value is not None else None


def to_dict(shape: Shape, record) -> dict:
    return {field: getter(record) for field, getter in shape.items()}
