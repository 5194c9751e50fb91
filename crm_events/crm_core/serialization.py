"""Plain-data shapes of SPEC §5: each record is a mapping of field name -> getter.

Keeping the getters in an ordered mapping gives the JSON object, the CSV header (even
for an empty list) and the column order from one definition. Each getter is a ``Field``:
it names the column it reads as a Django lookup path (``"contract__client__full_name"``)
and how the value is formatted, so the same definition reads one loaded record
(``to_dict``) and a whole export straight from the database (``crm_core.export``).
"""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone


class Field:
    """The value at ``path`` (related objects joined by ``__``), formatted by ``convert``.

    Called with a record, it walks the attributes of the path; a missing relation (an
    event without support) reads as ``None``, never as an error or a query.
    """

    __slots__ = ("path", "convert", "_attributes")

    def __init__(self, path: str, convert: Callable[[object], object] | None = None):
        self.path = path
        self.convert = convert
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


Shape = dict[str, Callable[[object], object]]


def iso(value: dt.datetime | None) -> str | None:
    """ISO 8601 with the offset of the configured time zone."""
    return timezone.localtime(value).isoformat() if value is not None else None


def money(value: Decimal | None) -> str | None:
    return f"{value:.2f}" if value is not None else None


def to_dict(shape: Shape, record) -> dict:
    return {field: getter(record) for field, getter in shape.items()}
