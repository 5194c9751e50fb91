"""Changelists: a bounded number of queries whatever the row count, and filters that mean what they say."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from epic_auth_app.models import Department, Employee
from tests.admin.conftest import admin_url
from tests.factories import PARIS, make_bulk, make_client, make_contract, make_employee, make_event, next_year

pytestmark = pytest.mark.django_db

PAGES = {
    "clients": ("client", {}),
    "clients searched": ("client", {"q": "bulk"}),
    "contracts": ("contract", {}),
    "contracts not signed": ("contract", {"signed": "no"}),
    "contracts not fully paid": ("contract", {"payment": "unpaid"}),
    "contracts searched": ("contract", {"q": "bulk"}),
    "events": ("event", {}),
    "events without support": ("event", {"support": "none"}),
    "events upcoming": ("event", {"when": "upcoming"}),
    "events of one year": ("event", {"start__year": str(next_year())}),  # the year make_bulk fills
    "events searched": ("event", {"q": "bulk"}),
    "employees": ("employee", {}),
    "employees of sales": ("employee", {"department__code": "sales"}),
    "departments": ("department", {}),
}


def add_rows(count: int, *, seller, supporter) -> None:
    """``count`` more clients, contracts and events, and as many employees."""
    make_bulk(count, seller=seller, supporter=supporter)
    sales = Department.objects.get(code="sales")
    first = Employee.objects.count()
    Employee.objects.bulk_create(
        Employee(
            employee_number=f"BK{first + i:05d}",
            email=f"bulk.staff{first + i}@epicevents.example",
            full_name=f"Bulk Staff {first + i}",
            department=sales,
        )
        for i in range(count)
    )


def queries_for(client, model: str, params: dict) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(admin_url(model, "changelist"), params)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_every_changelist_costs_the_same_queries_at_10_and_500_rows(as_admin, seller, supporter):
    add_rows(10, seller=seller, supporter=supporter)
    at_10 = {name: queries_for(as_admin, model, params) for name, (model, params) in PAGES.items()}
    add_rows(490, seller=seller, supporter=supporter)
    at_500 = {name: queries_for(as_admin, model, params) for name, (model, params) in PAGES.items()}
    assert at_500 == at_10
    assert max(at_500.values()) <= 10, at_500


def test_a_changelist_shows_related_names_amounts_and_signature(as_admin, world):
    page = as_admin.get(admin_url("contract", "changelist")).content.decode()
    assert "Kevin Casey" in page and "Bill Boquet" in page  # client and its sales contact
    assert "1500.00" in page and "500.00" in page
    events = as_admin.get(admin_url("event", "changelist")).content.decode()
    assert "Kate Hastroff" in events and "Lou Bouzin General Assembly" in events


def rows(as_admin, model: str, params: dict) -> list:
    response = as_admin.get(admin_url(model, "changelist"), params)
    return list(response.context["cl"].result_list)


def test_events_without_support_lists_only_unassigned_events(as_admin, world):
    unassigned = make_event(world.contract, name="Unstaffed Party")
    assert rows(as_admin, "event", {"support": "none"}) == [unassigned]
    assert set(rows(as_admin, "event", {"support": "assigned"})) == {world.event, world.other_event}


def test_upcoming_events_are_those_not_started_yet(as_admin, world):
    past = make_event(world.contract, name="Last Year's Gala", start=dt.datetime(2020, 5, 5, 15, 0, tzinfo=PARIS))
    upcoming = rows(as_admin, "event", {"when": "upcoming"})
    assert past not in upcoming and world.event in upcoming
    assert rows(as_admin, "event", {"when": "past"}) == [past]


def test_contract_filters_signed_and_unpaid(as_admin, world):
    paid = make_contract(world.client, amount_due=0)
    assert set(rows(as_admin, "contract", {"signed": "no"})) == {world.unsigned, world.other_unsigned}
    assert paid not in rows(as_admin, "contract", {"payment": "unpaid"})
    assert rows(as_admin, "contract", {"payment": "paid"}) == [paid]


def test_search_finds_clients_by_name_email_or_company(as_admin, world):
    assert rows(as_admin, "client", {"q": "kevin"}) == [world.client]
    assert rows(as_admin, "client", {"q": "loubouzin"}) == [world.other_client]
    # "Contract 12" is found by its number too (other rows may match it in a name or an email).
    assert world.unsigned in rows(as_admin, "contract", {"q": str(world.unsigned.pk)})


def test_employees_filter_by_department(as_admin, world):
    listed = rows(as_admin, "employee", {"department__code": "support"})
    assert set(listed) == {world.supporter, world.other_supporter, world.idle_supporter}


def test_autocomplete_offers_only_active_salespeople_for_a_sales_contact(as_admin, world):
    gone = make_employee("sales", full_name="Bill Gone", is_active=False)
    make_client(world.seller)
    response = as_admin.get(
        "/admin/autocomplete/",
        {"app_label": "epic_clients_app", "model_name": "client", "field_name": "sales_contact", "term": "bill"},
    )
    offered = {int(item["id"]) for item in response.json()["results"]}
    assert offered == {world.seller.pk}
    assert gone.pk not in offered
