"""Reading a record's history: who may, the entries' shape, paging and filters, and its cost."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crm_core import clock
from crm_core.calendar_text import example_date
from crm_core.change_history import acting_as
from crm_core.errors import InvalidInput, NotFound, PermissionDenied
from crm_core.history import change_rows, iter_record_history, record_history
from crm_core.serialization import to_dict
from epic_auth_app import selectors as employee_selectors
from epic_auth_app.services import employee_delete, employee_update
from epic_clients_app import selectors as client_selectors
from epic_clients_app.models import Client
from epic_clients_app.services import client_update
from epic_contracts_app import selectors as contract_selectors
from epic_contracts_app.serializers import CONTRACT_SHAPE
from epic_contracts_app.services import contract_update
from epic_events_app import selectors as event_selectors
from epic_events_app.serializers import EVENT_SHAPE
from epic_events_app.services import event_update
from tests.services.conftest import World

pytestmark = pytest.mark.django_db

YES, NO = True, False
# SPEC §3, "read a record's history": management any record; sales and support clients,
# contracts and events. Columns: management, sales, support.
MATRIX = {
    "clients": (YES, YES, YES),
    "contracts": (YES, YES, YES),
    "events": (YES, YES, YES),
    "employees": (YES, NO, NO),
}
# The show command of each resource, whose refusal history must repeat word for word.
SHOW = {
    "clients": lambda w, actor: client_selectors.client_get(actor=actor, client_id=w.client.pk),
    "contracts": lambda w, actor: contract_selectors.contract_get(actor=actor, contract_id=w.contract.pk),
    "events": lambda w, actor: event_selectors.event_get(actor=actor, event_id=w.event.pk),
    "employees": lambda w, actor: employee_selectors.employee_get(actor=actor, employee_id=w.seller.pk),
}
HISTORY = {
    "clients": lambda w, actor, **o: client_selectors.client_history(actor=actor, client_id=w.client.pk, **o),
    "contracts": lambda w, actor, **o: contract_selectors.contract_history(actor=actor, contract_id=w.contract.pk, **o),
    "events": lambda w, actor, **o: event_selectors.event_history(actor=actor, event_id=w.event.pk, **o),
    "employees": lambda w, actor, **o: employee_selectors.employee_history(actor=actor, employee_id=w.seller.pk, **o),
}


@pytest.fixture
def world(db):
    return World()


@pytest.mark.parametrize("resource", MATRIX)
@pytest.mark.parametrize("column, department", list(enumerate(("management", "sales", "support"))))
def test_who_may_read_history_spec_3(world, resource, column, department):
    actor = world.actor(department)
    if MATRIX[resource][column]:
        page = HISTORY[resource](world, actor)
        assert page.items and page.items[-1]["action"] == "created"
    else:
        with pytest.raises(PermissionDenied) as show_refused:
            SHOW[resource](world, actor)
        with pytest.raises(PermissionDenied) as history_refused:
            HISTORY[resource](world, actor)
        assert history_refused.value.message == show_refused.value.message


def test_a_disabled_account_reads_nothing(world):
    employee_delete(actor=world.manager, employee_id=world.idle_supporter.pk)
    world.idle_supporter.refresh_from_db()
    with pytest.raises(PermissionDenied):
        record_history(actor=world.idle_supporter, resource="clients", record_id=world.client.pk)


@pytest.mark.parametrize("resource", MATRIX)
def test_unknown_and_malformed_ids_get_the_sentences_of_show(world, resource):
    get = {
        "clients": client_selectors.client_get,
        "contracts": contract_selectors.contract_get,
        "events": event_selectors.event_get,
        "employees": employee_selectors.employee_get,
    }[resource]
    for record_id in (987654, "12a", 0):
        expected = InvalidInput if record_id != 987654 else NotFound
        with pytest.raises(expected) as shown:
            get(actor=world.manager, **{f"{resource[:-1]}_id": record_id})
        with pytest.raises(expected) as history:
            record_history(actor=world.manager, resource=resource, record_id=record_id)
        assert history.value.message == shown.value.message


def test_the_entry_shape_and_value_formats_follow_the_record_shape(world):
    contract_update(actor=world.manager, contract_id=world.contract.pk, data={"total_amount": "1750", "amount_due": 0})
    event_update(actor=world.supporter, event_id=world.event.pk, data={"start": "2027-06-04 14:00", "attendees": 80})
    examples = (("contracts", world.contract, CONTRACT_SHAPE), ("events", world.event, EVENT_SHAPE))
    for resource, record, shape in examples:
        newest = record_history(actor=world.seller, resource=resource, record_id=record.pk).items[0]
        assert set(newest) == {"at", "actor_id", "actor_name", "action", "changes", "reason"}
        assert dt.datetime.fromisoformat(newest["at"]).utcoffset() is not None
        shown = to_dict(shape, type(record).objects.get(pk=record.pk))
        for change in newest["changes"]:
            assert set(change) == {"field", "old", "new"}
            assert change["new"] == shown[change["field"]]  # as `show` prints it
        assert {change["field"] for change in newest["changes"]}.isdisjoint({"id", "updated_at"})
    contract_entry = record_history(actor=world.seller, resource="contracts", record_id=world.contract.pk).items[0]
    assert {c["field"]: (c["old"], c["new"]) for c in contract_entry["changes"]} == {
        "total_amount": ("1500.00", "1750.00"),
        "amount_due": ("500.00", "0.00"),
    }


def test_newest_first_with_pages(world):
    for attendees in range(80, 85):
        event_update(actor=world.manager, event_id=world.event.pk, data={"attendees": attendees})
    first = record_history(actor=world.seller, resource="events", record_id=world.event.pk, limit=2)
    second = record_history(actor=world.seller, resource="events", record_id=world.event.pk, page=2, limit=2)
    assert [e["changes"][0]["new"] for e in first.items + second.items] == [84, 83, 82, 81]
    assert (first.total, first.total_is_capped, first.has_next) == (6, False, True)
    last = record_history(actor=world.seller, resource="events", record_id=world.event.pk, page=3, limit=2)
    assert last.items[-1]["action"] == "created" and not last.has_next


def test_since_and_by(world, monkeypatch):
    a_day = dt.timedelta(days=1)
    today = clock.now()
    monkeypatch.setattr(clock, "now", lambda: today + 10 * a_day)
    client_update(actor=world.seller, client_id=world.client.pk, data={"phone": "+33 1 00 00 00 01"})
    monkeypatch.setattr(clock, "now", lambda: today + 20 * a_day)
    client_update(actor=world.manager, client_id=world.client.pk, data={"sales_contact_id": world.other_seller.pk})
    since = (today + 15 * a_day).date().isoformat()

    def history(**filters):
        page = record_history(actor=world.supporter, resource="clients", record_id=world.client.pk, **filters)
        return [entry["changes"][0]["field"] for entry in page.items]

    assert history(since=since) == ["sales_contact_id"]
    assert history(since=today.date()) == ["sales_contact_id", "phone", "full_name"]
    assert history(by=world.seller.pk) == ["phone"]
    assert history(by=str(world.manager.pk), since=since) == ["sales_contact_id"]
    assert history(by=world.supporter.pk) == []  # nothing done by them: an empty page, not an error


@pytest.mark.parametrize(
    "filters, field, sentence",
    [
        (
            {"since": "04/06/2026"},
            "since",
            f"Since: '04/06/2026' is not a date; use YYYY-MM-DD (e.g. {example_date()}).",
        ),
        ({"since": 20260604}, "since", f"Since: expected a date such as {example_date()}."),
        ({"by": "Bill"}, "by", "By: expected a record id (a positive whole number)."),
        ({"limit": 0}, "limit", "Limit: expected a number of rows between 1 and 500."),
    ],
)
def test_bad_filters_are_one_sentence_each(world, filters, field, sentence):
    with pytest.raises(InvalidInput) as refused:
        record_history(actor=world.manager, resource="clients", record_id=world.client.pk, **filters)
    assert refused.value.errors == {field: sentence}


def test_a_removed_employee_history_and_their_name_stay_readable(world):
    employee_update(actor=world.manager, employee_id=world.seller.pk, data={"phone": "+33 6 11 11 11 11"})
    employee_delete(actor=world.manager, employee_id=world.seller.pk, reassign_to_id=world.other_seller.pk)
    removal, phone, created = record_history(actor=world.manager, resource="employees", record_id=world.seller.pk).items
    assert removal["action"] == "removed"
    assert phone["changes"] == [{"field": "phone", "old": "", "new": "+33 6 11 11 11 11"}]
    handover = record_history(actor=world.supporter, resource="clients", record_id=world.client.pk).items[0]
    assert handover["reason"].startswith("handover: Bill Boquet")


def test_a_deleted_record_keeps_its_history(world):
    event_id = world.other_event.pk
    with acting_as(world.manager):
        world.other_event.delete()
    removed = record_history(actor=world.seller, resource="events", record_id=event_id).items[0]
    assert (removed["action"], removed["actor_name"]) == ("removed", "Mona Manager")
    assert {c["field"]: c["new"] for c in removed["changes"]}["name"] is None
    assert {c["field"]: c["old"] for c in removed["changes"]}["name"] == "Lou Bouzin General Assembly"


@pytest.mark.parametrize("page", [1, 2])
def test_a_page_costs_the_same_queries_whatever_the_history_length(world, page):
    def queries(changes: int) -> int:
        client = Client.objects.create(
            full_name="Counted", email=f"counted{changes}@startup.example", phone="+1 234", company_name="C",
            sales_contact=world.seller,
        )
        for n in range(changes):
            client_update(actor=world.seller, client_id=client.pk, data={"company_name": f"Company {n}"})
        with CaptureQueriesContext(connection) as captured:
            record_history(actor=world.seller, resource="clients", record_id=client.pk, page=page, limit=5)
        return len(captured.captured_queries)

    assert queries(12) == queries(70) <= 3


def test_change_rows_give_one_line_per_changed_field(world):
    event_update(actor=world.manager, event_id=world.event.pk, data={"attendees": 90, "location": "Blois"})
    employee_update(
        actor=world.manager, employee_id=world.idle_supporter.pk, data={"password": "Copper-Meadow-Violin-73"}
    )
    event_rows = change_rows(record_history(actor=world.manager, resource="events", record_id=world.event.pk).items)
    assert [(row["field"], row["old"], row["new"]) for row in event_rows[:2]] == [
        ("location", "53 Rue du Château, 41120 Candé-sur-Beuvron, France", "Blois"),
        ("attendees", 75, 90),
    ]
    password_rows = change_rows(
        record_history(actor=world.manager, resource="employees", record_id=world.idle_supporter.pk, limit=1).items
    )
    assert [(row["field"], row["reason"]) for row in password_rows] == [(None, "password changed")]


def test_resources_are_named_as_the_commands_name_them(world):
    with pytest.raises(InvalidInput) as refused:
        record_history(actor=world.manager, resource="departments", record_id=1)
    assert refused.value.message == "Resource: history is kept for employees, clients, contracts, events."
    assert record_history(actor=world.manager, resource=Client, record_id=world.client.pk).items


def test_every_entry_for_an_export_in_chunks(world):
    for attendees in range(80, 87):
        event_update(actor=world.manager, event_id=world.event.pk, data={"attendees": attendees})
    every = record_history(actor=world.supporter, resource="events", record_id=world.event.pk, limit=500).items
    with CaptureQueriesContext(connection) as captured:
        entries = iter_record_history(actor=world.supporter, resource="events", record_id=world.event.pk, chunk=3)
        exported = list(entries)
    assert exported == every and len(every) == 8
    assert len(captured.captured_queries) <= 1 + 2 * 3  # existence, then entries and their predecessors per chunk
    with pytest.raises(PermissionDenied):
        iter_record_history(actor=world.seller, resource="employees", record_id=world.seller.pk)
    with pytest.raises(NotFound):
        iter_record_history(actor=world.seller, resource="events", record_id=987654)
