"""SPEC §5 bootstrap, and Django's password validators wherever a password is set."""

import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from crm_core.errors import InvalidInput
from epic_auth_app.authentication import login
from epic_auth_app.models import Employee
from epic_auth_app.services import employee_create, employee_update
from tests.cli_support import REPO_ROOT, process_env
from tests.factories import make_employee

STRONG = "Boss-Passphrase-2026!"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_createsuperuser_noinput_creates_an_active_manager_with_admin_access(tmp_path):
    done = subprocess.run(
        [sys.executable, "crm_events/manage.py", "createsuperuser", "--noinput", "--email", "boss@example.com"],
        cwd=REPO_ROOT,
        env={**process_env(tmp_path / "home"), "DJANGO_SUPERUSER_PASSWORD": STRONG},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    boss = Employee.objects.get(email="boss@example.com")
    assert (boss.department.code, boss.is_active, boss.is_staff, boss.is_superuser) == ("management", True, True, True)
    assert boss.password.startswith("bcrypt_sha256$")
    assert login(email="boss@example.com", password=STRONG).employee == boss
    # Reported like any hire (SPEC §4), by id: the address stays out of the log.
    log = (tmp_path / "crm-test.log").read_text()
    assert f"employee.created department=management employee_id={boss.pk}" in log
    assert "boss@example.com" not in log


@pytest.mark.django_db
def test_createsuperuser_noinput_takes_the_administrators_full_name(monkeypatch, capsys):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", STRONG)
    call_command("createsuperuser", "--noinput", "--email", "it@example.com", "--full-name", " Ada Lovelace ")
    assert Employee.objects.get(email="it@example.com").full_name == "Ada Lovelace"
    assert "made from the email" not in capsys.readouterr().out


@pytest.mark.django_db
def test_createsuperuser_noinput_reads_djangos_variables_too(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", STRONG)
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "it@example.com")
    monkeypatch.setenv("DJANGO_SUPERUSER_FULL_NAME", "Grace Hopper")
    call_command("createsuperuser", "--noinput", verbosity=0)
    assert Employee.objects.get(email="it@example.com").full_name == "Grace Hopper"


@pytest.mark.django_db
def test_a_name_made_from_the_email_is_pointed_out(monkeypatch, capsys):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", STRONG)
    call_command("createsuperuser", "--noinput", "--email", "it@example.com")
    assert Employee.objects.get(email="it@example.com").full_name == "It"
    assert "The name 'It' was made from the email; give the real one" in capsys.readouterr().out


@pytest.mark.django_db
@pytest.mark.parametrize(
    "password, reason",
    [
        ("short-pw1", "too short"),
        ("password1234", "too common"),
        ("736459128374651", "entirely numeric"),
        ("boss@example.com1", "too similar"),
    ],
)
def test_createsuperuser_refuses_weak_passwords(monkeypatch, password, reason):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", password)
    with pytest.raises(CommandError, match=reason):
        call_command("createsuperuser", "--noinput", "--email", "boss@example.com", verbosity=0)
    assert not Employee.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "password",
    ["short-pw1", "password1234", "736459128374651", "kate.hastroff@epicevents.example", "Kate Hastroff 1"],
)
def test_services_apply_the_password_validators(manager, password):
    with pytest.raises(InvalidInput) as caught:
        employee_create(
            actor=manager,
            email="kate.hastroff@epicevents.example",
            full_name="Kate Hastroff",
            department="support",
            password=password,
        )
    assert set(caught.value.errors) == {"password"}
    assert not Employee.objects.filter(email="kate.hastroff@epicevents.example").exists()

    kate = make_employee("support", email="kate.hastroff@epicevents.example", full_name="Kate Hastroff")
    before = kate.password
    with pytest.raises(InvalidInput):
        employee_update(actor=manager, employee_id=kate.pk, data={"password": password})
    kate.refresh_from_db()
    assert kate.password == before


@pytest.mark.django_db
def test_passwords_are_stored_as_salted_bcrypt(manager):
    first = employee_create(
        actor=manager, email="a@epicevents.example", full_name="A One", department="sales", password=STRONG
    )
    second = employee_create(
        actor=manager, email="b@epicevents.example", full_name="B Two", department="sales", password=STRONG
    )
    assert first.password.startswith("bcrypt_sha256$") and second.password.startswith("bcrypt_sha256$")
    assert first.password != second.password  # salted
    assert STRONG not in first.password
