"""The demo and volume loaders and the migration that starts history leave complete history."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crm_core.change_history import BASELINE_REASON, record_baseline
from crm_core.history import history_page
from crm_tools.volume_data import seed_volume
from epic_auth_app.models import Employee
from epic_clients_app.models import Client
from epic_contracts_app.models import Contract
from epic_events_app.models import Event
from epic_events_app.services import event_update
from tests.factories import make_bulk, make_employee

pytestmark = pytest.mark.django_db
MODELS = {"employees": Employee, "clients": Client, "contracts": Contract, "events": Event}


def entries(resource, pk) -> list[dict]:
    return history_page(resource=resource, record_id=pk, limit=500).items


def test_every_demo_record_has_its_creation_and_the_wedding_its_date_change():
    call_command("seed_demo", stdout=None)
    for resource, model in MODELS.items():
        for pk in model.objects.values_list("pk", flat=True):
            assert entries(resource, pk)[-1]["action"] == "created", (resource, pk)

    wedding = Event.objects.get(name="John Ouick Wedding")
    date_changes = [entry for entry in entries("events", wedding.pk) if entry["action"] == "updated"]
    [moved] = [entry for entry in date_changes if "start" in {change["field"] for change in entry["changes"]}]
    assert moved["actor_name"] == "Kate Hastroff"
    assert {c["field"]: (c["old"], c["new"]) for c in moved["changes"]}["start"] == (
        "2023-06-03T13:00:00+02:00",
        "2023-06-04T13:00:00+02:00",
    )
    kevin = Client.objects.get(email="kevin@startup.io")
    backdated = entries("clients", kevin.pk)[0]
    assert backdated["reason"] == "demo data: dates from the support team's spreadsheet"
    assert [c["field"] for c in backdated["changes"]] == ["created_at"]


def test_volume_data_creates_each_row_with_its_history_in_bulk():
    with CaptureQueriesContext(connection) as captured:
        seed_volume(600)
    # Bulk statements (split only where SQLite's 999 parameters per statement run out), never one per row.
    assert len(captured.captured_queries) < 600 / 10
    for model in MODELS.values():
        created = set(model.history.filter(history_type="+").values_list("id", flat=True))
        assert set(model.objects.values_list("pk", flat=True)) == created
    some_event = Event.objects.order_by("pk").last()
    [entry] = entries("events", some_event.pk)
    assert (entry["action"], entry["actor_id"], entry["reason"]) == ("created", None, "volume test data")


def test_history_starts_with_the_values_of_the_rows_that_already_exist():
    """The migration that creates the history tables records each existing row once."""
    seller = make_employee("sales")
    make_bulk(2, seller=seller, supporter=make_employee("support"))  # bulk inserts: no history of their own
    client = Client.objects.order_by("pk").first()
    assert entries("clients", client.pk) == []

    for model in ("Client", "Contract", "Event"):
        app_label = {"Client": "epic_clients_app", "Contract": "epic_contracts_app", "Event": "epic_events_app"}[model]
        record_baseline(app_label, model)(apps, schema_editor=None)

    [baseline] = entries("clients", client.pk)
    assert (baseline["action"], baseline["actor_id"], baseline["reason"]) == ("updated", None, BASELINE_REASON)
    assert {c["field"] for c in baseline["changes"]} >= {"full_name", "email", "sales_contact_id"}
    assert all(change["old"] is None for change in baseline["changes"])
    assert baseline["at"] == entries("clients", client.pk)[0]["at"]

    event = Event.objects.order_by("pk").first()
    event_update(actor=make_employee("management"), event_id=event.pk, data={"attendees": 12})
    changed = entries("events", event.pk)[0]
    assert changed["changes"] == [{"field": "attendees", "old": 10, "new": 12}]
