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
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

REPO_ROOT = Path(__file__).resolve().parents[2]

env = environ.Env()
# Values already in the environment win over the file, so CI and one-off overrides work.
environ.Env.read_env(REPO_ROOT / ".env", overwrite=False)

DATABASE_URL_EXAMPLES = "sqlite:///path/to/file.sqlite3 or postgres://USER:PASSWORD@HOST:5432/NAME"
SUPPORTED_ENGINES = ("django.db.backends.sqlite3", "django.db.backends.postgresql")


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
