"""Login throttling per client address and per account, on top of the lockout (docs/security.md)."""

import datetime as dt

import pytest

from api.models import LoginFailure
from crm_core import clock
from epic_auth_app.models import Employee
from tests.api.conftest import body_of
from tests.cli_support import run_process
from tests.factories import PASSWORD, make_employee

WRONG = "Not-The-Password-1"


@pytest.fixture(autouse=True)
def small_limits(settings):
    settings.API_LOGIN_FAILURES_PER_ADDRESS = 4
    settings.API_LOGIN_FAILURES_PER_ACCOUNT = 3
    settings.LOGIN_MAX_FAILURES = 50  # the lockout stays out of the way: these tests are about the throttle


def log_in(api, email, password=PASSWORD, address="203.0.113.7", **extra):
    return api.call("POST", "session", {"email": email, "password": password}, REMOTE_ADDR=address, **extra)


def test_an_address_with_too_many_failures_is_refused_even_the_right_password(api, db):
    people = [make_employee("sales") for _ in range(5)]
    for person in people[:4]:
        assert log_in(api, person.email, WRONG).status_code == 401
    refused = log_in(api, people[4].email)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "wait" in body_of(refused)["detail"]
    # Refused before any password check: the account's lockout count did not move.
    assert Employee.objects.get(pk=people[4].pk).failed_login_count == 0
    assert log_in(api, people[4].email, address="198.51.100.9").status_code == 201


def test_an_account_with_too_many_failures_is_refused_from_any_address(api, seller):
    for n in range(3):
        assert log_in(api, seller.email, WRONG, address=f"192.0.2.{n + 1}").status_code == 401
    assert log_in(api, seller.email, address="192.0.2.99").status_code == 429
    assert log_in(api, make_employee("sales").email, address="192.0.2.99").status_code == 201


def test_an_unknown_email_counts_too_in_any_letter_case(api, db):
    for email in ("ghost@epicevents.example", "GHOST@epicevents.example ", "Ghost@EpicEvents.example"):
        assert log_in(api, email, WRONG, address=f"192.0.2.{len(email)}").status_code == 401
    assert log_in(api, "ghost@epicevents.example", address="192.0.2.200").status_code == 429


def test_failures_are_forgotten_after_the_window(api, seller, settings):
    for _ in range(3):
        log_in(api, seller.email, WRONG)
    assert log_in(api, seller.email).status_code == 429
    LoginFailure.objects.update(failed_at=clock.now() - dt.timedelta(minutes=settings.API_LOGIN_THROTTLE_MINUTES + 1))
    assert log_in(api, seller.email).status_code == 201


def test_the_table_holds_neither_addresses_nor_emails(api, seller):
    log_in(api, seller.email, WRONG)
    stored = " ".join(LoginFailure.objects.values_list("key", flat=True))
    assert seller.email not in stored and "203.0.113.7" not in stored
    assert LoginFailure.objects.count() == 2  # one for the address, one for the account


def test_x_forwarded_for_is_believed_only_from_a_trusted_proxy(api, db, settings):
    spoofed = [make_employee("sales") for _ in range(5)]
    for n, person in enumerate(spoofed[:4]):  # a client rotating a header it writes itself
        log_in(api, person.email, WRONG, HTTP_X_FORWARDED_FOR=f"10.9.9.{n}")
    assert log_in(api, spoofed[4].email, HTTP_X_FORWARDED_FOR="10.9.9.200").status_code == 429

    settings.TRUSTED_PROXIES = ["192.0.2.1"]
    behind = [make_employee("sales") for _ in range(5)]
    for person in behind[:4]:
        log_in(api, person.email, WRONG, address="192.0.2.1", HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert log_in(api, behind[4].email, address="192.0.2.1", HTTP_X_FORWARDED_FOR="198.51.100.4").status_code == 429
    assert log_in(api, behind[4].email, address="192.0.2.1", HTTP_X_FORWARDED_FOR="198.51.100.5").status_code == 201


def test_ipv6_clients_are_counted_per_64_network(api, db):
    people = [make_employee("sales") for _ in range(5)]
    for n, person in enumerate(people[:4]):
        log_in(api, person.email, WRONG, address=f"2001:db8:1:2::{n + 1}")
    assert log_in(api, people[4].email, address="2001:db8:1:2:ffff::1").status_code == 429
    assert log_in(api, people[4].email, address="2001:db8:1:3::1").status_code == 201


@pytest.mark.parametrize("how", ["unlock", "new password"])
def test_a_managers_unlock_or_new_password_lets_the_account_log_in_at_once(api, seller, manager, how):
    # Issue 13.1: "ask a manager" must work over the API too, not only against the lockout.
    for n in range(3):
        assert log_in(api, seller.email, WRONG, address=f"192.0.2.{n + 1}").status_code == 401
    assert log_in(api, seller.email, address="192.0.2.99").status_code == 429

    as_manager = api.as_(manager)
    if how == "unlock":
        assert as_manager.post(f"employees/{seller.pk}/unlock").status_code == 200
        password = PASSWORD
    else:
        password = "A-New-Password-For-Bill-2027"
        assert as_manager.patch(f"employees/{seller.pk}", {"password": password}).status_code == 200

    assert log_in(api, seller.email, password, address="192.0.2.99").status_code == 201
    other = make_employee("sales")  # the addresses' own counts are untouched
    for n in range(4):
        log_in(api, other.email, WRONG, address="192.0.2.50")
    assert log_in(api, other.email, address="192.0.2.50").status_code == 429


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_unlock_made_with_the_terminal_program_also_lets_the_account_in_over_the_api(api, tmp_path):
    """The terminal program does not load the API, yet its unlock must reach the API's throttle too:
    a manager on the server host unlocks from a shell, the employee logs in from a laptop at once."""
    seller, manager = make_employee("sales"), make_employee("management")
    for n in range(3):
        assert log_in(api, seller.email, WRONG, address=f"192.0.2.{n + 1}").status_code == 401
    assert log_in(api, seller.email, address="192.0.2.99").status_code == 429

    login = ["login", "--email", manager.email, "--password-stdin"]
    assert run_process(login, tmp_path, stdin=PASSWORD + "\n").status == 0
    done = run_process(["employees", "unlock", str(seller.pk)], tmp_path)
    assert done.status == 0, done.stderr

    assert log_in(api, seller.email, address="192.0.2.99").status_code == 201


@pytest.mark.parametrize("body", [
    {"email": 123, "password": "p"}, {"email": "", "password": ""}, {"email": "ghost@x.example", "password": None},
])
def test_a_malformed_login_is_400_and_counts_against_nothing(api, seller, body):
    """Not an attempt at a password: 400 with the field, and neither the throttle nor the lockout moves."""
    for _ in range(5):  # more than the account and address limits
        answer = api.call("POST", "session", body, REMOTE_ADDR="203.0.113.7")
        assert answer.status_code == 400
        assert body_of(answer)["fields"]
    assert not LoginFailure.objects.exists()
    assert log_in(api, seller.email).status_code == 201
