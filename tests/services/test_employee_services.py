import datetime as dt

import pytest
from django.utils import timezone

from crm_core.errors import InvalidInput, NotAuthenticated, PermissionDenied, RuleViolation
from epic_auth_app.authentication import authenticate_token, login
from epic_auth_app.models import AuthSession, Employee
from epic_auth_app.services import employee_create, employee_delete, employee_update
from epic_clients_app.models import Client
from epic_events_app.models import Event
from tests.factories import PASSWORD, make_client, make_employee, make_event
from tests.services.conftest import snapshot

pytestmark = pytest.mark.django_db


def test_create_assigns_a_number_normalises_and_stores_the_department(manager):
    kate = employee_create(
        actor=manager,
        email="  Kate.Hastroff@EpicEvents.example ",
        full_name=" Kate Hastroff ",
        department="Support",
        phone="+33 6.12.34.56.78",
        password="Kate-Passphrase-2026",
    )
    kate.refresh_from_db()
    assert kate.email == "kate.hastroff@epicevents.example"
    assert kate.full_name == "Kate Hastroff"
    assert kate.department.code == "support"
    assert kate.phone == "+33 6 12 34 56 78"
    assert kate.employee_number.startswith("EE") and len(kate.employee_number) == 7
    assert kate.check_password("Kate-Passphrase-2026")


def test_employee_numbers_are_sequential_and_unique(manager):
    numbers = [
        employee_create(
            actor=manager, email=f"e{i}@epicevents.example", full_name=f"E {i}", department="sales"
        ).employee_number
        for i in range(3)
    ]
    assert len(set(numbers)) == 3 and numbers == sorted(numbers)


def test_create_without_password_cannot_log_in_yet(manager):
    employee_create(actor=manager, email="new@epicevents.example", full_name="New Hire", department="sales")
    with pytest.raises(NotAuthenticated):
        login(email="new@epicevents.example", password="anything-at-all-123")


def test_create_reports_every_bad_field_at_once(manager):
    with pytest.raises(InvalidInput) as caught:
        employee_create(actor=manager, email="not-an-email", full_name="", department="marketing", phone="call me")
    assert set(caught.value.errors) == {"email", "full_name", "department", "phone"}


def test_duplicate_email_is_refused_whatever_the_case(manager):
    make_employee(email="kate@epicevents.example")
    with pytest.raises(InvalidInput) as caught:
        employee_create(actor=manager, email="KATE@epicevents.example", full_name="Kate Two", department="sales")
    assert "already uses" in caught.value.errors["email"]


def test_the_address_of_a_removed_employee_is_explained(manager, seller):
    employee_delete(actor=manager, employee_id=seller.pk)
    with pytest.raises(InvalidInput) as caught:
        employee_create(actor=manager, email=seller.email, full_name="Bill Again", department="sales")
    assert f"belongs to employee {seller.pk}, removed on" in caught.value.errors["email"]


def test_update_changes_only_the_given_fields(manager, seller):
    before = Employee.objects.get(pk=seller.pk)
    employee_update(actor=manager, employee_id=seller.pk, data={"phone": "+678 123 456 78"})
    after = Employee.objects.get(pk=seller.pk)
    assert after.phone == "+678 123 456 78"
    assert (after.email, after.full_name, after.department_id) == (before.email, before.full_name, before.department_id)
    assert after.updated_at > before.updated_at


@pytest.mark.parametrize("field", ["is_superuser", "is_staff", "employee_number", "is_active", "password_hash"])
def test_update_refuses_fields_outside_its_list(manager, seller, field):
    with pytest.raises(InvalidInput):
        employee_update(actor=manager, employee_id=seller.pk, data={field: True})


def test_department_change_is_refused_while_owning_clients(manager):
    client = make_client()
    before = snapshot()
    with pytest.raises(RuleViolation, match="sales contact of 1 client"):
        employee_update(actor=manager, employee_id=client.sales_contact_id, data={"department": "support"})
    assert snapshot() == before


