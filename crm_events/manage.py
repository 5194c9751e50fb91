#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys
from pathlib import Path


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    # `serve` is the production web server: it runs with the production settings unless told otherwise.
    serving = sys.argv[1:2] == ["serve"]
    settings_module = "config.settings.production" if serving else "config.settings.default"
    _read_settings_option(sys.argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db import Error as DatabaseError

    traceback_wanted = "--traceback" in sys.argv
    try:
        _start_observability()
    except ImproperlyConfigured as error:  # our settings explain each bad variable in one sentence
        if traceback_wanted:
            raise
        sys.exit(f"The CRM cannot start: {error}; check your .env / environment (see .env.example).")
    try:
        execute_from_command_line(sys.argv)
    except DatabaseError as error:  # Django's commands leave these to a traceback; one sentence instead
        if traceback_wanted:
            raise
        sys.exit(_database_problem(error))
    except KeyboardInterrupt:
        sys.exit(130)


def _read_settings_option(argv: list[str]) -> None:
    """``--settings`` and ``--pythonpath`` read as Django's own command line reads them, but before
    the settings are loaded here (for logging and Sentry), so that they choose what is loaded."""
    from django.core.management.base import CommandError, CommandParser, handle_default_options

    parser = CommandParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--settings")
    parser.add_argument("--pythonpath")
    parser.add_argument("args", nargs="*")
    try:
        options, _ = parser.parse_known_args(argv[2:])
        handle_default_options(options)
    except CommandError:
        pass  # Django's own parser says what is wrong with the command line


def _database_problem(error) -> str:
    from crm_core import observability
    from crm_core.database_faults import diagnose

    fault = diagnose(error)
    reference = None if fault is not None and fault.transient else observability.capture_exception(error)
    observability.flush()
    where = f" (reference {reference})" if reference else ""
    if fault is not None:
        return f"{fault.sentence}{where}; run the command again with --traceback for the details."
    return (
        f"The database refused the operation ({type(error).__name__}){where}; "
        "run the command again with --traceback for the details."
    )


def _start_observability() -> None:
    """Logging and, with a DSN, Sentry, as for the CRM program: createsuperuser and
    seed_demo hire employees, and each hire is reported wherever it comes from."""
    import django

    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured:
        raise
    except ImportError as error:
        chosen = os.environ.get("DJANGO_SETTINGS_MODULE", "")
        if error.name and (chosen == error.name or chosen.startswith(error.name + ".")):  # a mistyped --settings
            raise ImproperlyConfigured(f"the settings module '{chosen}' cannot be imported ({error})") from None
        return
    except Exception:  # noqa: BLE001 - execute_from_command_line reports other problems itself
        return
    from django.conf import settings

    from crm_core import observability

    observability.configure_logging(settings)
    observability.init_sentry(settings)


if __name__ == "__main__":
    main()
