"""Read side for staff: management only (SPEC §3)."""

from django.db.models import QuerySet

from crm_core.lookups import get_by_id
from crm_core.policy import Action, authorize
from epic_auth_app.models import Employee


def employees_list(*, actor, include_removed: bool = False) -> QuerySet[Employee]:
    authorize(actor, Action.VIEW_EMPLOYEES)
    employees = Employee.objects.select_related("department").order_by("full_name", "id")
    if not include_removed:
        employees = employees.filter(deleted_at__isnull=True)
    return employees


def employee_get(*, actor, employee_id) -> Employee:
    authorize(actor, Action.VIEW_EMPLOYEES)
    return get_by_id(Employee.objects.select_related("department"), employee_id, label="employee")
