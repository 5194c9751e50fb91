"""Authentication: proving who the employee is. What they may do is ``crm_core.policy``.

- ``login`` checks email + password (with lockout) and opens a server-side session;
- ``authenticate_token`` turns a stored token back into an active employee, reading
  the employee and the session from the database at every call;
- ``logout`` and ``revoke_sessions`` end sessions on the server, so a copy of a token
  stops working too.
"""

import datetime as dt
import logging
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from crm_core import audit, clock
from crm_core.errors import NotAuthenticated
from crm_core.validation import InvalidValue, clean_email, undecodable
from epic_auth_app import tokens
from epic_auth_app.models import AuthSession, Employee

logger = logging.getLogger(__name__)

# Deliberately the same sentence for an unknown email, a wrong password, a locked or
# disabled account: the answer must not tell an attacker which emails exist.
LOGIN_REFUSED = (
    "Login refused: wrong email or password, or the account is locked after repeated failures; "
    "check your credentials and try again later, or ask a manager."
)
NOT_LOGGED_IN = f"You are not logged in; {tokens.LOG_IN_AGAIN}."
SESSION_REVOKED = (
    "Your session has ended (logged out, replaced by a later login, password changed or account removed); "
    f"{tokens.LOG_IN_AGAIN}."
)


LAST_USED_PRECISION = dt.timedelta(minutes=1)
# What one password check found (``_check_password_in_turn``).
ACCEPTED, UNKNOWN, LOCKED, REFUSED, LOCKED_NOW = "accepted", "unknown", "locked", "refused", "locked now"


class LoginResult(NamedTuple):
    employee: Employee
    token: str
    expires_at: dt.datetime


def _dummy_hash_check(password: str) -> None:
    """Spend the time a real password check would, so unknown emails are not faster."""
    make_password(password)


def authenticate_credentials(*, email, password) -> Employee:
    """Return the active employee with these credentials, or raise NotAuthenticated.

    LOGIN_MAX_FAILURES consecutive failures lock the account for LOGIN_LOCKOUT_MINUTES;
    a success resets the count. The password checks of one account take turns (its row
    stays locked during the check), so however many logins arrive at once, at most
    LOGIN_MAX_FAILURES passwords are checked before the lock, and a lock taken by an
    earlier check wins over a right password checked after it. A locked account still
    costs the time of a check, spent on a hash of nothing, so it looks like any refusal.
    """
    if not isinstance(email, str) or not isinstance(password, str) or not password:
        raise NotAuthenticated(LOGIN_REFUSED)
    if undecodable(password):  # no password matches, and bcrypt cannot hash them
        raise NotAuthenticated(LOGIN_REFUSED)
    try:
        address = clean_email(email)
    except InvalidValue:
        address = None  # not an address (or holds characters no database may see): no lookup at all
    employee, outcome = _check_password_in_turn(address, password) if address is not None else (None, UNKNOWN)
    if outcome == ACCEPTED:
        return employee
    if outcome in (UNKNOWN, LOCKED):
        _dummy_hash_check(password)
    if outcome == UNKNOWN:
        audit.login_failed(employee_id=None, reason="unknown or inactive account")
    elif outcome == LOCKED:
        audit.login_failed(employee_id=employee.pk, reason="account locked")
    else:
        audit.login_failed(employee_id=employee.pk, reason="wrong password", locked=outcome == LOCKED_NOW)
    raise NotAuthenticated(LOGIN_REFUSED)


def _check_password_in_turn(address: str, password: str) -> tuple[Employee | None, str]:
    """Check the password with the employee's row locked, and record the outcome before unlocking.

    FOR NO KEY UPDATE: other logins of this account wait here (DATABASE_LOCK_TIMEOUT)
    and then read the count this one left; records that merely point to the employee
    (sessions, clients) are not held up. On SQLite the write lock does the same.
    """
    with transaction.atomic():
        employee = (
            Employee.objects.select_for_update(no_key=True, of=("self",))
            .select_related("department")
            .filter(email=address, is_active=True)
            .first()
        )
        if employee is None:
            return None, UNKNOWN
        now = clock.now()
        if employee.locked_until and employee.locked_until > now:
            return employee, LOCKED
        if employee.check_password(password):
            if employee.failed_login_count or employee.locked_until:
                Employee.objects.filter(pk=employee.pk).update(failed_login_count=0, locked_until=None)
            return employee, ACCEPTED
        failures = employee.failed_login_count + 1
        if failures >= settings.LOGIN_MAX_FAILURES:
            until = now + dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
            Employee.objects.filter(pk=employee.pk).update(failed_login_count=0, locked_until=until)
            return employee, LOCKED_NOW
        Employee.objects.filter(pk=employee.pk).update(failed_login_count=failures)
        return employee, REFUSED


def login(*, email, password) -> LoginResult:
    """Check the credentials and open a session; anyone may call it.

    The caller keeps the token (the CLI in its session file, cli.gateway) and ends the
    session it replaces; this function only opens the new one.
    """
    employee = authenticate_credentials(email=email, password=password)
    now = clock.now()
    token, claims = tokens.issue(employee.pk, now)
    AuthSession.objects.create(
        jti=claims.session_id, employee=employee, issued_at=claims.issued_at, expires_at=claims.expires_at
    )
    audit.logged_in(employee)
    return LoginResult(employee=employee, token=token, expires_at=claims.expires_at)


def authenticate_token(token: str | None) -> Employee:
    """The active employee behind a stored token (one query), or NotAuthenticated."""
    if token is None:
        raise NotAuthenticated(NOT_LOGGED_IN)
    claims = tokens.read(token)
    session = (
        AuthSession.objects.select_related("employee__department")
        .filter(jti=claims.session_id, employee_id=claims.employee_id)
        .first()
    )
    if session is None or session.revoked_at is not None or not session.employee.is_active:
        raise NotAuthenticated(SESSION_REVOKED)
    now = clock.now()
    if session.expires_at <= now:
        raise NotAuthenticated(f"Your session has expired; {tokens.LOG_IN_AGAIN}.")
    _note_use(session, now)
    return session.employee


def _note_use(session: AuthSession, now: dt.datetime) -> None:
    """Keep "last used" (shown to administrators) to the minute: one write a minute at most per
    session, so a busy session costs no write on most commands. Unused since login: issued_at."""
    if now - (session.last_used_at or session.issued_at) >= LAST_USED_PRECISION:
        AuthSession.objects.filter(pk=session.pk).update(last_used_at=now)


def logout(token: str | None) -> bool:
    """Revoke the session named by ``token``; True if a live session was ended."""
    if not token:
        return False
    try:
        claims = tokens.read(token)
    except NotAuthenticated:
        return False
    ended = AuthSession.objects.filter(jti=claims.session_id, revoked_at__isnull=True).update(revoked_at=clock.now())
    return ended > 0


def revoke_sessions(employee_id: int) -> int:
    """End every open session of an employee (password change, removal)."""
    return AuthSession.objects.filter(employee_id=employee_id, revoked_at__isnull=True).update(revoked_at=clock.now())
