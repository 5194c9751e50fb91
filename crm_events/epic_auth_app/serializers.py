from crm_core.serialization import Shape, iso

EMPLOYEE_SHAPE: Shape = {
    "id": lambda e: e.pk,
    "employee_number": lambda e: e.employee_number,
    "full_name": lambda e: e.full_name,
    "email": lambda e: e.email,
    "phone": lambda e: e.phone,
    "department": lambda e: e.department.code,
    "is_active": lambda e: e.is_active,
    "created_at": lambda e: iso(e.date_joined),
    "updated_at": lambda e: iso(e.updated_at),
    "deleted_at": lambda e: iso(e.deleted_at),
    # Extra key: until when the account is locked after failed logins (null when it is not).
    "locked_until": lambda e: iso(e.lock_ends_at()),
}
