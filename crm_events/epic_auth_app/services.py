"""Staff management use cases.

``employee_create`` / ``employee_update`` / ``employee_delete`` / ``employee_unlock``
are for staff: only management may call them (SPEC §3). Each checks the policy, then
hands over to ``employee_save_new`` / ``employee_save_changes`` / ``employee_remove`` /
``employee_clear_lockout``, which validate, write and audit. Django admin calls those
directly: its administrators are authorised by the admin site (superusers), not by a
department; ``sessions_end`` (a stolen laptop) is theirs only.
"""

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.utils import timezone

from crm_core import audit, clock
from crm_core.change_history import change_reason, update_recorded
from crm_core.counting import counted
from crm_core.errors import InvalidInput, RuleViolation, SuccessorRequired
from crm_core.fields import reject_unknown_fields
from crm_core.lookups import filter_by_id, get_by_id
from crm_core.policy import Action, authorize
from crm_core.validation import (
    LARGEST_ID,
    FieldCleaner,
    InvalidValue,
    clean_bool,
    clean_password,
    clean_email,
    clean_id,
    clean_phone,
    clean_text,
)
from crm_core.writes import apply_changes, atomic_write, save_changes
from epic_auth_app.authentication import revoke_sessions
from epic_auth_app.models import AuthSession, Department, DepartmentCode, Employee
from epic_auth_app.signals import lockout_cleared

UPDATABLE_FIELDS = ("email", "full_name", "department", "phone", "password")
# What a new password set by management or an administrator resets: the way back in after a lockout.
LOCKOUT_FIELDS = ("failed_login_count", "locked_until")
# Whether the employee is an IT administrator (Django admin): only administrators grant it.
ADMIN_UPDATABLE_FIELDS = (*UPDATABLE_FIELDS, "is_superuser")


@dataclass(frozen=True)
class AccountUnlock:
    employee: Employee
    was_locked: bool


@dataclass(frozen=True)
class EmployeeRemoval:
    employee: Employee
    reassigned_to: Employee | None
    clients_moved: int
    events_moved: int


def _clean_department(value) -> Department:
    code = value.strip().lower() if isinstance(value, str) else None
    if code not in DepartmentCode.values:  # checked before the query: it only ever sees a known code
        raise InvalidValue(f"choose one of {', '.join(DepartmentCode.values)}.")
    return Department.objects.get(code=code)


def clean_new_password(password, employee: Employee | None = None) -> str:
    """``password`` if Django's validators accept it for ``employee`` (SPEC §4), else InvalidValue."""
    return clean_password(password, user=employee)


def _clean_password(cleaner: FieldCleaner, password, employee: Employee) -> None:
    if not isinstance(password, str) or not password:
        cleaner.add("password", "Password: expected a non-empty password.")
        return
    try:
        validate_password(password, employee)
    except DjangoValidationError as exc:
        cleaner.add("password", "Password: " + " ".join(exc.messages))


def _check_email_free(cleaner: FieldCleaner, email: str | None, exclude_id: int | None = None) -> None:
    if not email:
        return
    holder = Employee.objects.filter(email=email).exclude(pk=exclude_id).only("pk", "deleted_at").first()
    if holder is None:
        return
    if holder.deleted_at is None:
        cleaner.add("email", "Email: another employee already uses this address.")
    else:
        # Removed accounts stay for history (SPEC §3), and keep their address with them.
        cleaner.add(
            "email",
            f"Email: this address belongs to employee {holder.pk}, removed on "
            f"{timezone.localtime(holder.deleted_at):%Y-%m-%d} and kept for history; use another address.",
        )


def _get_for_update(actor, employee_id) -> Employee:
    employees = Employee.objects.select_for_update().select_related("department")
    employee = get_by_id(employees, employee_id, label="employee")
    if employee.is_superuser:
        authorize(actor, Action.CHANGE_ADMINISTRATOR_ACCOUNT, employee)
    _refuse_removed(employee)
    return employee


def _refuse_removed(employee: Employee) -> None:
    if employee.deleted_at is not None:
        raise RuleViolation(
            f"Employee {employee.pk} was removed on {employee.deleted_at:%Y-%m-%d}; removed accounts cannot be changed."
        )


