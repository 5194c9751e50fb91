"""Settings shared by every entry point, read from the environment and ``.env``."""

from django.core.exceptions import ImproperlyConfigured

from config.local_secrets import load_or_create_local_secrets
from config.variables import (
    REPO_ROOT,
    boolean,
    database,
    database_timeouts,
    env,
    log_level,
    path,
    sentry_dsn,
    text,
    time_zone,
    whole_number,
)

PROJECT_DIR = REPO_ROOT / "crm_events"

# Upper bounds keep expiry dates within what dates can hold; a year is already far too long.
MINUTES_IN_A_YEAR = 366 * 24 * 60

DEBUG = boolean("DEBUG", default=False)

# Empty means the default and a relative path is taken from the repository root (see config.variables).
DATA_DIR = path("EPICEVENTS_DATA_DIR", default=REPO_ROOT / "data")
# EPICEVENTS_HOME (the session file) is the client's: cli.client_settings reads it, without Django.

DEFAULT_SQLITE_PATH = DATA_DIR / "epicevents.sqlite3"
DATABASES = {
    "default": database("DATABASE_URL", default=f"sqlite:///{DEFAULT_SQLITE_PATH}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Seconds; already in DATABASES' options, kept here too for the sentences that name them.
DATABASE_TIMEOUTS = database_timeouts()


# HS256 wants a key of at least its hash's size (RFC 7518, 3.2); epic_auth_app.tokens holds to it.
JWT_SECRET_MIN_BYTES = 32


def _secret(name: str) -> str:
    """Take the secret from the environment, else from the private file in DATA_DIR."""
    value = env.str(name, default="")
    if name == "JWT_SECRET_KEY" and value and len(value.encode()) < JWT_SECRET_MIN_BYTES:
        raise ImproperlyConfigured(
            f"JWT_SECRET_KEY is too short: set it to {JWT_SECRET_MIN_BYTES} bytes at least (e.g. 50 random "
            "characters), or leave it unset on a single machine, where a key is generated"
        )
    if value:
        return value
    try:
        return load_or_create_local_secrets(DATA_DIR)[name]
    except OSError as error:
        reason = "it is not a directory" if isinstance(error, FileExistsError) else error.strerror or error
        raise ImproperlyConfigured(
            f"EPICEVENTS_DATA_DIR ({DATA_DIR}) cannot hold the CRM's data ({reason}): "
            "set it to a directory you can write"
        ) from None


SECRET_KEY = _secret("SECRET_KEY")
JWT_SECRET_KEY = _secret("JWT_SECRET_KEY")
JWT_LIFETIME_MINUTES = whole_number(
    "JWT_LIFETIME_MINUTES", default=8 * 60, minimum=1, maximum=MINUTES_IN_A_YEAR, unit="minutes"
)

LOGIN_MAX_FAILURES = whole_number("LOGIN_MAX_FAILURES", default=5, minimum=1, maximum=1_000, unit="failed logins")
LOGIN_LOCKOUT_MINUTES = whole_number(
    "LOGIN_LOCKOUT_MINUTES", default=15, minimum=1, maximum=MINUTES_IN_A_YEAR, unit="minutes"
)

SENTRY_DSN = sentry_dsn("SENTRY_DSN")
SENTRY_ENVIRONMENT = text("SENTRY_ENVIRONMENT", default="development")
SENTRY_RELEASE = text("SENTRY_RELEASE", default="epicevents-crm@0.1.0")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    # Before django.contrib.auth, so that its createsuperuser (hiring through the staff
    # service) replaces Django's.
    "epic_auth_app",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "crm_core",
    "epic_clients_app",
    "epic_contracts_app",
    "epic_events_app",
    # The spreadsheet import, a use case above the three record apps (no models of its own).
    "epic_imports_app",
    # The API's login failures: listed here too (without loading Django REST Framework), so
    # that an unlock made from the terminal also forgets them (api/login_failures.py).
    "api",
]

AUTH_USER_MODEL = "epic_auth_app.Employee"
AUTHENTICATION_BACKENDS = ["epic_auth_app.backends.EmployeeBackend"]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "full_name")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {
            "min_length": whole_number("PASSWORD_MIN_LENGTH", default=12, minimum=1, maximum=128, unit="characters")
        },
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = time_zone("TIME_ZONE", default="Europe/Paris")
USE_I18N = False
USE_TZ = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

LOG_LEVEL = log_level("LOG_LEVEL", default="INFO")
LOG_FILE = path("LOG_FILE", default=DATA_DIR / "epicevents.log")
# Logging is configured by crm_core.observability once the program knows who it is
# (CLI, web, tests), so that a plain import of the settings never opens a file.
LOGGING_CONFIG = None
