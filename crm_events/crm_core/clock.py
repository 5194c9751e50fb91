"""The one place that reads the time, so tests can move it (lockout expiry, sessions)."""

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    return timezone.now()
