"""login, logout, whoami."""

from cli.columns import when
from cli.columns.employees import EMPLOYEE
from cli.results import Said, Shown


def register(groups, *, common, output, listing, wanted) -> None:
    login = groups.add_parser("login", parents=[common], help="open a session (asks for the password)")
    login.add_argument("--email", required=True)
    login.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    login.set_defaults(handler=handle_login)

    logout = groups.add_parser("logout", parents=[common], help="end the session, on this machine and the server")
    logout.set_defaults(handler=handle_logout)

    whoami = groups.add_parser("whoami", parents=[common, output], help="show who is logged in")
    whoami.set_defaults(handler=handle_whoami)


def handle_login(ctx) -> Said:
    password = ctx.read_password()
    session = ctx.gateway.login(email=ctx.args.email, password=password)
    employee = session.employee
    who = f"{employee['full_name']} ({employee['department_name']})"
    return Said(f"Logged in as {who}; the session lasts until {when(session.expires_at)}.")


def handle_logout(ctx) -> Said:
    ended = ctx.gateway.logout()
    return Said("Logged out." if ended else "No open session; nothing to do.")


def handle_whoami(ctx) -> Shown:
    return Shown(EMPLOYEE, ctx.gateway.whoami())
