"""Changelists: a bounded number of queries whatever the row count, and filters that mean what they say."""

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from epic_auth_app.models import Department, Employee
from epic_auth_app.services import employee_delete
from epic_events_app.models import Event
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
    events = as_admin.get(admin_url("event", "changelist")).content.decode()
    assert "Kate Hastroff" in events and "Lou Bouzin General Assembly" in events


def cells(as_admin, model: str, params: dict | None = None) -> list[str]:
    """The text of every cell of a changelist, as a person reads it."""
    page = as_admin.get(admin_url(model, "changelist"), params or {}).content.decode()
    results = page.split('id="result_list"', 1)[1].split("</table>", 1)[0]
    found = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", results, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in found]


def test_amounts_and_dates_read_as_in_the_cli(as_admin, seller):
    """SPEC §2's wedding: 18,500.00 and 4 June 2023 1 PM in Paris, as `contracts list` / `events list` print them."""
    wedding_day = dt.datetime(2023, 6, 4, 13, 0, tzinfo=PARIS)
    client = make_client(seller, created_at=dt.datetime(2022, 11, 2, 9, tzinfo=PARIS),
                         updated_at=dt.datetime(2023, 5, 12, 11, tzinfo=PARIS))
    contract = make_contract(client, total_amount=Decimal("18500"), amount_due=Decimal("2300.5"),
                             created_at=dt.datetime(2023, 1, 10, 10, tzinfo=PARIS))
    event = make_event(contract, start=wedding_day, end=wedding_day + dt.timedelta(hours=13))
    contract_cells = cells(as_admin, "contract")
    assert {"18,500.00", "2,300.50", "2026-03-01 10:00", "2023-01-10 10:00"} <= set(contract_cells)
    assert {"2023-06-04 13:00", "2023-06-05 02:00"} <= set(cells(as_admin, "event"))
    assert {"2022-11-02 09:00", "2023-05-12 11:00"} <= set(cells(as_admin, "client"))
    page = as_admin.get(admin_url("event", "change", event.pk)).content.decode()
    assert "2023-06-04" in page and "June" not in page


def test_the_client_dates_are_first_and_last_contact(as_admin, world):
    page = as_admin.get(admin_url("client", "changelist")).content.decode()
    assert "First contact" in page and "Last contact" in page and "Updated at" not in page
    assert "first contact" in [str(spec.title) for spec in as_admin.get(admin_url("client", "changelist")).context[
        "cl"].filter_specs]
    detail = as_admin.get(admin_url("client", "change", world.client.pk)).content.decode()
    assert "First contact" in detail and "Last contact" in detail


def test_an_event_page_shows_its_client_and_sales_contact(as_admin, world):
    page = as_admin.get(admin_url("event", "change", world.event.pk)).content.decode()
    client = world.client
    assert f"{client.full_name}, {client.company_name} ({client.email}, {html.escape(client.phone)})" in page
    assert "Bill Boquet" in page  # the sales contact, through the contract's client


def filter_choices(as_admin, model: str, title: str) -> list[str]:
    response = as_admin.get(admin_url(model, "changelist"))
    (spec,) = [spec for spec in response.context["cl"].filter_specs if str(spec.title).lower() == title]
    return [str(choice["display"]).split(" (")[0] for choice in spec.choices(response.context["cl"])]


def test_removed_staff_are_not_offered_in_filters(as_admin, world):
    make_employee("sales", full_name="Sophie Martin")  # a filter with a single choice is not shown at all
    make_employee("support", full_name="Ivan Support")
    employee_delete(actor=world.manager, employee_id=world.other_seller.pk, reassign_to_id=world.seller.pk)
    past = make_event(world.contract, support_contact=world.other_supporter,
                      start=dt.datetime(2023, 5, 5, 15, tzinfo=PARIS))
    employee_delete(actor=world.manager, employee_id=world.other_supporter.pk, reassign_to_id=world.supporter.pk)
    assert Event.objects.get(pk=past.pk).support_contact == world.other_supporter  # history keeps them
    assert "Sally Seller" not in filter_choices(as_admin, "client", "sales contact")
    assert "Bill Boquet" in filter_choices(as_admin, "client", "sales contact")
    support = filter_choices(as_admin, "event", "support contact")
    assert "Aliénor Vichum" not in support and "Kate Hastroff" in support


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
