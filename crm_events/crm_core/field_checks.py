"""What a form checks as each answer is typed, for every door: one cleaner per field and kind of record.

The menu asks the gateway to check an answer the moment it is typed, so a bad value is
explained and asked again at once; the local transport calls ``check`` in-process and the
HTTP API serves it (``POST /api/v1/{resource}/check``) for the remote one, so both say the
same sentence and send back the same value. Whether the value is *allowed* (ownership, a
rule across fields) is decided by the services when the record is sent.
"""

import datetime as dt
from decimal import Decimal

from crm_core.errors import InvalidInput
from crm_core import validation


def _text(max_length: int, *, required: bool = True, multiline: bool = False):
    return lambda value: validation.clean_text(value, max_length=max_length, required=required, multiline=multiline)


def _phone(*, required: bool = True):
    return lambda value: validation.clean_phone(value, required=required)


def _cleaners() -> dict:
    """Resource -> field -> cleaner (built when first asked: a command that checks nothing never pays)."""
    return {
        "employees": {
            "full_name": _text(150),
            "email": validation.clean_email,
            "phone": _phone(required=False),
            # Length, common, numeric: checked before the password is typed a second time.
            "password": validation.clean_password,
        },
        "clients": {
            "full_name": _text(150),
            "email": validation.clean_email,
            "phone": _phone(),
            "company_name": _text(150),
        },
        "contracts": {"total_amount": validation.clean_amount, "amount_due": validation.clean_amount},
        "events": {
            "name": _text(150),
            "start": validation.clean_datetime,
            "end": validation.clean_datetime,
            "location": _text(255),
            "attendees": validation.clean_count,
            "notes": _text(5000, required=False, multiline=True),  # as the service keeps them
        },
    }


def checkable_fields(resource: str) -> tuple[str, ...]:
    return tuple(_cleaners()[resource])


def check(resource: str, field: str, text):
    """``text`` made the value a form sends for ``field`` of a ``resource`` record, as SPEC §5 JSON writes it.

    Raises InvalidInput({field: sentence}) when the text is not a value of that field,
    and for a field no form asks (the sentence lists those there are).
    """
    cleaners = _cleaners()[resource]
    if field not in cleaners:
        raise InvalidInput({"field": f"'{str(field)[:60]}' is not a field to check; expected {', '.join(cleaners)}."})
    try:
        value = cleaners[field](text)
    except validation.InvalidValue as refusal:
        raise InvalidInput({field: refusal.message}) from None
    return _plain(value)


def _plain(value):
    from crm_core.serialization import iso, money

    if isinstance(value, Decimal):
        return money(value)
    if isinstance(value, dt.datetime):
        return iso(value)
    return value
