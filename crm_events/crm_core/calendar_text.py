"""Dates as people type them: examples that are always ahead, and why a typed date is not in the calendar.

Django-free, so the client half (help texts) and the server (validation sentences) say
the same. An example is June 4th of next year: a date in the past invites typing one.
"""

import calendar
import datetime as dt
import re

_DATE_LIKE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ Tt](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?")


def example_date(today: dt.date | None = None) -> str:
    return f"{(today or dt.date.today()).year + 1}-06-04"


def example_datetime(today: dt.date | None = None) -> str:
    return f"{example_date(today)} 13:00"


def _ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def not_in_calendar(text: str) -> str | None:
    """Why ``text``, shaped like YYYY-MM-DD[ HH:MM[:SS]], names no real day or time; None if it is not that."""
    match = _DATE_LIKE.match(text)
    if not match:
        return None
    year, month, day = (int(part) for part in match.group(1, 2, 3))
    if not 1 <= month <= 12:
        return f"there is no month {month:02d} (months go from 01 to 12)"
    length = calendar.monthrange(year, month)[1] if year >= 1 else 31
    name = f"{calendar.month_name[month]} {year}"
    if day == 0:
        return f"there is no day 00 in {name} (days start at 01)"
    if day > length:
        return f"{name} has no {_ordinal(day)} (it has {length} days)"
    hour, minute, second = match.group(4, 5, 6)
    if hour is not None and int(hour) > 23:
        return f"{int(hour):02d}:{int(minute):02d} is not a time of day (hours go from 00 to 23)"
    if minute is not None and int(minute) > 59:
        return f"{int(hour):02d}:{int(minute):02d} is not a time of day (minutes go from 00 to 59)"
    if second is not None and int(second) > 59:
        return f"{int(hour):02d}:{int(minute):02d}:{int(second):02d} is not a time of day (seconds go from 00 to 59)"
    return None
