"""First run on the embedded default: create the schema, then offer a manager and demo data.

Only the SQLite default is prepared automatically; a PostgreSQL database is set up
by an administrator (``manage.py migrate``), never by a staff member's command.

Creating the schema takes a few seconds. Ctrl-C meanwhile waits for it to finish, and
only a finished schema is marked ready (SQLite's ``user_version`` header field), so a
default database left half made by a crash or a kill is completed on the next start.
"""

import os
import signal
import sys
from pathlib import Path

from django.conf import settings

from cli.exit_status import ExitStatus

PROJECT_DIR = Path(__file__).resolve().parents[1]
SCHEMA_READY = 1  # PRAGMA user_version once first-run migrate has finished
READ_MARK = "PRAGMA user_version"
SET_MARK = "PRAGMA user_version = 1"  # PRAGMA takes no bound parameters: SCHEMA_READY, spelled out


def _sqlite_file_to_prepare() -> Path | None:
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        return None
    path = Path(database["NAME"])
    if not path.exists() or path.stat().st_size == 0:
        return path
    if path == settings.DEFAULT_SQLITE_PATH and not _schema_marked_ready():
        return path
    return None


def _schema_marked_ready() -> bool:
    """One read of the file header, on the connection every command opens anyway."""
    from django.db import DatabaseError, connection

    try:
        with connection.cursor() as cursor:
            cursor.execute(READ_MARK)
            return cursor.fetchone()[0] == SCHEMA_READY
    except DatabaseError:
        return True  # not a database at all: migrate cannot help; the command reports it in its words


def create_schema(path: Path, env) -> int | None:
    """Migrate the SQLite file at ``path``: None when done, else the exit status to stop with."""
    interrupted = []

    def wait_for_the_schema(_signum, _frame):
        if not interrupted:
            env.err("Please wait a few seconds: the database is being created; the CRM stops once it is ready.")
        interrupted.append(True)

    previous = signal.signal(signal.SIGINT, wait_for_the_schema)
    try:
        returncode, errors = _migrate(path, env)
    finally:
        signal.signal(signal.SIGINT, previous)
    if returncode != 0:
        env.err("Creating the database failed: " + (errors.strip().splitlines() or ["unknown error"])[-1])
        return ExitStatus.ERROR
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(SET_MARK)
    if interrupted:
        env.err("Interrupted; the database is ready for the next start.")
        return ExitStatus.INTERRUPTED
    return None


def _migrate(path: Path, env) -> tuple[int, str]:
    import subprocess  # only on the first run: every other start-up skips its import

    if path.exists() and path.stat().st_size > 0:
        env.err(f"Finishing the set-up of the CRM database in {path} ...")
    else:
        env.err(f"First run: creating the CRM database in {path} ...")
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.touch(mode=0o600, exist_ok=True)
    if path.is_file():
        # Client data: readable by its owner only, also when another Django command
        # (check, makemigrations) already left an empty file with the default mode.
        path.chmod(0o600)
    child_env = dict(os.environ)
    if child_env.get("DJANGO_SETTINGS_MODULE", "config.settings.cli") == "config.settings.cli":
        child_env["DJANGO_SETTINGS_MODULE"] = "config.settings.default"  # admin tables too
    # Ctrl-C must never reach migrate: it starts in its own process group, out of the
    # terminal's reach, and with SIGINT blocked, which it keeps; the block also covers the
    # instant between its start and its leaving this process group.
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        child = subprocess.Popen(
            [sys.executable, str(PROJECT_DIR / "manage.py"), "migrate", "--no-input", "--verbosity", "0"],
            env=child_env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            process_group=0,
        )
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    _output, errors = child.communicate()
    return child.returncode, errors


def prepare_database(env, *, interactive: bool) -> int | None:
    """None to carry on, or the exit status to stop with."""
    try:
        return _prepare_database(env, interactive=interactive)
    except KeyboardInterrupt:
        env.err("Interrupted.")
        return ExitStatus.INTERRUPTED


def _prepare_database(env, *, interactive: bool) -> int | None:
    path = _sqlite_file_to_prepare()
    if path is not None:
        status = create_schema(path, env)
        if status is not None:
            return status
    if interactive and env.stdin_is_tty:
        from epic_auth_app.models import Employee

        if not Employee.objects.exists():
            from cli.menu.onboarding import welcome_first_manager

            return welcome_first_manager(env)
    return None
