"""Changes made through the real CLI process are recorded like any other: one entry per
change, by the employee logged in, with old and new values; a refused command, none."""

import json

import pytest

from crm_core.history import history_page
from tests.cli_support import run_process
from tests.factories import PASSWORD, make_contract, make_employee, make_event

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def logged_in(employee, home):
    done = run_process(["login", "--email", employee.email, "--password-stdin"], home, stdin=PASSWORD + "\n")
    assert done.status == 0, done.stderr
    return home


def test_each_command_leaves_one_entry_by_the_employee_logged_in(tmp_path):
    seller = make_employee("sales", email="bill@epicevents.example", full_name="Bill Boquet")
    supporter = make_employee("support", email="kate@epicevents.example", full_name="Kate Hastroff")
    bill, kate = logged_in(seller, tmp_path / "bill"), logged_in(supporter, tmp_path / "kate")

    created = run_process(
        ["clients", "create", "--full-name", "John Ouick", "--email", "john.ouick@gmail.com",
         "--phone", "+1 234 567 8901", "--company", "John Ouick", "--format", "json"],
        bill,
    )
    client_id = json.loads(created.stdout)["id"]
    assert run_process(["clients", "update", str(client_id), "--phone", "+1 234 567 0000"], bill).status == 0
    updated, creation = history_page(resource="clients", record_id=client_id).items
    assert (creation["action"], creation["actor_name"]) == ("created", "Bill Boquet")
    assert (updated["actor_id"], updated["changes"]) == (
        seller.pk,
        [{"field": "phone", "old": "+1 234 567 8901", "new": "+1 234 567 0000"}],
    )

    event = make_event(make_contract(), support_contact=supporter, attendees=75)
    before = len(history_page(resource="events", record_id=event.pk).items)
    assert run_process(["events", "update", str(event.pk), "--attendees", "80"], kate).status == 0
    refused = run_process(["events", "update", str(event.pk), "--support", str(supporter.pk)], kate)
    assert refused.status == 4  # support cannot assign support: refused, and not recorded
    entries = history_page(resource="events", record_id=event.pk).items
    assert len(entries) == before + 1
    assert (entries[0]["actor_name"], entries[0]["changes"]) == (
        "Kate Hastroff",
        [{"field": "attendees", "old": 75, "new": 80}],
    )
