"""Configuration variables, read from the environment and ``.env`` and checked on the way in.

A bad value stops start-up with ImproperlyConfigured naming the variable and what it
expects, in one sentence the CLI can show as is. Kept apart from the settings modules
so production can check its own variables before the shared settings run.
"""

import warnings
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()
# Values already in the environment win over the file, so CI and one-off overrides work.
environ.Env.read_env(Path(__file__).resolve().parents[2] / ".env", overwrite=False)

DATABASE_URL_EXAMPLES = "postgres://USER:PASSWORD@HOST:5432/NAME or sqlite:////absolute/path/epicevents.sqlite3"


def whole_number(name: str, *, default: int, minimum: int, maximum: int, unit: str) -> int:
    """A whole number from ``minimum`` to ``maximum``; unset or empty means ``default``."""
    text = env.str(name, default="").strip()
    if not text:
        return default
    if not (text.isascii() and text.isdigit()) or not minimum <= int(text) <= maximum:
        shown = text if len(text) <= 20 else text[:20] + "..."
        raise ImproperlyConfigured(
            f"{name} must be a whole number of {unit} from {minimum} to {maximum:,}, not '{shown}'"
        )
    return int(text)


def database(name: str = "DATABASE_URL", *, default: str | None = None) -> dict:
    """Django's DATABASES entry for the URL in ``name``; the URL is never echoed (it may hold a password)."""
    if not env.str(name, default=default or ""):
        raise ImproperlyConfigured(f"{name} must be set (e.g. {DATABASE_URL_EXAMPLES})")
    with warnings.catch_warnings():
        # django-environ warns about an unknown scheme and carries on with no engine: refused just below.
        warnings.simplefilter("ignore")
        try:
            config = env.db_url(name, default=default)
        except (ValueError, KeyError):
            config = {}
    if not config.get("ENGINE"):
        raise ImproperlyConfigured(f"{name} is not a database URL the CRM can use (expected {DATABASE_URL_EXAMPLES})")
    return config