def test_department_change_is_refused_while_running_upcoming_events(manager, supporter):
    make_event(support_contact=supporter, start=timezone.now() + dt.timedelta(days=3))
    before = snapshot()
    with pytest.raises(RuleViolation, match="support contact of 1 upcoming event"):
        employee_update(actor=manager, employee_id=supporter.pk, data={"department": "sales"})
    assert snapshot() == before


def test_past_events_are_not_offered_for_reassignment(manager, supporter):
    make_event(support_contact=supporter, start=timezone.now() - dt.timedelta(days=30))
    before = snapshot()
    with pytest.raises(RuleViolation, match="ran past events") as refused:
        employee_update(actor=manager, employee_id=supporter.pk, data={"department": "sales"})
    assert "--support" not in refused.value.message  # rewriting who ran an event is not the way
    assert snapshot() == before


def test_last_manager_cannot_leave_management(manager):
    with pytest.raises(RuleViolation, match="last active manager"):
        employee_update(actor=manager, employee_id=manager.pk, data={"department": "sales"})


def test_password_change_revokes_every_session(manager, seller):
    token = login(email=seller.email, password=PASSWORD).token
    employee_update(actor=manager, employee_id=seller.pk, data={"password": "Brand-New-Passphrase-42"})
    with pytest.raises(NotAuthenticated, match="session has ended"):
        authenticate_token(token)
    assert login(email=seller.email, password="Brand-New-Passphrase-42")


class TestAdministratorAccounts:
    """An IT administrator can use Django admin; a manager who could reset such an
    account's password or email would take over Django admin."""

    @pytest.fixture
    def administrator(self):
        return make_employee("management", email="it@epicevents.example", is_superuser=True, is_staff=True)

    @pytest.mark.parametrize(
        "data",
        [
            {"password": "Taken-Over-Passphrase-42"},
            {"email": "mine-now@epicevents.example"},
            {"department": "sales"},
            {"full_name": "Someone Else"},
        ],
    )
    def test_a_manager_without_admin_rights_cannot_change_an_administrator(self, manager, administrator, data):
        before = snapshot()
        with pytest.raises(PermissionDenied, match="Only an IT administrator"):
            employee_update(actor=manager, employee_id=administrator.pk, data=data)
        assert snapshot() == before
        assert login(email="it@epicevents.example", password=PASSWORD)

    def test_a_manager_without_admin_rights_cannot_remove_an_administrator(self, manager, administrator):
        before = snapshot()
        with pytest.raises(PermissionDenied, match="Only an IT administrator"):
            employee_delete(actor=manager, employee_id=administrator.pk)
        assert snapshot() == before

    def test_an_administrator_manager_changes_another_administrator(self, administrator):
        boss = make_employee("management", is_superuser=True, is_staff=True)
        employee_update(actor=boss, employee_id=administrator.pk, data={"password": "Reset-By-Another-Admin-7"})
        assert login(email="it@epicevents.example", password="Reset-By-Another-Admin-7")

    def test_an_administrator_manages_their_own_account_from_the_crm(self, administrator):
        employee_update(actor=administrator, employee_id=administrator.pk, data={"phone": "+33 1 23 45 67 89"})
        assert Employee.objects.get(pk=administrator.pk).phone == "+33 1 23 45 67 89"

    def test_ordinary_staff_accounts_stay_with_management(self, manager, seller):
        employee_update(actor=manager, employee_id=seller.pk, data={"password": "Reset-By-Management-42"})
        assert login(email=seller.email, password="Reset-By-Management-42")


