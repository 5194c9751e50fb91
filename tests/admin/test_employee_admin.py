"""Employees in the admin: the CLI's validators, hasher, handover and audit records, and no hash on screen."""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from epic_auth_app.authentication import authenticate_token, login
from epic_auth_app.models import Employee
from tests.admin.conftest import admin_url, form_errors
from tests.factories import PASSWORD, make_client
from tests.services.conftest import snapshot

pytestmark = pytest.mark.django_db

STRONG = "Kate-Passphrase-2026"


def new_employee(**changes) -> dict:
    return {
        "email": "Kate.Hastroff@EpicEvents.example",
        "full_name": "Kate Hastroff",
        "phone": "+33 6.12.34.56.78",
        "department": "",
        "new_password": STRONG,
        "new_password_again": STRONG,
        **changes,
    }


def employee_form(employee: Employee, **changes) -> dict:
    return {
        "email": employee.email,
        "full_name": employee.full_name,
        "phone": employee.phone,
        "department": employee.department_id,
        "new_password": "",
        "new_password_again": "",
        **({"is_superuser": "on"} if employee.is_superuser else {}),
        **changes,
    }


def audit_lines(caplog, name: str) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.getMessage().startswith(name)]


def test_hiring_in_the_admin_hashes_the_password_and_is_audited_like_the_cli(as_admin, administrator, world, caplog):
    support = world.supporter.department_id
    with caplog.at_level(logging.INFO, logger="crm.audit"):
        data = new_employee(email="kate2@epicevents.example", department=support)
        response = as_admin.post(admin_url("employee", "add"), data)
    assert response.status_code == 302
    kate = Employee.objects.get(email="kate2@epicevents.example")
    assert kate.password.startswith("bcrypt_sha256$") and kate.check_password(STRONG)
    assert kate.phone == "+33 6 12 34 56 78" and kate.employee_number.startswith("EE")
    assert (kate.is_staff, kate.is_superuser) == (False, False)
    assert audit_lines(caplog, "employee.created") == [
        f"employee.created actor_department=management actor_id={administrator.pk} "
        f"department=support employee_id={kate.pk}"
    ]


@pytest.mark.parametrize(
    "password, reason", [("short-pw1", "too short"), ("password1234", "too common"), ("736459128374651", "numeric")]
)
def test_a_weak_password_is_refused_by_the_validators(as_admin, world, password, reason):
    before = snapshot()
    data = new_employee(department=world.seller.department_id, new_password=password, new_password_again=password)
    errors = form_errors(as_admin.post(admin_url("employee", "add"), data))
    assert reason in " ".join(errors["new_password"])
    change = as_admin.post(
        admin_url("employee", "change", world.seller.pk),
        employee_form(world.seller, new_password=password, new_password_again=password),
    )
    assert reason in " ".join(form_errors(change)["new_password"])
    assert snapshot() == before


def test_two_different_passwords_are_refused(as_admin, world):
    data = new_employee(department=world.seller.department_id, new_password_again=STRONG + "!")
    errors = form_errors(as_admin.post(admin_url("employee", "add"), data))
    assert "do not match" in " ".join(errors["new_password_again"])


def test_the_change_page_never_shows_the_password_hash(as_admin, world):
    page = as_admin.get(admin_url("employee", "change", world.seller.pk)).content.decode()
    assert world.seller.password not in page
    assert world.seller.password.split("$")[-1] not in page
    assert "bcrypt_sha256$" not in page
    assert "Set (stored salted and hashed with bcrypt_sha256)" in page


def test_a_change_is_audited_with_the_changed_fields(as_admin, administrator, world, caplog):
    with caplog.at_level(logging.INFO, logger="crm.audit"):
        response = as_admin.post(
            admin_url("employee", "change", world.seller.pk), employee_form(world.seller, phone="+678 123 456 78")
        )
    assert response.status_code == 302
    world.seller.refresh_from_db()
    assert world.seller.phone == "+678 123 456 78"
    assert audit_lines(caplog, "employee.updated") == [
        f"employee.updated actor_department=management actor_id={administrator.pk} changed_fields=phone "
        f"department=sales employee_id={world.seller.pk}"
    ]


def test_a_new_password_set_in_the_admin_ends_the_employee_cli_sessions(as_admin, world, caplog):
    session = login(email=world.seller.email, password=PASSWORD)
    with caplog.at_level(logging.INFO, logger="crm.audit"):
        response = as_admin.post(
            admin_url("employee", "change", world.seller.pk),
            employee_form(world.seller, new_password=STRONG, new_password_again=STRONG),
        )
    assert response.status_code == 302
    world.seller.refresh_from_db()
    assert world.seller.check_password(STRONG)
    with pytest.raises(Exception, match="session has ended"):
        authenticate_token(session.token)
    assert "changed_fields=password" in audit_lines(caplog, "employee.updated")[0]


