"""Every creation, change and removal through the services leaves exactly one history entry,
with its author and each field's old and new value; a refused or rolled-back change none.

Entries are read back with the history selector, as an entry point would show them.
"""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext

from crm_core.change_history import change_reason
from crm_core.errors import InvalidInput, PermissionDenied, RuleViolation
from crm_core.history import history_page
from epic_auth_app import services as employee_services
from epic_auth_app.authentication import authenticate_credentials
from epic_auth_app.models import Employee
from epic_clients_app import services as client_services
from epic_clients_app.models import Client
from epic_contracts_app import services as contract_services
from epic_events_app import services as event_services
from tests.factories import PARIS, PASSWORD, make_client, make_employee
from tests.services.conftest import World, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return World()


def entries(resource, record) -> list[dict]:
    """The record's whole history, newest first."""
    return history_page(resource=resource, record_id=record.pk, limit=500).items


def history_count(resource, record) -> int:
    return len(entries(resource, record))


def changed(entry) -> dict:
    return {change["field"]: (change["old"], change["new"]) for change in entry["changes"]}


class TestEachServiceWrite:
    def test_client_create_update_and_reassign(self, world):
        client = client_services.client_create(
            actor=world.seller, full_name="John Ouick", email="john.ouick@gmail.com",
            phone="+1 234 567 8901", company_name="John Ouick",
        )
        [created] = entries("clients", client)
        assert (created["action"], created["actor_id"]) == ("created", world.seller.pk)
        assert created["actor_name"] == "Bill Boquet"
        assert changed(created)["email"] == (None, "john.ouick@gmail.com")
        assert changed(created)["sales_contact_id"] == (None, world.seller.pk)

        client_services.client_update(actor=world.seller, client_id=client.pk, data={"phone": "+1 234 567 0000"})
        client_services.client_reassign(
            actor=world.manager, client_id=client.pk, sales_contact_id=world.other_seller.pk
        )
        reassigned, updated, _ = entries("clients", client)
        assert (updated["action"], updated["actor_name"]) == ("updated", "Bill Boquet")
        assert updated["changes"] == [{"field": "phone", "old": "+1 234 567 8901", "new": "+1 234 567 0000"}]
        assert (reassigned["actor_name"], reassigned["changes"]) == (
            "Mona Manager",
            [{"field": "sales_contact_id", "old": world.seller.pk, "new": world.other_seller.pk}],
        )

    def test_contract_create_amounts_and_signature(self, world):
        contract = contract_services.contract_create(
            actor=world.manager, client_id=world.client.pk, total_amount="2000"
        )
        [created] = entries("contracts", contract)
        assert changed(created)["total_amount"] == (None, "2000.00")
        assert changed(created)["amount_due"] == (None, "2000.00")
        assert changed(created)["client_id"] == (None, world.client.pk)

        contract_services.contract_update(actor=world.seller, contract_id=contract.pk, data={"amount_due": "1500.5"})
        contract_services.contract_sign(actor=world.manager, contract_id=contract.pk)
        signed, paid, _ = entries("contracts", contract)
        assert (paid["actor_name"], paid["changes"]) == (
            "Bill Boquet",
            [{"field": "amount_due", "old": "2000.00", "new": "1500.50"}],
        )
        assert signed["actor_name"] == "Mona Manager"
        assert [change["field"] for change in signed["changes"]] == ["is_signed", "signed_at"]
        assert changed(signed)["is_signed"] == (False, True)
        assert changed(signed)["signed_at"][0] is None
        assert dt.datetime.fromisoformat(changed(signed)["signed_at"][1]).tzinfo is not None

    def test_event_create_date_change_and_support(self, world):
        start = dt.datetime(2027, 6, 3, 13, tzinfo=PARIS)
        event = event_services.event_create(
            actor=world.seller, contract_id=world.contract.pk, name="John Ouick Wedding", start=start,
            end=start + dt.timedelta(hours=13), location="Candé-sur-Beuvron", attendees=75,
        )
        event_services.event_assign_support(
            actor=world.manager, event_id=event.pk, support_contact_id=world.supporter.pk
        )
        event_services.event_update(
            actor=world.supporter, event_id=event.pk, data={"start": "2027-06-04 13:00", "end": "2027-06-05 02:00"}
        )
        moved, assigned, created = entries("events", event)
        assert created["action"] == "created" and created["actor_name"] == "Bill Boquet"
        assert "support_contact_id" not in changed(created)  # nothing to say about an empty field
        assert assigned["changes"] == [{"field": "support_contact_id", "old": None, "new": world.supporter.pk}]
        assert moved["actor_name"] == "Kate Hastroff"
        assert changed(moved) == {
            "start": ("2027-06-03T13:00:00+02:00", "2027-06-04T13:00:00+02:00"),
            "end": ("2027-06-04T02:00:00+02:00", "2027-06-05T02:00:00+02:00"),
        }

    def test_employee_create_department_and_password(self, world):
        hired = employee_services.employee_create(
            actor=world.manager, email="nora@epicevents.example", full_name="Nora Newcomer", department="support",
            password="Quiet-Harbour-Lantern-58",
        )
        employee_services.employee_update(actor=world.manager, employee_id=hired.pk, data={"department": "sales"})
        employee_services.employee_update(
            actor=world.manager, employee_id=hired.pk, data={"password": "Copper-Meadow-Violin-73"}
        )
        password, department, created = entries("employees", hired)
        assert created["actor_name"] == "Mona Manager"
        assert changed(created)["department"] == (None, "support")
        assert changed(created)["employee_number"][1] == hired.employee_number
        assert department["changes"] == [{"field": "department", "old": "support", "new": "sales"}]
        # A password change is recorded, in words: never the hash, nor anything derived from it.
        assert (password["action"], password["changes"], password["reason"]) == ("updated", [], "password changed")
        stored = list(Employee.history.model.objects.filter(id=hired.pk).values())
        assert not any("password" in column for column in stored[0])
        assert hired.password and not any(hired.password in str(row) for row in stored)

    def test_an_update_that_changes_nothing_records_nothing(self, world):
        before = history_count("clients", world.client)
        client_services.client_update(actor=world.seller, client_id=world.client.pk, data={"email": "KEVIN@startup.io"})
        event_services.event_update(actor=world.manager, event_id=world.event.pk, data={"attendees": 75})
        assert history_count("clients", world.client) == before
        assert history_count("events", world.event) == 1


