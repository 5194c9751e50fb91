"""Login, lockout and sessions through the authentication functions (SPEC §4)."""

import datetime as dt

import bcrypt
import pytest

from crm_core import clock
from crm_core.errors import NotAuthenticated
from epic_auth_app.authentication import LOGIN_REFUSED, authenticate_token, login, logout
from epic_auth_app.models import AuthSession, Employee
from tests.factories import PASSWORD, make_employee

pytestmark = pytest.mark.django_db


def refusal_of(**credentials) -> str:
    with pytest.raises(NotAuthenticated) as caught:
        login(**credentials)
    return caught.value.message


def test_correct_credentials_open_a_session_naming_the_employee():
    seller = make_employee("sales", email="bill@epicevents.example")
    result = login(email="Bill@EpicEvents.example ", password=PASSWORD)
    assert result.employee == seller
    assert authenticate_token(result.token) == seller
    assert AuthSession.objects.filter(employee=seller, revoked_at__isnull=True).count() == 1


def test_wrong_password_unknown_email_and_locked_account_read_the_same(settings):
    settings.LOGIN_MAX_FAILURES = 2
    make_employee(email="kate@epicevents.example")
    wrong_password = refusal_of(email="kate@epicevents.example", password="not-her-password-123")
    unknown = refusal_of(email="nobody@epicevents.example", password=PASSWORD)
    refusal_of(email="kate@epicevents.example", password="not-her-password-123")  # now locked
    locked = refusal_of(email="kate@epicevents.example", password=PASSWORD)
    assert wrong_password == unknown == locked == LOGIN_REFUSED


def test_unknown_email_costs_a_bcrypt_hash_like_a_wrong_password(monkeypatch):
    make_employee(email="kate@epicevents.example")
    calls = []
    real_hashpw = bcrypt.hashpw
    monkeypatch.setattr(bcrypt, "hashpw", lambda *args: calls.append(1) or real_hashpw(*args))
    refusal_of(email="kate@epicevents.example", password="not-her-password-123")
    wrong_password_hashes = len(calls)
    calls.clear()
    refusal_of(email="nobody@epicevents.example", password="not-her-password-123")
    assert wrong_password_hashes == len(calls) == 1


def test_five_failures_lock_the_account_for_fifteen_minutes(monkeypatch):
    employee = make_employee(email="kate@epicevents.example")
    start = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(clock, "now", lambda: start)
    for _ in range(4):
        refusal_of(email="kate@epicevents.example", password="wrong-password-123")
    assert login(email="kate@epicevents.example", password=PASSWORD).employee == employee  # 4 do not lock
    for _ in range(5):
        refusal_of(email="kate@epicevents.example", password="wrong-password-123")
    refusal_of(email="kate@epicevents.example", password=PASSWORD)  # locked: even the right password

    monkeypatch.setattr(clock, "now", lambda: start + dt.timedelta(minutes=14, seconds=59))
    refusal_of(email="kate@epicevents.example", password=PASSWORD)
    monkeypatch.setattr(clock, "now", lambda: start + dt.timedelta(minutes=15, seconds=1))
    assert login(email="kate@epicevents.example", password=PASSWORD).employee == employee


def test_failures_are_counted_only_when_consecutive():
    make_employee(email="kate@epicevents.example")
    for _ in range(3):
        for _ in range(4):
            refusal_of(email="kate@epicevents.example", password="wrong-password-123")
        login(email="kate@epicevents.example", password=PASSWORD)
    assert Employee.objects.get(email="kate@epicevents.example").locked_until is None


def test_lockout_threshold_and_duration_are_configurable(settings, monkeypatch):
    settings.LOGIN_MAX_FAILURES = 2
    settings.LOGIN_LOCKOUT_MINUTES = 1
    make_employee(email="kate@epicevents.example")
    start = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(clock, "now", lambda: start)
    for _ in range(2):
        refusal_of(email="kate@epicevents.example", password="wrong-password-123")
    refusal_of(email="kate@epicevents.example", password=PASSWORD)
    monkeypatch.setattr(clock, "now", lambda: start + dt.timedelta(seconds=61))
    login(email="kate@epicevents.example", password=PASSWORD)


@pytest.mark.parametrize("email, password", [(None, PASSWORD), ("kate@epicevents.example", None), (3, 4), ("", "")])
def test_malformed_credentials_are_refused_like_wrong_ones(email, password):
    make_employee(email="kate@epicevents.example")
    assert refusal_of(email=email, password=password) == LOGIN_REFUSED


def test_a_password_holding_bytes_that_were_not_utf8_is_refused_like_a_wrong_one():
    make_employee(email="kate@epicevents.example")
    assert refusal_of(email="kate@epicevents.example", password="caf\udce9-latin1") == LOGIN_REFUSED


def test_inactive_employee_cannot_log_in():
    make_employee(email="kate@epicevents.example", is_active=False)
    assert refusal_of(email="kate@epicevents.example", password=PASSWORD) == LOGIN_REFUSED


def test_logout_revokes_the_session_on_the_server():
    make_employee(email="kate@epicevents.example")
    token = login(email="kate@epicevents.example", password=PASSWORD).token
    assert logout(token) is True
    with pytest.raises(NotAuthenticated, match="session has ended"):
        authenticate_token(token)
    assert logout(token) is False


def test_deactivated_employee_loses_open_sessions_at_once():
    employee = make_employee(email="kate@epicevents.example")
    token = login(email="kate@epicevents.example", password=PASSWORD).token
    Employee.objects.filter(pk=employee.pk).update(is_active=False)
    with pytest.raises(NotAuthenticated):
        authenticate_token(token)


def test_session_rows_are_checked_for_expiry_too(monkeypatch):
    make_employee(email="kate@epicevents.example")
    result = login(email="kate@epicevents.example", password=PASSWORD)
    AuthSession.objects.update(expires_at=clock.now() - dt.timedelta(seconds=1))
    with pytest.raises(NotAuthenticated, match="expired"):
        authenticate_token(result.token)


def test_no_token_means_not_logged_in():
    with pytest.raises(NotAuthenticated, match="not logged in"):
        authenticate_token(None)


@pytest.mark.parametrize("email", ["kate\x00@epicevents.example", "\ud800@x.io", "x" * 10_000, "not an email"])
def test_unusable_emails_are_refused_without_reaching_the_database(email, django_assert_num_queries):
    make_employee(email="kate@epicevents.example")
    with django_assert_num_queries(0):
        assert refusal_of(email=email, password=PASSWORD) == LOGIN_REFUSED
