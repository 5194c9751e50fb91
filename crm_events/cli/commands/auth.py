"""login, logout, whoami."""

from cli.columns import when_zoned
from cli.columns.employees import EMPLOYEE
from cli.results import Said, Shown


def register(groups, *, common, output, listing, wanted) -> None:
    login = groups.add_parser("login", parents=[common], help="open a session (asks for the password)")
    login.add_argument("--email", required=True)
    login.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    login.add_argument(
        "--server",
        metavar="URL",
        help="log in to the CRM server at URL (https://...) and keep using it (remembered beside the session)",
    )
    login.set_defaults(handler=handle_login)

    logout = groups.add_parser("logout", parents=[common], help="end the session, on this machine and the server")
    logout.add_argument(
        "--forget-server",
        action="store_true",
        help="also forget the server remembered by login --server (later commands use the local database)",
    )
    logout.set_defaults(handler=handle_logout)

    whoami = groups.add_parser("whoami", parents=[common, output], help="show who is logged in, where, until when")
    whoami.set_defaults(handler=handle_whoami)


def handle_login(ctx) -> Said:
    # --server was read before anything else (cli.gateway.choice): ctx.gateway already speaks to it.
    password = ctx.read_password()
    session = ctx.gateway.login(email=ctx.args.email, password=password)
    employee = session.employee
    who = f"{employee['full_name']} ({employee['department_name']})"
    where = "" if ctx.gateway.where == "local database" else f" on {ctx.gateway.where}"
    return Said(f"Logged in as {who}{where}; the session lasts until {when_zoned(session.expires_at)}.")


def handle_logout(ctx) -> Said:
    held_a_token = ctx.env.session_file.token_to_replace() is not None
    ended = ctx.gateway.logout()
    if ended:
        message = "Logged out."
    elif held_a_token:  # the file is removed all the same: its token is of no use to this CRM
        message = (
            "The session in your session file was not open any more (it had ended or expired, or was signed "
            "with another key than this CRM's), so nothing was ended on the server; the file is removed."
        )
    else:
        message = "No open session; nothing to do."
    if ctx.args.forget_server and ctx.env.session_file.load_server() is not None:
        ctx.env.session_file.clear_server()
        message += " The server is forgotten: commands now use the local database."
    return Said(message)


# whoami: the employee, and where and until when this session works (display keys beside SPEC §5's).
WHOAMI = EMPLOYEE._replace(
    details=EMPLOYEE.details
    + (("Server", lambda e: e["server"]), ("Session ends", lambda e: when_zoned(e["session_expires_at"])))
)


def handle_whoami(ctx) -> Shown:
    session = ctx.gateway.session()
    record = {**session.employee, "server": ctx.gateway.where, "session_expires_at": session.expires_at}
    return Shown(WHOAMI, record)
