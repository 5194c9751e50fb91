"""Production: the web settings, hardened, and no fallback for any secret.

Selected with ``DJANGO_SETTINGS_MODULE=config.settings.production``. Start-up fails
with ImproperlyConfigured when SECRET_KEY, JWT_SECRET_KEY or DATABASE_URL is missing
or unusable, and does so before the shared settings run: they would otherwise
generate local keys into DATA_DIR, as the embedded default does, before refusing.
"""

from django.core.exceptions import ImproperlyConfigured

from config.variables import boolean, database, env, text, whole_number


def _required_secret(name: str) -> str:
    value = env.str(name, default="")
    if len(value) < 50:
        raise ImproperlyConfigured(f"{name} must be set to at least 50 random characters in production")
    return value


_secrets = {name: _required_secret(name) for name in ("SECRET_KEY", "JWT_SECRET_KEY")}
_database = database("DATABASE_URL")

from config.settings.default import *  # noqa: E402,F403 - only once the checks above passed

SECRET_KEY = _secrets["SECRET_KEY"]
JWT_SECRET_KEY = _secrets["JWT_SECRET_KEY"]
DATABASES = {"default": _database}
DEBUG = False

SECURE_SSL_REDIRECT = boolean("SECURE_SSL_REDIRECT", default=True)
# Whether a request came over HTTPS is the WSGI server's to say (wsgi.url_scheme): gunicorn
# started by `manage.py serve` believes X-Forwarded-Proto only from TRUSTED_PROXIES. Django's
# SECURE_PROXY_SSL_HEADER would believe it from anyone who can reach the server, so it stays unset.
SECURE_PROXY_SSL_HEADER = None
SECURE_HSTS_SECONDS = whole_number(
    "SECURE_HSTS_SECONDS", default=31536000, minimum=0, maximum=2 * 31536000, unit="seconds"
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
SENTRY_ENVIRONMENT = text("SENTRY_ENVIRONMENT", default="production")