def _ensure_another_manager(employee: Employee) -> None:
    if employee.department.code != DepartmentCode.MANAGEMENT:
        return
    others = Employee.objects.filter(department__code=DepartmentCode.MANAGEMENT, is_active=True).exclude(pk=employee.pk)
    if not others.exists():
        raise RuleViolation("This is the last active manager; appoint another manager first.")


def employee_create(*, actor, email, full_name, department, phone="", password=None) -> Employee:
    """Hire an employee. Management only. Without a password the account cannot log in yet."""
    authorize(actor, Action.MANAGE_EMPLOYEES)
    return employee_save_new(
        actor=actor, email=email, full_name=full_name, department=department, phone=phone, password=password
    )


def employee_save_new(
    *, actor, email, full_name, department, phone="", password=None, is_superuser=False
) -> Employee:
    """Validate, create and report (``employee.created``) an employee, without the policy check.

    Called by ``employee_create`` once authorised, and by Django admin, where
    ``is_superuser`` makes the new employee an administrator too.
    """
    cleaner = FieldCleaner()
    employee = Employee(
        email=cleaner.clean("email", clean_email, email),
        full_name=cleaner.clean("full_name", clean_text, full_name, max_length=150),
        phone=cleaner.clean("phone", clean_phone, phone, required=False),
    )
    employee.department = cleaner.clean("department", _clean_department, department)
    administrator = cleaner.clean("is_superuser", clean_bool, is_superuser)
    employee.is_superuser = employee.is_staff = bool(administrator)
    _check_email_free(cleaner, employee.email)
    if password is None:
        employee.set_unusable_password()
    else:
        _clean_password(cleaner, password, employee)
    cleaner.raise_if_invalid()
    if password is not None:
        employee.set_password(password)
    with atomic_write(actor=actor):
        Employee.objects.insert_numbered(employee)
    audit.employee_created(actor=actor, employee=employee)
    return employee


def employee_update(*, actor, employee_id, data: dict) -> Employee:
    """Change an employee's details, department or password. Management only, and an
    administrator's account only by an administrator.

    A password change ends every open session of that employee and lifts a lockout
    after failed logins (SPEC §3), so the new password works at once. A department
    change is refused while the employee still owns clients or events of their department.
    """
    authorize(actor, Action.MANAGE_EMPLOYEES)
    reject_unknown_fields(data, UPDATABLE_FIELDS)
    return employee_save_changes(actor=actor, employee_id=employee_id, data=data)


def employee_save_changes(*, actor, employee_id, data: dict) -> Employee:
    """Validate, apply and report (``employee.updated``) changes, without the policy check.

    Called by ``employee_update`` once authorised, and by Django admin, which may also
    grant or withdraw administrator rights (``is_superuser``); nobody can withdraw
    their own, so the last administrator cannot lock everyone out.
    """
    reject_unknown_fields(data, ADMIN_UPDATABLE_FIELDS)
    with atomic_write(actor=actor):
        employee = _get_for_update(actor, employee_id)
        cleaner = FieldCleaner()
        changes = {}
        if "email" in data:
            changes["email"] = cleaner.clean("email", clean_email, data["email"])
            _check_email_free(cleaner, changes["email"], exclude_id=employee.pk)
        if "full_name" in data:
            changes["full_name"] = cleaner.clean("full_name", clean_text, data["full_name"], max_length=150)
        if "phone" in data:
            changes["phone"] = cleaner.clean("phone", clean_phone, data["phone"], required=False)
        if "department" in data:
            changes["department"] = cleaner.clean("department", _clean_department, data["department"])
        if "password" in data:
            _clean_password(cleaner, data["password"], employee)
        if "is_superuser" in data:
            changes["is_superuser"] = cleaner.clean("is_superuser", clean_bool, data["is_superuser"])
        cleaner.raise_if_invalid()
        if changes.get("is_superuser") is False and employee.is_superuser and employee.pk == actor.pk:
            raise RuleViolation("You cannot withdraw your own administrator rights; ask another administrator.")
        if "is_superuser" in changes:
            # Only administrators may use Django admin, so the staff flag simply follows.
            changes["is_staff"] = changes["is_superuser"]

        new_department = changes.get("department")
        if new_department is not None and new_department.pk != employee.department_id:
            _ensure_department_change_allowed(employee, new_department)
        changed = apply_changes(employee, changes)
        if "password" in data:
            employee.set_password(data["password"])
            employee.updated_at = clock.now()
            changed.append("password")
            employee.failed_login_count, employee.locked_until = 0, None
        with _unshown_changes_named(changed, employee):
            save_changes(employee, [*changed, *LOCKOUT_FIELDS] if "password" in changed else changed)
        if "password" in changed:
            revoke_sessions(employee.pk)
            lockout_cleared.send(sender=Employee, email=employee.email)
    if changed:
        audit.employee_updated(actor=actor, employee=employee, fields=changed)
    return employee


