"""How services write: inside one transaction, copying only the fields they allow."""

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import IntegrityError, transaction

from crm_core import clock
from crm_core.change_history import acting_as
from crm_core.errors import RuleViolation

logger = logging.getLogger(__name__)

CONCURRENT_CHANGE = (
    "The change was refused by the database because the records changed meanwhile "
    "(someone else may be editing them); show the record again and retry."
)


@contextmanager
def atomic_write(*, actor=None, explain_conflict: Callable[[], None] | None = None) -> Iterator[None]:
    """``transaction.atomic`` that turns a late IntegrityError into a sentence.

    Services validate before writing, so an IntegrityError here means a concurrent
    change slipped between the check and the write; nothing was saved. ``actor`` (the
    employee acting) is recorded as the author of the history of every write inside.
    ``explain_conflict``, called once the transaction is rolled back, may raise a more
    precise error from what is committed now (e.g. the email address another user
    has just taken), checked the way the service checked it before writing.
    """
    try:
        with transaction.atomic(), acting_as(actor):
            yield
    except IntegrityError as exc:
        logger.warning(
            "write refused by the database: %s", type(exc).__name__, extra={"user_notified": True}
        )
        if explain_conflict is not None:
            explain_conflict()
        raise RuleViolation(CONCURRENT_CHANGE) from exc


def _differs(instance, field: str, value) -> bool:
    model_field = instance._meta.get_field(field)
    if model_field.is_relation:
        # Compare ids, so that checking a relation never costs a query.
        return getattr(instance, model_field.attname) != (value.pk if value is not None else None)
    return getattr(instance, field) != value


def apply_changes(instance, changes: dict, *, stamped_by: tuple[str, ...] | None = None) -> list[str]:
    """Set the values that differ and stamp ``updated_at``; returns the changed fields.

    With ``stamped_by``, only a change to one of those fields stamps the date (a client's
    is the date of last contact, which a change of sales contact is not).
    """
    changed = [field for field, value in changes.items() if _differs(instance, field, value)]
    for field in changed:
        setattr(instance, field, changes[field])
    stamping = changed if stamped_by is None else [field for field in changed if field in stamped_by]
    if stamping and hasattr(instance, "updated_at"):
        instance.updated_at = clock.now()
    return changed


def save_changes(instance, changed: list[str]) -> None:
    """Write the changed fields, with the stamp when there is one.

    ``instance.changed_fields`` then says what the update changed, for the entry points'
    "Nothing changed" (SPEC §5): the service's own word, never a guess from dates, since
    some changes (a client's sales contact) leave the date alone.
    """
    instance.changed_fields = tuple(changed)
    if changed:
        extra = ["updated_at"] if hasattr(instance, "updated_at") else []
        instance.save(update_fields=[*changed, *extra])
