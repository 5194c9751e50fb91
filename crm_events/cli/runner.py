"""Run one command: parse, call, render, and map every error to a sentence and a status.

This is the only place where exceptions become exit statuses (SPEC §5). Tracebacks
are shown only with --debug; unexpected errors go to the log and to Sentry.
"""

import logging
import sys
import traceback

from crm_core import observability
from crm_core.errors import CrmError, InvalidInput, NotAuthenticated
from cli.environment import Cancelled, Environment, undecodable
from cli.exit_status import ExitStatus, UsageError, status_for
from cli.program import with_login_hint

logger = logging.getLogger(__name__)

UNKNOWN_PROBLEM = "the program hit a problem it does not know how to handle"

# bandit B105 takes these for passwords; they are a message and option names.
PASSWORD_NOT_UTF8 = (
    "The password is not valid UTF-8 text; type it at the prompt, or pipe it encoded in UTF-8."  # nosec B105
)
PASSWORD_IN_ARGV = (
    "Passwords are never accepted on the command line (they would show in shell history); "  # nosec B105
    "type it at the prompt or pipe it with --password-stdin."
)


class CommandContext:
    """What a command handler gets: its arguments, the environment, and the gateway to the CRM."""

    def __init__(self, env: Environment, args, argv: list[str] = ()):
        self.env = env
        self.args = args
        self.argv = list(argv)  # the command line, for hints that repeat it

    @property
    def gateway(self):
        return self.env.gateway

    def read_password(self, prompt: str = "Password: ", *, confirm: bool = False) -> str:
        """From stdin with --password-stdin, else (or when stdin is a terminal) a hidden prompt."""
        password = self._read_password(prompt, confirm=confirm)
        if undecodable(password):
            raise InvalidInput({"password": PASSWORD_NOT_UTF8})
        return password

    def _read_password(self, prompt: str, *, confirm: bool) -> str:
        if getattr(self.args, "password_stdin", False) and not self.env.stdin_is_tty:
            try:
                password = self.env.stdin.readline().rstrip("\r\n")
            except UnicodeDecodeError:  # a stdin decoding strictly rather than with surrogateescape
                raise InvalidInput({"password": PASSWORD_NOT_UTF8}) from None
            if not password:
                raise UsageError(f"No password on standard input; pipe one line: {self._piped_password()}")
            return password
        if not self.env.stdin_is_tty:
            raise UsageError(f"No terminal to ask for the password; pipe it: {self._piped_password()}")
        password = self.env.read_secret(prompt)
        if confirm:
            # Refuse a password the validators reject now, not after it was typed twice.
            self.gateway.employees.check("password", password)
        if confirm and self.env.read_secret("Repeat the password: ") != password:
            raise UsageError("The two passwords differ; run the command again.")
        return password

    def _piped_password(self) -> str:
        """This very command with the password piped in, as the user may copy it."""
        import shlex

        from cli.program import program

        argv = self.argv if "--password-stdin" in self.argv else [*self.argv, "--password-stdin"]
        return f"printf '%s\\n' \"$PW\" | {program()} {shlex.join(argv)}"


def _reject_password_arguments(argv: list[str]) -> None:
    for token in argv:
        if token.startswith(("--pass", "--pw")) and token != "--password-stdin":  # nosec B105
            raise UsageError(PASSWORD_IN_ARGV)


def run(argv: list[str], env: Environment | None = None) -> int:
    env = env or Environment()
    debug = "--debug" in argv
    try:
        return _run(argv, env)
    except Cancelled:  # end of input at a prompt: the user's choice, not a fault
        env.err("Cancelled.")
        return ExitStatus.INTERRUPTED
    except KeyboardInterrupt as interrupt:
        # A change sent to a server when Ctrl-C came says it may have been saved (cli.gateway.http).
        env.err(getattr(interrupt, "message", "Interrupted."))
        return ExitStatus.INTERRUPTED
    except (CrmError, UsageError) as error:
        if debug:
            traceback.print_exc(file=env.stderr)
        env.err(with_login_hint(error.message) if isinstance(error, NotAuthenticated) else error.message)
        return status_for(error)
    except BrokenPipeError:
        _stop_writing(env)
        return ExitStatus.SUCCESS  # the reader (e.g. `head`) had enough
    except OutputUnwritable as failure:  # a full disk, a closed terminal: not a fault of the CRM
        from cli.environment import forget_replaced_characters

        _stop_writing(env)
        forget_replaced_characters()
        logger.warning("the output could not be written: %s", failure.reason, extra={"user_notified": True})
        env.err(f"The output could not be written ({failure.reason}); what was written is incomplete.")
        return ExitStatus.ERROR
    except Exception as error:  # noqa: BLE001 - the last line of defence before the user
        return report_unexpected(error, env, debug=debug)


def _run(argv: list[str], env: Environment) -> int:
    from cli.parser import build_parser
    from cli.render import render

    _reject_password_arguments(argv)
    parser = build_parser(env, argv)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_request:  # --help
        return int(exit_request.code or 0)
    if args.command is None or not hasattr(args, "handler"):
        raise UsageError(f"Choose a command; see '{parser.prog} {args.command or ''} --help'.".replace("  ", " "))
    result = args.handler(CommandContext(env, args, argv))
    args.command_line = argv  # what a hint repeats (the next page's command)
    try:
        render(result, args, env)
    except BrokenPipeError:
        raise
    except OSError as error:  # rows come from the database or the server, whose errors are not OSError
        raise OutputUnwritable(error.strerror or type(error).__name__) from error
    return ExitStatus.SUCCESS


class OutputUnwritable(Exception):
    """Standard output refused a write (no space left, an I/O error): ``reason`` says why, as the system does."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _stop_writing(env: Environment) -> None:
    """Point standard output at the null device, so that the text still buffered is not written again
    when the program ends (Python would report that second failure as "Exception ignored")."""
    if env.stdout is not sys.stdout:
        return
    import os

    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def report_unexpected(error: BaseException, env: Environment, *, debug: bool) -> int:
    database_error = _database_error_class()
    fault = None
    if database_error is not None:  # the local transport: name the database's fault if it is one
        from crm_core.database_faults import diagnose

        fault = diagnose(error)
    if debug:
        traceback.print_exception(error, file=env.stderr)
    if fault is not None and fault.transient:  # another user's change: try again, nothing for IT
        logger.warning("database %s: %s", fault.cause, type(error).__name__, extra={"user_notified": True})
        env.err(fault.told())
        return ExitStatus.ERROR
    event_id = observability.capture_exception(error)
    reference = f" (reference {event_id})" if event_id else ""
    # The same reference in the log, so IT can find the details even when Sentry could not be reached.
    logger.error(
        "%s: %s%s",
        f"database {fault.cause}" if fault else "unexpected error",
        type(error).__name__,
        reference,
        exc_info=error,
        extra={"user_notified": True},
    )
    if fault is not None:
        env.err(fault.told(event_id))
        return ExitStatus.ERROR
    # A database error rolled its transaction back; anything else may have come after a write.
    rolled_back = database_error is not None and isinstance(error, database_error)
    outcome = "nothing was changed" if rolled_back else "check whether your change was saved"
    hint = "the database refused the operation" if rolled_back else UNKNOWN_PROBLEM
    env.err(f"Unexpected error{reference}: {hint}; {outcome}. Try again, and tell IT support if it persists.")
    return ExitStatus.ERROR


def _database_error_class():
    """Django's DatabaseError when the local transport loaded Django; None in remote mode, where no
    database is in this process and Django must not be imported even to name its errors."""
    module = sys.modules.get("django.db")
    return module.DatabaseError if module is not None else None
