"""What a sheet refers to, looked up in bulk before any row: staff, clients, contracts, events.

A few queries per chunk of ``CHUNK`` values, whatever the number of rows, so an import
costs a bounded number of queries per row (the services' own writes only).
"""

from collections.abc import Iterable

from crm_core.validation import LARGEST_ID, InvalidValue
from epic_auth_app.models import Employee
from epic_clients_app.models import Client
from epic_contracts_app.models import Contract
from epic_events_app.models import Event
from epic_imports_app.columns import fold

CHUNK = 500  # values per IN (...) list: far below SQLite's and PostgreSQL's limits


def _chunks(values: Iterable) -> Iterable[list]:
    values = sorted(set(values) - {None}, key=str)
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _in_bulk(queryset, field: str, values: Iterable) -> dict:
    if field == "pk":  # an id past any key finds nothing (and SQLite cannot even be asked)
        values = [value for value in values if value is not None and value <= LARGEST_ID]
    found = {}
    for chunk in _chunks(values):
        for record in queryset.filter(**{f"{field}__in": chunk}):
            found[getattr(record, field)] = record
    return found


def clients(*, emails=(), ids=()) -> tuple[dict, dict]:
    queryset = Client.objects.select_related("sales_contact")
    return _in_bulk(queryset, "email", emails), _in_bulk(queryset, "pk", ids)


def contracts(*, references=(), ids=()) -> tuple[dict, dict]:
    queryset = Contract.objects.select_related("client__sales_contact")
    return _in_bulk(queryset, "reference", references), _in_bulk(queryset, "pk", ids)


def events(*, references=(), ids=(), contract_ids=(), client_ids=()) -> tuple[dict, dict, dict]:
    """Events by the sheet's number, by id, and by name and start: ``(contract id, name, start)``
    for the given contracts, ``(None, client id, name, start)`` for the given clients' events."""
    queryset = Event.objects.select_related("contract")
    by_reference, by_id = _in_bulk(queryset, "reference", references), _in_bulk(queryset, "pk", ids)
    by_name_and_start = {}
    for field, values in (("contract_id", contract_ids), ("contract__client_id", client_ids)):
        for chunk in _chunks(values):
            for event in queryset.filter(**{f"{field}__in": chunk}):
                by_name_and_start[(event.contract_id, event.name, event.start)] = event
                by_name_and_start[(None, event.contract.client_id, event.name, event.start)] = event
    return by_reference, by_id, by_name_and_start


class StaffDirectory:
    """Every employee, read in one query: rows name people by email, full name or id."""

    def __init__(self) -> None:
        employees = Employee.objects.select_related("department").only(
            "id", "full_name", "email", "is_active", "department__code"
        )
        self.by_id: dict[int, Employee] = {}
        self.by_email: dict[str, Employee] = {}
        self.by_name: dict[str, list[Employee]] = {}
        for employee in employees:
            self.by_id[employee.pk] = employee
            self.by_email[employee.email.lower()] = employee
            self.by_name.setdefault(fold(employee.full_name), []).append(employee)

    def find(self, *, named: str | None, employee_id: int | None, department: str) -> Employee | None:
        """The employee a row names (``None`` when it names nobody), who must be in ``department``.

        Raises InvalidValue with a sentence for nobody, several people, another department,
        or an id and a name that disagree. A removed employee is returned: keeping them on a
        past record is no change, and the services refuse them for anything new.
        """
        by_id = by_name = None
        if employee_id is not None:
            by_id = self.by_id.get(employee_id)
            if by_id is None:
                raise InvalidValue(f"no employee has id {employee_id}; see the list of employees.")
        if named:
            by_name = self._named(named)
        if by_id and by_name and by_id.pk != by_name.pk:
            raise InvalidValue(
                f"id {by_id.pk} is {by_id.full_name} but the row also names {named}; correct or empty one of the two."
            )
        employee = by_id or by_name
        if employee is not None and employee.department.code != department:
            raise InvalidValue(f"{employee.full_name} is in {employee.department.code}, not {department}.")
        return employee

    def _named(self, named: str) -> Employee:
        if "@" in named:
            employee = self.by_email.get(named.strip().lower())
            if employee is None:
                raise InvalidValue(f"no employee has the email {named}; see the list of employees.")
            return employee
        candidates = self.by_name.get(fold(named), [])
        active = [employee for employee in candidates if employee.is_active]
        candidates = active or candidates
        if not candidates:
            raise InvalidValue(
                f"no employee is named {named}; give their email or full name as in the list of employees."
            )
        if len(candidates) > 1:
            raise InvalidValue(f"{len(candidates)} employees are named {named}; give their email instead.")
        return candidates[0]
