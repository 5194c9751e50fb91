"""A locked account is opened again by management: a password reset, or an explicit unlock (SPEC §3).

The lockout itself (five failures, fifteen minutes, one refusal sentence) is in
tests/auth/test_login.py; here is the way back in, which must not need the wait.
"""

import datetime as dt
import logging

import pytest

from crm_core import clock
from crm_core.errors import InvalidInput, NotAuthenticated, NotFound, PermissionDenied, RuleViolation
from crm_core.serialization import to_dict
from epic_auth_app.authentication import login
from epic_auth_app.models import Employee
from epic_auth_app.serializers import EMPLOYEE_SHAPE
from epic_auth_app.services import employee_delete, employee_unlock, employee_update
from tests.factories import PASSWORD, make_employee
from tests.services.conftest import snapshot

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Reset-After-Lockout-2026"


def lock_out(employee: Employee, settings) -> None:
    """What a forgetful employee (or a guesser) does: LOGIN_MAX_FAILURES wrong passwords."""
    for _ in range(settings.LOGIN_MAX_FAILURES):
        with pytest.raises(NotAuthenticated):
            login(email=employee.email, password="Not-The-Password-000")
    with pytest.raises(NotAuthenticated):
        login(email=employee.email, password=PASSWORD)  # locked: even the right password is refused


def test_a_password_reset_by_management_lets_the_employee_in_at_once(manager, seller, settings):
    lock_out(seller, settings)
    employee_update(actor=manager, employee_id=seller.pk, data={"password": NEW_PASSWORD})
    assert login(email=seller.email, password=NEW_PASSWORD).employee == seller


def test_a_reset_also_forgets_earlier_failures(manager, seller, settings):
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        with pytest.raises(NotAuthenticated):
            login(email=seller.email, password="Not-The-Password-000")
    employee_update(actor=manager, employee_id=seller.pk, data={"password": NEW_PASSWORD})
    with pytest.raises(NotAuthenticated):
        login(email=seller.email, password="One-More-Typo-000")
    assert login(email=seller.email, password=NEW_PASSWORD)  # one failure since the reset: not locked


def test_a_manager_unlocks_an_account_and_its_password_works_again(manager, seller, settings, caplog):
    lock_out(seller, settings)
    with caplog.at_level(logging.INFO, logger="crm.audit"):
        unlock = employee_unlock(actor=manager, employee_id=seller.pk)
    assert unlock.was_locked and unlock.employee == seller
    assert login(email=seller.email, password=PASSWORD).employee == seller
    assert (
        f"employee.unlocked actor_department=management actor_id={manager.pk} department=sales "
        f"employee_id={seller.pk}" in caplog.messages
    )


def test_unlocking_an_account_that_is_not_locked_changes_nothing(manager, seller, caplog):
    before = snapshot()
    with caplog.at_level(logging.INFO, logger="crm.audit"):
        unlock = employee_unlock(actor=manager, employee_id=seller.pk)
    assert not unlock.was_locked
    assert snapshot() == before
    assert not [line for line in caplog.messages if line.startswith("employee.unlocked")]


def test_a_lock_that_has_run_out_is_not_reported_as_one(manager, seller, settings, monkeypatch):
    lock_out(seller, settings)
    later = clock.now() + dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES, seconds=1)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert not employee_unlock(actor=manager, employee_id=seller.pk).was_locked


def test_a_manager_may_unlock_an_administrator_which_grants_nothing(manager, settings):
    administrator = make_employee("management", is_superuser=True, is_staff=True)
    lock_out(administrator, settings)
    assert employee_unlock(actor=manager, employee_id=administrator.pk).was_locked
    administrator.refresh_from_db()
    assert administrator.check_password(PASSWORD)  # still their own password: only they can log in


def test_a_removed_account_stays_closed(manager, seller):
    employee_delete(actor=manager, employee_id=seller.pk)
    with pytest.raises(RuleViolation, match="was removed"):
        employee_unlock(actor=manager, employee_id=seller.pk)


def test_an_unknown_or_malformed_id_is_refused_with_a_sentence(manager):
    with pytest.raises(NotFound, match="No employee with id 424242"):
        employee_unlock(actor=manager, employee_id=424242)
    with pytest.raises(InvalidInput, match="Employee id: expected a record id"):
        employee_unlock(actor=manager, employee_id="abc")


@pytest.mark.parametrize("department", ["sales", "support"])
def test_only_management_unlocks(department, seller, settings):
    actor = make_employee(department)
    lock_out(seller, settings)
    before = snapshot()
    with pytest.raises(PermissionDenied, match="Only management"):
        employee_unlock(actor=actor, employee_id=seller.pk)
    assert snapshot() == before


def test_the_employee_record_says_until_when_it_is_locked(manager, seller, settings):
    assert to_dict(EMPLOYEE_SHAPE, seller)["locked_until"] is None
    lock_out(seller, settings)
    seller.refresh_from_db()
    shown = to_dict(EMPLOYEE_SHAPE, seller)["locked_until"]
    assert dt.datetime.fromisoformat(shown) == seller.locked_until
    employee_unlock(actor=manager, employee_id=seller.pk)
    seller.refresh_from_db()
    assert to_dict(EMPLOYEE_SHAPE, seller)["locked_until"] is None
