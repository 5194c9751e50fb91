from crm_core.serialization import Field, Shape, iso

EMPLOYEE_SHAPE: Shape = {
    "id": Field("id"),
    "employee_number": Field("employee_number"),
    "full_name": Field("full_name"),
    "email": Field("email"),
    "phone": Field("phone"),
    "department": Field("department__code"),
    "is_active": Field("is_active"),
    "created_at": Field("date_joined", iso),
    "updated_at": Field("updated_at", iso),
    "deleted_at": Field("deleted_at", iso),
}
