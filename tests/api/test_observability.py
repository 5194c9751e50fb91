"""Sentry and the log for the API: business events with ids only; no token, header, body or personal data.

One scenario through the real server reporting to a Sentry endpoint on 127.0.0.1, and
an unexpected error in-process with the real SDK (its transport kept in memory), whose
event id is the reference the client is given.
"""

import secrets
import time
from types import SimpleNamespace

import pytest
import sentry_sdk

from api import listing
from crm_core import observability
from tests.api.conftest import body_of
from tests.api.server_support import Http, Server
from tests.factories import PASSWORD, make_client, make_contract, make_employee
from tests.observability import personal_data as pd
from tests.observability.sentry_endpoint import LoopbackSentry, MemoryTransport, ReceivedEnvelopes, tags_of


def wait_for(sentry, name: str, timeout: float = 20) -> list[dict]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = sentry.messages(name)
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"Sentry never received {name}")


@pytest.mark.cli_process
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_server_reports_business_events_and_nothing_personal(tmp_path):
    manager = make_employee("management", email=pd.MANAGER_EMAIL, full_name=pd.MANAGER_NAME, phone=pd.MANAGER_PHONE)
    seller = make_employee("sales", email=pd.SELLER_EMAIL, phone=pd.SELLER_PHONE)
    contract = make_contract(make_client(seller, **pd.CLIENT), signed=False)
    with LoopbackSentry() as sentry:
        server = Server(tmp_path, SENTRY_DSN=sentry.dsn, SENTRY_ENVIRONMENT="api-test")
        try:
            http = Http(server)
            wrong = {"email": pd.MANAGER_EMAIL, "password": pd.WRONG_PASSWORD}
            assert http.call("POST", "session", wrong).status == 401
            token = http.login(pd.MANAGER_EMAIL, PASSWORD)
            hire = {"email": pd.NEW_EMAIL, "full_name": pd.NEW_NAME, "department": "support"}
            hire.update(phone=pd.NEW_PHONE_TYPED, password=pd.NEW_PASSWORD)
            assert http.call("POST", "employees", hire, token=token).status == 201
            assert http.call("PATCH", f"contracts/{contract.pk}", {"is_signed": True}, token=token).status == 200
            assert http.call("GET", f"clients?search={pd.CLIENT['email']}", token=token).status == 200
            created = wait_for(sentry, "employee.created")
            signed = wait_for(sentry, "contract.signed")
            failed = wait_for(sentry, "auth.login_failed")
        finally:
            assert server.stop() == 0
        log = (tmp_path / "server.log").read_text()
    assert tags_of(created[0])["actor_id"] == str(manager.pk)
    assert tags_of(signed[0])["contract_id"] == str(contract.pk)
    assert tags_of(failed[0])["employee_id"] == str(manager.pk)
    # The token in any form, the request bodies (passwords, the new hire) and the search typed in the URL.
    secrets = pd.scenario_secrets(token)
    assert sentry.leaks(secrets) == []
    assert [secret for secret in secrets if secret.lower() in log.lower()] == []


@pytest.fixture
def sentry_in_memory():
    received = ReceivedEnvelopes()
    settings = SimpleNamespace(SENTRY_DSN="http://public@127.0.0.1:9/1", SENTRY_ENVIRONMENT="t", SENTRY_RELEASE="t")
    assert observability.init_sentry(settings, transport=MemoryTransport(received))
    try:
        yield received
    finally:
        observability.stop_sentry()
    assert not sentry_sdk.get_client().is_active()


def test_an_unexpected_error_is_one_sentry_event_whose_id_the_client_gets(api, db, sentry_in_memory, monkeypatch):
    seller = make_employee("sales", email=pd.SELLER_EMAIL)
    token = api.token_for(seller)

    def broken(*args):
        raise RuntimeError(f"lost the thread near {pd.CLIENT['email']}")

    monkeypatch.setattr(listing, "list_response", broken)
    cookie = secrets.token_hex(16)
    response = api.call("GET", f"clients?search={pd.CLIENT['full_name']}", token=token, HTTP_COOKIE=f"c={cookie}")
    body = body_of(response)
    assert response.status_code == 500
    errors = sentry_in_memory.errors()
    assert [event["event_id"] for event in errors] == [body["reference"]]
    request = errors[0].get("request", {})
    assert set(request) <= {"method", "url"} and "?" not in request.get("url", "")
    # Random values: the event quotes this test's source lines, so only what was sent can be searched for.
    assert sentry_in_memory.leaks(pd.scenario_secrets(token) | {cookie}) == []
