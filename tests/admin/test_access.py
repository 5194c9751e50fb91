"""Only IT administrators (active superusers) get admin pages; staff get none, even with is_staff."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from epic_auth_app.admin_site import NOT_AN_ADMINISTRATOR
from epic_auth_app.services import employee_save_changes
from epic_clients_app.models import Client as CrmClient
from tests.admin.conftest import admin_url
from tests.factories import PASSWORD, make_employee

pytestmark = pytest.mark.django_db

MODELS = ["employee", "department", "client", "contract", "event"]


def record_of(world, model: str):
    return {
        "employee": world.seller,
        "department": world.seller.department,
        "client": world.client,
        "contract": world.contract,
        "event": world.event,
    }[model]


@pytest.mark.parametrize("model", MODELS)
def test_administrator_opens_every_changelist_add_and_change_page(as_admin, world, model):
    record = record_of(world, model)
    assert as_admin.get(admin_url(model, "changelist")).status_code == 200
    assert as_admin.get(admin_url(model, "change", record.pk)).status_code == 200
    add = as_admin.get(admin_url(model, "add"))
    # The three departments are fixed (the permission rules rely on their codes).
    assert add.status_code == (403 if model == "department" else 200)


def test_the_admin_index_lists_the_crm_records_and_no_groups(as_admin):
    page = as_admin.get(reverse("admin:index")).content.decode()
    for name in ("Employees", "Departments", "Clients", "Contracts", "Events"):
        assert name in page
    # Access is "administrator or nothing": a Groups page would suggest otherwise.
    assert "Groups" not in page
    assert as_admin.get("/admin/auth/group/").status_code == 404


@pytest.fixture
def staff_with_admin_flag(db):
    """A manager flagged is_staff but not an administrator: what Django alone would let in."""
    return make_employee("management", full_name="Stan Staff", is_staff=True)


@pytest.mark.parametrize("model", MODELS)
def test_staff_get_no_admin_page_even_with_the_staff_flag(world, staff_with_admin_flag, model):
    client = Client()
    client.force_login(staff_with_admin_flag)
    record = record_of(world, model)
    for url in (admin_url(model, "changelist"), admin_url(model, "add"), admin_url(model, "change", record.pk)):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login")), url


def test_django_permissions_grant_staff_nothing(world, staff_with_admin_flag):
    staff_with_admin_flag.user_permissions.set(Permission.objects.all())
    client = Client()
    client.force_login(staff_with_admin_flag)
    for model in MODELS:
        assert client.get(admin_url(model, "changelist")).status_code == 302


def test_staff_cannot_write_through_the_admin(world, staff_with_admin_flag):
    client = Client()
    client.force_login(staff_with_admin_flag)
    data = {"full_name": "Sneaky", "email": "sneaky@startup.io", "phone": "+33 1 23 45 67 89",
            "company_name": "Sneaky SAS", "sales_contact": world.seller.pk}
    response = client.post(admin_url("client", "add"), data)
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    assert not CrmClient.objects.filter(email="sneaky@startup.io").exists()
    autocomplete = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "epic_clients_app", "model_name": "client", "field_name": "sales_contact", "term": "a"},
    )
    assert autocomplete.status_code == 302


def log_in(client: Client, email: str, password: str):
    """What the login page's form posts (its hidden "next" field included)."""
    return client.post(
        reverse("admin:login"), {"username": email, "password": password, "next": reverse("admin:index")}
    )


def test_staff_who_type_the_right_password_are_told_the_admin_is_not_for_them(staff_with_admin_flag):
    client = Client()
    response = log_in(client, staff_with_admin_flag.email, PASSWORD)
    assert response.status_code == 200
    assert NOT_AN_ADMINISTRATOR in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_administrator_logs_in_with_email_and_password(administrator):
    client = Client()
    response = log_in(client, administrator.email, PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_disabled_administrator_cannot_log_in(db):
    former = make_employee("management", is_superuser=True, is_staff=True, is_active=False)
    response = log_in(Client(), former.email, PASSWORD)
    assert "correct email and password" in response.content.decode()


def test_the_cli_lockout_applies_to_the_admin_login(administrator, settings):
    client = Client()
    for _ in range(settings.LOGIN_MAX_FAILURES):
        log_in(client, administrator.email, "Wrong-Passphrase-0000")
    response = log_in(client, administrator.email, PASSWORD)
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_withdrawn_rights_end_admin_access_at_the_next_request(as_admin, administrator):
    other = make_employee("management", is_superuser=True, is_staff=True)
    employee_save_changes(actor=other, employee_id=administrator.pk, data={"is_superuser": False})
    response = as_admin.get(admin_url("client", "changelist"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
