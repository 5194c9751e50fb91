"""Who may do what: SPEC §3 as named predicates, in one place every entry point uses.

Each action maps to a rule ``(actor, target) -> bool``. ``target`` is the record the
action applies to (``None`` when asking whether the department may do it at all, e.g.
before fetching a record or when building a menu). Rules read the actor's
department and the record's owner from the instances they are given, which the
services load from the database at every call; nothing comes from token claims.
An action that is not in the table is denied. ``authorize`` leaves an audit record of
each refusal (ids and action only); ``can`` has no side effect, so menus may ask freely.
"""

from collections.abc import Callable
from enum import StrEnum

from crm_core import audit
from crm_core.errors import PermissionDenied

MANAGEMENT, SALES, SUPPORT = "management", "sales", "support"


class Action(StrEnum):
    VIEW_RECORDS = "view records"
    VIEW_EMPLOYEES = "view employees"
    MANAGE_EMPLOYEES = "manage employees"
    CHANGE_ADMINISTRATOR_ACCOUNT = "change administrator account"
    CREATE_CLIENT = "create client"
    UPDATE_CLIENT = "update client"
    CHANGE_CLIENT_SALES_CONTACT = "change client sales contact"
    CREATE_CONTRACT = "create contract"
    UPDATE_CONTRACT = "update contract"
    CREATE_EVENT = "create event"
    ASSIGN_EVENT_SUPPORT = "assign event support"
    UPDATE_EVENT = "update event"
    DELETE_RECORDS = "delete records"
    UNLOCK_ACCOUNT = "unlock account"
    IMPORT_RECORDS = "import records"
    IMPORT_FOR_SALES_CONTACT = "import for sales contact"


# Fields each update action may change: a service copies only these from the input.
CLIENT_DETAIL_FIELDS = ("full_name", "email", "phone", "company_name")
CLIENT_OWNER_FIELDS = ("sales_contact_id",)
CONTRACT_FIELDS = ("total_amount", "amount_due", "is_signed", "reference")
EVENT_DETAIL_FIELDS = ("name", "start", "end", "location", "attendees", "notes", "reference")
EVENT_SUPPORT_FIELDS = ("support_contact_id",)

Rule = Callable[[object, object], bool]


def _department(*codes: str) -> Rule:
    def rule(actor, target=None) -> bool:
        return actor.department.code in codes

    return rule


def _owner_of_client(actor, client) -> bool:
    return client.sales_contact_id == actor.pk


def client_of(target):
    """The client a record belongs to (itself, its contract's, its event's contract's)."""
    for path in ("contract", "client"):
        if hasattr(target, path):
            target = getattr(target, path)
    return target


def _sales_owner(actor, target) -> bool:
    """Sales staff own a client and, through it, its contracts and events."""
    return actor.department.code == SALES and (target is None or _owner_of_client(actor, client_of(target)))


def _support_owner(actor, event) -> bool:
    return actor.department.code == SUPPORT and (event is None or event.support_contact_id == actor.pk)


def _importing_for_themselves(actor, sales_contact) -> bool:
    """A salesperson's import is about their own clients: the rows become theirs (SPEC §3).

    ``sales_contact`` is the employee a row names as the client's salesperson, or the
    existing client's; ``None`` asks whether the department may import at all.
    """
    return actor.department.code == SALES and (sales_contact is None or sales_contact.pk == actor.pk)


def _administrator(actor, target=None) -> bool:
    """IT administrators (Django superusers) alone may change or remove their own kind:
    a manager who could reset an administrator's password would gain Django admin."""
    return actor.is_superuser


def _any_of(*rules: Rule) -> Rule:
    def rule(actor, target=None) -> bool:
        return any(each(actor, target) for each in rules)

    return rule


def _nobody(actor, target=None) -> bool:
    return False


RULES: dict[Action, Rule] = {
    Action.VIEW_RECORDS: _department(MANAGEMENT, SALES, SUPPORT),
    Action.VIEW_EMPLOYEES: _department(MANAGEMENT),
    Action.MANAGE_EMPLOYEES: _department(MANAGEMENT),
    Action.CHANGE_ADMINISTRATOR_ACCOUNT: _administrator,
    Action.CREATE_CLIENT: _department(SALES),
    Action.UPDATE_CLIENT: _sales_owner,
    Action.CHANGE_CLIENT_SALES_CONTACT: _department(MANAGEMENT),
    Action.CREATE_CONTRACT: _department(MANAGEMENT),
    Action.UPDATE_CONTRACT: _any_of(_department(MANAGEMENT), _sales_owner),
    Action.CREATE_EVENT: _sales_owner,
    Action.ASSIGN_EVENT_SUPPORT: _department(MANAGEMENT),
    Action.UPDATE_EVENT: _any_of(_department(MANAGEMENT), _support_owner),
    # Deleting is done by IT administrators in Django admin, never by staff (SPEC §3).
    Action.DELETE_RECORDS: _nobody,
    # Any account, an administrator's too: unlocking grants nothing, their password is still needed.
    Action.UNLOCK_ACCOUNT: _department(MANAGEMENT),
    Action.IMPORT_RECORDS: _department(MANAGEMENT, SALES),
    # Management imports for any sales contact named in the file; the records themselves are
    # still written by the services, each under its own rule (a salesperson creates no contract).
    Action.IMPORT_FOR_SALES_CONTACT: _any_of(_department(MANAGEMENT), _importing_for_themselves),
}

DENIALS: dict[Action, str] = {
    Action.VIEW_RECORDS: "Only active staff can read the CRM.",
    Action.VIEW_EMPLOYEES: "Only management can see the staff list.",
    Action.MANAGE_EMPLOYEES: "Only management can create, change or remove employees.",
    Action.CHANGE_ADMINISTRATOR_ACCOUNT: "Only an IT administrator can change or remove an administrator's account.",
    Action.CREATE_CLIENT: "Only sales staff can create clients (the client becomes theirs).",
    Action.UPDATE_CLIENT: "Only the client's sales contact can change this client's details.",
    Action.CHANGE_CLIENT_SALES_CONTACT: "Only management can change a client's sales contact.",
    Action.CREATE_CONTRACT: "Only management can create contracts.",
    Action.UPDATE_CONTRACT: "Only management or the client's sales contact can change this contract.",
    Action.CREATE_EVENT: "Only the client's sales contact can create an event for this contract.",
    Action.ASSIGN_EVENT_SUPPORT: "Only management can assign an event's support contact.",
    Action.UPDATE_EVENT: "Only management or the event's support contact can change this event.",
    Action.DELETE_RECORDS: "Records cannot be deleted from the CRM; ask an administrator.",
    Action.UNLOCK_ACCOUNT: "Only management can unlock an account; ask a manager.",
    Action.IMPORT_RECORDS: "Only management and sales can import spreadsheets.",
    Action.IMPORT_FOR_SALES_CONTACT: (
        "A salesperson imports only their own clients, and this row names or belongs to another salesperson."
    ),
}


def can(actor, action: Action, target=None) -> bool:
    """Whether ``actor`` may perform ``action`` (on ``target`` when given)."""
    if actor is None or not getattr(actor, "is_active", False):
        return False
    rule = RULES.get(action)
    return rule is not None and rule(actor, target)


def authorize(actor, action: Action, target=None) -> None:
    """Raise PermissionDenied unless ``can(actor, action, target)``; a refusal is audited."""
    if not can(actor, action, target):
        audit.permission_denied(actor=actor, action=action, target=target)
        raise PermissionDenied(DENIALS.get(action, "You are not allowed to do that."))
