"""employees list | show | create | update | delete | unlock | history (management only)."""

from crm_core.counting import counted
from cli.columns.employees import DEPARTMENTS, EMPLOYEE
from cli.commands import given, updated_message
from cli.commands.history import add_history
from cli.results import Listed, Shown

DEPARTMENT_CODES = [code for code, _name in DEPARTMENTS]


def register(groups, *, common, output, listing, wanted) -> None:
    employees = groups.add_parser("employees", parents=[common], help="staff (management only)")
    known = ("list", "show", "create", "update", "delete", "unlock", "history")
    actions = employees.add_subparsers(dest="action", metavar="ACTION", required=True)

    if wanted("list", known):
        list_ = actions.add_parser("list", parents=[common, output, listing], help="list active employees")
        list_.add_argument("--include-removed", action="store_true", help="also list removed employees")
        list_.set_defaults(handler=handle_list)

    if wanted("show", known):
        show = actions.add_parser(
            "show", parents=[common, output], help="show one employee (and until when a locked account is locked)"
        )
        show.add_argument("id")
        show.set_defaults(handler=handle_show)

    if wanted("create", known):
        create = actions.add_parser("create", parents=[common, output], help="hire an employee")
        create.add_argument("--email", required=True)
        create.add_argument("--full-name", required=True)
        create.add_argument("--department", required=True, choices=DEPARTMENT_CODES)
        create.add_argument("--phone", default="")
        create.add_argument("--password-stdin", action="store_true", help="read the new password from standard input")
        create.set_defaults(handler=handle_create)

    if wanted("update", known):
        update = actions.add_parser("update", parents=[common, output], help="change an employee")
        update.add_argument("id")
        update.add_argument("--email")
        update.add_argument("--full-name")
        update.add_argument("--department", choices=DEPARTMENT_CODES)
        update.add_argument("--phone")
        update.add_argument(
            "--password-stdin",
            action="store_true",
            help="set a new password, read from standard input (asked at a hidden prompt on a terminal)",
        )
        update.set_defaults(handler=handle_update)

    if wanted("delete", known):
        delete = actions.add_parser(
            "delete", parents=[common, output], help="remove an employee, handing over their work"
        )
        delete.add_argument("id")
        delete.add_argument("--reassign-to", metavar="ID", help="employee who takes over their clients or events")
        delete.set_defaults(handler=handle_delete)

    if wanted("unlock", known):
        unlock = actions.add_parser(
            "unlock",
            parents=[common, output],
            help="let a locked employee log in again at once (locked after failed logins)",
            description=(
                "Lift the lockout that failed logins put on an account, so the employee can log in at once "
                "with their password (which is unchanged). A new password set by management also lifts it."
            ),
        )
        unlock.add_argument("id")
        unlock.set_defaults(handler=handle_unlock)

    if wanted("history", known):
        add_history(actions, kind="employee", plural="employees", common=common, output=output, listing=listing)


def handle_list(ctx) -> Listed:
    return Listed(EMPLOYEE, ctx.gateway.employees, {"include_removed": ctx.args.include_removed})


def handle_show(ctx) -> Shown:
    return Shown(EMPLOYEE, ctx.gateway.employees.show(ctx.args.id))


def _ensure_may_manage_staff(ctx) -> None:
    """Before asking for a password that would be refused anyway."""
    from cli.access import ensure_may
    from crm_core.policy import Action

    ensure_may(ctx.gateway.whoami(), Action.MANAGE_EMPLOYEES)


def handle_create(ctx) -> Shown:
    _ensure_may_manage_staff(ctx)
    password = ctx.read_password("Password for the new employee: ", confirm=True)
    args = ctx.args
    employee = ctx.gateway.employees.create(
        {
            "email": args.email,
            "full_name": args.full_name,
            "department": args.department,
            "phone": args.phone,
            "password": password,
        }
    )
    return Shown(EMPLOYEE, employee, message=f"Employee {employee['id']} ({employee['employee_number']}) created.")


def handle_update(ctx) -> Shown:
    args = ctx.args
    data = given(email=args.email, full_name=args.full_name, department=args.department, phone=args.phone)
    if args.password_stdin:
        _ensure_may_manage_staff(ctx)
        data["password"] = ctx.read_password("New password: ", confirm=True)
    updated = ctx.gateway.employees.update(args.id, data)
    return Shown(EMPLOYEE, updated.record, message=updated_message("employee", updated))


def handle_delete(ctx) -> Shown:
    removal = ctx.gateway.employees.remove(ctx.args.id, reassign_to=ctx.args.reassign_to)
    handed = ""
    if removal.reassigned_to is not None:
        handed = (
            f" {counted(removal.clients_moved, 'client')} and {counted(removal.events_moved, 'upcoming event')} "
            f"now belong to {removal.reassigned_to['full_name']}."
        )
    message = f"Employee {removal.employee['id']} removed; they can no longer log in.{handed}"
    return Shown(EMPLOYEE, removal.employee, message=message)


def handle_unlock(ctx) -> Shown:
    unlocked = ctx.gateway.employees.unlock(ctx.args.id)
    employee = unlocked.employee
    if unlocked.was_locked:
        message = f"Employee {employee['id']} unlocked; they can log in again with their password."
    else:
        message = f"Employee {employee['id']} was not locked; nothing changed."
    return Shown(EMPLOYEE, employee, message=message)
