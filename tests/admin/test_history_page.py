"""Django admin: its writes are recorded like any other, and a record's History page shows the
entries every entry point reads (crm_core.history)."""

import html
import re

import pytest
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext

from crm_core.history import change_rows, history_page
from epic_events_app.models import Event
from tests.admin.conftest import admin_url
from tests.factories import make_employee
from tests.services.conftest import snapshot

pytestmark = pytest.mark.django_db


def shown_rows(response) -> list[list[str]]:
    """The cells of the History page's table, row by row, as a person reads them."""
    assert response.status_code == 200
    table = re.search(r'<table id="record-history">.*?<tbody>(.*?)</tbody>', response.content.decode(), re.S)
    assert table, "no history table on the page"
    rows = re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S)
    return [[html.unescape(re.sub(r"\s+", " ", cell)).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
            for row in rows]


def as_cells(row: dict) -> list[str]:
    def text(value, empty="—"):
        return empty if value is None else str(value)

    actor = f"{row['actor_name']} ({row['actor_id']})" if row["actor_id"] else "—"
    return [row["at"], actor, row["action"], text(row["field"], ""), text(row["old"]), text(row["new"]),
            text(row["reason"], "")]


def test_a_change_saved_in_the_admin_is_one_entry_by_the_administrator(as_admin, administrator, world):
    data = {"total_amount": "1800.00", "amount_due": "0.00", "is_signed": "on"}
    response = as_admin.post(admin_url("contract", "change", world.contract.pk), data)
    assert response.status_code == 302
    newest, *older = history_page(resource="contracts", record_id=world.contract.pk).items
    assert len(older) == 1  # the creation
    assert (newest["action"], newest["actor_id"], newest["actor_name"]) == ("updated", administrator.pk, "Ada Admin")
    assert newest["changes"] == [
        {"field": "total_amount", "old": "1500.00", "new": "1800.00"},
        {"field": "amount_due", "old": "500.00", "new": "0.00"},
    ]


def test_the_history_page_shows_the_entries_of_every_entry_point(as_admin, world):
    data = {
        "name": "John Ouick Wedding",
        "start_0": "2027-06-04", "start_1": "14:00", "end_0": "2027-06-05", "end_1": "02:00",
        "location": "Blois", "attendees": "80", "notes": "", "support_contact": world.other_supporter.pk,
    }
    assert as_admin.post(admin_url("event", "change", world.event.pk), data).status_code == 302
    page = as_admin.get(admin_url("event", "history", world.event.pk))
    expected = change_rows(history_page(resource="events", record_id=world.event.pk).items)
    assert shown_rows(page) == [as_cells(row) for row in expected]
    assert ["location", "53 Rue du Château, 41120 Candé-sur-Beuvron, France", "Blois"] in [
        cells[3:6] for cells in shown_rows(page)
    ]


def test_a_removal_in_the_admin_shows_on_the_employee_and_on_each_client_handed_over(as_admin, administrator, world):
    as_admin.post(admin_url("employee", "delete", world.seller.pk), {"reassign_to": world.other_seller.pk})
    removal = shown_rows(as_admin.get(admin_url("employee", "history", world.seller.pk)))[0]
    assert removal[1:6] == [f"Ada Admin ({administrator.pk})", "removed", "is_active", "True", "False"]
    handover = shown_rows(as_admin.get(admin_url("client", "history", world.client.pk)))[0]
    assert handover[3:] == [
        "sales_contact_id", str(world.seller.pk), str(world.other_seller.pk),
        f"handover: Bill Boquet (employee {world.seller.pk}) was removed",
    ]


def test_a_record_deleted_in_the_admin_keeps_its_history_page(as_admin, administrator, world):
    event = world.other_event
    response = as_admin.post(admin_url("event", "delete", event.pk), {"post": "yes"})
    assert response.status_code == 302 and not Event.objects.filter(pk=event.pk).exists()
    rows = shown_rows(as_admin.get(admin_url("event", "history", event.pk)))
    assert rows[0][1:4] == [f"Ada Admin ({administrator.pk})", "removed", "contract_id"]
    assert rows[-1][2] == "created"


def test_a_refused_admin_save_leaves_no_entry(as_admin, world):
    before = snapshot()
    response = as_admin.post(
        admin_url("contract", "change", world.contract.pk), {"total_amount": "100.00", "amount_due": "500.00"}
    )
    assert response.status_code == 200  # the form again, with the refusal
    assert snapshot() == before


def test_only_administrators_see_history_pages(world):
    manager = make_employee("management", is_staff=True)
    browser = Browser()
    browser.force_login(manager)
    response = browser.get(admin_url("client", "history", world.client.pk))
    assert response.status_code in (302, 403)
    assert "record-history" not in response.content.decode()


def test_an_unknown_record_has_no_history_page(as_admin):
    response = as_admin.get(admin_url("client", "history", 987654))
    assert response.status_code == 302  # back to the list, as for any missing record


def test_the_history_page_costs_the_same_queries_for_a_short_and_a_long_history(as_admin, world):
    def queries(changes: int) -> int:
        for n in range(changes):
            data = {"total_amount": "1500.00", "amount_due": f"{n}.00", "is_signed": "on"}
            as_admin.post(admin_url("contract", "change", world.contract.pk), data)
        with CaptureQueriesContext(connection) as captured:
            assert as_admin.get(admin_url("contract", "history", world.contract.pk)).status_code == 200
        return len(captured.captured_queries)

    short = queries(3)  # fits on one page: neither counted nor completed by another query
    assert short <= queries(60) == queries(120)
