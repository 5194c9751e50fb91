"""History, unlock and import against the real server (`manage.py serve`) with a real HTTP client:
the paths the remote command line will take, streamed history and a raw file body included."""

import json
import signal

import pytest

from tests.api.server_support import Http, Server
from tests.factories import PASSWORD, make_employee
from tests.imports.conftest import ASSEMBLY, EVENT_HEADER, WEDDING, csv_bytes

pytestmark = [pytest.mark.cli_process, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def server(tmp_path):
    running = Server(tmp_path)
    yield running
    assert running.stop(signal.SIGTERM) == 0, running.log()


def test_import_then_history_then_unlock_over_http(server):
    manager = make_employee("management", email="mona@epicevents.example", full_name="Mona Manager")
    make_employee("sales", email="bill@epicevents.example", full_name="Bill Boquet")
    make_employee("sales", email="sophie@epicevents.example", full_name="Sophie Martin")
    kate = make_employee("support", email="kate@epicevents.example", full_name="Kate Hastroff")
    make_employee("support", email="alienor@epicevents.example", full_name="Aliénor Vichum")
    http = Http(server)
    boss = http.login(manager.email, PASSWORD)

    content = csv_bytes([EVENT_HEADER, WEDDING, ASSEMBLY])  # French Excel: ; and Windows-1252
    imported = http.pool.request(
        "POST",
        f"{server.url}/api/v1/import/events?filename=evenements.csv",
        body=content,
        headers={"Authorization": f"Bearer {boss}", "Content-Type": "text/csv"},
    )
    assert imported.status == 200, imported.data
    report = imported.json()
    assert (report["written"], report["created"]) == (True, {"clients": 2, "contracts": 2, "events": 2})

    support = http.login(kate.email, PASSWORD)
    events = http.call("GET", "events?all=true", token=support).json()
    wedding = next(event for event in events if event["event_number"] == "109")
    moved = http.call("PATCH", f"events/{wedding['id']}", {"start": "2023-06-04 12:00"}, token=support)
    assert moved.status == 200, moved.data

    page = http.call("GET", f"events/{wedding['id']}/history?limit=1", token=support)
    assert page.status == 200
    [newest] = page.json()["results"]
    assert (newest["actor_name"], newest["changes"]) == (
        "Kate Hastroff",
        [{"field": "start", "old": "2023-06-04T13:00:00+02:00", "new": "2023-06-04T12:00:00+02:00"}],
    )
    assert page.json()["next"] is not None
    streamed = http.call("GET", f"events/{wedding['id']}/history?all=true", token=support)
    entries = json.loads(streamed.data)
    assert [entry["action"] for entry in entries] == ["updated", "created"]
    assert entries[1]["reason"] == "imported from evenements.csv row 2"
    refused = http.call("GET", f"employees/{manager.pk}/history", token=support)
    assert refused.status == 403

    for _ in range(5):  # LOGIN_MAX_FAILURES, the default
        assert http.call("POST", "session", {"email": kate.email, "password": "Wrong-Pass-0000"}).status == 401
    assert http.call("POST", "session", {"email": kate.email, "password": PASSWORD}).status == 401
    unlocked = http.call("POST", f"employees/{kate.pk}/unlock", token=boss)
    assert unlocked.status == 200 and unlocked.json()["was_locked"] is True
    assert http.call("POST", "session", {"email": kate.email, "password": PASSWORD}).status == 201
