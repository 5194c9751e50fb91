"""Reading history: a record's entries, newest first, as plain data for every entry point.

Recording is ``crm_core.change_history``. Each app registers its model once (in its
``AppConfig.ready``) with the SPEC §5 shape of its records (``*/serializers.py``) and the
action that lets someone read it, the same as ``show``; entries are then derived from
that shape, so a field is named and formatted in history exactly as in the record:

    {"at": "2026-06-04T13:00:00+02:00",          # ISO 8601 with offset
     "actor_id": 3, "actor_name": "Mona Manager",  # both None when nobody (the installation) acted
     "action": "created" | "updated" | "removed",
     "changes": [{"field": "start", "old": "2026-06-03T13:00:00+02:00", "new": "2026-06-04T13:00:00+02:00"}],
     "reason": "imported from clients.xlsx row 12" | None}

``changes`` lists the fields of the record's shape that differ from the previous entry
(all filled fields for "created", the last values for "removed"); relations appear as
``<name>_id``, amounts as "1500.00"; ``id`` and ``updated_at`` never do. ``reason`` says
why (``change_history.change_reason``), or what changed that the record does not show
("password changed").

A page costs at most three queries whatever the history's length: the entries with
their author, the bounded count, and the entries just before them (their "old"
values); a record without any entry costs one more, to tell "none yet" from "no such
record".
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from crm_core.errors import InvalidInput, NotFound
from crm_core.history_rows import CHANGE_ROW_FIELDS, change_rows  # noqa: F401 - the entries as rows, Django-free
from crm_core.lookups import filter_by_id, record_pk
from crm_core.pagination import Page, paginate
from crm_core.policy import Action, authorize
from crm_core.serialization import Shape, iso
from crm_core.validation import FieldCleaner, clean_date, clean_id

CREATED, UPDATED, REMOVED = "created", "updated", "removed"
ENTRY_FIELDS = ("at", "actor_id", "actor_name", "action", "changes", "reason")
NOT_CHANGES = ("id", "updated_at")  # the record itself, and bookkeeping


@dataclass(frozen=True)
class HistorySource:
    resource: str  # the name entry points use: "clients"
    label: str  # the name of one record in sentences: "client"
    model: type
    read_action: Action
    fields: dict  # shape key -> getter, for the keys that are the record's own tracked columns
    related: tuple[str, ...]  # relations a getter follows (employee -> department code)
    removal_field: str | None  # set when the record is removed while its row stays (employees)

    def values(self, snapshot) -> dict:
        return {key: getter(snapshot) for key, getter in self.fields.items()}


_SOURCES: dict[str, HistorySource] = {}


def register(resource: str, *, model, label: str, shape: Shape, read_action: Action, removal_field=None) -> None:
    """Make ``model``'s history readable as ``resource``, by whoever may do ``read_action``."""
    tracked = {field.name for field in model.history.model.tracked_fields}
    fields, related = {}, []
    for key, getter in shape.items():
        field = next((f for f in model._meta.concrete_fields if key in (f.name, f.attname)), None)
        if field is None or field.name not in tracked or key in NOT_CHANGES:
            continue  # a display key (client_name...) or a column history does not keep
        fields[key] = getter
        if field.is_relation and key == field.name:
            related.append(field.name)
    source = HistorySource(resource, label, model, read_action, fields, tuple(related), removal_field)
    _SOURCES[resource] = source
    _SOURCES[model._meta.label_lower] = source


def _source(resource) -> HistorySource:
    key = resource if isinstance(resource, str) else getattr(getattr(resource, "_meta", None), "label_lower", None)
    source = _SOURCES.get(key)
    if source is None:
        names = ", ".join(name for name in _SOURCES if "." not in name)
        raise InvalidInput({"resource": f"Resource: history is kept for {names}."})
    return source


def record_history(*, actor, resource, record_id, since=None, by=None, page: int = 1, limit: int = 50) -> Page:
    """A page of a record's history, newest first, as entry dicts (see the module).

    Who may call it: whoever may ``show`` the record (SPEC §3: everyone for clients,
    contracts and events, management for employees); the refusal is show's sentence.
    ``resource``: "clients", "contracts", "events", "employees" or the model.
    ``since``: a date (``date`` or "YYYY-MM-DD"), entries from its start in the configured
    time zone. ``by``: an employee id, only what they did. ``page``/``limit`` as every list
    (crm_core.pagination). Raises PermissionDenied, InvalidInput, NotFound (no such record,
    now or in history).
    """
    source = _source(resource)
    authorize(actor, source.read_action)
    return history_page(resource=source.model, record_id=record_id, since=since, by=by, page=page, limit=limit)


