"""WSGI entry point for serving Django admin (e.g. ``gunicorn config.wsgi``).

``manage.py runserver`` loads it too (settings.WSGI_APPLICATION), so both start the
same logging and, when SENTRY_DSN is set, Sentry. The terminal program never imports
this module: it starts them in ``main.py``.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")


def _start_observability() -> None:
    from django.conf import settings

    from crm_core import observability

    observability.configure_logging(settings)
    observability.init_sentry(settings)


# Before the application is built, so Sentry's Django integration sees all of it.
_start_observability()
application = get_wsgi_application()
