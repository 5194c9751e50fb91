"""What went wrong with the database, in one sentence per real cause.

Every entry point that meets a database error it did not expect (the CLI's last line of
defence, ``manage.py``, later the HTTP API) asks ``diagnose(error)`` what to tell the
user: the server cannot be reached, refused the login, has no such database, has no CRM
tables yet; the SQLite file is read-only, damaged or missing; the disk is full; another
user holds the rows for longer than the wait. Each sentence names the variable to look
at (DATABASE_URL, a timeout) and never repeats its value, which may hold a password.

Causes are read from the driver's error codes (sqlite3's SQLITE_*, PostgreSQL's SQLSTATE);
the connection set-up has no SQLSTATE in psycopg2, so libpq's (English) words are read there.
"""

import os
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from crm_core.command_names import manage_command

ENCODING_HINT = "characters such as % / ? # @ in the password must be percent-encoded in the URL"

# SQLite primary result codes (the low byte of an extended code).
SQLITE_ERROR, SQLITE_BUSY, SQLITE_READONLY, SQLITE_IOERR, SQLITE_CORRUPT = 1, 5, 8, 10, 11
SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 13, 14, 26

# libpq's words when the connection itself fails (psycopg2 gives no SQLSTATE there).
LOGIN_REFUSED_WORDS = (
    "password authentication failed",
    "authentication failed",
    "no pg_hba.conf entry",
    "pg_hba.conf rejects",
    "no password supplied",
    "permission denied for database",
)
UNREACHABLE_WORDS = {
    "could not translate host name": "its host name is not known (check the spelling)",
    "connection refused": "nothing answers on that host and port (is the server running?)",
    "no route to host": "the network does not reach that host",
    "network is unreachable": "the network does not reach that host",
    "timeout expired": "it did not answer in time",
    "server closed the connection": "it closed the connection",
    "the database system is starting up": "it is starting up",
    "the database system is shutting down": "it is shutting down",
    "ssl": "the secure connection could not be set up (sslmode in DATABASE_URL?)",
}
RELATION = re.compile(r'relation "([^"]+)"')
MISSING_DATABASE = re.compile(r'database "[^"]*" does not exist')
UNKNOWN_ROLE = re.compile(r'role "[^"]*" does not exist')


@dataclass(frozen=True)
class DatabaseFault:
    """One diagnosed cause: ``sentence`` is for the user; ``transient`` faults pass on their own
    (another user's change, a busy server): nothing for IT support to look at."""

    cause: str
    sentence: str
    transient: bool = False

    def told(self, reference: str | None = None) -> str:
        """The sentence as the CLI prints it, after a rolled-back command."""
        where = f" (reference {reference})" if reference else ""
        return f"{self.sentence}; nothing was changed{where}."


def _chain(error: BaseException):
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        yield error
        error = error.__cause__ or error.__context__


def driver_error(error: BaseException) -> BaseException | None:
    """The sqlite3 or psycopg2 exception behind Django's wrapper, if any."""
    for link in _chain(error):
        module = type(link).__module__ or ""
        if module.startswith(("sqlite3", "psycopg2", "crm_core.backends")):
            return link
    return None


def error_code(error: BaseException) -> str | None:
    """A code that says what failed without the message, which may quote row values:
    ``SQLSTATE 55P03`` on PostgreSQL, ``SQLITE_READONLY`` on SQLite."""
    driver = driver_error(error)
    if driver is None:
        return None
    if getattr(driver, "pgcode", None):
        return f"SQLSTATE {driver.pgcode}"
    name = getattr(driver, "sqlite_errorname", None)
    return str(name) if name else None


def diagnose(error: BaseException) -> DatabaseFault | None:
    """The cause of a database error, or None when it is not one the CRM can name."""
    from django.db import Error as DjangoDatabaseError

    driver = driver_error(error)
    if driver is None and not isinstance(error, DjangoDatabaseError):
        return None
    driver = driver or error
    if hasattr(driver, "sqlite_errorcode"):
        return _sqlite_fault(driver)
    return _postgresql_fault(driver)


def _timeouts() -> dict:
    return getattr(settings, "DATABASE_TIMEOUTS", {"connect": 10, "lock": 10, "statement": 60})