def employee_unlock(*, actor, employee_id) -> AccountUnlock:
    """Lift the lockout after failed logins, so the employee may log in at once. Management
    only (SPEC §3), on any account: unlocking grants nothing, the password is still needed.

    Also forgets the failures counted so far. ``was_locked`` is False (and nothing is
    written or reported) when the account was not locked. Raises PermissionDenied,
    InvalidInput or NotFound (the id), RuleViolation (a removed account).
    """
    authorize(actor, Action.UNLOCK_ACCOUNT)
    return employee_clear_lockout(actor=actor, employee_id=employee_id)


def employee_clear_lockout(*, actor, employee_id) -> AccountUnlock:
    """The unlock of ``employee_unlock`` (``employee.unlocked`` report included) without the
    policy check: called by it once authorised, and by Django admin."""
    with atomic_write(actor=actor):
        employees = Employee.objects.select_for_update().select_related("department")
        employee = get_by_id(employees, employee_id, label="employee")
        _refuse_removed(employee)
        was_locked = employee.lock_ends_at() is not None
        if employee.failed_login_count or employee.locked_until is not None:
            employee.failed_login_count, employee.locked_until = 0, None
            employee.save(update_fields=list(LOCKOUT_FIELDS))
        lockout_cleared.send(sender=Employee, email=employee.email)
    if was_locked:
        audit.employee_unlocked(actor=actor, employee=employee)
    return AccountUnlock(employee, was_locked)


def sessions_end(*, actor, session_ids=(), employee_ids=()) -> int:
    """End open sessions at once: those of ``session_ids``, and every one of ``employee_ids``.

    For Django admin (a stolen laptop): its administrators are authorised by the admin site.
    The token of an ended session is refused at its next use, as after ``logout``; the
    employee can log in again (change their password too if it may be known): SPEC §4's
    server-side revocation, on an administrator's request. Returns how many sessions were
    open; each employee's are reported (``auth.sessions_ended``). Raises InvalidInput for
    an id that is not one.
    """
    try:
        # An id beyond every key names nothing (and SQLite cannot even compare it).
        session_ids = [pk for pk in map(clean_id, session_ids) if pk <= LARGEST_ID]
        employee_ids = [pk for pk in map(clean_id, employee_ids) if pk <= LARGEST_ID]
    except InvalidValue as exc:
        raise InvalidInput({"id": f"Id: {exc.message}"}) from None
    now = clock.now()
    with atomic_write(actor=actor):
        chosen = AuthSession.objects.filter(
            Q(pk__in=session_ids) | Q(employee_id__in=employee_ids), revoked_at__isnull=True, expires_at__gt=now
        )
        per_employee = Counter(chosen.select_for_update().values_list("employee_id", flat=True))
        chosen.update(revoked_at=now)
    for employee_id, count in sorted(per_employee.items()):
        audit.sessions_ended(actor=actor, employee_id=employee_id, sessions=count)
    return sum(per_employee.values())


@contextmanager
def _unshown_changes_named(changed: list[str], employee: Employee) -> Iterator[None]:
    """History shows no password (not even its hash) nor the administrator flag, which are
    not fields of the employee's record (SPEC §5): its entry says in words that they changed."""
    words = []
    if "password" in changed:
        words.append("password changed")
    if "is_superuser" in changed:
        words.append("administrator rights " + ("granted" if employee.is_superuser else "withdrawn"))
    if not words:
        yield
        return
    with change_reason("; ".join(words)):
        yield


