"""Menu actions on employees (management only)."""

from crm_core.errors import PermissionDenied, SuccessorRequired
from crm_core.policy import DENIALS, Action
from cli.access import may
from cli.columns.employees import DEPARTMENTS, EMPLOYEE
from cli.menu.browse import Choices, browse, pick
from cli.menu.forms import EMPLOYEE_QUESTIONS, ask_fields, checked, submit
from cli.menu.prompts import KEEP, Back
from cli.menu.records import NOTHING_CHANGED, other_than


def list_employees(session):
    browse(session, EMPLOYEE, Choices("employees"), title="Employees")


def _new_password(session) -> str:
    """A password checked by the validators as soon as it is typed, then typed again to confirm."""
    prompter = session.prompter
    check = checked(session.gateway.employees, "password")
    while True:
        password = prompter.secret("Password (12 characters or more)", check=check)
        if prompter.secret("Repeat the password") == password:
            return password
        prompter.warn("The two passwords differ; type them again.")


def create_employee(session, _record=None) -> str:
    employees = session.gateway.employees
    prompter = session.prompter
    values = {}
    ask_fields(prompter, employees, EMPLOYEE_QUESTIONS, values)
    values["department"] = prompter.choose("Department", list(DEPARTMENTS))
    values["password"] = _new_password(session)
    reask = {
        field: (lambda f=field: ask_fields(prompter, employees, EMPLOYEE_QUESTIONS, values, only={f}))
        for field in values
    }
    reask["password"] = lambda: values.update(password=_new_password(session))
    employee = submit(session, lambda: session.call(employees.create, values), reask)
    return f"Employee {employee['id']} ({employee['employee_number']}) created."


def update_employee(session, employee=None) -> str:
    employees = session.gateway.employees
    prompter = session.prompter
    if employee is None:
        employee = pick(session, EMPLOYEE, Choices("employees"), title="Which employee?")
    _ensure_account_may_change(session, employee)
    data = {}
    ask_fields(prompter, employees, EMPLOYEE_QUESTIONS, data, record=employee)
    department = prompter.choose("Department", list(DEPARTMENTS), current=employee["department"])
    if department is not KEEP and department != employee["department"]:
        data["department"] = department
    if prompter.confirm("Set a new password (ends their open sessions)?"):
        data["password"] = _new_password(session)
    if not data:
        return NOTHING_CHANGED
    reask = {
        field: (lambda f=field: ask_fields(prompter, employees, EMPLOYEE_QUESTIONS, data, record=employee, only={f}))
        for field in (question.field for question in EMPLOYEE_QUESTIONS)
    }
    reask["password"] = lambda: data.update(password=_new_password(session))
    updated = submit(session, lambda: session.call(employees.update, employee["id"], data), reask)
    return f"Employee {employee['id']} updated." if updated.changed else NOTHING_CHANGED


def _ensure_account_may_change(session, employee) -> None:
    """Refuse an administrator's account before the form, not after everything was typed."""
    if employee.get("is_superuser") and not may(session.actor(), Action.CHANGE_ADMINISTRATOR_ACCOUNT):
        raise PermissionDenied(DENIALS[Action.CHANGE_ADMINISTRATOR_ACCOUNT])


def remove_employee(session, employee=None) -> str:
    employees = session.gateway.employees
    prompter = session.prompter
    if employee is None:
        employee = pick(session, EMPLOYEE, Choices("employees"), title="Remove which employee?")
    _ensure_account_may_change(session, employee)
    if not prompter.confirm(f"Remove {employee['full_name']}? They will no longer be able to log in."):
        raise Back
    try:
        removal = session.call(employees.remove, employee["id"])
    except SuccessorRequired as refusal:
        owned = f"{_count(refusal.clients, 'client')} and {_count(refusal.events, 'upcoming event')}"
        colleagues = Choices("employees", {"department": employee["department"]}, keep=other_than(employee["id"]))
        removal = pick(
            session,
            EMPLOYEE,
            colleagues,
            title=f"Who takes over the {owned} of {employee['full_name']}?",  # said where it stays on screen
            send=lambda successor_id: session.call(employees.remove, employee["id"], reassign_to=successor_id),
        )
    moved = ""
    if removal.reassigned_to is not None:
        moved = (
            f" {_count(removal.clients_moved, 'client')} and {_count(removal.events_moved, 'event')} "
            f"handed to {removal.reassigned_to['full_name']}."
        )
    return f"{removal.employee['full_name']} removed.{moved}"


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def unlock_employee(session, employee=None) -> str:
    """Lift the lockout after failed logins (management), from the employee's page or a list of locked accounts."""
    employees = session.gateway.employees

    def unlock(employee_id) -> str:
        unlocked = session.call(employees.unlock, employee_id)
        return unlocked_sentence(unlocked)

    if employee is not None:
        return unlock(employee["id"])
    locked = Choices("employees", keep=lambda record: bool(record["locked_until"]))
    title = "Unlock which account? (locked after failed logins; any employee's ID)"
    return pick(session, EMPLOYEE, locked, title=title, send=unlock)


def unlocked_sentence(unlocked) -> str:
    """What ``employees unlock ID`` says (tests hold the two to the same words)."""
    employee = unlocked.employee
    if unlocked.was_locked:
        return f"Employee {employee['id']} unlocked; they can log in again with their password."
    return f"Employee {employee['id']} was not locked; nothing changed."
