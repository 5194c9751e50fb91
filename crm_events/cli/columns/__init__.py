"""How each kind of record is laid out for people: table columns and detail rows, from its SPEC §5 object.

One module per kind (``cli.columns.clients``...), so a command loads only the one it shows.
Cells read the plain record (a dict of JSON values, as the gateway returns it): dates
arrive as ISO 8601 text already in the configured time zone, amounts as "1500.00".
"""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import NamedTuple

Column = tuple[str, Callable[[dict], str]]


def when(value: str | None) -> str:
    """An ISO 8601 date-time as people read it ("2026-06-04 13:00"), in the zone the server wrote it."""
    return dt.datetime.fromisoformat(value).strftime("%Y-%m-%d %H:%M") if value else "-"


def when_zoned(value: str | None) -> str:
    """``when`` with the offset it is in ("2026-06-04 13:00 (UTC+02:00)"), where no column says the zone."""
    if not value:
        return "-"
    moment = dt.datetime.fromisoformat(value)
    return f"{moment:%Y-%m-%d %H:%M} ({moment.tzname() or 'local time'})"


def amount(value: str) -> str:
    """An amount of the JSON ("1500.00") as people read it ("1,500.00")."""
    return f"{Decimal(value):,.2f}"


def person(record_id: int | None, full_name: str | None) -> str:
    return f"{full_name} (#{record_id})" if record_id else "-"


def yes_no(value: bool) -> str:
    return "yes" if value else "no"


class Layout(NamedTuple):
    kind: str
    plural: str
    fields: tuple[str, ...]  # the keys of the SPEC §5 object: the CSV header of a list with no row
    columns: tuple[Column, ...]
    details: tuple[Column, ...]
