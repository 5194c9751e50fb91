"""Epic Events CRM, the program staff run in a terminal.

    python crm_events/main.py                 # interactive menu
    python crm_events/main.py COMMAND ...     # one command, e.g. `clients list --mine`

Works from the repository root and from inside crm_events/. The commands and the menu
work through one gateway (cli.gateway) on plain data; Django is set up only for the
local transport, which runs the services in-process on this machine's database, and
then with the lean CLI settings only (no admin; Sentry only with a DSN).
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


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # Python leaves SIGINT ignored when started with it ignored (nohup, some scripts and
    # test runners); Ctrl-C must always mean "back" in the menu and 130 for a command.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    if str(PROJECT_DIR) not in sys.path:
        sys.path.insert(0, str(PROJECT_DIR))
    from cli.gateway import uses_local_database

    local = uses_local_database()
    try:
        if local:
            _setup_django()
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # noqa: BLE001 - configuration problems, before anything else can report
        debug = "--debug" in argv
        if debug:
            raise
        print(f"The CRM cannot start: {error}; check your .env / environment (see .env.example).", file=sys.stderr)
        return 1

    try:
        status = _run(argv, local=local)
    except KeyboardInterrupt:  # between the steps that handle it themselves (start-up, leaving)
        print(file=sys.stderr)
        return 130
    if local:
        from crm_core import observability

        observability.flush()
    return int(status)


def _run(argv: list[str], *, local: bool) -> int:
    from cli.environment import Environment

    env = Environment()
    if local:
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
