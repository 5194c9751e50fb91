"""Thirty logins of one account at once, 29 wrong and the right one among them (SPEC §4 lockout).

Each login runs in its own thread with its own database connection, so the database sees
them in parallel. Whatever the interleaving: at most LOGIN_MAX_FAILURES passwords are
checked per window (a window ends with a lock or a success), and a right password checked
once the account is locked is refused.
"""

import threading

import pytest
from django.db import connection

from crm_core import clock
from crm_core.errors import NotAuthenticated
from epic_auth_app.authentication import authenticate_credentials
from epic_auth_app.models import Employee
from tests.factories import PASSWORD, make_employee

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EMAIL = "kate@epicevents.example"
BURST = 30
RIGHT_ONE = 17  # the right password starts among the wrong ones


def burst(passwords: list[str]) -> list[str]:
    """Every login started at once; each one's outcome, "accepted" or "refused"."""
    barrier = threading.Barrier(len(passwords))
    outcomes = [""] * len(passwords)

    def attempt(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            authenticate_credentials(email=EMAIL, password=passwords[index])
            outcomes[index] = "accepted"
        except NotAuthenticated:
            outcomes[index] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(index,)) for index in range(len(passwords))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.fixture
def checks(monkeypatch):
    """The outcome of every real password check of the account, in the order they ran."""
    seen = []
    check_password = Employee.check_password

    def counted(employee, raw_password):
        outcome = check_password(employee, raw_password)
        seen.append(outcome)  # list.append is atomic; the row lock orders the checks
        return outcome

    monkeypatch.setattr(Employee, "check_password", counted)
    return seen


@pytest.mark.parametrize("max_failures", [5, 1])
def test_a_parallel_burst_checks_at_most_the_allowed_passwords_per_window(settings, checks, max_failures):
    settings.LOGIN_MAX_FAILURES = max_failures
    make_employee(email=EMAIL)
    passwords = [f"wrong-password-{n:02}" for n in range(BURST)]
    passwords[RIGHT_ONE] = PASSWORD

    outcomes = burst(passwords)

    assert set(outcomes) <= {"accepted", "refused"}
    failures_in_window = 0
    for right in checks:
        if right:  # a success before the lock ends the window; after it, none may happen
            assert failures_in_window < max_failures, checks
            failures_in_window = 0
        else:
            failures_in_window += 1
            assert failures_in_window <= max_failures, checks
    assert len(checks) <= 2 * max_failures  # one window before the right password, one after
    assert outcomes.count("accepted") == checks.count(True) <= 1
    assert Employee.objects.get(email=EMAIL).locked_until > clock.now()  # 29 wrong guesses lock it


def test_the_right_password_arriving_after_the_lock_is_refused_unchecked(settings, checks):
    settings.LOGIN_MAX_FAILURES = 5
    make_employee(email=EMAIL)
    wrong = [f"wrong-password-{n:02}" for n in range(BURST)]

    assert burst(wrong) == ["refused"] * BURST
    assert checks == [False] * 5

    assert burst([PASSWORD] * 3) == ["refused"] * 3
    assert checks == [False] * 5  # locked: the right password is not even checked
