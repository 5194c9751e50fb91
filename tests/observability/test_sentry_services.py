"""The services in-process, with the real SDK initialised by observability.init_sentry.

The transport keeps in memory the envelopes the SDK would have sent; everything before
it (scopes, scrubber, before_send, serialisation) is the production path.
"""

import io
import logging
import re
from types import SimpleNamespace

import pytest
import sentry_sdk

from cli.environment import Environment
from cli.runner import report_unexpected
from crm_core import observability
from crm_core.errors import NotAuthenticated, PermissionDenied
from crm_core.history import history_page
from epic_auth_app.authentication import authenticate_credentials, login
from epic_auth_app.services import employee_create, employee_delete, employee_update
from epic_contracts_app.services import contract_create, contract_sign, contract_update
from tests.cli_support import run_cli
from tests.factories import PASSWORD, make_client, make_contract, make_employee
from tests.observability import personal_data as pd
from tests.observability.sentry_endpoint import MemoryTransport, ReceivedEnvelopes, tags_of

pytestmark = pytest.mark.django_db

SETTINGS = SimpleNamespace(
    SENTRY_DSN="http://public@127.0.0.1:9/1",  # never dialled: the transport keeps everything in memory
    SENTRY_ENVIRONMENT="in-process-test",
    SENTRY_RELEASE="epicevents-crm@in-process-test",
)


@pytest.fixture
def sentry():
    received = ReceivedEnvelopes()
    assert observability.init_sentry(SETTINGS, transport=MemoryTransport(received))
    try:
        yield received
    finally:
        observability.stop_sentry()
    assert not sentry_sdk.get_client().is_active()  # the next test starts without Sentry


@pytest.fixture
def manager(db):
    return make_employee("management", email=pd.MANAGER_EMAIL, full_name=pd.MANAGER_NAME, phone=pd.MANAGER_PHONE)


@pytest.fixture
def client(db):
    seller = make_employee("sales", email=pd.SELLER_EMAIL, phone=pd.SELLER_PHONE)
    return make_client(seller, **pd.CLIENT)


class TestStaffChanges:
    def test_create_update_delete_send_one_message_each_with_ids_and_field_names(self, sentry, manager, committed):
        with committed():
            employee = employee_create(
                actor=manager,
                email=pd.NEW_EMAIL,
                full_name=pd.NEW_NAME,
                department="support",
                phone=pd.NEW_PHONE_TYPED,
                password=pd.NEW_PASSWORD,
            )
            employee_update(
                actor=manager,
                employee_id=employee.pk,
                data={"email": pd.NEW_EMAIL.upper(), "full_name": pd.RENAMED, "password": pd.CHANGED_PASSWORD},
            )
            employee_delete(actor=manager, employee_id=employee.pk)

        [created] = sentry.messages("employee.created")
        assert tags_of(created) == {
            "business_event": "employee.created",
            "actor_id": str(manager.pk),
            "actor_department": "management",
            "employee_id": str(employee.pk),
            "department": "support",
        }
        [updated] = sentry.messages("employee.updated")
        # The email only changed case, so it was not changed: only what really changed is named.
        assert tags_of(updated)["changed_fields"] == "full_name,password"
        [deleted] = sentry.messages("employee.deleted")
        assert tags_of(deleted)["employee_id"] == str(employee.pk)
        assert [event["level"] for event in (created, updated, deleted)] == ["info"] * 3
        assert created["environment"] == SETTINGS.SENTRY_ENVIRONMENT
        assert created["release"] == SETTINGS.SENTRY_RELEASE
        assert sentry.leaks(pd.scenario_secrets()) == []

    def test_a_handover_keeps_names_and_values_in_history_only(self, sentry, manager, client, caplog, committed):
        """History records the handover, naming the employee who left; Sentry and the log get ids."""
        leaving = client.sales_contact
        employee_update(actor=manager, employee_id=leaving.pk, data={"full_name": pd.NEW_NAME})
        successor = make_employee("sales")
        with caplog.at_level(logging.INFO), committed():
            employee_delete(actor=manager, employee_id=leaving.pk, reassign_to_id=successor.pk)
        handover = history_page(resource="clients", record_id=client.pk).items[0]
        assert pd.NEW_NAME in handover["reason"]  # the history names them...
        [deleted] = sentry.messages("employee.deleted")
        assert tags_of(deleted)["clients_moved"] == "1"
        assert sentry.leaks(pd.scenario_secrets()) == []  # ...Sentry does not
        assert not [line for line in caplog.messages if pd.NEW_NAME in line or pd.CLIENT["email"] in line]

    def test_an_update_that_changes_nothing_sends_nothing(self, sentry, manager):
        employee = make_employee("sales", full_name="Same Name")
        employee_update(actor=manager, employee_id=employee.pk, data={"full_name": "Same Name"})
        assert sentry.messages("employee.updated") == []

    def test_a_refused_change_sends_no_staff_message(self, sentry, manager):
        seller = make_employee("sales")
        with pytest.raises(PermissionDenied):
            employee_update(actor=seller, employee_id=manager.pk, data={"full_name": "Hijacked"})
        assert sentry.events() == []  # a denial is a breadcrumb, not an event


