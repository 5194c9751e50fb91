"""Event use cases: sales create them, management staffs them, support runs them.

``event_create`` / ``event_update`` are the staff entry points (policy of SPEC §3);
``event_save_new`` / ``event_save_changes`` run the same validation and write without
the department check, for Django admin, whose administrators the admin site authorises.
"""

from collections.abc import Callable

from crm_core.errors import RuleViolation
from crm_core.fields import reject_unknown_fields
from crm_core.lookups import get_by_id
from crm_core.policy import EVENT_DETAIL_FIELDS, EVENT_SUPPORT_FIELDS, Action, authorize
from crm_core.validation import FieldCleaner, clean_count, clean_datetime, clean_text
from crm_core.writes import apply_changes, atomic_write, save_changes
from epic_auth_app.locking import lock_active_member
from epic_auth_app.models import DepartmentCode, Employee
from epic_contracts_app.models import Contract
from epic_events_app.models import Event

UPDATABLE_FIELDS = EVENT_DETAIL_FIELDS + EVENT_SUPPORT_FIELDS

REFERENCE_TAKEN = "Reference: {reference} is already the number of event {pk}; each event has its own."


def _clean_reference(value) -> str | None:
    """The event's number in the company's spreadsheets: optional text, stored as NULL when empty."""
    return clean_text(value, max_length=Event._meta.get_field("reference").max_length, required=False) or None


_DETAIL_CLEANERS = {
    "name": lambda value: clean_text(value, max_length=150),
    "start": clean_datetime,
    "end": clean_datetime,
    "location": lambda value: clean_text(value, max_length=255),
    "attendees": clean_count,
    "notes": lambda value: clean_text(value, max_length=5000, required=False, multiline=True),
    "reference": _clean_reference,
}


def _clean_details(data: dict, cleaner: FieldCleaner, exclude_id: int | None = None) -> dict:
    fields = [field for field in EVENT_DETAIL_FIELDS if field in data]
    values = {field: cleaner.clean(field, _DETAIL_CLEANERS[field], data[field]) for field in fields}
    reference = values.get("reference")
    if reference:
        for pk in Event.objects.filter(reference=reference).exclude(pk=exclude_id).values_list("pk", flat=True)[:1]:
            cleaner.add("reference", REFERENCE_TAKEN.format(reference=reference, pk=pk))
    return values


def _check_dates(cleaner: FieldCleaner, start, end) -> None:
    if start is not None and end is not None and end <= start:
        cleaner.add("end", "End: the event must end after it starts.")


def _active_support_employee(employee_id) -> Employee | None:
    """Locked until the event is saved: they cannot leave Support or be removed meanwhile."""
    if employee_id is None:
        return None
    return lock_active_member(employee_id, DepartmentCode.SUPPORT)


def event_create(*, actor, contract_id, name, start, end, location, attendees, notes="", reference=None) -> Event:
    """Create an event for a signed contract of one of the actor's clients. Sales only.

    ``reference`` is the event's own number in the company's spreadsheets (optional, unique).
    """
    authorize(actor, Action.CREATE_EVENT)
    details = {"name": name, "start": start, "end": end, "location": location, "attendees": attendees, "notes": notes}
    details["reference"] = reference
    return _insert(
        actor, contract_id, details, None, lambda contract: authorize(actor, Action.CREATE_EVENT, contract)
    )


def event_save_new(
    *, actor, contract_id, name, start, end, location, attendees, notes="", support_contact_id=None, reference=None
) -> Event:
    """Validate and create an event for any signed contract, optionally staffed at once.

    No department or ownership check: for Django admin, whose administrators
    (``actor``) the admin site has authorised, and for a manager's spreadsheet import
    (``epic_imports_app``), authorised by the import rule of SPEC §3.
    """
    details = {"name": name, "start": start, "end": end, "location": location, "attendees": attendees, "notes": notes}
    details["reference"] = reference
    return _insert(actor, contract_id, details, support_contact_id, lambda contract: None)


def _insert(
    actor, contract_id, details: dict, support_contact_id, check_loaded: Callable[[Contract], None]
) -> Event:
    with atomic_write(actor=actor):
        # Locked so the contract cannot be unsigned while its first event is created.
        contract = get_by_id(
            Contract.objects.select_for_update(of=("self",)).select_related("client"), contract_id, label="contract"
        )
        check_loaded(contract)
        if not contract.is_signed:
            raise RuleViolation(
                f"Contract {contract.pk} is not signed yet; events can only be created for a signed contract."
            )
        cleaner = FieldCleaner()
        values = _clean_details(details, cleaner)
        _check_dates(cleaner, values["start"], values["end"])
        values["support_contact"] = cleaner.clean("support_contact", _active_support_employee, support_contact_id)
        cleaner.raise_if_invalid()
        event = Event(contract=contract, **values)
        event.updated_at = event.created_at
        event.save()
    return event


def event_update(*, actor, event_id, data: dict) -> Event:
    """Update an event. Details: management or the event's support contact.
    Support contact (assign, change, unassign): management only."""
    reject_unknown_fields(data, UPDATABLE_FIELDS)
    changes_details = any(field in data for field in EVENT_DETAIL_FIELDS)
    if changes_details:
        authorize(actor, Action.UPDATE_EVENT)
    if "support_contact_id" in data:
        authorize(actor, Action.ASSIGN_EVENT_SUPPORT)

    def check_loaded(event: Event) -> None:
        if changes_details:
            authorize(actor, Action.UPDATE_EVENT, event)

    return _update(actor, event_id, data, check_loaded)


def event_save_changes(*, actor, event_id, data: dict) -> Event:
    """``event_update`` without the department and ownership checks, for Django admin."""
    reject_unknown_fields(data, UPDATABLE_FIELDS)
    return _update(actor, event_id, data, lambda event: None)


def _update(actor, event_id, data: dict, check_loaded: Callable[[Event], None]) -> Event:
    with atomic_write(actor=actor):
        event = get_by_id(
            Event.objects.select_for_update(of=("self",)).select_related("contract__client"), event_id, label="event"
        )
        check_loaded(event)
        cleaner = FieldCleaner()
        changes = _clean_details(data, cleaner, exclude_id=event.pk)
        _check_dates(cleaner, changes.get("start", event.start), changes.get("end", event.end))
        if "support_contact_id" in data:
            changes["support_contact"] = cleaner.clean(
                "support_contact", _active_support_employee, data["support_contact_id"]
            )
        cleaner.raise_if_invalid()
        changed = apply_changes(event, changes)
        save_changes(event, changed)
    return event


def event_assign_support(*, actor, event_id, support_contact_id) -> Event:
    """Assign (or with None, unassign) the event's support contact. Management only."""
    return event_update(actor=actor, event_id=event_id, data={"support_contact_id": support_contact_id})
