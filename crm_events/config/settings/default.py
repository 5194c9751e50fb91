"""``manage.py`` and the web server: the CLI settings plus Django admin and the HTTPS API."""

from config.settings.base import *  # noqa: F403
from config.settings.base import INSTALLED_APPS, REPO_ROOT, env
from config.variables import path, whole_number

INSTALLED_APPS = [
    # Django admin with the CRM's site: IT administrators (active superusers) only.
    "epic_auth_app.admin_apps.CrmAdminConfig",
    *INSTALLED_APPS,
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # The HTTPS API under /api/v1/ (Django REST Framework, its OpenAPI schema by drf-spectacular);
    # its own app ("api") is in the shared list, for the login failures an unlock forgets.
    "rest_framework",
    "drf_spectacular",
    # Tooling above the apps (demo and volume data, bench, schema diagram): manage.py only.
    "crm_tools",
]

MIDDLEWARE = [
    # Outermost, so that nothing under /api/ ever answers an HTML page, whatever DEBUG says.
    "api.middleware.ApiResponsesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # The admin's static files, served by the same process (manage.py serve): no web server needed for them.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Dates in the admin as the CLI shows them (config/formats/en/formats.py).
FORMAT_MODULE_PATH = "config.formats"

STATIC_URL = "static/"
STATIC_ROOT = str(path("STATIC_ROOT", default=REPO_ROOT / "staticfiles"))

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = whole_number(
    "ADMIN_SESSION_SECONDS", default=8 * 3600, minimum=60, maximum=366 * 24 * 3600, unit="seconds"
)
X_FRAME_OPTIONS = "DENY"

# -- The HTTPS API (crm_events/api/, docs/api.md) ----------------------------------------

# Proxies (IP addresses) in front of this server that terminate HTTPS: only requests from
# them may say X-Forwarded-Proto (read by gunicorn, see manage.py serve) and X-Forwarded-For
# (the client address the login throttle counts). Empty: no proxy is believed.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

API_MAX_BODY_BYTES = whole_number(
    "API_MAX_BODY_BYTES", default=64 * 1024, minimum=1024, maximum=10 * 1024 * 1024, unit="bytes"
)
# Login throttling on top of the lockout (api/throttling.py; trade-off in docs/security.md).
API_LOGIN_THROTTLE_MINUTES = whole_number(
    "API_LOGIN_THROTTLE_MINUTES", default=15, minimum=1, maximum=24 * 60, unit="minutes"
)
API_LOGIN_FAILURES_PER_ADDRESS = whole_number(
    "API_LOGIN_FAILURES_PER_ADDRESS", default=10, minimum=1, maximum=100_000, unit="failed logins"
)
API_LOGIN_FAILURES_PER_ACCOUNT = whole_number(
    "API_LOGIN_FAILURES_PER_ACCOUNT", default=10, minimum=1, maximum=100_000, unit="failed logins"
)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JsonBodyParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.parsers.JsonOnly",
    "DEFAULT_THROTTLE_CLASSES": [],
    "DEFAULT_SCHEMA_CLASS": "api.schema.CrmAutoSchema",
    # No OPTIONS self-description (and so no CORS preflight answer): the schema is /api/v1/openapi.json.
    "DEFAULT_METADATA_CLASS": None,
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "UNAUTHENTICATED_USER": None,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Epic Events CRM API",
    "DESCRIPTION": "The CRM's operations over HTTPS, with the rules of the command line (docs/api.md).",
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PUBLIC": True,
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "POSTPROCESSING_HOOKS": ["api.schema.add_components"],
    "DISABLE_ERRORS_AND_WARNINGS": False,
}
