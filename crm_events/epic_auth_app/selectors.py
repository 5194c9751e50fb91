"""Read side for staff: management only (SPEC §3)."""

from django.db.models import QuerySet

from crm_core.errors import InvalidInput
from crm_core.export import Export
from crm_core.history import record_history
from crm_core.lookups import get_by_id
from crm_core.pagination import Page
from crm_core.policy import Action, authorize
from epic_auth_app.models import DepartmentCode, Employee
from epic_auth_app.serializers import EMPLOYEE_SHAPE


def employees_list(*, actor, include_removed: bool = False, department: str | None = None) -> QuerySet[Employee]:
    """By name; ``department`` (a code: management, sales, support) keeps that department only."""
    authorize(actor, Action.VIEW_EMPLOYEES)
    employees = Employee.objects.select_related("department").order_by("full_name", "id")
    if not include_removed:
        employees = employees.filter(deleted_at__isnull=True)
    if department is not None:
        if department not in DepartmentCode.values:
            raise InvalidInput({"department": f"Department: choose one of {', '.join(DepartmentCode.values)}."})
        employees = employees.filter(department__code=department)
    return employees


def employees_export(
    *,
    actor,
    include_removed: bool = False,
    department: str | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> Export:
    """Every employee ``employees_list`` gives, streamed in EMPLOYEE_SHAPE; management only (SPEC §3)."""
    employees = employees_list(actor=actor, include_removed=include_removed, department=department)
    employees = employees[offset : offset + limit] if limit is not None else employees[offset:]
    return Export(employees, EMPLOYEE_SHAPE)


def employee_get(*, actor, employee_id) -> Employee:
    authorize(actor, Action.VIEW_EMPLOYEES)
    return get_by_id(Employee.objects.select_related("department"), employee_id, label="employee")


def employee_history(*, actor, employee_id, since=None, by=None, page: int = 1, limit: int = 50) -> Page:
    """A page of the employee's history, newest first, as entry dicts (``crm_core.history``).

    Readable by whoever may show the employee (management only, SPEC §3); ``since`` a date, ``by`` an employee id.
    """
    return record_history(
        actor=actor, resource=Employee, record_id=employee_id, since=since, by=by, page=page, limit=limit
    )
