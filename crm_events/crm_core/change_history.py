"""Recording history: every creation, change and removal of a CRM record, with who and why.

The CRM's models declare ``history = RecordHistory(...)`` (django-simple-history): each
save or delete of a row writes one snapshot row to the model's history table, in the
same transaction as the change, so a change that is refused or rolled back leaves no
history. The read side (entries, filters, permissions) is ``crm_core.history``.

Who acted comes from ``acting_as(actor)``, which every service opens around its write
(``crm_core.writes.atomic_write(actor=...)``); Django admin deletions open it too. Why
(optional) comes from ``change_reason(text)``, for a caller that writes through the
normal services on someone's behalf, e.g. an import::

    with change_reason(f"imported from {name} row {number}"):
        client_create(actor=actor, **row)

Writes that bypass ``Model.save()`` (bulk inserts, ``QuerySet.update``) are invisible to
the library; ``bulk_create_recorded`` and ``update_recorded`` write them together with
their history in a bounded number of queries.
"""

import importlib
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.db import models

from crm_core import clock


def _simple_history_models():
    """``simple_history.models``, without loading Django admin where it is not installed.

    That module imports ``django.contrib.admin`` only to name the admin's "revert" URL,
    which the CRM never builds; loading the admin package would cost the terminal
    program (which has no admin) about 5 % of its start-up. There, while the module is
    imported, an empty placeholder stands in for the admin package, then is withdrawn,
    so a later real import of the admin is unaffected.
    """
    admin = "django.contrib.admin"
    if admin in sys.modules or apps.is_installed(admin):
        return importlib.import_module("simple_history.models")
    placeholder = sys.modules[admin] = types.ModuleType(admin, "Placeholder: Django admin is not installed here.")
    try:
        return importlib.import_module("simple_history.models")
    finally:
        if sys.modules.get(admin) is placeholder:
            del sys.modules[admin]


_library = _simple_history_models()
HistoricalRecords = _library.HistoricalRecords
HistoricalChanges = _library.HistoricalChanges  # the base of every history model

# Longer reasons are cut: a reason names a file and a row, not a document.
REASON_MAX_LENGTH = 300

_actor: ContextVar = ContextVar("crm_history_actor", default=None)
_reason: ContextVar = ContextVar("crm_history_reason", default=None)


@contextmanager
def acting_as(actor) -> Iterator[None]:
    """Record ``actor`` (an employee) as the author of the writes made inside the block.

    ``None`` keeps whoever an enclosing block named (the installation itself when nobody did).
    """
    if actor is None:
        yield
        return
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)


@contextmanager
def change_reason(text: str) -> Iterator[None]:
    """Attach ``text`` (one line, e.g. "imported from clients.xlsx row 12") to the history of
    every write made inside the block, through any service. The innermost reason wins.

    Like the values it accompanies, it stays in the database: never logged nor sent to
    Sentry. Longer than ``REASON_MAX_LENGTH`` characters, it is cut.
    """
    if not isinstance(text, str) or not text.strip():
        raise ValueError("A change reason is a non-empty line of text.")
    token = _reason.set(" ".join(text.split())[:REASON_MAX_LENGTH])
    try:
        yield
    finally:
        _reason.reset(token)


def current_actor():
    return _actor.get()


def current_reason() -> str | None:
    return _reason.get()