def _ensure_department_change_allowed(employee: Employee, new_department: Department) -> None:
    _ensure_another_manager(employee)
    clients = employee.clients.count()
    if clients and new_department.code != DepartmentCode.SALES:
        raise RuleViolation(
            f"{employee.full_name} is still the sales contact of {counted(clients, 'client')}; "
            "give them to another salesperson first (clients update ID --sales-contact ID)."
        )
    if new_department.code == DepartmentCode.SUPPORT:
        return
    upcoming = employee.supported_events.filter(end__gt=clock.now()).count()
    if upcoming:
        raise RuleViolation(
            f"{employee.full_name} is still the support contact of {counted(upcoming, 'upcoming event')}; "
            "assign them to another support employee first (events update ID --support ID)."
        )
    if employee.supported_events.exists():
        # Reassigning past events would rewrite who ran them; the history keeps its support contact.
        raise RuleViolation(
            f"{employee.full_name} ran past events, which stay on record with a support contact in Support; "
            "to move them, remove this account and create one in the new department "
            "(with another email address: a removed account keeps its own)."
        )


def employee_delete(*, actor, employee_id, reassign_to_id=None) -> EmployeeRemoval:
    """Remove an employee without losing data. Management only (administrators: see update).

    In one transaction: their clients and their events that have not ended yet go to
    ``reassign_to_id`` (an active employee of the same department), the account is
    disabled and every session ends. Past events keep them as support contact, so
    history stays readable. Without a successor, removal of someone who still owns
    records is refused with the instruction to name one.
    """
    authorize(actor, Action.MANAGE_EMPLOYEES)
    return employee_remove(actor=actor, employee_id=employee_id, reassign_to_id=reassign_to_id)


def employee_remove(*, actor, employee_id, reassign_to_id=None) -> EmployeeRemoval:
    """The removal of ``employee_delete`` (handover, disabled account, ``employee.deleted``
    report) without the policy check: called by it once authorised, and by Django admin."""
    now = clock.now()
    with atomic_write(actor=actor):
        employee = _get_for_update(actor, employee_id)
        if employee.pk == actor.pk:
            raise RuleViolation("You cannot remove your own account; ask another manager.")
        _ensure_another_manager(employee)
        clients = employee.clients.all()
        events = employee.supported_events.filter(end__gt=now)
        client_count, event_count = clients.count(), events.count()
        successor = None
        if client_count or event_count:
            if reassign_to_id is None:
                raise SuccessorRequired(
                    f"{employee.full_name} still owns {counted(client_count, 'client')} and "
                    f"{counted(event_count, 'upcoming event')}; "
                    f"repeat with --reassign-to ID of an active {employee.department.code} employee to hand them over.",
                    clients=client_count,
                    events=event_count,
                )
            successor = _successor_for(employee, reassign_to_id)
            # A handover is not a contact with the clients: their last-contact date stays
            # (see epic_clients_app.services.CONTACT_FIELDS). Row by row in history (who had
            # them, who has them now), in a fixed number of queries.
            with change_reason(f"handover: {employee.full_name} (employee {employee.pk}) was removed"):
                update_recorded(clients, sales_contact=successor)
                update_recorded(events, support_contact=successor, updated_at=now)
        employee.is_active = False
        employee.is_staff = False
        employee.deleted_at = now
        employee.updated_at = now
        employee.set_unusable_password()
        employee.save(update_fields=["is_active", "is_staff", "deleted_at", "updated_at", "password"])
        revoke_sessions(employee.pk)
    audit.employee_deleted(
        actor=actor,
        employee=employee,
        reassigned_to_id=successor.pk if successor else None,
        clients_moved=client_count,
        events_moved=event_count,
    )
    return EmployeeRemoval(employee, successor, client_count, event_count)


def _successor_for(employee: Employee, reassign_to_id) -> Employee:
    try:
        pk = clean_id(reassign_to_id)
    except InvalidValue as exc:
        raise InvalidInput({"reassign_to": f"Reassign to: {exc.message}"}) from None
    successor = filter_by_id(Employee.objects.select_for_update().select_related("department"), "pk", pk).first()
    if successor is not None and successor.pk == employee.pk:
        raise InvalidInput(
            {"reassign_to": f"Reassign to: {pk} is the employee being removed; choose a colleague to take over."}
        )
    if successor is None or not successor.is_active:
        raise InvalidInput({"reassign_to": f"Reassign to: {pk} is not another active employee."})
    if successor.department_id != employee.department_id:
        raise InvalidInput(
            {"reassign_to": f"Reassign to: choose an employee of the {employee.department.code} department."}
        )
    return successor
