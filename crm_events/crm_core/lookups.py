"""Fetch one record by the id a user typed: a clean id or a sentence, never a crash."""

from django.db.models import QuerySet

from crm_core.errors import InvalidInput, NotFound
from crm_core.validation import LARGEST_ID, InvalidValue, clean_id


def filter_by_id(queryset: QuerySet, field: str, pk: int) -> QuerySet:
    """``queryset.filter(field=pk)``; an id beyond any key matches nothing without asking the database."""
    if pk > LARGEST_ID:  # SQLite raises OverflowError on such a number instead of finding nothing
        return queryset.none()
    return queryset.filter(**{field: pk})


def record_pk(record_id, *, label: str, field: str = "id") -> int:
    """The id a user typed for a ``label`` record, or InvalidInput naming ``field``."""
    try:
        return clean_id(record_id)
    except InvalidValue as exc:
        raise InvalidInput({field: f"{label.capitalize()} id: {exc.message}"}) from None


def get_by_id(queryset: QuerySet, record_id, *, label: str, field: str = "id"):
    pk = record_pk(record_id, label=label, field=field)
    record = filter_by_id(queryset, "pk", pk).first()
    if record is None:
        raise NotFound.for_record(label, pk)
    return record