def _seconds(which: str, count=None) -> str:
    count = _timeouts()[which] if count is None else int(count)
    return f"{count} second{'' if count == 1 else 's'}"


# -- SQLite ------------------------------------------------------------------------------


def _sqlite_fault(error) -> DatabaseFault | None:
    code = error.sqlite_errorcode & 0xFF
    text = str(error).lower()
    if code == SQLITE_BUSY:
        return DatabaseFault(
            "busy",
            "Another user is saving a change and the database stayed busy for "
            f"{_seconds('lock')} (DATABASE_LOCK_TIMEOUT); try again in a moment",
            transient=True,
        )
    if code == SQLITE_READONLY:
        return DatabaseFault(
            "read_only",
            f"{_named('database file')} is read-only for you (the file or its folder): "
            "ask IT support to give your account write access",
        )
    if code == SQLITE_FULL:
        return _disk_full()
    if code == SQLITE_CANTOPEN:
        return _cannot_open()
    if code in (SQLITE_NOTADB, SQLITE_CORRUPT):
        return DatabaseFault(
            "damaged",
            f"{_named('file')} is not a CRM database or is damaged: "
            "check the path, or restore the file from a backup",
        )
    if code == SQLITE_IOERR:
        return DatabaseFault(
            "io_error",
            f"{_named('database file')} could not be read or written (disk I/O error): "
            "ask IT support to check the disk",
        )
    if code == SQLITE_ERROR and "no such table" in text:
        return _not_set_up()
    if code == SQLITE_ERROR and "no such column" in text:
        return _schema_outdated()
    return None


def _cannot_open() -> DatabaseFault:
    """SQLITE_CANTOPEN says only that a file could not be opened: the database, or the journal
    beside it that every write creates. The path tells the causes apart."""
    path = Path(settings.DATABASES["default"]["NAME"])
    if path.is_dir():
        return DatabaseFault("missing", f"{_named('database file')} is a folder, not a file: check the path")
    if path.parent.is_dir() and not _can_write_in(path.parent):
        return DatabaseFault(
            "read_only",
            f"{_named('database file')} is in a folder you cannot write, where every change writes its "
            "journal: ask IT support to give your account write access to the folder",
        )
    if not path.parent.is_dir():
        return DatabaseFault(
            "missing", f"{_named('database file')} cannot be opened: its folder is missing; check the path"
        )
    return DatabaseFault(
        "missing",
        f"{_named('database file')} or the journal beside it cannot be opened: check the path, and that "
        "your account may read and write the file and its folder",
    )


def _can_write_in(folder: Path) -> bool:
    """Whether a file can be made in ``folder``, tried for real: permission bits say nothing of an
    immutable folder, a read-only mount or an administrator's account."""
    import tempfile

    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".epicevents-probe-"):
            return True
    except OSError:
        return False


# -- PostgreSQL --------------------------------------------------------------------------


def _postgresql_fault(error) -> DatabaseFault | None:
    from crm_core.backends.postgresql.waiting import ConnectTimeout

    if isinstance(error, ConnectTimeout):
        return _unreachable(
            f"it did not answer within {_seconds('connect', error.seconds)} (DATABASE_CONNECT_TIMEOUT)"
        )
    code = getattr(error, "pgcode", None)
    if code:
        return _by_sqlstate(code, error)
    text = str(error).lower()
    if MISSING_DATABASE.search(text):
        return DatabaseFault(
            "missing",
            "The database named in DATABASE_URL does not exist on its server: check the name (a comment "
            "after the value in .env becomes part of it), or ask IT support to create it and run: "
            f"{manage_command('migrate')}",
        )
    if UNKNOWN_ROLE.search(text) or any(words in text for words in LOGIN_REFUSED_WORDS):
        return DatabaseFault(
            "login_refused",
            "The database server refused the user and password of DATABASE_URL (or this computer): "
            f"check them with IT support; {ENCODING_HINT}",
        )
    for words, reason in UNREACHABLE_WORDS.items():
        if words in text:
            return _unreachable(reason)
    if "connection already closed" in text or "connection" in text and "closed" in text:
        return _unreachable("the connection to it was lost")
    return None


