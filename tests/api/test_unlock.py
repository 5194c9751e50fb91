"""POST /api/v1/employees/{id}/unlock (issue 13, item 1): management lets a locked employee in at once."""

import pytest

from crm_core.errors import NotAuthenticated
from epic_auth_app.authentication import login
from tests.api.conftest import body_of
from tests.factories import PASSWORD, make_employee
from tests.services.conftest import snapshot

pytestmark = pytest.mark.django_db

YES, NO = True, False
# SPEC §3, "unlock a locked account": management yes, sales no, support no.
MAY_UNLOCK = {"management": YES, "sales": NO, "support": NO}


def lock_out(employee, settings) -> None:
    for _ in range(settings.LOGIN_MAX_FAILURES):
        with pytest.raises(NotAuthenticated):
            login(email=employee.email, password="Not-The-Password-000")
    with pytest.raises(NotAuthenticated):
        login(email=employee.email, password=PASSWORD)


@pytest.mark.parametrize("department", MAY_UNLOCK)
def test_who_may_unlock_spec_3(api, settings, department):
    caller = api.as_(make_employee(department))
    locked = make_employee("sales")
    lock_out(locked, settings)
    before = snapshot()

    answer = caller.post(f"employees/{locked.pk}/unlock")

    if MAY_UNLOCK[department]:
        assert answer.status_code == 200, answer.content
        body = body_of(answer)
        assert body["was_locked"] is True
        assert (body["employee"]["id"], body["employee"]["locked_until"]) == (locked.pk, None)
        assert login(email=locked.email, password=PASSWORD).employee == locked
        again = body_of(caller.post(f"employees/{locked.pk}/unlock"))
        assert again["was_locked"] is False
    else:
        assert answer.status_code == 403
        assert body_of(answer) == {"detail": "Only management can unlock an account; ask a manager."}
        assert snapshot() == before


@pytest.mark.parametrize("record_id, status", [("424242", 404), ("x", 400)])
def test_unknown_ids_answer_as_show(api, manager, record_id, status):
    caller = api.as_(manager)
    answer = caller.post(f"employees/{record_id}/unlock")
    assert (answer.status_code, body_of(answer)) == (status, body_of(caller.get(f"employees/{record_id}")))


def test_a_removed_employee_cannot_be_unlocked_and_other_methods_are_405(api, manager, seller, other_seller):
    caller = api.as_(manager)
    assert caller.delete(f"employees/{seller.pk}?reassign_to={other_seller.pk}").status_code == 200
    assert caller.post(f"employees/{seller.pk}/unlock").status_code == 409
    assert caller.get(f"employees/{other_seller.pk}/unlock").status_code == 405
    assert caller.post(f"employees/{other_seller.pk}/unlock?force=true").status_code == 400
