"""Client use cases: sales create and keep their own clients; management reassigns them.

``client_create`` / ``client_update`` are the staff entry points: they apply the
policy of SPEC §3, then hand over to ``client_save_new`` / ``client_save_changes``,
which validate and write. Django admin calls those two directly: its users are
administrators, authorised by the admin site itself, not by a department.
"""

from collections.abc import Callable

from crm_core.errors import InvalidInput
from crm_core.fields import reject_unknown_fields
from crm_core.lookups import get_by_id
from crm_core.policy import CLIENT_DETAIL_FIELDS, CLIENT_OWNER_FIELDS, Action, authorize
from crm_core.validation import FieldCleaner, clean_email, clean_phone, clean_text
from crm_core.writes import apply_changes, atomic_write, save_changes
from epic_auth_app.locking import lock_active_member
from epic_auth_app.models import DepartmentCode, Employee
from epic_clients_app.models import Client

UPDATABLE_FIELDS = CLIENT_DETAIL_FIELDS + CLIENT_OWNER_FIELDS
# What counts as contact, and so moves the client's "last contact" date (``updated_at``, SPEC §2):
# a change of the details the salesperson learns from the client. A change of sales contact is the
# company's own doing (a manager's choice, or the handover when a salesperson leaves): not a contact.
CONTACT_FIELDS = CLIENT_DETAIL_FIELDS
EMAIL_TAKEN = "Email: another client already uses this address; look it up with clients list --search."


def _clean_details(data: dict, cleaner: FieldCleaner, exclude_id: int | None = None) -> dict:
    cleaners = {
        "full_name": lambda value: clean_text(value, max_length=150),
        "email": clean_email,
        "phone": clean_phone,
        "company_name": lambda value: clean_text(value, max_length=150),
    }
    values = {
        field: cleaner.clean(field, cleaners[field], data[field]) for field in CLIENT_DETAIL_FIELDS if field in data
    }
    if _email_taken(values.get("email"), exclude_id):
        cleaner.add("email", EMAIL_TAKEN)
    return values


def _email_taken(email: str | None, exclude_id: int | None = None) -> bool:
    return bool(email) and Client.objects.filter(email=email).exclude(pk=exclude_id).exists()


def _raise_if_email_taken(email: str | None = None, exclude_id: int | None = None) -> None:
    """After a refused write: two people saving the same address at once, the second learns it is taken."""
    if _email_taken(email, exclude_id):
        raise InvalidInput({"email": EMAIL_TAKEN})


def client_create(*, actor, full_name, email, phone, company_name) -> Client:
    """Create a client owned by the acting salesperson. Sales only."""
    authorize(actor, Action.CREATE_CLIENT)
    return _insert(
        actor,
        {"full_name": full_name, "email": email, "phone": phone, "company_name": company_name},
        sales_contact_id=actor.pk,
    )


def client_save_new(*, actor, sales_contact_id, full_name, email, phone, company_name) -> Client:
    """Validate and create a client owned by ``sales_contact_id`` (an active salesperson).

    No department check: for Django admin, whose administrators the admin site has
    already authorised. ``actor`` is that administrator.
    """
    data = {"full_name": full_name, "email": email, "phone": phone, "company_name": company_name}
    return _insert(actor, data, sales_contact_id=sales_contact_id)


def _insert(actor, data: dict, *, sales_contact_id) -> Client:
    cleaner = FieldCleaner()
    values = _clean_details(data, cleaner)
    with atomic_write(actor=actor, explain_conflict=lambda: _raise_if_email_taken(values.get("email"))):
        # Locked: the salesperson cannot leave Sales or be removed until this client is saved.
        sales_contact = cleaner.clean("sales_contact", _active_salesperson, sales_contact_id)
        cleaner.raise_if_invalid()
        client = Client(**values, sales_contact=sales_contact)
        client.updated_at = client.created_at
        client.save()
    return client


def client_update(*, actor, client_id, data: dict) -> Client:
    """Update a client. Details: its sales contact only. Sales contact: management only."""
    reject_unknown_fields(data, UPDATABLE_FIELDS)
    changes_details = any(field in data for field in CLIENT_DETAIL_FIELDS)
    if changes_details:
        authorize(actor, Action.UPDATE_CLIENT)  # department first, ownership once loaded
    if "sales_contact_id" in data:
        authorize(actor, Action.CHANGE_CLIENT_SALES_CONTACT)

    def check_owner(client: Client) -> None:
        if changes_details:
            authorize(actor, Action.UPDATE_CLIENT, client)

    return _update(actor, client_id, data, check_owner)


def client_save_changes(*, actor, client_id, data: dict) -> Client:
    """Validate and apply changes to any field of ``UPDATABLE_FIELDS``, for Django admin.

    The same checks and write as ``client_update`` without the department policy;
    ``actor`` is the administrator the admin site has authorised.
    """
    reject_unknown_fields(data, UPDATABLE_FIELDS)
    return _update(actor, client_id, data, lambda client: None)


def _update(actor, client_id, data: dict, check_loaded: Callable[[Client], None]) -> Client:
    saving = {}  # what the refused write held, once cleaned
    with atomic_write(actor=actor, explain_conflict=lambda: _raise_if_email_taken(**saving)):
        client = get_by_id(
            Client.objects.select_for_update(of=("self",)).select_related("sales_contact"), client_id, label="client"
        )
        check_loaded(client)
        cleaner = FieldCleaner()
        changes = _clean_details(data, cleaner, exclude_id=client.pk)
        saving.update(email=changes.get("email"), exclude_id=client.pk)
        if "sales_contact_id" in data:
            changes["sales_contact"] = cleaner.clean("sales_contact", _active_salesperson, data["sales_contact_id"])
        cleaner.raise_if_invalid()
        changed = apply_changes(client, changes, stamped_by=CONTACT_FIELDS)
        save_changes(client, changed)
    return client


def _active_salesperson(employee_id) -> Employee:
    return lock_active_member(employee_id, DepartmentCode.SALES)


def client_reassign(*, actor, client_id, sales_contact_id) -> Client:
    """Give a client to another salesperson. Management only."""
    return client_update(actor=actor, client_id=client_id, data={"sales_contact_id": sales_contact_id})