class TestRemovalWithHandover:
    def test_the_removed_employee_and_each_record_handed_over(self, world):
        second = make_client(world.seller, full_name="Second Client")
        employee_services.employee_delete(
            actor=world.manager, employee_id=world.seller.pk, reassign_to_id=world.other_seller.pk
        )

        removal = entries("employees", world.seller)[0]
        assert (removal["action"], removal["actor_name"]) == ("removed", "Mona Manager")
        assert changed(removal)["is_active"] == (True, False)
        assert changed(removal)["deleted_at"][0] is None
        for client in (world.client, second):
            handover = entries("clients", client)[0]
            assert (handover["action"], handover["actor_name"]) == ("updated", "Mona Manager")
            assert handover["changes"] == [
                {"field": "sales_contact_id", "old": world.seller.pk, "new": world.other_seller.pk}
            ]
            assert handover["reason"] == f"handover: Bill Boquet (employee {world.seller.pk}) was removed"

    def test_upcoming_events_handed_over_to_another_supporter(self, world):
        employee_services.employee_delete(
            actor=world.manager, employee_id=world.supporter.pk, reassign_to_id=world.idle_supporter.pk
        )
        handover = entries("events", world.event)[0]
        assert handover["changes"] == [
            {"field": "support_contact_id", "old": world.supporter.pk, "new": world.idle_supporter.pk}
        ]

    def test_what_the_removed_employee_did_still_names_them(self, world):
        client_services.client_update(
            actor=world.seller, client_id=world.client.pk, data={"phone": "+33 1 02 03 04 05"}
        )
        employee_services.employee_delete(
            actor=world.manager, employee_id=world.seller.pk, reassign_to_id=world.other_seller.pk
        )
        _, their_change, _ = entries("clients", world.client)
        assert (their_change["actor_id"], their_change["actor_name"]) == (world.seller.pk, "Bill Boquet")

    def test_handover_costs_the_same_queries_for_2_or_40_clients(self, world):
        def removal_queries(clients: int) -> int:
            seller = make_employee("sales")
            for _ in range(clients):
                make_client(seller)
            with CaptureQueriesContext(connection) as captured:
                employee_services.employee_delete(
                    actor=world.manager, employee_id=seller.pk, reassign_to_id=world.seller.pk
                )
            return len(captured.captured_queries)

        assert removal_queries(2) == removal_queries(40)


