"""Only IT administrators (active superusers) get admin pages; staff get none, even with is_staff."""

import subprocess
import sys

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from epic_auth_app.admin_site import LOGIN_REFUSED
from epic_auth_app.models import Employee
from epic_auth_app.services import employee_save_changes
from epic_clients_app.models import Client as CrmClient
from tests.admin.conftest import admin_url
from tests.cli_support import REPO_ROOT, process_env
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


@pytest.fixture
def manager_not_administrator(db):
    return make_employee("management", full_name="Mona Manager")


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


def refusal_of(email: str, password: str) -> list[str]:
    """The errors the login page shows after this attempt (and no admin session was opened)."""
    client = Client()
    response = log_in(client, email, password)
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    return list(response.context["form"].non_field_errors())


def test_a_wrong_password_and_a_right_one_without_admin_rights_read_the_same(
    staff_with_admin_flag, administrator, settings
):
    """As the CLI: the answer must not confirm to a guesser that a password is right."""
    not_an_administrator = refusal_of(staff_with_admin_flag.email, PASSWORD)
    wrong_password = refusal_of(administrator.email, "Wrong-Passphrase-0000")
    unknown = refusal_of("nobody@epicevents.example", PASSWORD)
    for _ in range(settings.LOGIN_MAX_FAILURES):
        refusal_of(staff_with_admin_flag.email, "Wrong-Passphrase-0000")
    locked = refusal_of(staff_with_admin_flag.email, PASSWORD)
    assert not_an_administrator == wrong_password == unknown == locked == [LOGIN_REFUSED]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the command is another process
def test_the_refusal_gives_the_next_step_and_its_command_works(tmp_path, manager_not_administrator):
    """The first manager, made by the CRM's first run, is not an administrator: the page says
    how one is made, with a command that runs as printed (placeholders filled in)."""
    (sentence,) = refusal_of(manager_not_administrator.email, PASSWORD)
    assert 'ticking "IT administrator"' in sentence and "./crm" in sentence
    command = sentence.split("with: ", 1)[1]
    command = command.replace("'...'", "'Owner-Passphrase-2026!'").replace("EMAIL", "owner@epicevents.example")
    done = subprocess.run(
        command.replace('"FULL NAME"', '"Olga Owner"'),
        shell=True,  # nosec B602 - the command line the page prints, as an administrator pastes it
        cwd=REPO_ROOT,
        env=process_env(tmp_path / "home"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    owner = Employee.objects.get(email="owner@epicevents.example")
    assert (owner.full_name, owner.is_superuser, owner.department.code) == ("Olga Owner", True, "management")
    assert log_in(Client(), "owner@epicevents.example", "Owner-Passphrase-2026!").status_code == 302


def test_an_administrator_logs_in_with_email_and_password(administrator):
    client = Client()
    response = log_in(client, administrator.email, PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_disabled_administrator_cannot_log_in(db):
    former = make_employee("management", is_superuser=True, is_staff=True, is_active=False)
    assert refusal_of(former.email, PASSWORD) == [LOGIN_REFUSED]


def test_the_site_root_leads_to_the_admin(db):
    response = Client().get("/")
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")


def test_no_groups_page_whatever_order_the_admin_modules_load_in(tmp_path):
    """A fresh process, as runserver and gunicorn start: django.contrib.auth's admin module
    (which registers Group) is imported after this project's."""
    done = subprocess.run(
        [sys.executable, "crm_events/manage.py", "shell", "-c",
         "from django.contrib import admin; from django.contrib.auth.models import Group; "
         "print(admin.site.is_registered(Group))"],
        cwd=REPO_ROOT,
        env=process_env(tmp_path / "home"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "False"


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