class TestContractSignature:
    def test_each_signature_sends_one_message_and_only_signatures_do(self, sentry, manager, client, committed):
        with committed():
            contract_create(actor=manager, client_id=client.pk, total_amount="1500")  # not signed
            signed_at_creation = contract_create(
                actor=manager, client_id=client.pk, total_amount="900", is_signed=True
            )
            later = make_contract(client, signed=False)
            contract_update(actor=manager, contract_id=later.pk, data={"amount_due": "100"})  # not a signature
            contract_sign(actor=manager, contract_id=later.pk)
            contract_sign(actor=manager, contract_id=later.pk)  # already signed: no second signature

        signatures = sentry.messages("contract.signed")
        assert sorted(tags_of(event)["contract_id"] for event in signatures) == sorted(
            [str(signed_at_creation.pk), str(later.pk)]
        )
        assert {tags_of(event)["client_id"] for event in signatures} == {str(client.pk)}
        assert sentry.leaks(pd.scenario_secrets()) == []


class TestLogins:
    def test_failed_logins_and_the_lockout_are_warnings_without_the_email_or_password(self, sentry, manager, settings):
        settings.LOGIN_MAX_FAILURES = 3
        with pytest.raises(NotAuthenticated):
            authenticate_credentials(email=pd.INTRUDER_EMAIL, password=pd.WRONG_PASSWORD)
        for _ in range(3):
            with pytest.raises(NotAuthenticated):
                authenticate_credentials(email=pd.MANAGER_EMAIL, password=pd.WRONG_PASSWORD)
        with pytest.raises(NotAuthenticated):
            authenticate_credentials(email=pd.MANAGER_EMAIL, password=PASSWORD)  # right password, but locked

        failures = sentry.messages("auth.login_failed")
        assert [tags_of(event).get("reason") for event in failures] == [
            "unknown or inactive account",
            "wrong password",
            "wrong password",
            "wrong password",
            "account locked",
        ]
        assert "employee_id" not in tags_of(failures[0])
        [locked] = sentry.messages("auth.account_locked")
        assert tags_of(locked)["employee_id"] == str(manager.pk)
        assert {event["level"] for event in [*failures, locked]} == {"warning"}
        assert sentry.leaks(pd.scenario_secrets()) == []

    def test_a_successful_login_is_a_breadcrumb_not_a_message_and_the_token_never_leaves(
        self, sentry, manager, committed
    ):
        result = login(email=pd.MANAGER_EMAIL, password=PASSWORD)
        assert sentry.events() == []
        with committed():
            employee_create(actor=manager, email=pd.NEW_EMAIL, full_name=pd.NEW_NAME, department="sales")
        [created] = sentry.messages("employee.created")
        crumbs = [crumb for crumb in created["breadcrumbs"]["values"] if crumb.get("category") == "crm"]
        assert crumbs[0]["message"] == "auth.login" and crumbs[0]["data"]["actor_id"] == manager.pk
        assert sentry.leaks(pd.scenario_secrets(result.token)) == []


class TestDenials:
    def test_a_denied_operation_leaves_a_breadcrumb_seen_with_the_next_event(self, sentry, manager, client, committed):
        seller = client.sales_contact
        contract = make_contract(client, signed=False)
        with pytest.raises(PermissionDenied):
            employee_delete(actor=seller, employee_id=manager.pk)
        support = make_employee("support")
        with pytest.raises(PermissionDenied):
            contract_sign(actor=support, contract_id=contract.pk)
        assert sentry.events() == []

        with committed():
            contract_sign(actor=manager, contract_id=contract.pk)
        [signature] = sentry.messages("contract.signed")
        denials = [crumb for crumb in signature["breadcrumbs"]["values"] if crumb.get("message") == "policy.denied"]
        assert [crumb["data"] for crumb in denials] == [
            {"actor_id": seller.pk, "actor_department": "sales", "action": "manage employees"},
            {"actor_id": support.pk, "actor_department": "support", "action": "update contract"},
        ]
        assert {crumb["level"] for crumb in denials} == {"warning"}
        assert sentry.leaks(pd.scenario_secrets()) == []

    def test_a_denial_on_a_record_names_the_record_by_id(self, sentry, manager, client, committed):
        other_seller = make_employee("sales")
        contract = make_contract(client, signed=False)
        with pytest.raises(PermissionDenied):
            contract_update(actor=other_seller, contract_id=contract.pk, data={"is_signed": True})
        with committed():
            contract_sign(actor=manager, contract_id=contract.pk)
        [signature] = sentry.messages("contract.signed")
        [denial] = [crumb for crumb in signature["breadcrumbs"]["values"] if crumb.get("message") == "policy.denied"]
        assert denial["data"] == {
            "actor_id": other_seller.pk,
            "actor_department": "sales",
            "action": "update contract",
            "target_type": "contract",
            "target_id": contract.pk,
        }

    def test_a_denied_command_in_the_cli_exits_4_and_is_a_breadcrumb(
        self, sentry, manager, client, tmp_path, committed
    ):
        seller = client.sales_contact
        home = tmp_path / "home"
        logged_in = run_cli(["login", "--email", pd.SELLER_EMAIL, "--password-stdin"], home, stdin=PASSWORD + "\n")
        assert logged_in.status == 0
        done = run_cli(["employees", "list"], home)
        assert done.status == 4
        assert sentry.events() == []

        with committed():
            employee_create(actor=manager, email=pd.NEW_EMAIL, full_name=pd.NEW_NAME, department="sales")
        [created] = sentry.messages("employee.created")
        [denial] = [crumb for crumb in created["breadcrumbs"]["values"] if crumb.get("message") == "policy.denied"]
        assert denial["data"] == {"actor_id": seller.pk, "actor_department": "sales", "action": "view employees"}
        assert sentry.leaks(pd.scenario_secrets(*_tokens_in(home))) == []


