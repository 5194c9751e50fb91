"""The employee a write depends on, locked for the rest of the transaction (SPEC §2).

A client's sales contact must be in Sales, an event's support contact in Support, and
neither may be a removed employee. Reading the employee is not enough when someone else
may be changing their department or removing them at the same moment: both would pass
their check. Locking the row makes them take turns; the database triggers
(crm_core/integrity_triggers.py) refuse whatever slips past code that does not call this.
"""

from crm_core.lookups import filter_by_id
from crm_core.validation import InvalidValue, clean_id
from epic_auth_app.models import Employee


def lock_active_member(employee_id, department: str) -> Employee:
    """The active employee of ``department`` with this id, locked until the transaction ends.

    Call it inside ``transaction.atomic``. PostgreSQL takes FOR NO KEY UPDATE: a department
    change or removal of this employee (FOR UPDATE) waits for the caller's transaction,
    or the caller waits for it and then reads what it committed. SQLite writers already
    run one at a time. Raises InvalidValue (a sentence) when there is no such employee.
    """
    pk = clean_id(employee_id)
    employees = Employee.objects.select_for_update(no_key=True, of=("self",)).select_related("department")
    employee = filter_by_id(employees, "pk", pk).filter(is_active=True, deleted_at__isnull=True).first()
    if employee is None or employee.department.code != department:
        raise InvalidValue(f"{pk} is not an active {department} employee; see the list of employees.")
    return employee
