"""The employee object of SPEC §5, plus display keys: the department's name, whether the
account is an IT administrator's (which only an administrator may change, SPEC §3), and
until when it is locked after failed logins (null when it is not)."""

from crm_core import clock
from crm_core.serialization import Shape, boolean, choice, integer, iso, moment, text
from epic_auth_app.models import DepartmentCode


def _lock_in_force(locked_until) -> str | None:
    """The end of a lockout still running, else None (a past one no longer locks anything)."""
    return iso(locked_until) if locked_until > clock.now() else None


EMPLOYEE_SHAPE: Shape = {
    "id": integer("id"),
    "employee_number": text("employee_number"),
    "full_name": text("full_name"),
    "email": text("email"),
    "phone": text("phone"),
    "department": choice("department__code", DepartmentCode.values),
    "department_name": text("department__name"),
    "is_active": boolean("is_active"),
    "is_superuser": boolean("is_superuser"),
    "created_at": moment("date_joined"),
    "updated_at": moment("updated_at"),
    "deleted_at": moment("deleted_at", nullable=True),
    "locked_until": moment("locked_until", nullable=True, convert=_lock_in_force),
}