class TestRefusedChangesLeaveNoHistory:
    def test_refusals_of_every_kind(self, world):
        before = snapshot()
        with pytest.raises(PermissionDenied):
            client_services.client_update(actor=world.other_seller, client_id=world.client.pk, data={"phone": "+1 555"})
        with pytest.raises(InvalidInput):
            contract_services.contract_update(
                actor=world.manager, contract_id=world.contract.pk, data={"amount_due": "9e9"}
            )
        with pytest.raises(RuleViolation):
            contract_services.contract_update(
                actor=world.manager, contract_id=world.contract.pk, data={"is_signed": False}
            )  # it has events
        with pytest.raises(RuleViolation):
            employee_services.employee_delete(actor=world.manager, employee_id=world.seller.pk)  # owns clients
        assert snapshot() == before


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class TestRolledBackChangesLeaveNoHistory:
    """A failure after the row and its history entry were written, before the transaction commits."""

    @pytest.fixture
    def failure_after_write(self):
        seen = []

        def fail(sender, instance, **kwargs):
            seen.append(Client.history.filter(id=instance.pk).count())  # the entry is written by now
            raise self.error

        post_save.connect(fail, sender=Client, dispatch_uid="test-failure-after-write")
        yield seen
        post_save.disconnect(sender=Client, dispatch_uid="test-failure-after-write")

    error = RuntimeError("disk full")

    def test_a_creation_rolled_back(self, failure_after_write):
        seller = make_employee("sales")
        history_before = Client.history.count()
        with pytest.raises(RuntimeError):
            client_services.client_create(
                actor=seller, full_name="Lost Client", email="lost@startup.example", phone="+1 234 567 8901",
                company_name="Lost",
            )
        assert failure_after_write == [1]
        assert not Client.objects.filter(email="lost@startup.example").exists()
        assert Client.history.count() == history_before

    def test_an_update_refused_by_the_database_at_the_last_moment(self, failure_after_write):
        seller = make_employee("sales")
        post_save.disconnect(sender=Client, dispatch_uid="test-failure-after-write")
        client = make_client(seller, phone="+1 234 567 8901")

        def refuse(**kwargs):
            raise IntegrityError("late refusal")

        post_save.connect(refuse, sender=Client, dispatch_uid="test-failure-after-write", weak=False)
        entries_before = Client.history.filter(id=client.pk).count()
        with pytest.raises(RuleViolation, match="changed meanwhile"):
            client_services.client_update(actor=seller, client_id=client.pk, data={"phone": "+1 234 567 0000"})
        client.refresh_from_db()
        assert client.phone == "+1 234 567 8901"
        assert Client.history.filter(id=client.pk).count() == entries_before


