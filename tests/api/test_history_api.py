"""GET /api/v1/{resource}/{id}/history: who may read it (SPEC §3), one entry per change made
through the API, pages and the full stream, refusals as for show, and a bounded cost."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from epic_events_app.services import event_update
from tests.api.conftest import body_of

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


def record_of(world, resource: str, own: bool):
    return {
        "clients": world.client if own else world.other_client,
        "contracts": world.contract if own else world.other_contract,
        "events": world.event if own else world.other_event,
        "employees": world.seller if own else world.other_seller,
    }[resource]


@pytest.mark.parametrize("own", [True, False], ids=["own", "someone else's"])
@pytest.mark.parametrize("resource", MATRIX)
@pytest.mark.parametrize("column, department", list(enumerate(("management", "sales", "support"))))
def test_who_may_read_history_over_http_spec_3(api, world, resource, column, department, own):
    caller = api.as_(world.actor(department))
    record = record_of(world, resource, own)
    answer = caller.get(f"{resource}/{record.pk}/history")
    if MATRIX[resource][column]:
        assert answer.status_code == 200, answer.content
        assert body_of(answer)["results"][-1]["action"] == "created"
    else:
        shown = caller.get(f"{resource}/{record.pk}")
        assert (answer.status_code, body_of(answer)) == (403, body_of(shown))


@pytest.mark.parametrize("record_id, status", [("424242", 404), ("abc", 400), ("0", 400)])
def test_unknown_and_malformed_ids_answer_as_show(api, world, record_id, status):
    caller = api.as_(world.manager)
    for resource in MATRIX:
        answer = caller.get(f"{resource}/{record_id}/history")
        assert (answer.status_code, body_of(answer)) == (status, body_of(caller.get(f"{resource}/{record_id}")))


def test_no_token_is_401(api, world):
    assert api.call("GET", f"events/{world.event.pk}/history").status_code == 401


def newest(api, caller, path) -> dict:
    return body_of(caller.get(f"{path}/history"))["results"][0]


def changes(entry) -> dict:
    return {change["field"]: (change["old"], change["new"]) for change in entry["changes"]}


def test_each_change_made_through_the_api_is_one_entry_with_its_author_and_values(api, world):
    """Issue 19: the API is an entry point like the others."""
    bill, mona, kate = api.as_(world.seller), api.as_(world.manager), api.as_(world.supporter)
    calls = [
        (bill, f"clients/{world.client.pk}", {"phone": "+33 6 11 22 33 44"}, world.seller),
        (mona, f"contracts/{world.contract.pk}", {"amount_due": "100.50"}, world.manager),
        (kate, f"events/{world.event.pk}", {"attendees": 80, "location": "Salle 2"}, world.supporter),
        (mona, f"employees/{world.other_seller.pk}", {"full_name": "Sally Seller-Martin"}, world.manager),
    ]
    for caller, path, data, author in calls:
        before = body_of(mona.get(path))
        count = body_of(mona.get(f"{path}/history"))["count"]
        assert caller.patch(path, data).status_code == 200
        page = body_of(mona.get(f"{path}/history"))
        assert page["count"] == count + 1, path
        entry = page["results"][0]
        assert (entry["actor_id"], entry["actor_name"]) == (author.pk, author.full_name)
        assert entry["action"] == "updated"
        expected = {field: (before[field], body_of(mona.get(path))[field]) for field in data}
        assert changes(entry) == expected, path

    lou = {"full_name": "Lou Bouzin", "email": "lou@bouzin.example", "phone": "+33 1 23 45 67 89", "company_name": "LB"}
    created = api.as_(world.seller).post("clients", lou)
    [creation] = body_of(mona.get(f"clients/{body_of(created)['id']}/history"))["results"]
    assert (creation["action"], creation["actor_name"]) == ("created", "Bill Boquet")
    assert changes(creation)["email"] == (None, "lou@bouzin.example")


def test_a_refused_change_leaves_no_entry(api, world):
    before = body_of(api.as_(world.manager).get(f"events/{world.event.pk}/history"))["count"]
    assert api.as_(world.other_supporter).patch(f"events/{world.event.pk}", {"attendees": 3}).status_code == 403
    assert body_of(api.as_(world.manager).get(f"events/{world.event.pk}/history"))["count"] == before


def add_changes(world, count: int) -> None:
    for attendees in range(count):
        event_update(actor=world.manager, event_id=world.event.pk, data={"attendees": 100 + attendees})


def test_pages_the_whole_stream_and_the_filters(api, world):
    add_changes(world, 7)
    caller = api.as_(world.other_supporter)
    path = f"events/{world.event.pk}/history"

    every = body_of(caller.get(f"{path}?all=true"))
    assert len(every) == 8 and every[-1]["action"] == "created"
    first = body_of(caller.get(f"{path}?limit=3"))
    assert (first["page"], first["limit"], first["count"], first["count_is_capped"]) == (1, 3, 8, False)
    assert first["results"] == every[:3]
    second = body_of(api.call("GET", first["next"], token=caller.token))
    assert second["results"] == every[3:6] and "page=3" in second["next"]
    assert body_of(caller.get(f"{path}?page=3&limit=3"))["next"] is None

    today = dt.date.today().isoformat()
    by_mona = body_of(caller.get(f"{path}?by={world.manager.pk}&since={today}&all=true"))
    assert len(by_mona) == 7 and {entry["actor_id"] for entry in by_mona} == {world.manager.pk}
    assert body_of(caller.get(f"{path}?since=2099-01-01"))["results"] == []


@pytest.mark.parametrize(
    "query, field",
    [
        ("since=04/06/2026", "since"),
        ("by=Bill", "by"),
        ("limit=0", "limit"),
        ("all=yes", "all"),
        ("all=true&page=2", "all"),
        ("sort=at", "sort"),
    ],
)
def test_bad_parameters_are_400_with_the_field_named(api, world, query, field):
    answer = api.as_(world.manager).get(f"clients/{world.client.pk}/history?{query}")
    assert answer.status_code == 400
    assert list(body_of(answer)["fields"]) == [field]


@pytest.mark.parametrize("query", ["", "?all=true"])
def test_a_history_page_or_stream_costs_the_same_queries_whatever_its_length(api, world, query):
    caller = api.as_(world.supporter)
    path = f"events/{world.event.pk}/history{query}"

    def measured() -> int:
        with CaptureQueriesContext(connection) as captured:
            answer = caller.get(path)
            body_of(answer)  # a stream is read as the client reads it
        assert answer.status_code == 200
        return len(captured.captured_queries)

    add_changes(world, 60)
    long = measured()
    add_changes(world, 120)
    assert measured() == long <= 4  # the session, the entries, the count, the entries just before them
