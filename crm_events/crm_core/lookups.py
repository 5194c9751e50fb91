"""Fetch one record by the id a user typed: a clean id or a sentence, never a crash."""

from django.db.models import QuerySet

from crm_core.errors import InvalidInput, NotFound
from crm_core.validation import InvalidValue, clean_id

# The largest key SQLite and PostgreSQL can hold (a signed 64-bit integer).
LARGEST_ID = 2**63 - 1
NOT_AN_ID = "expected a record id (a positive whole number)."


def clean_record_id(value) -> int:
    """``clean_id`` for an id as a person typed it: ASCII digits only, however many.

    ``int()`` would read a full-width "１" as 1. A well-formed id too large for any record
    comes back as is, so that ``filter_by_id`` finds nothing and the user hears "not
    found", as for any other missing id, rather than "not an id".
    """
    if isinstance(value, str):
        text = value.strip()
        if not text.isascii():
            raise InvalidValue(NOT_AN_ID)
        if text.isdigit() and len(text) > 12:  # clean_id reads 12 digits at most
            try:
                number = int(text)
            except ValueError:  # more digits than Python converts: far beyond any key anyway
                number = LARGEST_ID + 1
            if number < 1:
                raise InvalidValue(NOT_AN_ID)
            return number
    return clean_id(value)


def filter_by_id(queryset: QuerySet, field: str, pk: int) -> QuerySet:
    """``queryset.filter(field=pk)``; an id beyond any key matches nothing without asking the database."""
    if pk > LARGEST_ID:  # SQLite raises OverflowError on such a number instead of finding nothing
        return queryset.none()
    return queryset.filter(**{field: pk})


def get_by_id(queryset: QuerySet, record_id, *, label: str, field: str = "id"):
    try:
        pk = clean_record_id(record_id)
    except InvalidValue as exc:
        raise InvalidInput({field: f"{label.capitalize()} id: {exc.message}"}) from None
    record = filter_by_id(queryset, "pk", pk).first()
    if record is None:
        raise NotFound.for_record(label, pk)
    return record