def _tokens_in(home) -> list[str]:
    path = home / "session.jwt"
    return [path.read_text().strip()] if path.exists() else []


class TestUnexpectedErrors:
    def test_the_user_gets_one_sentence_with_the_event_id_and_sentry_gets_no_personal_data(self, sentry, manager):
        token = login(email=pd.MANAGER_EMAIL, password=PASSWORD).token

        def parse_client_row(row):
            password = PASSWORD  # a local variable that must not travel with the traceback
            raise ValueError(f"cannot parse {row} (checked with {len(password)} chars)")

        row = f"{pd.CLIENT['email']};{pd.CLIENT['phone']};{token}"
        stderr = io.StringIO()
        try:
            parse_client_row(row)
        except ValueError as error:
            status = report_unexpected(error, Environment(stdout=io.StringIO(), stderr=stderr), debug=False)

        assert status == 1
        [sentence] = stderr.getvalue().splitlines()
        event_id = re.fullmatch(r"Unexpected error \(reference ([0-9a-f]{32})\): .+\.", sentence).group(1)
        # Not a database error, so it may have come after a write: the user is not told otherwise.
        assert "check whether your change was saved" in sentence and "nothing was changed" not in sentence
        [error_event] = sentry.errors()
        assert error_event["event_id"] == event_id
        [exception] = error_event["exception"]["values"]
        assert exception["type"] == "ValueError"
        assert exception["value"] == "cannot parse [Filtered];[Filtered];[Filtered] (checked with 27 chars)"
        assert all("vars" not in frame for frame in exception["stacktrace"]["frames"])
        assert sentry.leaks(pd.scenario_secrets(token)) == []

    def test_without_a_dsn_nothing_starts_and_nothing_is_reported(self, manager):
        assert observability.init_sentry(SimpleNamespace(SENTRY_DSN="")) is False
        assert not observability.sentry_enabled()
        stderr = io.StringIO()
        status = report_unexpected(RuntimeError("boom"), Environment(stdout=io.StringIO(), stderr=stderr), debug=False)
        assert status == 1 and "reference" not in stderr.getvalue()


def test_sentry_runs_without_default_pii_or_local_variables(sentry):
    client = sentry_sdk.get_client()
    assert client.should_send_default_pii() is False
    assert client.options["include_local_variables"] is False
    assert client.options["max_request_body_size"] == "never"
    assert (client.options["environment"], client.options["release"]) == (
        SETTINGS.SENTRY_ENVIRONMENT,
        SETTINGS.SENTRY_RELEASE,
    )


def test_sentry_starts_once(sentry):
    client = sentry_sdk.get_client()
    assert observability.init_sentry(SimpleNamespace(SENTRY_DSN="http://other@127.0.0.1:9/2")) is True
    assert sentry_sdk.get_client() is client


def test_log_records_become_breadcrumbs_with_personal_data_masked(sentry, manager, caplog, committed):
    with caplog.at_level(logging.INFO):
        logging.getLogger("epic_clients_app.import").info(
            "row for %s / %s skipped", pd.CLIENT["email"], pd.CLIENT["phone"]
        )
        with committed():
            employee_delete(actor=manager, employee_id=make_employee("support").pk)
    [deleted] = sentry.messages("employee.deleted")
    [crumb] = [c for c in deleted["breadcrumbs"]["values"] if c.get("category") == "epic_clients_app.import"]
    assert crumb["message"] == "row for [Filtered] / [Filtered] skipped"
    assert sentry.leaks(pd.scenario_secrets()) == []
