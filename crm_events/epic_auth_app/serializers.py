"""The employee object of SPEC §5, plus display keys: the department's name, whether the
account is an IT administrator's (which only an administrator may change, SPEC §3), and
until when it is locked after failed logins (null when it is not)."""

from crm_core.serialization import Shape, boolean, choice, integer, moment, text
from epic_auth_app.models import DepartmentCode

EMPLOYEE_SHAPE: Shape = {
    "id": integer(lambda e: e.pk),
    "employee_number": text(lambda e: e.employee_number),
    "full_name": text(lambda e: e.full_name),
    "email": text(lambda e: e.email),
    "phone": text(lambda e: e.phone),
    "department": choice(lambda e: e.department.code, DepartmentCode.values),
    "department_name": text(lambda e: e.department.name),
    "is_active": boolean(lambda e: e.is_active),
    "is_superuser": boolean(lambda e: e.is_superuser),
    "created_at": moment(lambda e: e.date_joined),
    "updated_at": moment(lambda e: e.updated_at),
    "deleted_at": moment(lambda e: e.deleted_at, nullable=True),
    "locked_until": moment(lambda e: e.lock_ends_at(), nullable=True),
}