class TestNeverRecorded:
    def test_login_bookkeeping_and_lockout(self, world, settings):
        settings.LOGIN_MAX_FAILURES = 2
        before = history_count("employees", world.seller)
        for _ in range(2):
            with pytest.raises(Exception):
                authenticate_credentials(email=world.seller.email, password="Wrong-Guess-Passphrase-11")
        world.seller.refresh_from_db()
        assert world.seller.locked_until is not None  # locked: the bookkeeping did change
        Employee.objects.filter(pk=world.seller.pk).update(locked_until=None)
        authenticate_credentials(email=world.seller.email, password=PASSWORD)
        world.seller.last_login = dt.datetime.now(dt.UTC)
        world.seller.save(update_fields=["last_login"])  # what Django's login signal does
        assert history_count("employees", world.seller) == before

    def test_history_has_no_column_for_secrets_or_bookkeeping(self):
        columns = {field.name for field in Employee.history.model._meta.fields}
        assert not columns & {"password", "last_login", "failed_login_count", "locked_until"}


class TestChangeReason:
    def test_a_reason_is_attached_to_the_writes_made_inside_the_block_only(self, world):
        with change_reason("imported from clients.xlsx row 12"):
            client = client_services.client_create(
                actor=world.seller, full_name="Imported Client", email="imported@startup.example",
                phone="+1 234 567 8901", company_name="Imported",
            )
            with change_reason("imported from clients.xlsx row 13"):
                client_services.client_update(actor=world.seller, client_id=client.pk, data={"company_name": "Renamed"})
        client_services.client_update(actor=world.seller, client_id=client.pk, data={"company_name": "By hand"})
        by_hand, inner, created = entries("clients", client)
        assert created["reason"] == "imported from clients.xlsx row 12"
        assert (created["actor_name"], created["action"]) == ("Bill Boquet", "created")
        assert inner["reason"] == "imported from clients.xlsx row 13"
        assert by_hand["reason"] is None

    def test_a_reason_is_one_line_of_text(self):
        with pytest.raises(ValueError):
            with change_reason("   "):
                pass


SERVICE_WRITES = {
    "client_create": lambda w: client_services.client_create(
        actor=w.seller, full_name="New Client", email="new@startup.example", phone="+1 234 567 8901", company_name="N"
    ),
    "client_update": lambda w: client_services.client_update(
        actor=w.seller, client_id=w.client.pk, data={"phone": "+1 234 567 0000"}
    ),
    "contract_create": lambda w: contract_services.contract_create(
        actor=w.manager, client_id=w.client.pk, total_amount="100", is_signed=True
    ),
    "contract_update": lambda w: contract_services.contract_update(
        actor=w.manager, contract_id=w.contract.pk, data={"amount_due": "10"}
    ),
    "event_create": lambda w: event_services.event_create(
        actor=w.seller, contract_id=w.contract.pk, name="Party", start="2027-09-01 18:00", end="2027-09-01 23:00",
        location="Paris", attendees=10,
    ),
    "event_update": lambda w: event_services.event_update(
        actor=w.manager, event_id=w.event.pk, data={"attendees": 90, "support_contact_id": w.other_supporter.pk}
    ),
    "employee_create": lambda w: employee_services.employee_create(
        actor=w.manager, email="nora@epicevents.example", full_name="Nora", department="support"
    ),
    "employee_update": lambda w: employee_services.employee_update(
        actor=w.manager, employee_id=w.idle_supporter.pk, data={"phone": "+33 6 00 00 00 00"}
    ),
    "employee_delete": lambda w: employee_services.employee_delete(
        actor=w.manager, employee_id=w.supporter.pk, reassign_to_id=w.idle_supporter.pk
    ),
}


@pytest.mark.parametrize("write", SERVICE_WRITES)
def test_a_write_costs_a_constant_number_of_extra_queries(world, settings, write):
    """The same write with and without history: one insert for the record, and for a
    removal one more for all the records handed over, however many they are."""
    with transaction.atomic():
        settings.SIMPLE_HISTORY_ENABLED = False
        with CaptureQueriesContext(connection) as without:
            SERVICE_WRITES[write](world)
        transaction.set_rollback(True)
    settings.SIMPLE_HISTORY_ENABLED = True
    with CaptureQueriesContext(connection) as with_history:
        SERVICE_WRITES[write](world)
    extra = len(with_history.captured_queries) - len(without.captured_queries)
    assert extra == (2 if write == "employee_delete" else 1)
