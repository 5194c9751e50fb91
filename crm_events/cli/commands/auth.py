"""login, logout, whoami."""

from django.utils import timezone

from cli.results import Said, Shown
from cli.columns.employees import EMPLOYEE


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
    from epic_auth_app.authentication import login

    password = ctx.read_password()
    result = login(email=ctx.args.email, password=password, session_file=ctx.env.session_file)
    employee = result.employee
    until = timezone.localtime(result.expires_at).strftime("%Y-%m-%d %H:%M")
    return Said(f"Logged in as {employee.full_name} ({employee.department.name}); the session lasts until {until}.")


def handle_logout(ctx) -> Said:
    from epic_auth_app.authentication import logout

    token = ctx.env.session_file.load()
    ended = logout(token)
    ctx.env.session_file.clear()
    return Said("Logged out." if ended else "No open session; nothing to do.")


def handle_whoami(ctx) -> Shown:
    return Shown(EMPLOYEE, ctx.actor)
