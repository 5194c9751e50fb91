"""Epic Events CRM, the program staff run in a terminal.

    python crm_events/main.py                 # interactive menu
    python crm_events/main.py COMMAND ...     # one command, e.g. `clients list --mine`

Works from the repository root and from inside crm_events/. The commands and the menu
work through one gateway (cli.gateway) on plain data. Which transport carries it is
decided first, from plain text (cli.gateway.choice): with a CRM server configured
(EPICEVENTS_SERVER, or login --server), every operation is a request to its HTTPS API
and Django is never imported; otherwise Django is set up for the local transport,
which runs the services in-process on this machine's database, with the lean CLI
settings only (no admin; Sentry only with a DSN).
"""

import os
import signal
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.cli")
    import django
    from django.conf import settings

    django.setup()
    from crm_core import observability

    observability.configure_logging(settings)
    observability.init_sentry(settings)


def _reopen_closed_streams() -> list[int]:
    """Put the null device on each standard stream the CRM was started without (``>&-``, ``<&-``):
    otherwise the next file opened (the SQLite database, the log) would take that descriptor,
    and a print meant for the terminal would land in it. The descriptors found closed."""
    closed = []
    for fd, name, mode in ((0, "stdin", "r"), (1, "stdout", "w"), (2, "stderr", "w")):
        try:
            os.fstat(fd)
        except OSError:
            closed.append(fd)
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
            setattr(sys, name, open(fd, mode, closefd=False))
    return closed


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if 1 in _reopen_closed_streams():
        # Refused before anything is read or changed: what the command would say could not be shown.
        print(
            "Standard output is closed, so nothing the CRM says could be shown; nothing was done. "
            "Send it to a file or to /dev/null instead (> FILE).",
            file=sys.stderr,
        )
        return 1
    # Python leaves SIGINT ignored when started with it ignored (nohup, some scripts and
    # test runners); Ctrl-C must always mean "back" in the menu and 130 for a command.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    if str(PROJECT_DIR) not in sys.path:
        sys.path.insert(0, str(PROJECT_DIR))
    debug = "--debug" in argv
    try:
        transport = _choose_transport(argv)
        if transport.local:
            _setup_django()
        else:
            _setup_client_logging()
    except KeyboardInterrupt:
        return 130
    except _Refused as refusal:
        print(refusal.message, file=sys.stderr)
        return refusal.status
    except Exception as error:  # noqa: BLE001 - configuration problems, before anything else can report
        if debug:
            raise
        print(f"The CRM cannot start: {error}; check your .env / environment (see .env.example).", file=sys.stderr)
        return 1

    try:
        status = _run(argv, transport)
    except KeyboardInterrupt:  # between the steps that handle it themselves (start-up, leaving)
        print(file=sys.stderr)
        return 130
    finally:
        from cli.environment import note_replaced_characters

        note_replaced_characters()
    if transport.local:
        from crm_core import observability

        observability.flush()
    return int(status)


class _Refused(Exception):
    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.message = message
        self.status = status


def _choose_transport(argv: list[str]):
    """The local database or a server (cli.gateway.choice); a server address that cannot be used
    stops here, before anything is sent (exit 2), like a refused remembered-server file (exit 3)."""
    from cli.client_settings import ClientSettings
    from cli.exit_status import UsageError, status_for
    from cli.gateway.choice import choose
    from cli.session_file import SessionFile
    from crm_core.errors import CrmError

    try:
        return choose(argv, settings=ClientSettings(), session_file=SessionFile())
    except (UsageError, CrmError) as refusal:
        raise _Refused(refusal.message, int(status_for(refusal))) from None


def _setup_client_logging() -> None:
    """Remote mode: problems to the terminal and to EPICEVENTS_HOME/epicevents.log (or LOG_FILE), masked
    like the server's; no Sentry on staff machines (the server reports its own errors)."""
    import types

    from cli.client_settings import ClientSettings
    from crm_core import observability

    settings = ClientSettings()
    log_file = settings.path("LOG_FILE", default=str(settings.home / "epicevents.log"))
    level = settings.text("LOG_LEVEL", default="INFO").upper()
    observability.configure_logging(types.SimpleNamespace(LOG_LEVEL=level, LOG_FILE=log_file))


def _run(argv: list[str], transport) -> int:
    from cli.environment import Environment

    env = Environment(transport=transport)
    if transport.local:
        from cli.first_run import prepare_database

        status = prepare_database(env, interactive=not argv)
        if status is not None:
            return status
    if not argv:
        from cli.menu.app import run_menu

        return run_menu(env)
    from cli.runner import run

    return run(argv, env)


if __name__ == "__main__":
    sys.exit(main())