def history_page(*, resource, record_id, since=None, by=None, page: int = 1, limit: int = 50) -> Page:
    """``record_history`` without the policy check, for Django admin (administrators only)."""
    source, pk, snapshots = _snapshots(resource, record_id, since, by)
    shown = paginate(snapshots, page=page, limit=limit)
    if not shown.items and shown.number == 1 and not _exists(source, pk, filtered=since or by):
        raise NotFound.for_record(source.label, pk)
    return shown._replace(items=_entries(source, shown.items))


def iter_record_history(*, actor, resource, record_id, since=None, by=None, chunk: int = 500) -> Iterator[dict]:
    """Every entry of ``record_history`` (same caller, arguments and errors), newest first,
    read ``chunk`` entries at a time: for an export of a long history in bounded memory.

    Checks the permission, the arguments and that the record exists before returning,
    so an error comes before the first entry; then two queries per chunk.
    """
    source = _source(resource)
    authorize(actor, source.read_action)
    source, pk, snapshots = _snapshots(resource, record_id, since, by)
    if not _exists(source, pk, filtered=True):
        raise NotFound.for_record(source.label, pk)

    def chunks() -> Iterator[dict]:
        batch = list(snapshots[:chunk])
        while batch:
            yield from _entries(source, batch)
            if len(batch) < chunk:
                return
            last = batch[-1]  # the next chunk starts after it (keyset paging: no offset to walk)
            older = Q(history_date__lt=last.history_date)
            older |= Q(history_date=last.history_date, history_id__lt=last.history_id)
            batch = list(snapshots.filter(older)[:chunk])

    return chunks()


def _snapshots(resource, record_id, since, by) -> tuple[HistorySource, int, QuerySet]:
    """The record's history rows, filtered, newest first, with their author and previous row's id."""
    source = _source(resource)
    pk = record_pk(record_id, label=source.label)
    cleaner = FieldCleaner()
    since_date = cleaner.clean("since", clean_date, since) if since is not None else None
    by_pk = cleaner.clean("by", clean_id, by) if by is not None else None
    cleaner.raise_if_invalid()
    history = source.model.history.model
    snapshots = filter_by_id(history.objects.all(), "id", pk)
    if since_date is not None:
        start = timezone.make_aware(dt.datetime.combine(since_date, dt.time.min))
        snapshots = snapshots.filter(history_date__gte=start)
    if by_pk is not None:
        snapshots = filter_by_id(snapshots, "history_user_id", by_pk)
    snapshots = (
        snapshots.select_related("history_user", *source.related)
        .annotate(previous_id=Subquery(_previous(history)))
        .order_by("-history_date", "-history_id")
    )
    return source, pk, snapshots


def _previous(history) -> QuerySet:
    """The entry of the same record just before the outer one (what it changed from)."""
    earlier = Q(history_date__lt=OuterRef("history_date")) | Q(
        history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id")
    )
    same_record = history.objects.filter(earlier, id=OuterRef("id"))
    return same_record.order_by("-history_date", "-history_id").values("history_id")[:1]


def _exists(source: HistorySource, pk: int, *, filtered) -> bool:
    """Whether the record exists, or existed (history remains); ``filtered``: the entries
    asked for were filtered, so an empty answer says nothing about the rest."""
    if filtered and filter_by_id(source.model.history.model.objects.all(), "id", pk).exists():
        return True
    return filter_by_id(source.model._base_manager.all(), "pk", pk).exists()


def _entries(source: HistorySource, snapshots: list) -> list[dict]:
    history = source.model.history.model
    known = {snapshot.history_id: snapshot for snapshot in snapshots}
    missing = {s.previous_id for s in snapshots if s.previous_id is not None} - known.keys()
    if missing:
        known.update(
            (earlier.history_id, earlier)
            for earlier in history.objects.filter(history_id__in=missing).select_related(*source.related)
        )
    return [_entry(source, snapshot, known.get(snapshot.previous_id)) for snapshot in snapshots]


def _entry(source: HistorySource, snapshot, previous) -> dict:
    after = source.values(snapshot)
    if snapshot.history_type == "+":
        action, before = CREATED, {}
    elif snapshot.history_type == "-":
        action, before, after = REMOVED, after, {}
    else:
        # Without an earlier entry (history began after the record), every value is "new".
        before = source.values(previous) if previous is not None else {}
        removal = source.removal_field
        removed = removal is not None and before.get(removal) is None and after.get(removal) is not None
        action = REMOVED if removed and previous is not None else UPDATED
    changes = [
        {"field": key, "old": before.get(key), "new": after.get(key)}
        for key in source.fields
        if before.get(key) != after.get(key) and not (_empty(before.get(key)) and _empty(after.get(key)))
    ]
    author = snapshot.history_user
    return {
        "at": iso(snapshot.history_date),
        "actor_id": snapshot.history_user_id,
        "actor_name": author.full_name if author is not None else None,
        "action": action,
        "changes": changes,
        "reason": snapshot.history_change_reason or None,
    }


def _empty(value) -> bool:
    return value is None or value == ""
