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

import warnings
import zoneinfo
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

REPO_ROOT = Path(__file__).resolve().parents[2]

env = environ.Env()
# Values already in the environment win over the file, so CI and one-off overrides work.
environ.Env.read_env(REPO_ROOT / ".env", overwrite=False)

DATABASE_URL_EXAMPLES = "sqlite:///path/to/file.sqlite3 or postgres://USER:PASSWORD@HOST:5432/NAME"
SUPPORTED_ENGINES = ("django.db.backends.sqlite3", "django.db.backends.postgresql")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
SENTRY_DSN_SHAPE = "https://PUBLIC_KEY@HOST/PROJECT_ID"


def _shown(value: str) -> str:
    """A value quoted back to the user, cut short; only for values that are never secret."""
    return value if len(value) <= 20 else value[:20] + "..."


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
            f"{name} must be a whole number of {unit} from {minimum} to {maximum:,}, not '{_shown(value)}'"
        )
    return int(value)


def time_zone(name: str = "TIME_ZONE", *, default: str = "Europe/Paris") -> str:
    """An IANA time zone name such as Europe/Paris; unset or empty means ``default``."""
    value = text(name, default=default)
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(
            f"{name} must be a time zone name such as Europe/Paris or UTC, not '{_shown(value)}'"
        ) from None
    return value


def log_level(name: str = "LOG_LEVEL", *, default: str = "INFO") -> str:
    """One of Python's logging level names, in any case; unset or empty means ``default``."""
    value = text(name, default=default).upper()
    if value not in LOG_LEVELS:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(LOG_LEVELS)}, not '{_shown(value)}'")
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


def database(name: str = "DATABASE_URL", *, default: str | None = None) -> dict:
    """Django's DATABASES entry for the URL in ``name``; the URL is never echoed (it may hold a password).

    Only a SQLite file and PostgreSQL are supported. A relative SQLite path is taken
    from the repository root. Unset or empty means ``default``; without one, it must be set.
    """
    url = text(name, default=default or "")
    if not url:
        raise ImproperlyConfigured(f"{name} must be set (e.g. {DATABASE_URL_EXAMPLES})")
    with warnings.catch_warnings():
        # django-environ warns about an unknown scheme and carries on: refused just below.
        warnings.simplefilter("ignore")
        try:
            config = env.db_url_config(url)
        except (ValueError, KeyError):
            config = {}
    engine = config.get("ENGINE")
    if engine not in SUPPORTED_ENGINES:
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
    return config
