"""Configuration variables, read from the environment and ``.env`` and checked on the way in.

A bad value stops start-up with ImproperlyConfigured naming the variable and what it
expects, in one sentence the CLI can show as is. Kept apart from the settings modules
so production can check its own variables before the shared settings run.

Two rules hold for every variable: an empty value (``NAME=``) means the default, as if
the line were absent; and a relative path is taken from the repository root (where
``.env`` lives), never from the current directory, so the CRM finds the same files
whether it is started from the repository root or from inside ``crm_events/``.

The checks stay cheap: no import the program would not make anyway, no network.
"""

import io
import re
import warnings
import zoneinfo
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

REPO_ROOT = Path(__file__).resolve().parents[2]

env = environ.Env()
# A line of .env as django-environ reads it (NAME=value); any other (a comment aside) it skips
# with a warning that repeats the whole line, value included.
_ENV_NAME = r"(?:export )?[A-Za-z_0-9]+"


def read_env_file(path: Path) -> None:
    """Load ``path`` into the environment, where values already set win (so CI and one-off
    overrides work). A line that is not ``NAME=value`` stops the start-up with its number and
    name: ``DEBUG = true`` would otherwise be skipped and the setting silently left at its
    default. The value is never repeated (it may be a password or a key)."""
    try:
        content = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return
    except (OSError, UnicodeDecodeError) as error:
        raise ImproperlyConfigured(f"{path.name} cannot be read ({type(error).__name__})") from None
    for number, line in enumerate(content.splitlines(), start=1):
        if re.match(_ENV_NAME + "=", line) or not line.strip() or line.lstrip().startswith("#"):
            continue
        name = line.partition("=")[0].strip()
        if "=" in line and re.fullmatch(_ENV_NAME, name):
            raise ImproperlyConfigured(
                f"{path.name} line {number} ({name}) is not read: write it {name}=value, "
                "with no space before '=' or at the start of the line"
            )
        raise ImproperlyConfigured(
            f"{path.name} line {number} is not NAME=value: write each setting as NAME=value, "
            "and a comment on a line of its own starting with #"
        )
    # Only the NAME=value lines, as checked above: django-environ would log an indented comment
    # as an "Invalid line", repeating it whole on the terminal.
    settings_lines = "\n".join(line for line in content.splitlines() if re.match(_ENV_NAME + "=", line))
    environ.Env.read_env(io.StringIO(settings_lines), overwrite=False)  # the text checked, not a second read


read_env_file(REPO_ROOT / ".env")

DATABASE_URL_EXAMPLES = "sqlite:///path/to/file.sqlite3 or postgres://USER:PASSWORD@HOST:5432/NAME"
# The two databases the CRM supports, each through Django's backend with the waits made
# bounded and interruptible (crm_core/backends).
CRM_ENGINES = {
    "django.db.backends.sqlite3": "crm_core.backends.sqlite3",
    "django.db.backends.postgresql": "crm_core.backends.postgresql",
}
SQLITE_ENGINE = CRM_ENGINES["django.db.backends.sqlite3"]
TRUE_WORDS = ("true", "yes", "on", "1")
FALSE_WORDS = ("false", "no", "off", "0")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
SENTRY_DSN_SHAPE = "https://PUBLIC_KEY@HOST/PROJECT_ID"


def _shown(value: str) -> str:
    """A value quoted back to the user, cut short; only for values that are never secret."""
    return value if len(value) <= 20 else value[:20] + "..."


def _comment_hint(value: str) -> str:
    """``.env`` keeps what follows the value on its line, comments included."""
    return " (a comment after the value? put comments on a line of their own)" if "#" in value else ""


def text(name: str, *, default: str) -> str:
    """The value of ``name`` without surrounding blanks; unset or empty means ``default``."""
    return env.str(name, default="").strip() or default


