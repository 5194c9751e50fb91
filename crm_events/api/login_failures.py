"""The API's failed logins as the throttle keys them, and their forgetting on an unlock.

Apart from ``api.throttling`` (which needs Django REST Framework) so that the terminal
program, which lists this app without loading the API, forgets an account's failures
too when a manager unlocks it from there: the unlock must let the employee in at once
from every entry point (SPEC §4), whichever entry point lifted it.
"""

import hashlib
import hmac

from django.conf import settings

from api.models import LoginFailure


def failure_key(kind: str, value: str) -> str:
    """An HMAC of "kind:value", never the address or email itself (the table holds no personal data)."""
    return hmac.new(settings.SECRET_KEY.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def account_of(email) -> str:
    return email.strip().lower()[:254] if isinstance(email, str) else ""


def forget_account_failures(sender, *, email, **kwargs) -> None:
    """An unlock or a new password (epic_auth_app.signals.lockout_cleared): the account's failures no longer count."""
    LoginFailure.objects.filter(key=failure_key("account", account_of(email))).delete()
