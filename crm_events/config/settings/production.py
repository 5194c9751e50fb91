"""Production: the web settings, hardened, and no fallback for any secret.

Selected with ``DJANGO_SETTINGS_MODULE=config.settings.production``. Start-up fails
with ImproperlyConfigured when SECRET_KEY, JWT_SECRET_KEY or DATABASE_URL is missing,
instead of silently generating keys as the embedded default does.
"""

from django.core.exceptions import ImproperlyConfigured

from config.settings.default import *  # noqa: F403
from config.settings.default import env

SECRET_KEY = env.str("SECRET_KEY")
JWT_SECRET_KEY = env.str("JWT_SECRET_KEY")
DATABASES = {"default": env.db_url("DATABASE_URL")}
DEBUG = False

for _name, _value in (("SECRET_KEY", SECRET_KEY), ("JWT_SECRET_KEY", JWT_SECRET_KEY)):
    if len(_value) < 50:
        raise ImproperlyConfigured(f"{_name} must be at least 50 characters long in production.")

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
SENTRY_ENVIRONMENT = env.str("SENTRY_ENVIRONMENT", default="production")
