"""Login throttling, per client address and per account, on top of the account lockout.

The lockout (epic_auth_app.authentication) stops anyone guessing one account's password
for long; it cannot stop one address trying a common password on every account, nor
someone locking every account in turn. So the API also refuses (429, before any
password is checked) a login from an address with API_LOGIN_FAILURES_PER_ADDRESS
failures in the last API_LOGIN_THROTTLE_MINUTES, and a login to an account with
API_LOGIN_FAILURES_PER_ACCOUNT failures in that time, from any address.

Failures are rows in the database, not counters in memory: gunicorn runs several worker
processes (possibly on several hosts), and the database is what they all share. A row
is inserted per failure, so concurrent failures are never lost; concurrent attempts
can each pass the check before any of them is recorded, so a burst may exceed the limit
by at most the number of requests served at once, and the next attempt is refused.
The trade-off is in docs/security.md.
"""

import datetime as dt
import math

from django.conf import settings
from django.db.models import Count, Min
from rest_framework.throttling import BaseThrottle

from api.client_address import client_address
from api.login_failures import account_of, failure_key
from api.models import LoginFailure
from crm_core import clock


def _window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.API_LOGIN_THROTTLE_MINUTES)


def _keys(request, email) -> dict[str, int]:
    """Each throttle key of this attempt, with the number of failures it may hold."""
    keys = {failure_key("address", client_address(request)): settings.API_LOGIN_FAILURES_PER_ADDRESS}
    account = account_of(email)
    if account:
        keys[failure_key("account", account)] = settings.API_LOGIN_FAILURES_PER_ACCOUNT
    return keys


class LoginThrottle(BaseThrottle):
    """Refuses a login while its address or its account has too many recent failures."""

    def allow_request(self, request, view) -> bool:
        if request.method != "POST":
            return True
        keys = _keys(request, _email_of(request))
        now = clock.now()
        recent = (
            LoginFailure.objects.filter(key__in=list(keys), failed_at__gt=now - _window())
            .values("key")
            .annotate(failures=Count("id"), oldest=Min("failed_at"))
        )
        waits = [
            (row["oldest"] + _window() - now).total_seconds() for row in recent if row["failures"] >= keys[row["key"]]
        ]
        self._wait = max(waits) if waits else None
        return not waits

    def wait(self):
        return math.ceil(self._wait) if self._wait else None


def _email_of(request):
    data = request.data
    return data.get("email") if isinstance(data, dict) else None


def record_failure(request, email) -> None:
    """Count one failed login against its address and its account; forget failures past the window."""
    now = clock.now()
    LoginFailure.objects.bulk_create(LoginFailure(key=key, failed_at=now) for key in _keys(request, email))
    LoginFailure.objects.filter(failed_at__lte=now - _window()).delete()
