"""One cell to one value, as the services take it, or a sentence saying what is wrong with it.

An empty cell gives ``None``: "not given", which never erases what a record holds.
Values are cleaned by the same ``crm_core.validation`` functions as the services use, so
a value read here compares equal to the stored one when they mean the same thing
("+ 666 12345" is "+666 12345"). Dates are read as ISO 8601, as Excel date cells, and as
people type them, day first ("04/06/2023 13:00", "4 Jun 2023 1 PM", "4 juin 2023 13h"),
in ``TIME_ZONE`` unless an offset is given.
"""

import datetime as dt
import re
import unicodedata
from decimal import Decimal

from crm_core.calendar_text import example_date, example_datetime
from crm_core.spreadsheet_cells import from_inert
from crm_core.validation import (
    InvalidValue,
    clean_amount,
    clean_count,
    clean_datetime,
    clean_email,
    clean_id,
    clean_phone,
    clean_text,
)
from epic_clients_app.models import Client
from epic_contracts_app.models import Contract
from epic_events_app.models import Event
from epic_imports_app.reading import CellError

TRUE_WORDS = {"true", "yes", "y", "1", "x", "oui", "o", "vrai", "signed", "signe"}
FALSE_WORDS = {"false", "no", "n", "0", "non", "faux", "unsigned", "not signed", "non signe", "pas signe"}
MONTHS = {
    **dict.fromkeys(["jan", "january", "janv", "janvier"], 1),
    **dict.fromkeys(["feb", "february", "fev", "fevr", "fevrier"], 2),
    **dict.fromkeys(["mar", "march", "mars"], 3),
    **dict.fromkeys(["apr", "april", "avr", "avril"], 4),
    **dict.fromkeys(["may", "mai"], 5),
    **dict.fromkeys(["jun", "june", "juin"], 6),
    **dict.fromkeys(["jul", "july", "juil", "juillet"], 7),
    **dict.fromkeys(["aug", "august", "aou", "aout"], 8),
    **dict.fromkeys(["sep", "sept", "september", "septembre"], 9),
    **dict.fromkeys(["oct", "october", "octobre"], 10),
    **dict.fromkeys(["nov", "november", "novembre"], 11),
    **dict.fromkeys(["dec", "december", "decembre"], 12),
}
WEEKDAYS = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|" \
           r"sunday|lun|mar|mer|jeu|ven|sam|dim|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\.?,?\s+"
# 13:00, 13.00, 13h, 13h30 (French), 1 PM, 1:30pm, 13:00:00
_TIME = (
    r"(?P<hour>\d{1,2})(?:\s*[:.]\s*(?P<minute>\d{2})|h(?P<h_minute>\d{2})?)?(?::(?P<second>\d{2}))?"
    r"\s*(?P<half>am|pm|a\.m\.|p\.m\.)?"
)
_DAY_FIRST_NUMBERS = re.compile(
    rf"(?P<day>\d{{1,2}})[/.-](?P<month>\d{{1,2}})[/.-](?P<year>\d{{4}}|\d{{2}})(?:\s+{_TIME})?"
)
_DAY_FIRST_WORDS = re.compile(
    rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th|er)?\s+(?P<month>[a-z]+)\.?\s+(?P<year>\d{{4}})(?:\s+{_TIME})?"
)
_MONTH_FIRST_WORDS = re.compile(
    rf"(?P<month>[a-z]+)\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<year>\d{{4}})(?:\s+{_TIME})?"
)


def _date_hint() -> str:
    """Examples of the accepted forms, on a day still ahead (crm_core.calendar_text)."""
    year = example_date()[:4]
    return f"use {example_datetime()}, 04/06/{year} 13:00 (day first) or 4 Jun {year} 1 PM"


def _length(model, field: str) -> int:
    return model._meta.get_field(field).max_length


def text_of(raw, source: str) -> str | None:
    """The cell as text, ``None`` when empty. A CSV cell starting with ``=`` is a formula, refused;
    the ``'`` the CSV export puts before cells a spreadsheet would run is taken off."""
    if raw is None:
        return None
    if isinstance(raw, CellError):
        raise InvalidValue(f"the cell shows the Excel error {raw.text}; correct it in the sheet.")
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, dt.datetime | dt.date | dt.time):
        return raw.isoformat()
    text = str(raw).replace("\r\n", "\n").replace("\r", "\n")  # a line break in a cell, however saved
    if source == "csv":
        if text.lstrip(" ").startswith("="):
            shown = text.strip()[:30]
            raise InvalidValue(f"'{shown}' is a spreadsheet formula; type the value itself (or put ' before text).")
        text = from_inert(text)
    return text if text.strip() else None


def _text_cleaner(model, field: str, **options):
    def clean(raw, source):
        text = text_of(raw, source)
        return None if text is None else clean_text(text, max_length=_length(model, field), **options)

    return clean


def _through(cleaner):
    def clean(raw, source):
        text = text_of(raw, source)
        return None if text is None else cleaner(text)

    return clean


def reference_of(model):
    def clean(raw, source):
        text = text_of(raw, source)
        return None if text is None else clean_text(text, max_length=_length(model, "reference"))

    return clean


def id_of(raw, source) -> int | None:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, int) and not isinstance(raw, bool):
        return clean_id(raw)
    text = text_of(raw, source)
    return None if text is None else clean_id(text)


