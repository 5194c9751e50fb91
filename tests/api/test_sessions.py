"""Bearer tokens on the CLI's server-side sessions: login, whoami, logout, and what ends a session."""

import pytest

from crm_core.errors import NotAuthenticated
from epic_auth_app.authentication import LOGIN_REFUSED, authenticate_token
from epic_auth_app.models import AuthSession, Employee
from tests.api.conftest import body_of
from tests.factories import PASSWORD


def log_in(api, email, password=PASSWORD):
    return api.call("POST", "session", {"email": email, "password": password})


def test_login_answers_a_token_its_expiry_and_the_employee(api, manager):
    response = log_in(api, manager.email)
    assert response.status_code == 201
    body = body_of(response)
    assert set(body) == {"token", "expires_at", "employee"}
    assert authenticate_token(body["token"]) == manager
    assert body["employee"]["id"] == manager.pk and body["employee"]["department"] == "management"
    assert "Set-Cookie" not in response and not response.cookies


def test_whoami_and_logout_then_the_old_token_is_refused(api, seller):
    token = body_of(log_in(api, seller.email))["token"]
    whoami = api.call("GET", "session", token=token)
    assert whoami.status_code == 200 and body_of(whoami)["email"] == seller.email

    assert api.call("DELETE", "session", token=token).status_code == 204
    again = api.call("GET", "clients", token=token)
    assert again.status_code == 401
    assert "session has ended" in body_of(again)["detail"]
    assert api.call("DELETE", "session", token=token).status_code == 401


@pytest.mark.parametrize("case", ["unknown email", "wrong password", "locked account"])
def test_the_refusal_reads_the_same_for_unknown_email_wrong_password_and_lock(api, seller, case, settings):
    if case == "locked account":
        for _ in range(settings.LOGIN_MAX_FAILURES):
            log_in(api, seller.email, "Not-The-Password-1")
        assert Employee.objects.get(pk=seller.pk).locked_until is not None
    email = "nobody@epicevents.example" if case == "unknown email" else seller.email
    password = PASSWORD if case == "locked account" else "Not-The-Password-1"
    response = log_in(api, email, password)
    assert response.status_code == 401
    assert body_of(response) == {"detail": LOGIN_REFUSED}
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_removed_employees_token_is_refused_at_once(api, manager, seller, other_seller):
    token = api.token_for(seller)
    assert api.call("GET", "clients", token=token).status_code == 200
    removal = api.as_(manager).delete(f"employees/{seller.pk}?reassign_to={other_seller.pk}")
    assert removal.status_code == 200
    refused = api.call("GET", "clients", token=token)
    assert refused.status_code == 401
    with pytest.raises(NotAuthenticated):
        authenticate_token(token)


def test_a_department_change_applies_on_the_next_request(api, manager, supporter):
    token = api.token_for(supporter)
    assert api.call("GET", "employees", token=token).status_code == 403
    changed = api.as_(manager).patch(f"employees/{supporter.pk}", {"department": "management"})
    assert changed.status_code == 200
    assert api.call("GET", "employees", token=token).status_code == 200


def test_a_password_change_ends_the_employees_sessions(api, manager, seller):
    token = api.token_for(seller)
    api.as_(manager).patch(f"employees/{seller.pk}", {"password": "A-Brand-New-Passphrase-9"})
    assert api.call("GET", "session", token=token).status_code == 401
    assert log_in(api, seller.email, "A-Brand-New-Passphrase-9").status_code == 201


@pytest.mark.parametrize(
    "header",
    ["", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Token abc", "Bearer not.a.jwt", "Bearer " + "x" * 5000],
)
def test_missing_or_malformed_authorization_is_401_with_a_sentence(api, world, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = api.call("GET", "clients", **extra)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert body_of(response)["detail"].endswith(".")


def test_login_works_whatever_stale_token_the_client_still_sends(api, seller):
    stale = api.token_for(seller)
    api.call("DELETE", "session", token=stale)
    response = api.call("POST", "session", {"email": seller.email, "password": PASSWORD}, token=stale)
    assert response.status_code == 201


def test_no_cookie_no_csrf_and_no_cross_origin_answers(api, seller):
    """Writes need no CSRF token (a bearer token is not sent by browsers on their own), and none is set."""
    token = api.token_for(seller)
    created = api.call(
        "POST",
        "clients",
        {"full_name": "Kevin Casey", "email": "kevin@startup.io", "phone": "+678 123 456 78", "company_name": "Cool"},
        token=token,
        HTTP_ORIGIN="https://evil.example",
    )
    assert created.status_code == 201
    assert not created.cookies and "Access-Control-Allow-Origin" not in created
    preflight = api.call("OPTIONS", "clients", HTTP_ORIGIN="https://evil.example")
    assert preflight.status_code in (401, 405) and "Access-Control-Allow-Origin" not in preflight
    assert AuthSession.objects.filter(employee=seller).count() == 1
