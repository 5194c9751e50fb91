"""``manage.py`` and the web server: the CLI settings plus Django admin."""

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
    # Tooling above the apps (demo and volume data, bench, schema diagram): manage.py only.
    "crm_tools",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
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