def amount_of(raw, source) -> Decimal | None:
    if isinstance(raw, float):
        # Excel keeps amounts as binary floats: 0.1 + 0.2 is 0.30000000000000004, shown as 0.30.
        rounded = round(raw, 2)
        raw = repr(rounded) if abs(raw - rounded) < 1e-6 else repr(raw)
    elif isinstance(raw, int) and not isinstance(raw, bool):
        return clean_amount(raw)
    text = text_of(raw, source)
    if text is None:
        return None
    return clean_amount(text)  # French and English forms, as everywhere (crm_core.validation)


def count_of(raw, source) -> int | None:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, int) and not isinstance(raw, bool):
        return clean_count(raw)
    text = text_of(raw, source)
    return None if text is None else clean_count(re.sub(r"[\s\u00a0\u202f]", "", text))


def bool_of(raw, source) -> bool | None:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    text = text_of(raw, source)
    if text is None:
        return None
    word = " ".join(_plain(text).split())
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise InvalidValue(f"'{text.strip()}' is not yes or no; write yes, no, true, false, oui or non.")


def datetime_of(raw, source) -> dt.datetime | None:
    """An aware date-time in UTC (as ``clean_datetime`` gives), ``None`` for an empty cell."""
    if isinstance(raw, dt.datetime):
        return clean_datetime(raw)
    if isinstance(raw, dt.date):
        raise InvalidValue("give a time as well as a date (e.g. 04/06/2026 13:00).")
    if isinstance(raw, dt.time):
        raise InvalidValue("give a date as well as a time (e.g. 04/06/2026 13:00).")
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        raise InvalidValue(f"a number, not a date-time; format the column as dates, or {_date_hint()}.")
    text = text_of(raw, source)
    if text is None:
        return None
    text = text.strip()
    if re.match(r"\d{4}-", text):
        return clean_datetime(text)
    return clean_datetime(_typed_datetime(text))


def _typed_datetime(text: str) -> dt.datetime:
    plain = re.sub(r"\s+", " ", _plain(text)).replace(",", " ")
    plain = re.sub(r"\s+(?:at|a)\s+", " ", plain)
    plain = " ".join(plain.split())
    # "mar" is Tuesday in French and March in English: try without taking a weekday off first.
    for candidate in dict.fromkeys([plain, re.sub(rf"^{WEEKDAYS}", "", plain)]):
        for pattern in (_DAY_FIRST_NUMBERS, _DAY_FIRST_WORDS, _MONTH_FIRST_WORDS):
            match = pattern.fullmatch(candidate)
            if match:
                return _assemble(text, match)
    raise InvalidValue(f"'{text}' is not a date-time; {_date_hint()}.")


def _assemble(text: str, match: re.Match) -> dt.datetime:
    parts = match.groupdict()
    month = parts["month"]
    month = int(month) if month.isdigit() else MONTHS.get(month.rstrip("."))
    year = int(parts["year"])
    year = year + 2000 if year < 100 else year
    if parts["hour"] is None:
        raise InvalidValue(f"'{text}' has no time; give one as well (e.g. 04/06/2026 13:00).")
    hour, second = int(parts["hour"]), int(parts["second"] or 0)
    minute = int(parts["minute"] or parts["h_minute"] or 0)
    half = (parts["half"] or "").replace(".", "")
    if half:
        if not 1 <= hour <= 12:
            raise InvalidValue(f"'{text}' mixes a 24-hour time with AM/PM; write 1 PM or 13:00.")
        hour = hour % 12 + (12 if half == "pm" else 0)
    try:
        if month is None:
            raise ValueError
        return dt.datetime(year, month, int(parts["day"]), hour, minute, second)
    except ValueError:
        raise InvalidValue(f"'{text}' is not a real date and time; {_date_hint()}.") from None


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char)).strip()


def employee_of(raw, source) -> str | None:
    """An employee named by email or full name; the staff directory resolves it."""
    text = text_of(raw, source)
    return None if text is None else clean_text(text, max_length=254)


CLIENT_READERS = {
    "full_name": _text_cleaner(Client, "full_name"),
    "email": _through(clean_email),
    "phone": _through(clean_phone),
    "company_name": _text_cleaner(Client, "company_name"),
}

READERS = {
    "clients": {
        "id": id_of,
        **CLIENT_READERS,
        "sales_contact": employee_of,
        "sales_contact_id": id_of,
    },
    "events": {
        "id": id_of,
        "event_number": reference_of(Event),
        "name": _text_cleaner(Event, "name"),
        "contract_number": reference_of(Contract),
        "contract_id": id_of,
        "client_name": CLIENT_READERS["full_name"],
        "client_email": CLIENT_READERS["email"],
        "client_phone": CLIENT_READERS["phone"],
        "company_name": CLIENT_READERS["company_name"],
        "sales_contact": employee_of,
        "sales_contact_id": id_of,
        "start": datetime_of,
        "end": datetime_of,
        "location": _text_cleaner(Event, "location"),
        "attendees": count_of,
        "notes": _text_cleaner(Event, "notes", required=False, multiline=True),
        "total_amount": amount_of,
        "amount_due": amount_of,
        "is_signed": bool_of,
        "support_contact": employee_of,
        "support_contact_id": id_of,
    },
}
