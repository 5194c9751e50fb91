"""`employees unlock ID` (issue 13, item 1): a manager lets a locked employee in at once."""

import json
import re

import pytest

from crm_core.errors import NotAuthenticated
from epic_auth_app.authentication import login
from tests.cli_support import run_cli, run_process
from tests.factories import PASSWORD, make_employee
from tests.services.conftest import snapshot


def lock_out(employee, settings) -> None:
    for _ in range(settings.LOGIN_MAX_FAILURES):
        with pytest.raises(NotAuthenticated):
            login(email=employee.email, password="Not-The-Password-000")


@pytest.mark.django_db
def test_employees_show_says_until_when_and_unlock_lets_them_in(manager, seller, home, log_in, settings):
    lock_out(seller, settings)
    log_in(manager)

    shown = run_cli(["employees", "show", str(seller.pk)], home)
    [locked] = [line for line in shown.stdout.splitlines() if line.startswith("| Locked ")]
    assert "until " in locked and "after failed logins" in locked
    assert re.search(r"until \d{4}-\d\d-\d\d \d\d:\d\d \(UTC[+-]\d\d:\d\d\)", locked)  # in which time zone
    assert json.loads(run_cli(["employees", "show", str(seller.pk), "--format", "json"], home).stdout)["locked_until"]

    done = run_cli(["employees", "unlock", str(seller.pk)], home)

    assert done.status == 0, done.stderr
    assert done.stdout.splitlines()[0] == f"Employee {seller.pk} unlocked; they can log in again with their password."
    assert "| Locked          | no " in done.stdout
    assert login(email=seller.email, password=PASSWORD).employee == seller

    again = run_cli(["employees", "unlock", str(seller.pk), "--format", "json"], home)
    assert again.status == 0 and json.loads(again.stdout)["locked_until"] is None
    table = run_cli(["employees", "unlock", str(seller.pk)], home)
    assert table.stdout.splitlines()[0] == f"Employee {seller.pk} was not locked; nothing changed."


YES, NO = True, False
# SPEC §3, "unlock a locked account": management yes, sales no, support no.
MAY_UNLOCK = {"management": YES, "sales": NO, "support": NO}


@pytest.mark.django_db
@pytest.mark.parametrize("department", MAY_UNLOCK)
def test_who_may_unlock_spec_3(home, log_in, settings, department):
    actor = make_employee(department)
    locked = make_employee("sales")
    lock_out(locked, settings)
    log_in(actor)
    before = snapshot()

    done = run_cli(["employees", "unlock", str(locked.pk)], home)

    if MAY_UNLOCK[department]:
        assert done.status == 0, done.stderr
    else:
        assert (done.status, done.stdout) == (4, "")
        assert done.stderr == "Only management can unlock an account; ask a manager.\n"
        assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize("record_id, status", [("424242", 5), ("x", 1)])
def test_unknown_ids_are_refused_as_show_refuses_them(manager, home, log_in, record_id, status):
    log_in(manager)
    done = run_cli(["employees", "unlock", record_id], home)
    shown = run_cli(["employees", "show", record_id], home)
    assert (done.status, done.stderr) == (shown.status, shown.stderr) and done.status == status


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_through_the_real_process_the_locked_employee_logs_in_again(tmp_path, settings):
    manager = make_employee("management", email="mona@epicevents.example")
    seller = make_employee("sales", email="bill@epicevents.example")
    mona, bill = tmp_path / "mona", tmp_path / "bill"
    assert run_process(["login", "--email", manager.email, "--password-stdin"], mona, stdin=PASSWORD + "\n").status == 0
    for _ in range(settings.LOGIN_MAX_FAILURES):
        refused = run_process(["login", "--email", seller.email, "--password-stdin"], bill, stdin="Wrong-Pass-0000\n")
        assert refused.status == 3
    assert run_process(["login", "--email", seller.email, "--password-stdin"], bill, stdin=PASSWORD + "\n").status == 3

    done = run_process(["employees", "unlock", str(seller.pk)], mona)

    assert done.status == 0, done.stderr
    assert run_process(["login", "--email", seller.email, "--password-stdin"], bill, stdin=PASSWORD + "\n").status == 0