def _by_sqlstate(code: str, error) -> DatabaseFault | None:
    if code == "55P03":  # lock_not_available: lock_timeout, or NOWAIT
        return DatabaseFault(
            "lock_timeout",
            f"Another user is changing {_what_was_locked(error)}: it stayed locked for "
            f"{_seconds('lock')} (DATABASE_LOCK_TIMEOUT); try again in a moment",
            transient=True,
        )
    if code in ("40001", "40P01"):  # serialization failure, deadlock
        return DatabaseFault(
            "conflict", "Another user changed the same records at the same moment; try again", transient=True
        )
    if code == "57014":  # query_canceled: statement_timeout (a Ctrl-C is a KeyboardInterrupt, not this)
        return DatabaseFault(
            "statement_timeout",
            f"The database took longer than {_seconds('statement')} to answer "
            "(DATABASE_STATEMENT_TIMEOUT): try again later, narrow the list with a filter, "
            "or ask IT support to look at the server",
        )
    if code == "53300":  # too_many_connections
        return DatabaseFault(
            "busy", "The database server has no free connection left; try again in a moment", transient=True
        )
    if code.startswith("53"):  # insufficient_resources: disk_full (53100), out of memory
        return _disk_full() if code == "53100" else None
    if code == "25006":  # read_only_sql_transaction
        return DatabaseFault(
            "read_only",
            "The database server of DATABASE_URL accepts only reads (a read-only copy, or read-only mode): "
            "ask IT support which server to use",
        )
    if code == "42P01":  # undefined_table
        return _not_set_up()
    if code == "42703":  # undefined_column
        return _schema_outdated()
    if code == "42501":  # insufficient_privilege
        return DatabaseFault(
            "permission_denied",
            "The database user of DATABASE_URL is not allowed to do this: schema changes (migrate) need the "
            "owner role, and the application role needs its grants (manage.py setup_db_roles; docs/operations.md)",
        )
    if code == "3D000":  # invalid_catalog_name
        return DatabaseFault("missing", "The database named in DATABASE_URL does not exist on its server")
    if code.startswith("28"):  # invalid authorization
        return DatabaseFault(
            "login_refused", f"The database server refused the user and password of DATABASE_URL; {ENCODING_HINT}"
        )
    if code.startswith(("08", "57P")):  # connection exceptions, server shutting down or starting
        return _unreachable("it closed the connection")
    return None


def _what_was_locked(error) -> str:
    """"this contract", from the relation PostgreSQL names in the error's context."""
    context = getattr(getattr(error, "diag", None), "context", None) or ""
    match = RELATION.search(context)
    if match:
        from django.apps import apps

        for model in apps.get_models():
            if model._meta.db_table == match.group(1):
                return f"this {model._meta.verbose_name}"
    return "the same records"


# -- shared sentences ------------------------------------------------------------------


def _named(noun: str) -> str:
    """"The database file named in DATABASE_URL"; when DATABASE_URL is not set, the default
    SQLite file by its path, since there is no variable for the user to check."""
    if os.environ.get("DATABASE_URL", "").strip():
        return f"The {noun} named in DATABASE_URL"
    return f"The {noun} {settings.DATABASES['default']['NAME']} (the default, as DATABASE_URL is not set)"


def _unreachable(reason: str) -> DatabaseFault:
    return DatabaseFault(
        "unreachable",
        f"The database server named in DATABASE_URL cannot be reached: {reason}; "
        "check the host and port, or ask IT support whether it is running",
    )


def _not_set_up() -> DatabaseFault:
    return DatabaseFault(
        "not_set_up",
        f"{_named('database')} has no CRM tables yet; set it up with: {manage_command('migrate')}",
    )


def _schema_outdated() -> DatabaseFault:
    return DatabaseFault(
        "not_set_up",
        f"{_named('database')} has the tables of an older CRM version; bring them up to date with: "
        f"{manage_command('migrate')}",
    )


def _disk_full() -> DatabaseFault:
    return DatabaseFault(
        "disk_full", "The disk that holds the database is full: free some space (or ask IT support to)"
    )