def path(name: str, *, default: str | Path) -> Path:
    """An absolute path: ``~`` expanded, relative paths taken from the repository root."""
    return _absolute(text(name, default=str(default)))


def _absolute(value: str) -> Path:
    return REPO_ROOT / Path(value).expanduser()  # an absolute right-hand side replaces REPO_ROOT


def whole_number(name: str, *, default: int, minimum: int, maximum: int, unit: str) -> int:
    """A whole number from ``minimum`` to ``maximum``; unset or empty means ``default``."""
    value = text(name, default="")
    if not value:
        return default
    if not (value.isascii() and value.isdigit()) or not minimum <= int(value) <= maximum:
        raise ImproperlyConfigured(
            f"{name} must be a whole number of {unit} from {minimum} to {maximum:,}, "
            f"not '{_shown(value)}'{_comment_hint(value)}"
        )
    return int(value)


def boolean(name: str, *, default: bool) -> bool:
    """true or false (also yes/no, on/off, 1/0, in any case); unset or empty means ``default``.

    Anything else is refused rather than read as false: ``SECURE_SSL_REDIRECT=ture`` must
    not quietly turn the HTTPS redirect off.
    """
    value = text(name, default="")
    if not value:
        return default
    if value.lower() in TRUE_WORDS:
        return True
    if value.lower() in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name} must be true or false (or yes/no, on/off, 1/0), not '{_shown(value)}'{_comment_hint(value)}"
    )


def time_zone(name: str = "TIME_ZONE", *, default: str = "Europe/Paris") -> str:
    """An IANA time zone name such as Europe/Paris; unset or empty means ``default``."""
    value = text(name, default=default)
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(
            f"{name} must be a time zone name such as Europe/Paris or UTC, not '{_shown(value)}'{_comment_hint(value)}"
        ) from None
    return value


def log_level(name: str = "LOG_LEVEL", *, default: str = "INFO") -> str:
    """One of Python's logging level names, in any case; unset or empty means ``default``."""
    value = text(name, default=default).upper()
    if value not in LOG_LEVELS:
        raise ImproperlyConfigured(
            f"{name} must be one of {', '.join(LOG_LEVELS)}, not '{_shown(value)}'{_comment_hint(value)}"
        )
    return value


def sentry_dsn(name: str = "SENTRY_DSN") -> str:
    """A Sentry DSN of the shape Sentry's SDK accepts, or "" (Sentry off). Never echoed: it is a key."""
    value = text(name, default="")
    if value and not _looks_like_a_dsn(value):
        raise ImproperlyConfigured(
            f"{name} must look like {SENTRY_DSN_SHAPE} (Sentry: Project Settings > Client Keys), "
            "or be left empty to send nothing"
        )
    return value


def _looks_like_a_dsn(value: str) -> bool:
    """What sentry_sdk's Dsn() requires, checked without importing it (start-up time)."""
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return False
    project_id = parts.path.rsplit("/", 1)[-1]
    return (
        parts.scheme in ("http", "https")
        and bool(parts.username)
        and bool(parts.hostname)
        and project_id.isascii()
        and project_id.isdigit()
    )


def _unencoded_password(url: str) -> bool:
    """``user:pa/ss@host``: a '/', '?' or '#' of the password ended the host part of the URL early."""
    _scheme, found, rest = url.partition("://")
    if not found:
        return False
    cut = min((rest.index(char) for char in "/?#" if char in rest), default=len(rest))
    host_part, after = rest[:cut], rest[cut:]
    # No database name holds '@'; a query option may, but then '=' comes before it.
    return "@" not in host_part and "@" in after and "=" not in after.split("@", 1)[0]


