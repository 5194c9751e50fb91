"""Lists over HTTP: pages with a bounded count, every row streamed, filters, and a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import body_of
from tests.factories import make_bulk, make_client
from tests.query_counts import round_trips


def test_a_page_says_where_it_is_and_links_the_next(api, world):
    for _ in range(3):
        make_client(world.seller)
    response = api.as_(world.manager).get("clients?limit=2&search=client")
    body = body_of(response)
    assert response.status_code == 200
    assert [set(body) - {"results"}, len(body["results"])] == [{"page", "limit", "count", "count_is_capped", "next"}, 2]
    assert (body["page"], body["limit"], body["count"], body["count_is_capped"]) == (1, 2, 3, False)
    assert body["next"] == "http://testserver/api/v1/clients?limit=2&search=client&page=2"
    last = body_of(api.as_(world.manager).get(body["next"]))
    assert len(last["results"]) == 1 and last["next"] is None


def test_counts_stop_at_a_thousand_and_pages_there(api, seller, supporter, manager):
    make_bulk(1001, seller=seller, supporter=supporter)
    as_manager = api.as_(manager)
    first = body_of(as_manager.get("events?limit=500"))
    assert (first["count"], first["count_is_capped"]) == (1000, True)
    second = body_of(as_manager.get("events?limit=500&page=2"))
    assert second["next"] is None  # row 1,000 is the last a page reaches
    beyond = as_manager.get("events?limit=500&page=3")
    assert beyond.status_code == 400
    everything = body_of(as_manager.get("events?all=true"))
    assert len(everything) == 1001 and len({row["id"] for row in everything}) == 1001


def test_every_row_streams_as_one_json_array_in_list_order(api, world):
    response = api.as_(world.supporter).get("contracts?all=true")
    assert response.streaming and response["Content-Type"] == "application/json"
    rows = body_of(response)
    paged = body_of(api.as_(world.supporter).get("contracts"))["results"]
    assert rows == paged


def test_an_empty_list_is_an_empty_array(api, world):
    assert body_of(api.as_(world.manager).get("events?all=true&contract=999999")) == []


@pytest.mark.parametrize(
    "query, expected",
    [
        ("clients?mine=true", lambda w: {w.client.pk}),
        ("clients?search=kevin", lambda w: {w.client.pk}),
        ("contracts?mine=true", lambda w: {w.contract.pk, w.unsigned.pk}),
        ("contracts?unsigned=true", lambda w: {w.unsigned.pk, w.other_unsigned.pk}),
        ("contracts?signed=true", lambda w: {w.contract.pk, w.other_contract.pk}),
        ("contracts?unpaid=true", lambda w: {w.contract.pk, w.other_contract.pk, w.unsigned.pk, w.other_unsigned.pk}),
        ("contracts?client={client}", lambda w: {w.contract.pk, w.unsigned.pk}),
        ("events?mine=true", lambda w: {w.event.pk}),
        ("events?no_support=false", lambda w: {w.event.pk, w.other_event.pk}),
        ("events?upcoming=true&contract={contract}", lambda w: {w.event.pk}),
    ],
)
def test_filters_of_interfaces_md_as_the_cli_has_them(api, world, query, expected):
    path = query.format(client=world.client.pk, contract=world.contract.pk)
    rows = body_of(api.as_(world.seller).get(f"{path}&all=true"))
    assert {row["id"] for row in rows} == expected(world)


def test_employee_filters(api, world):
    rows = body_of(api.as_(world.manager).get("employees?department=support&all=true"))
    assert {row["id"] for row in rows} == {world.supporter.pk, world.other_supporter.pk, world.idle_supporter.pk}
    assert api.as_(world.manager).get("employees?department=it").status_code == 400


def test_mine_means_nothing_for_management(api, world):
    response = api.as_(world.manager).get("clients?mine=true")
    assert response.status_code == 409
    assert "drop that filter" in body_of(response)["detail"]


LISTS = [
    ("manager", "clients"),
    ("seller", "clients?mine=true"),
    ("manager", "clients?search=bulk"),
    ("manager", "contracts"),
    ("seller", "contracts?mine=true"),
    ("manager", "contracts?unsigned=true"),
    ("manager", "contracts?unpaid=true&signed=true"),
    ("manager", "events"),
    ("seller", "events?mine=true"),
    ("supporter", "events?mine=true"),
    ("manager", "events?no_support=true&upcoming=true"),
    ("manager", "employees"),
]


def queries_for(api, token, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = api.call("GET", path, token=token)
        body_of(response)  # a stream runs its query while it is read
    assert response.status_code == 200
    return round_trips(captured)


@pytest.mark.parametrize("role, path", LISTS)
def test_every_list_costs_the_same_queries_at_120_and_320_rows(api, manager, seller, supporter, role, path):
    people = {"manager": manager, "seller": seller, "supporter": supporter}
    token = api.token_for(people[role])
    separator = "&" if "?" in path else "?"
    make_bulk(120, seller=seller, supporter=supporter)  # a full page for every filter: the count runs at both sizes
    small = {mode: queries_for(api, token, f"{path}{separator}{mode}") for mode in ("limit=50", "all=true")}
    make_bulk(200, seller=seller, supporter=supporter)
    large = {mode: queries_for(api, token, f"{path}{separator}{mode}") for mode in ("limit=50", "all=true")}
    assert large == small
    assert max(large.values()) <= 4, large  # the session check, the count, the page (and a seller's own ids)
