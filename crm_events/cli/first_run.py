"""First run on the embedded default: create the schema, then offer a manager and demo data.

Only the SQLite default is prepared automatically; a PostgreSQL database is set up
by an administrator (``manage.py migrate``), never by a staff member's command, and a
SQLite file named in DATABASE_URL must exist (an empty one is set up): a path with a
typo is refused rather than silently becoming a new, empty database.

Creating the schema takes a few seconds. Ctrl-C meanwhile waits for it to finish, and
only a finished schema is marked ready (SQLite's ``user_version`` header field), so a
default database left half made by a crash or a kill is completed on the next start.
Programs started at the same moment on a fresh installation take turns (a lock file
beside the database): one creates the schema, the others wait for it and carry on.
"""

import fcntl
import os
import signal
import sys
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from cli.exit_status import ExitStatus
from config.variables import is_sqlite

PROJECT_DIR = Path(__file__).resolve().parents[1]
SCHEMA_READY = 1  # PRAGMA user_version once first-run migrate has finished
READ_MARK = "PRAGMA user_version"
SET_MARK = "PRAGMA user_version = 1"  # PRAGMA takes no bound parameters: SCHEMA_READY, spelled out


class MissingDatabaseFile(Exception):
    """DATABASE_URL names a SQLite file that does not exist."""


def _sqlite_file_to_prepare() -> Path | None:
    database = settings.DATABASES["default"]
    if not is_sqlite(database):
        return None
    path = Path(database["NAME"])
    default = path == Path(settings.DEFAULT_SQLITE_PATH)
    if not path.exists():
        if not default:
            raise MissingDatabaseFile(path)
        return path
    if path.stat().st_size == 0:
        return path
    if default and not _schema_marked_ready():
        return path
    return None


def _schema_marked_ready() -> bool:
    """One read of the file header, on the connection every command opens anyway."""
    from django.db import DatabaseError, connection

    try:
        with connection.cursor() as cursor:
            cursor.execute(READ_MARK)
            return cursor.fetchone()[0] == SCHEMA_READY
    except DatabaseError as error:
        from crm_core.database_faults import diagnose

        fault = diagnose(error)
        # Busy for the whole wait: another first start is creating it (the set-up lock waits for it).
        # Anything else: not a database at all; migrate cannot help, the command reports it in its words.
        return fault is None or fault.cause != "busy"


@contextmanager
def _first_run_lock():
    """Held while the schema is created; another first start waits here (Ctrl-C still works).

    The lock file stays beside the database: deleting it could let a later start lock a
    new file while an earlier one still holds the old.
    """
    path = Path(settings.DATABASES["default"]["NAME"])
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(path.with_name(path.name + ".setup-lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # also releases the lock


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
    from django.db import Error as DatabaseError

    try:
        return _prepare_database(env, interactive=interactive)
    except KeyboardInterrupt:
        env.err("Interrupted.")
        return ExitStatus.INTERRUPTED
    except MissingDatabaseFile as missing:
        import shlex

        from crm_core.command_names import manage_command

        # A SQLite URL holds no secret: the hint names it, so that it works however DATABASE_URL was set.
        url = shlex.quote(f"sqlite:///{missing.args[0]}")
        folder = Path(missing.args[0]).parent
        # migrate makes the file, not its folder: a private folder first when there is none.
        make_folder = "" if folder.is_dir() else f"mkdir -p -m 700 {shlex.quote(str(folder))} && "
        env.err(
            f"DATABASE_URL names a SQLite file that does not exist ({missing.args[0]}): check the path, "
            f"or create the database there with: {make_folder}DATABASE_URL={url} {manage_command('migrate')}"
        )
        return ExitStatus.ERROR
    except DatabaseError as error:  # the database cannot be used at all: say why, as any command would
        from cli.runner import report_unexpected

        return report_unexpected(error, env, debug=False)


def _prepare_database(env, *, interactive: bool) -> int | None:
    if _sqlite_file_to_prepare() is not None:
        with _first_run_lock():
            # Another program may have created the schema while this one waited for the lock.
            path = _sqlite_file_to_prepare()
            status = create_schema(path, env) if path is not None else None
        if status is not None:
            return status
    if interactive and env.stdin_is_tty:
        from epic_auth_app.models import Employee

        if not Employee.objects.exists():
            from cli.menu.onboarding import welcome_first_manager

            return welcome_first_manager(env)
    return None
