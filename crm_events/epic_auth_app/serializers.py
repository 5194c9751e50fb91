"""The employee object of SPEC §5, plus display keys: the department's name, and whether the
account is an IT administrator's (which only an administrator may change, SPEC §3)."""

from crm_core.serialization import Shape, iso

EMPLOYEE_SHAPE: Shape = {
    "id": lambda e: e.pk,
    "employee_number": lambda e: e.employee_number,
    "full_name": lambda e: e.full_name,
    "email": lambda e: e.email,
    "phone": lambda e: e.phone,
    "department": lambda e: e.department.code,
    "department_name": lambda e: e.department.name,
    "is_active": lambda e: e.is_active,
    "is_superuser": lambda e: e.is_superuser,
    "created_at": lambda e: iso(e.date_joined),
    "updated_at": lambda e: iso(e.updated_at),
    "deleted_at": lambda e: iso(e.deleted_at),
}
