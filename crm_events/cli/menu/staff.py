"""Menu actions on employees (management only)."""

from crm_core.errors import SuccessorRequired
from cli.menu.browse import browse, pick
from cli.menu.forms import EMPLOYEE_QUESTIONS, ask_fields, submit
from cli.menu.prompts import KEEP, Back
from cli.render import details_table
from cli.columns.employees import EMPLOYEE
from epic_auth_app.models import DepartmentCode


def list_employees(session):
    from epic_auth_app.selectors import employees_list

    browse(session, EMPLOYEE, employees_list, title="Employees")


def _new_password(session) -> str:
    prompter = session.prompter
    while True:
        password = prompter.secret("Password (12 characters or more)")
        if prompter.secret("Repeat the password") == password:
            return password
        prompter.warn("  The two passwords differ; type them again.")


def create_employee(session):
    from epic_auth_app.services import employee_create

    prompter = session.prompter
    values = {}
    ask_fields(prompter, EMPLOYEE_QUESTIONS, values)
    values["department"] = prompter.choose("Department", DepartmentCode.choices)
    values["password"] = _new_password(session)
    reask = {field: (lambda f=field: ask_fields(prompter, EMPLOYEE_QUESTIONS, values, only={f})) for field in values}
    reask["password"] = lambda: values.update(password=_new_password(session))
    employee = submit(session, lambda: session.call(employee_create, **values), reask)
    prompter.say(session.env.paint(f"Employee {employee.pk} ({employee.employee_number}) created.", "green"))
    prompter.say(details_table(EMPLOYEE, employee, session.env))


def update_employee(session):
    from epic_auth_app.selectors import employees_list
    from epic_auth_app.services import employee_update

    prompter = session.prompter
    employee = pick(session, EMPLOYEE, employees_list, title="Which employee?")
    _ensure_account_may_change(session, employee)
    data = {}
    ask_fields(prompter, EMPLOYEE_QUESTIONS, data, record=employee)
    department = prompter.choose("Department", DepartmentCode.choices, current=employee.department.code)
    if department is not KEEP and department != employee.department.code:
        data["department"] = department
    if prompter.confirm("Set a new password (ends their open sessions)?"):
        data["password"] = _new_password(session)
    if not data:
        prompter.say("Nothing changed.")
        return
    reask = {
        field: (lambda f=field: ask_fields(prompter, EMPLOYEE_QUESTIONS, data, record=employee, only={f}))
        for field in (question.field for question in EMPLOYEE_QUESTIONS)
    }
    reask["password"] = lambda: data.update(password=_new_password(session))
    updated = submit(session, lambda: session.call(employee_update, employee_id=employee.pk, data=data), reask)
    if updated.updated_at == employee.updated_at:  # the service stamps it only when a value changed
        prompter.say("Nothing changed.")
        return
    prompter.say(session.env.paint(f"Employee {updated.pk} updated.", "green"))
    prompter.say(details_table(EMPLOYEE, updated, session.env))


def _ensure_account_may_change(session, employee) -> None:
    """Refuse an administrator's account before the form, not after everything was typed."""
    from crm_core.policy import DENIALS, Action, can

    if employee.is_superuser and not can(session.actor(), Action.CHANGE_ADMINISTRATOR_ACCOUNT, employee):
        session.prompter.warn(DENIALS[Action.CHANGE_ADMINISTRATOR_ACCOUNT])
        raise Back


def remove_employee(session):
    from epic_auth_app.selectors import employees_list
    from epic_auth_app.services import employee_delete

    prompter = session.prompter
    employee = pick(session, EMPLOYEE, employees_list, title="Remove which employee?")
    _ensure_account_may_change(session, employee)
    if not prompter.confirm(f"Remove {employee.full_name}? They will no longer be able to log in."):
        raise Back
    try:
        removal = session.call(employee_delete, employee_id=employee.pk)
    except SuccessorRequired as refusal:
        prompter.say(
            f"{employee.full_name} still owns {refusal.clients} client(s) and {refusal.events} upcoming event(s)."
        )

        def colleagues(*, actor):
            return (
                employees_list(actor=actor)
                .filter(department=employee.department_id)
                .exclude(pk=employee.pk)
            )

        successor = pick(session, EMPLOYEE, colleagues, title="Who takes over their clients and events?")
        removal = session.call(employee_delete, employee_id=employee.pk, reassign_to_id=successor.pk)
    moved = ""
    if removal.reassigned_to is not None:
        moved = (
            f" {removal.clients_moved} client(s) and {removal.events_moved} event(s) "
            f"handed to {removal.reassigned_to.full_name}."
        )
    prompter.say(session.env.paint(f"{removal.employee.full_name} removed.{moved}", "green"))
