"""The brief's flow through real CLI processes, one terminal per employee (SPEC §5).

Sales creates a client -> management creates a contract -> sales signs it and creates
the event -> management assigns support -> support updates it. Along the way the JSON
shapes and the CSV output are checked against SPEC §5.
"""

import csv
import io
import json
import re

import pytest

from tests.cli_support import run_process
from tests.factories import PASSWORD, make_employee

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
# The first real event of SPEC §2.
WEDDING = [
    "--name",
    "John Ouick Wedding",
    "--start",
    "2027-06-04 13:00",
    "--end",
    "2027-06-05 02:00",
    "--location",
    "53 Rue du Château, 41120 Candé-sur-Beuvron, France",
    "--attendees",
    "75",
    "--notes",
    "Wedding starts at 3PM, by the river.",
]
ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$")


def ok(done):
    assert done.status == 0, done.stderr
    assert done.stderr == ""
    return done


def as_json(done):
    return json.loads(ok(done).stdout)


@pytest.fixture
def terminals(tmp_path, shape):
    people = {
        "manager": make_employee("management", email="mona@epicevents.example", full_name="Mona Manager"),
        "seller": make_employee("sales", email="bill@epicevents.example", full_name="Bill Boquet"),
        "supporter": make_employee("support", email="kate@epicevents.example", full_name="Kate Hastroff"),
    }
    homes = {}
    for role, employee in people.items():
        homes[role] = tmp_path / role
        login = ["login", "--email", employee.email, "--password-stdin"]
        ok(run_process(login, homes[role], stdin=PASSWORD + "\n", shape=shape))
    return people, {role: (home, shape) for role, home in homes.items()}


def test_brief_flow_with_spec_shapes(terminals):
    people, homes = terminals

    def cli(role, *argv, **kwargs):
        home, shape = homes[role]
        return run_process(list(argv), home, shape=shape, **kwargs)

    client = as_json(
        cli(
            "seller",
            "clients",
            "create",
            "--full-name",
            "John Ouick",
            "--email",
            "john.ouick@gmail.com",
            "--phone",
            "+1 234 567 8901",
            "--company",
            "John Ouick",
            "--format",
            "json",
        )
    )
    assert set(client) >= {
        "id",
        "full_name",
        "email",
        "phone",
        "company_name",
        "created_at",
        "updated_at",
        "sales_contact_id",
    }
    assert client["sales_contact_id"] == people["seller"].pk
    assert ISO_WITH_OFFSET.match(client["created_at"])

    contract = as_json(
        cli(
            "manager",
            "contracts",
            "create",
            "--client",
            str(client["id"]),
            "--total",
            "18500",
            "--due",
            "9250",
            "--format",
            "json",
        )
    )
    assert contract["client_id"] == client["id"]
    assert contract["sales_contact_id"] == people["seller"].pk
    assert (contract["total_amount"], contract["amount_due"], contract["is_signed"]) == ("18500.00", "9250.00", False)

    # The same request, refused before the signature and accepted after it.
    create_wedding = ["seller", "events", "create", "--contract", str(contract["id"]), *WEDDING]
    refused = cli(*create_wedding)
    assert refused.status == 1 and "not signed" in refused.stderr

    signed = as_json(cli("seller", "contracts", "update", str(contract["id"]), "--signed", "--format", "json"))
    assert signed["is_signed"] is True

    event = as_json(cli(*create_wedding, "--format", "json"))
    assert set(event) >= {
        "id",
        "contract_id",
        "name",
        "start",
        "end",
        "support_contact_id",
        "location",
        "attendees",
        "notes",
    }
    assert (event["contract_id"], event["support_contact_id"], event["attendees"]) == (contract["id"], None, 75)
    assert event["start"] == "2027-06-04T13:00:00+02:00" and event["end"] == "2027-06-05T02:00:00+02:00"

    assert cli("supporter", "events", "update", str(event["id"]), "--attendees", "80").status == 4
    assigned = as_json(
        cli(
            "manager",
            "events",
            "update",
            str(event["id"]),
            "--support",
            str(people["supporter"].pk),
            "--format",
            "json",
        )
    )
    assert assigned["support_contact_id"] == people["supporter"].pk

    updated = as_json(
        cli(
            "supporter",
            "events",
            "update",
            str(event["id"]),
            "--attendees",
            "80",
            "--notes",
            "DJ booked for the after party.",
            "--format",
            "json",
        )
    )
    assert (updated["attendees"], updated["notes"]) == (80, "DJ booked for the after party.")

    rows = list(csv.DictReader(io.StringIO(ok(cli("supporter", "events", "list", "--mine", "--format", "csv")).stdout)))
    assert len(rows) == 1
    assert rows[0]["id"] == str(event["id"]) and rows[0]["support_contact_id"] == str(people["supporter"].pk)
    assert rows[0]["location"] == "53 Rue du Château, 41120 Candé-sur-Beuvron, France"

    listing = as_json(cli("manager", "contracts", "list", "--format", "json"))
    assert isinstance(listing, list) and listing[0]["id"] == contract["id"]
    table = ok(cli("manager", "events", "list"))
    assert "John Ouick Wedding" in table.stdout and "Kate Hastroff" in table.stdout


def test_works_from_inside_crm_events_too(terminals):
    _people, homes = terminals
    from tests.cli_support import REPO_ROOT

    home, shape = homes["seller"]
    done = run_process(["whoami", "--format", "json"], home, cwd=REPO_ROOT / "crm_events", shape=shape)
    assert json.loads(ok(done).stdout)["full_name"] == "Bill Boquet"


def test_no_traceback_for_any_refusal(terminals):
    _people, homes = terminals
    for argv, status in (
        (["clients", "show", "424242"], 5),
        (["employees", "list"], 4),
        (["contracts", "create", "--client", "1", "--total", "-5"], 4),
        (["clients", "update", "abc", "--phone", "x"], 1),
        (["events", "list", "--limit", "0"], 2),
    ):
        done = run_process(argv, homes["seller"][0], shape=homes["seller"][1])
        assert done.status == status, (argv, done.stderr)
        assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
