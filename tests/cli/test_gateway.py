"""The gateway's contract, as the commands and the menu rely on it, on the local transport.

Plain data out (JSON values only), the domain errors of crm_core.errors, INTERFACES.md's
filters, pages with bounded counts, exports that stream, and updates that say whether
anything changed. A remote transport must pass the same tests.
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cli.gateway.local import LocalGateway
from cli.session_file import SessionFile
from crm_core.errors import InvalidInput, NotAuthenticated, NotFound, PermissionDenied, SuccessorRequired
from epic_auth_app.models import AuthSession
from tests.factories import PASSWORD, make_bulk, make_client, make_contract, make_event
from tests.query_counts import round_trips

pytestmark = pytest.mark.django_db


@pytest.fixture
def gateway(home):
    return LocalGateway(SessionFile(home))


def logged_in(gateway, employee):
    gateway.login(email=employee.email, password=PASSWORD)
    return gateway


def test_login_whoami_logout(gateway, seller):
    session = gateway.login(email=seller.email, password=PASSWORD)
    assert session.employee["full_name"] == "Bill Boquet" and session.expires_at.endswith(("+01:00", "+02:00"))
    assert gateway.whoami() == session.employee
    assert gateway.logout() is True
    with pytest.raises(NotAuthenticated, match="not logged in"):
        gateway.whoami()
    assert gateway.logout() is False


def test_a_new_login_ends_the_session_it_replaces(gateway, seller, manager):
    logged_in(gateway, seller)
    replaced = gateway.session_file.load()
    logged_in(gateway, manager)
    assert AuthSession.objects.get(employee=seller).revoked_at is not None
    assert gateway.session_file.load() != replaced and gateway.whoami()["department"] == "management"


def test_records_are_plain_json_values(gateway, manager, seller, supporter):
    event = make_event(make_contract(make_client(seller)), supporter)
    logged_in(gateway, manager)
    records = [
        gateway.whoami(),
        gateway.employees.show(seller.pk),
        gateway.clients.show(event.contract.client_id),
        gateway.contracts.show(event.contract_id),
        gateway.events.show(event.pk),
        *gateway.events.list().items,
        *gateway.events.export(),
    ]
    assert json.loads(json.dumps(records)) == records  # nothing a JSON body could not carry
    shown = gateway.events.show(event.pk)
    assert (shown["sales_contact_name"], shown["support_contact_name"]) == ("Bill Boquet", "Kate Hastroff")


def test_pages_count_up_to_the_cap(gateway, manager, seller, supporter):
    make_bulk(7, seller=seller, supporter=supporter)
    logged_in(gateway, manager)
    page = gateway.events.list(page=2, limit=5)
    assert (len(page.items), page.number, page.limit, page.count, page.count_is_capped) == (2, 2, 5, 7, False)
    assert (page.first_row, page.last_row, page.has_next) == (6, 7, False)
    assert gateway.events.list(page=1, limit=5, no_support=True).count == 4  # every other one has support
    every = gateway.events.list().items
    staffed = next(e["id"] for e in every if e["support_contact_id"])
    unstaffed = next(e["id"] for e in every if not e["support_contact_id"])
    assert gateway.events.list(record_id=str(staffed), no_support=True).items == []  # not in that list
    assert [e["id"] for e in gateway.events.list(record_id=str(unstaffed), no_support=True).items] == [unstaffed]
    assert gateway.events.list(record_id="99999999999999999999").items == []
    with pytest.raises(InvalidInput, match="Event id: expected a record id"):
        gateway.events.list(record_id="0")


def test_filters_are_the_interfaces_names(gateway, manager, seller, other_seller):
    mine = make_contract(make_client(seller), signed=False)
    make_contract(make_client(other_seller))
    logged_in(gateway, seller)
    assert [c["id"] for c in gateway.contracts.list(mine=True).items] == [mine.pk]
    assert [c["id"] for c in gateway.contracts.list(client=str(mine.client_id)).items] == [mine.pk]
    assert gateway.contracts.list(mine=True, signed=True).items == []
    assert len(gateway.contracts.list(mine=False, client=None).items) == 2  # False and None: not given
    with pytest.raises(TypeError):
        gateway.contracts.list(client_id=mine.client_id)  # the selector's name is not the interface's
    logged_in(gateway, manager)
    assert {e["department"] for e in gateway.employees.list(department="sales").items} == {"sales"}


def test_an_export_streams_and_refuses_before_the_first_row(gateway, manager, seller, supporter):
    make_bulk(30, seller=seller, supporter=supporter)
    logged_in(gateway, seller)
    with pytest.raises(PermissionDenied):
        gateway.employees.export()
    rows = gateway.events.export(upcoming=True)
    with CaptureQueriesContext(connection) as captured:
        assert len(list(rows)) == 30
    # One query for every row, read in chunks (on PostgreSQL after switching JIT off for its transaction).
    assert round_trips(captured) == (2 if connection.vendor == "postgresql" else 1)


def test_an_update_says_whether_anything_changed(gateway, seller):
    client = make_client(seller, phone="+33 1 23 45 67 89")
    logged_in(gateway, seller)
    same = gateway.clients.update(client.pk, {"phone": "+33 1 23 45 67 89"})
    assert same.changed is False and same.record["id"] == client.pk
    moved = gateway.clients.update(client.pk, {"phone": "+33 6 00 00 00 00"})
    assert moved.changed is True and moved.record["phone"] == "+33 6 00 00 00 00"


def test_create_takes_the_spec_field_names_only(gateway, manager, seller):
    client = make_client(seller)
    logged_in(gateway, manager)
    contract = gateway.contracts.create({"client_id": client.pk, "total_amount": "1500", "is_signed": False})
    assert (contract["total_amount"], contract["amount_due"]) == ("1500.00", "1500.00")
    with pytest.raises(InvalidInput, match="'client' cannot be changed here"):
        gateway.contracts.create({"client": client.pk, "total_amount": "1500"})
    with pytest.raises(NotFound):
        gateway.contracts.show(contract["id"] + 1000)


def test_check_makes_a_typed_value_well_formed_or_says_what_is_expected(gateway):
    assert gateway.contracts.check("total_amount", "18500") == "18500.00"
    assert gateway.events.check("start", "2027-06-04 13:00") == "2027-06-04T13:00:00+02:00"
    assert gateway.events.check("attendees", "75") == 75
    assert gateway.clients.check("email", "Kevin@Startup.io") == "kevin@startup.io"
    with pytest.raises(InvalidInput) as refused:
        gateway.clients.check("email", "kevin at startup")
    assert refused.value.errors == {"email": "'kevin at startup' is not an email address (expected name@example.com)."}


def test_removal_hands_over_or_names_what_needs_a_successor(gateway, manager, seller, other_seller):
    make_client(seller)
    logged_in(gateway, manager)
    with pytest.raises(SuccessorRequired) as refused:
        gateway.employees.remove(seller.pk)
    assert (refused.value.clients, refused.value.events) == (1, 0)
    removal = gateway.employees.remove(str(seller.pk), reassign_to=str(other_seller.pk))
    assert removal.employee["is_active"] is False and removal.reassigned_to["id"] == other_seller.pk
    assert (removal.clients_moved, removal.events_moved) == (1, 0)
