"""How each kind of record is laid out: its JSON/CSV shape and its table columns for people.

One module per kind (``cli.columns.clients``...), so a command loads only the one it shows.
"""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import NamedTuple

from django.utils import timezone

from crm_core.serialization import Shape

Column = tuple[str, Callable[[object], str]]


def when(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "-"


def amount(value: Decimal) -> str:
    return f"{value:,.2f}"


def person(employee) -> str:
    return f"{employee.full_name} (#{employee.pk})" if employee else "-"


def yes_no(value: bool) -> str:
    return "yes" if value else "no"


class Layout(NamedTuple):
    kind: str
    plural: str
    shape: Shape
    columns: tuple[Column, ...]
    details: tuple[Column, ...]