def test_a_department_change_that_would_orphan_clients_is_refused(as_admin, world):
    before = snapshot()
    response = as_admin.post(
        admin_url("employee", "change", world.seller.pk),
        employee_form(world.seller, department=world.supporter.department_id),
    )
    assert "still the sales contact" in " ".join(form_errors(response)["__all__"])
    assert snapshot() == before


def test_administrator_rights_are_granted_in_the_admin_and_cannot_be_dropped_by_oneself(as_admin, administrator, world):
    url = admin_url("employee", "change", world.manager.pk)
    assert as_admin.post(url, employee_form(world.manager, is_superuser="on")).status_code == 302
    world.manager.refresh_from_db()
    assert world.manager.is_superuser and world.manager.is_staff
    own = as_admin.post(
        admin_url("employee", "change", administrator.pk),
        {key: value for key, value in employee_form(administrator).items() if key != "is_superuser"},
    )
    assert "your own administrator rights" in " ".join(form_errors(own)["__all__"])
    administrator.refresh_from_db()
    assert administrator.is_superuser


def test_removal_without_successor_is_refused_while_the_employee_owns_clients(as_admin, world):
    page = as_admin.get(admin_url("employee", "delete", world.seller.pk))
    assert page.status_code == 200 and "Remove Bill Boquet" in page.content.decode()
    before = snapshot()
    response = as_admin.post(admin_url("employee", "delete", world.seller.pk), {"reassign_to": ""})
    assert response.status_code == 200 and "still owns 1 client and" in response.content.decode()
    assert snapshot() == before


def test_removal_in_the_admin_hands_over_and_keeps_the_record(as_admin, administrator, world, caplog):
    second_client = make_client(world.seller)
    with caplog.at_level(logging.INFO, logger="crm.audit"):
        response = as_admin.post(
            admin_url("employee", "delete", world.seller.pk), {"reassign_to": world.other_seller.pk}
        )
    assert response.status_code == 302
    seller = Employee.objects.get(pk=world.seller.pk)  # the row stays: history remains readable
    assert not seller.is_active and seller.deleted_at is not None and not seller.has_usable_password()
    assert set(world.other_seller.clients.all()) >= {world.client, second_client}
    assert audit_lines(caplog, "employee.deleted") == [
        f"employee.deleted actor_department=management actor_id={administrator.pk} clients_moved=2 "
        f"department=sales employee_id={seller.pk} events_moved=0 reassigned_to_id={world.other_seller.pk}"
    ]
    # A removed employee's page is read-only and cannot be removed twice.
    page = as_admin.get(admin_url("employee", "change", seller.pk)).content.decode()
    assert 'name="new_password"' not in page and 'name="email"' not in page
    assert as_admin.get(admin_url("employee", "delete", seller.pk)).status_code == 403


def test_support_removal_moves_upcoming_events(as_admin, world):
    response = as_admin.post(
        admin_url("employee", "delete", world.supporter.pk), {"reassign_to": world.other_supporter.pk}
    )
    assert response.status_code == 302
    world.event.refresh_from_db()
    assert world.event.support_contact == world.other_supporter


def test_an_administrator_cannot_remove_their_own_account(as_admin, administrator):
    response = as_admin.post(admin_url("employee", "delete", administrator.pk), {"reassign_to": ""})
    assert "cannot remove your own account" in response.content.decode()
    administrator.refresh_from_db()
    assert administrator.is_active


def test_employees_cannot_be_row_deleted_in_bulk(as_admin, world):
    assert "delete_selected" not in as_admin.get(admin_url("employee", "changelist")).content.decode()
    as_admin.post(
        admin_url("employee", "changelist"), {"action": "delete_selected", "_selected_action": [world.seller.pk]}
    )
    assert Employee.objects.filter(pk=world.seller.pk, is_active=True).exists()


def test_an_administrator_changes_their_own_password_through_the_service(as_admin, administrator, caplog):
    url = reverse("admin:password_change")
    weak = as_admin.post(url, {"old_password": PASSWORD, "new_password1": "short-pw1", "new_password2": "short-pw1"})
    assert weak.status_code == 200 and "too short" in weak.content.decode()
    with caplog.at_level(logging.INFO, logger="crm.audit"):
        done = as_admin.post(url, {"old_password": PASSWORD, "new_password1": STRONG, "new_password2": STRONG})
    assert done.status_code == 302
    administrator.refresh_from_db()
    assert administrator.check_password(STRONG)
    assert "changed_fields=password" in audit_lines(caplog, "employee.updated")[0]
    # The browser session survives its own password change; others with the old password do not.
    assert as_admin.get(reverse("admin:index")).status_code == 200
    assert Client().login(username=administrator.email, password=PASSWORD) is False