def database(name: str = "DATABASE_URL", *, default: str | None = None) -> dict:
    """Django's DATABASES entry for the URL in ``name``; the URL is never echoed (it may hold a password).

    Only a SQLite file and PostgreSQL are supported. A relative SQLite path is taken
    from the repository root. Unset or empty means ``default``; without one, it must be set.
    The entry carries the waits of ``database_timeouts``.
    """
    url = text(name, default=default or "")
    if not url:
        raise ImproperlyConfigured(f"{name} must be set (e.g. {DATABASE_URL_EXAMPLES})")
    if _unencoded_password(url):
        raise ImproperlyConfigured(
            f"{name} seems to hold a password with '/', '?' or '#': write those characters percent-encoded "
            "(%2F, %3F, %23), as a URL requires"
        )
    if any(char.isspace() for char in url):
        raise ImproperlyConfigured(
            f"{name} contains a space, which no database URL holds{_comment_hint(url)} "
            f"(expected {DATABASE_URL_EXAMPLES})"
        )
    with warnings.catch_warnings():
        # django-environ warns about an unknown scheme and carries on: refused just below.
        warnings.simplefilter("ignore")
        try:
            config = env.db_url_config(url)
        except ValueError as error:
            if "port" in str(error).lower():  # urllib: "Port out of range 0-65535", "Port could not be cast..."
                raise ImproperlyConfigured(
                    f"{name} has a port that is not a number from 1 to 65535 (expected {DATABASE_URL_EXAMPLES})"
                ) from None
            config = {}
        except KeyError:
            config = {}
    engine = config.get("ENGINE")
    if engine not in CRM_ENGINES:
        raise ImproperlyConfigured(
            f"{name} is not a database URL the CRM can use (expected {DATABASE_URL_EXAMPLES}, "
            "as only SQLite files and PostgreSQL are supported)"
        )
    if engine == "django.db.backends.sqlite3":
        if config["NAME"] in ("", ":memory:") or config.get("OPTIONS"):
            raise ImproperlyConfigured(
                f"{name} must name a SQLite file without options, not an in-memory database that each command "
                f"would lose (expected {DATABASE_URL_EXAMPLES})"
            )
        config["NAME"] = str(_absolute(config["NAME"]))
    elif not config["NAME"]:
        raise ImproperlyConfigured(f"{name} names no PostgreSQL database (expected {DATABASE_URL_EXAMPLES})")
    config["ENGINE"] = CRM_ENGINES[engine]
    _add_timeouts(config, database_timeouts())
    return config


def database_timeouts() -> dict:
    """How long the CRM waits for the database, in seconds (see .env.example).

    ``lock``: for another user's change to the same rows (PostgreSQL's lock_timeout) or,
    on SQLite, for the other writer to finish; ``connect`` and ``statement``: PostgreSQL
    only, for the server to accept the connection and to answer one statement.
    """
    return {
        "connect": whole_number("DATABASE_CONNECT_TIMEOUT", default=10, minimum=1, maximum=300, unit="seconds"),
        "lock": whole_number("DATABASE_LOCK_TIMEOUT", default=10, minimum=1, maximum=3600, unit="seconds"),
        "statement": whole_number(
            "DATABASE_STATEMENT_TIMEOUT", default=60, minimum=1, maximum=24 * 3600, unit="seconds"
        ),
    }


def _add_timeouts(config: dict, timeouts: dict) -> None:
    options = config.setdefault("OPTIONS", {})
    if config["ENGINE"] == SQLITE_ENGINE:
        options["busy_timeout"] = timeouts["lock"]  # read by crm_core.backends.sqlite3
        # Writers take the database's write lock when their transaction begins, so they queue
        # there, one at a time, rather than failing half-way (docs/architecture.md, concurrency).
        options["transaction_mode"] = "IMMEDIATE"
        return
    options["connect_timeout"] = timeouts["connect"]  # enforced by crm_core.backends.postgresql
    server_settings = f"-c lock_timeout={timeouts['lock']}s -c statement_timeout={timeouts['statement']}s"
    options["options"] = f"{options.get('options', '')} {server_settings}".strip()


def is_sqlite(config: dict) -> bool:
    return config["ENGINE"] == SQLITE_ENGINE
