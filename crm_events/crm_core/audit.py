"""Business events worth a record: staff changes, contract signatures, logins, denials.

Each event is one log line (logger ``crm.audit``) and, when Sentry is configured, one
breadcrumb and, for staff changes, contract signatures and failed logins, one Sentry
message. All carry ids, department codes, field names and reasons only: never an
email, phone, name, password or token (SPEC §4).

A record of a write (staff changes, signatures) waits for the transaction around it to
commit: a write that is rolled back afterwards (a dry-run import, an import refused
because of one bad row) was never made, so it is never reported. Outside a transaction
it is reported at once. Logins and refusals are reported when they happen.
"""

import logging
from functools import partial

from crm_core import observability

logger = logging.getLogger(observability.AUDIT_LOGGER)


def _emit(name: str, level: int, tags: dict, *, to_sentry: bool = True) -> None:
    clean_tags = {key: value for key, value in tags.items() if value is not None}
    details = " ".join(f"{key}={value}" for key, value in sorted(clean_tags.items()))
    logger.log(level, "%s %s", name, details)
    if to_sentry:
        observability.capture_business_event(name, level, clean_tags)
    # Also a breadcrumb, so a later error in the same command or request shows what led to it.
    observability.add_breadcrumb(name, level, clean_tags)


def _emit_on_commit(name: str, level: int, tags: dict) -> None:
    # Imported here: the policy (and so this module) is also read by the client half of the
    # CLI, which runs without Django; only a write, on the server side, reaches this line.
    from django.db import transaction

    transaction.on_commit(partial(_emit, name, level, tags))


def _actor_tags(actor) -> dict:
    department = getattr(actor, "department", None)
    return {"actor_id": getattr(actor, "pk", None), "actor_department": getattr(department, "code", None)}


def employee_created(*, actor, employee) -> None:
    _emit_on_commit(
        "employee.created",
        logging.INFO,
        {**_actor_tags(actor), "employee_id": employee.pk, "department": employee.department.code},
    )


def employee_updated(*, actor, employee, fields: list[str]) -> None:
    _emit_on_commit(
        "employee.updated",
        logging.INFO,
        {
            **_actor_tags(actor),
            "employee_id": employee.pk,
            "department": employee.department.code,
            "changed_fields": ",".join(sorted(fields)),
        },
    )


def employee_unlocked(*, actor, employee) -> None:
    """A lockout after failed logins lifted by management or an administrator."""
    _emit(
        "employee.unlocked",
        logging.INFO,
        {**_actor_tags(actor), "employee_id": employee.pk, "department": employee.department.code},
    )


def employee_deleted(*, actor, employee, reassigned_to_id, clients_moved: int, events_moved: int) -> None:
    _emit_on_commit(
        "employee.deleted",
        logging.INFO,
        {
            **_actor_tags(actor),
            "employee_id": employee.pk,
            "department": employee.department.code,
            "reassigned_to_id": reassigned_to_id,
            "clients_moved": clients_moved,
            "events_moved": events_moved,
        },
    )


def sessions_ended(*, actor, employee_id: int, sessions: int) -> None:
    """Open sessions of one employee ended by an administrator (e.g. a stolen laptop)."""
    _emit(
        "auth.sessions_ended",
        logging.INFO,
        {**_actor_tags(actor), "employee_id": employee_id, "sessions": sessions},
    )


def contract_signed(*, actor, contract) -> None:
    _emit_on_commit(
        "contract.signed",
        logging.INFO,
        {**_actor_tags(actor), "contract_id": contract.pk, "client_id": contract.client_id},
    )


def logged_in(employee) -> None:
    _emit("auth.login", logging.INFO, _actor_tags(employee), to_sentry=False)


def session_file_refused(*, mode: int) -> None:
    """A session file others could read was refused and its session ended."""
    _emit("auth.session_file_refused", logging.WARNING, {"mode": f"{mode:04o}"}, to_sentry=False)


def login_failed(*, employee_id, reason: str, locked: bool = False) -> None:
    _emit("auth.login_failed", logging.WARNING, {"employee_id": employee_id, "reason": reason})
    if locked:
        _emit("auth.account_locked", logging.WARNING, {"employee_id": employee_id})


def permission_denied(*, actor, action: str, target=None) -> None:
    """A refused operation: a breadcrumb in Sentry (not an event) and a warning in the log."""
    tags = {**_actor_tags(actor), "action": str(action)}
    if target is not None:
        tags.update(target_type=type(target).__name__.lower(), target_id=getattr(target, "pk", None))
    _emit("policy.denied", logging.WARNING, tags, to_sentry=False)
