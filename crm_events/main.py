"""Epic Events CRM, the program staff run in a terminal.

    python crm_events/main.py                 # interactive menu
    python crm_events/main.py COMMAND ...     # one command, e.g. `clients list --mine`

Works from the repository root and from inside crm_events/. Start-up stays close to a
bare ``django.setup()``: only the lean CLI settings, no admin, Sentry only with a DSN.
"""

import os
import signal
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent


def _setup_django() -> None:
    if str(PROJECT_DIR) not in sys.path:
        sys.path.insert(0, str(PROJECT_DIR))
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
    try:
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
        status = _run(argv)
    except KeyboardInterrupt:  # between the steps that handle it themselves (start-up, leaving)
        print(file=sys.stderr)
        return 130
    from crm_core import observability

    observability.flush()
    return int(status)


def _run(argv: list[str]) -> int:
    from cli.environment import Environment
    from cli.first_run import prepare_database

    env = Environment()
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