class TestRemoval:
    def test_salesperson_with_clients_needs_a_successor(self, manager, seller):
        make_client(seller)
        before = snapshot()
        with pytest.raises(RuleViolation, match="--reassign-to"):
            employee_delete(actor=manager, employee_id=seller.pk)
        assert snapshot() == before

    def test_clients_are_handed_over_and_the_account_disabled_in_one_step(self, manager, seller, other_seller):
        clients = [make_client(seller), make_client(seller)]
        token = login(email=seller.email, password=PASSWORD).token
        removal = employee_delete(actor=manager, employee_id=seller.pk, reassign_to_id=other_seller.pk)
        assert removal.clients_moved == 2
        assert set(Client.objects.filter(sales_contact=other_seller)) == set(clients)
        seller.refresh_from_db()
        assert not seller.is_active and seller.deleted_at is not None
        with pytest.raises(NotAuthenticated):
            authenticate_token(token)
        with pytest.raises(NotAuthenticated):
            login(email=seller.email, password=PASSWORD)
        assert AuthSession.objects.filter(employee=seller, revoked_at__isnull=True).count() == 0

    def test_handing_clients_over_leaves_their_last_contact_alone(self, manager, seller, other_seller):
        last_contact = dt.datetime(2023, 3, 29, 16, tzinfo=dt.UTC)
        client = make_client(seller, created_at=last_contact, updated_at=last_contact)
        employee_delete(actor=manager, employee_id=seller.pk, reassign_to_id=other_seller.pk)
        client.refresh_from_db()
        assert (client.sales_contact, client.updated_at) == (other_seller, last_contact)

    def test_upcoming_events_move_and_past_events_keep_their_history(self, manager, supporter, other_supporter):
        past = make_event(support_contact=supporter, start=dt.datetime(2023, 6, 4, 13, tzinfo=dt.UTC))
        upcoming = make_event(support_contact=supporter, start=dt.datetime(2099, 6, 4, 13, tzinfo=dt.UTC))
        removal = employee_delete(actor=manager, employee_id=supporter.pk, reassign_to_id=other_supporter.pk)
        assert removal.events_moved == 1
        assert Event.objects.get(pk=upcoming.pk).support_contact == other_supporter
        assert Event.objects.get(pk=past.pk).support_contact == supporter  # still readable

    def test_successor_must_be_an_active_colleague_of_the_same_department(self, manager, seller, supporter):
        make_client(seller)
        retired = make_employee("sales", is_active=False)
        for successor in (supporter.pk, retired.pk, seller.pk, 99999, "abc"):
            before = snapshot()
            with pytest.raises(InvalidInput):
                employee_delete(actor=manager, employee_id=seller.pk, reassign_to_id=successor)
            assert snapshot() == before

    def test_handing_over_to_the_employee_being_removed_says_so(self, manager, seller):
        make_client(seller)
        with pytest.raises(InvalidInput) as refused:
            employee_delete(actor=manager, employee_id=seller.pk, reassign_to_id=seller.pk)
        assert refused.value.errors == {
            "reassign_to": f"Reassign to: {seller.pk} is the employee being removed; choose a colleague to take over."
        }

    @pytest.mark.parametrize("successor", ["99999999999999999999", "１", "-3"])
    def test_a_successor_id_that_cannot_be_an_employee_is_refused_as_input(self, manager, seller, successor):
        make_client(seller)
        before = snapshot()
        with pytest.raises(InvalidInput, match="Reassign to"):
            employee_delete(actor=manager, employee_id=seller.pk, reassign_to_id=successor)
        assert snapshot() == before

    def test_employee_owning_nothing_is_removed_without_successor(self, manager, seller):
        employee_delete(actor=manager, employee_id=seller.pk)
        assert not Employee.objects.get(pk=seller.pk).is_active

    def test_managers_cannot_remove_themselves(self, manager):
        make_employee("management")
        with pytest.raises(RuleViolation, match="your own account"):
            employee_delete(actor=manager, employee_id=manager.pk)

    def test_removed_employee_cannot_be_changed_or_removed_again(self, manager, seller):
        employee_delete(actor=manager, employee_id=seller.pk)
        with pytest.raises(RuleViolation, match="was removed"):
            employee_update(actor=manager, employee_id=seller.pk, data={"full_name": "Ghost"})
        with pytest.raises(RuleViolation, match="was removed"):
            employee_delete(actor=manager, employee_id=seller.pk)