class RecordHistory(HistoricalRecords):
    """``HistoricalRecords`` as the CRM keeps it.

    - ``excluded_fields`` are never copied (password hashes, login bookkeeping), and a
      save that touches only those fields records nothing;
    - the author is the employee of ``acting_as``, the reason that of ``change_reason``;
    - the time is ``crm_core.clock.now()``, like the records' own time stamps;
    - one index serves a record's history newest first: (record id, time); the copies
      of the record's unique and foreign-key columns are not indexed, since history is
      only ever read record by record.
    """

    def __init__(self, *, excluded_fields=(), **options):
        super().__init__(
            excluded_fields=list(excluded_fields),
            history_id_field=models.BigAutoField(primary_key=True),
            history_change_reason_field=models.TextField(null=True),
            **options,
        )

    def copy_fields(self, model):
        self.no_db_index = [
            field.name
            for field in self.fields_included(model)
            if field.primary_key or field.unique or field.db_index or field.is_relation
        ]
        return super().copy_fields(model)

    def get_extra_fields(self, model, fields):
        extra = super().get_extra_fields(model, fields)
        extra["history_date"] = models.DateTimeField()  # indexed with the record id below, not alone
        return extra

    def get_meta_options(self, model):
        options = super().get_meta_options(model)
        options["indexes"] = [
            models.Index(fields=[model._meta.pk.attname, "history_date"], name=f"{model._meta.model_name}_history_idx")
        ]
        return options

    def post_save(self, instance, created, using=None, update_fields=None, **kwargs):
        if not created and update_fields is not None:
            tracked = {field.name for field in self.fields_included(instance)}
            if not tracked.intersection(update_fields):
                return  # e.g. Django's last_login stamp: bookkeeping, not a change of the record
        super().post_save(instance, created, using=using, update_fields=update_fields, **kwargs)

    def get_history_user(self, instance):
        actor = current_actor()
        return actor if actor is not None else super().get_history_user(instance)

    def get_change_reason_for_object(self, instance, history_type, using):
        return super().get_change_reason_for_object(instance, history_type, using) or current_reason()

    def create_historical_record(self, instance, history_type, using=None):
        if hasattr(instance, "_history_date"):
            return super().create_historical_record(instance, history_type, using=using)
        instance._history_date = clock.now()
        try:
            return super().create_historical_record(instance, history_type, using=using)
        finally:
            del instance._history_date


def _record_many(model, rows: list, *, update: bool) -> None:
    if rows:
        model.history.bulk_history_create(
            rows,
            update=update,
            default_user=current_actor(),
            default_change_reason=current_reason(),
            default_date=clock.now(),
        )


def bulk_create_recorded(model, rows: list, *, batch_size: int | None = None) -> list:
    """``bulk_create`` with one "created" history entry per row, in the caller's transaction.

    Needs a database that returns the new keys (PostgreSQL, SQLite 3.35+).
    """
    created = model.objects.bulk_create(rows, batch_size=batch_size)
    if any(row.pk is None for row in created):
        raise RuntimeError("bulk_create did not return the new keys; history cannot name the rows.")
    _record_many(model, created, update=False)
    return created


def update_recorded(queryset, **values) -> list:
    """``queryset.update(**values)`` (plain values, no expressions) with one "updated" history
    entry per row; returns the rows, carrying the new values.

    Three statements whatever the number of rows (read, update, history insert; the
    insert is split in batches only beyond what one statement can carry). Call it inside
    the write's transaction: the rows are locked from the read on, so the history copies
    exactly what the update leaves.
    """
    rows = list(queryset.select_for_update())
    if not rows:
        return rows
    model = queryset.model
    model.objects.filter(pk__in=[row.pk for row in rows]).update(**values)
    for row in rows:
        for field, value in values.items():
            setattr(row, field, value)
    _record_many(model, rows, update=True)
    return rows


BASELINE_REASON = "History began here: these are the values the record had then; earlier changes were not recorded."
BASELINE_BATCH = 2000


def record_baseline(app_label: str, model_name: str):
    """The function of a migration's ``RunPython``: one entry per row that exists when the
    history table is created, so that the first change recorded afterwards has its "before".

    It is an "updated" entry dated from the row's ``updated_at`` (the values are those
    of that moment), by nobody, with ``BASELINE_REASON``.
    """

    def forwards(apps, schema_editor) -> None:
        model = apps.get_model(app_label, model_name)
        history = apps.get_model(app_label, f"Historical{model_name}")
        own = {field.attname for field in model._meta.concrete_fields}
        copied = [field.attname for field in history._meta.concrete_fields if field.attname in own]
        batch = []
        for row in model._base_manager.order_by("pk").iterator(chunk_size=BASELINE_BATCH):
            batch.append(
                history(
                    **{name: getattr(row, name) for name in copied},
                    history_date=row.updated_at,
                    history_type="~",
                    history_change_reason=BASELINE_REASON,
                )
            )
            if len(batch) == BASELINE_BATCH:
                history.objects.bulk_create(batch)
                batch = []
        history.objects.bulk_create(batch)

    return forwards
