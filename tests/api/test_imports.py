"""POST /api/v1/import/{clients,events}: the file as the body, the report as the answer (issue 20)."""

import json

import pytest

from epic_clients_app.models import Client
from epic_events_app.models import Event
from tests.api.conftest import body_of
from tests.imports.conftest import (
    ASSEMBLY,
    CLIENT_HEADER,
    EVENT_HEADER,
    WEDDING,
    csv_bytes,
    database_snapshot,
    sheet_staff,
    xlsx_bytes,
)
from tests.imports.test_spec_examples import assert_the_two_events_are_stored

pytestmark = pytest.mark.django_db
BOTH = {"clients": 2, "contracts": 2, "events": 2}
ANNE = ["Anne Dupont", "anne@dupont.example", "+33 6 12 34 56 78", "Dupont SA", "Bill Boquet"]


@pytest.fixture
def staff(db):
    return sheet_staff()


def send(caller, kind, content: bytes, query: str = "filename=evenements.csv", **headers):
    """POST the file as the body, as a client of the API: ``caller`` is ``api.as_(employee)``."""
    content_type = headers.pop("content_type", "text/csv")
    return caller.post(f"import/{kind}?{query}", raw=content, content_type=content_type, **headers)


def test_the_sheet_of_spec_2_goes_in_and_each_record_says_where_it_came_from(api, staff):
    answer = send(api.as_(staff.manager), "events", csv_bytes([EVENT_HEADER, WEDDING, ASSEMBLY]))

    assert answer.status_code == 200, answer.content
    report = body_of(answer)
    assert (report["file"], report["written"], report["created"], report["errors"]) == (
        "evenements.csv",
        True,
        BOTH,
        [],
    )
    assert_the_two_events_are_stored(staff)
    wedding = Event.objects.get(reference="109")
    [creation] = body_of(api.as_(staff.kate).get(f"events/{wedding.pk}/history"))["results"]
    assert (creation["actor_name"], creation["reason"]) == ("Mona Manager", "imported from evenements.csv row 2")


def test_a_workbook_with_a_named_sheet_and_a_dry_run_that_writes_nothing(api, staff):
    content = xlsx_bytes([["nothing"]], title="Sommaire", more_sheets=[("Suivi", [EVENT_HEADER, WEDDING, ASSEMBLY])])
    mona = api.as_(staff.manager)
    before = database_snapshot()

    query = "filename=suivi.xlsx&dry_run=true&sheet=suivi"
    answer = send(mona, "events", content, query, content_type="application/octet-stream")

    assert answer.status_code == 200, answer.content
    report = body_of(answer)
    assert (report["dry_run"], report["written"], report["created"]) == (True, False, BOTH)
    assert database_snapshot() == before


def test_refused_rows_are_in_the_report_with_200_and_nothing_is_written(api, staff):
    bad = list(WEDDING)
    bad[0], bad[2], bad[5], bad[12] = "110", "653", "marie@example.com", "3 Jun 2023 1 PM"
    mona = api.as_(staff.manager)
    before = database_snapshot()

    answer = send(mona, "events", csv_bytes([EVENT_HEADER, WEDDING, bad, ASSEMBLY]))

    assert answer.status_code == 200
    report = body_of(answer)
    assert report["written"] is False and [(e["row"], e["column"]) for e in report["errors"]] == [(3, "Fin")]
    assert database_snapshot() == before
    again = send(mona, "events", csv_bytes([EVENT_HEADER, WEDDING, ASSEMBLY]))
    assert body_of(again)["created"] == BOTH
    twice = send(mona, "events", csv_bytes([EVENT_HEADER, WEDDING, ASSEMBLY]))
    assert body_of(twice)["created"] == {"clients": 0, "contracts": 0, "events": 0}


YES, NO = True, False
# SPEC §3, "import clients / events from a spreadsheet": management yes (any sales contact),
# sales own (the rows become theirs), support no.
WHO_MAY_IMPORT = {"management": YES, "sales": YES, "support": NO}


@pytest.mark.parametrize("department", WHO_MAY_IMPORT)
def test_who_may_import_over_http_spec_3(api, staff, department):
    actor = {"management": staff.manager, "sales": staff.bill, "support": staff.kate}[department]
    caller = api.as_(actor)
    before = database_snapshot()

    answer = send(caller, "clients", csv_bytes([CLIENT_HEADER, ANNE]), "filename=clients.csv")

    if WHO_MAY_IMPORT[department]:
        assert answer.status_code == 200 and body_of(answer)["written"], answer.content
        assert Client.objects.get(email="anne@dupont.example").sales_contact == staff.bill
    else:
        refusal = {"detail": "Only management and sales can import spreadsheets."}
        assert (answer.status_code, body_of(answer)) == (403, refusal)
        assert database_snapshot() == before


def test_a_salesperson_importing_another_salespersons_client_is_refused_on_that_row(api, staff):
    sophies = ["Paul Martin", "paul@martin.example", "+33 6 12 34 56 79", "Martin SARL", "Sophie Martin"]
    answer = send(api.as_(staff.bill), "clients", csv_bytes([CLIENT_HEADER, ANNE, sophies]), "filename=clients.csv")
    report = body_of(answer)
    assert answer.status_code == 200 and not report["written"]
    assert [(error["row"], error["column"]) for error in report["errors"]] == [(3, "Commercial")]
    assert not Client.objects.exists()


def test_a_body_announced_over_the_limit_is_refused_before_it_is_read(api, staff):
    announced = str(100 * 2**20)
    answer = send(api.as_(staff.manager), "clients", b"full_name\n", "filename=huge.csv", CONTENT_LENGTH=announced)
    assert answer.status_code == 400
    assert body_of(answer)["detail"] == (
        "huge.csv is 100.0 MB; the import takes files of at most 20 MB, so split it into several files."
    )


def test_a_body_over_the_api_json_limit_is_fine_for_an_import(api, staff, settings):
    rows = [[f"Client {n}", f"client{n}@example.com", "+33 6 12 34 56 78", "Co", "Bill Boquet"] for n in range(2000)]
    content = csv_bytes([CLIENT_HEADER, *rows])
    assert len(content) > settings.API_MAX_BODY_BYTES
    answer = send(api.as_(staff.manager), "clients", content, "filename=clients.csv&dry_run=true")
    assert answer.status_code == 200 and body_of(answer)["created"]["clients"] == 2000


@pytest.mark.parametrize(
    "query, content, field",
    [
        ("", b"full_name\nx\n", "filename"),
        ("filename=clients.txt", b"full_name\nx\n", "file"),
        ("filename=clients.csv", b"", "file"),
        ("filename=clients.csv&dry_run=maybe", b"x", "dry_run"),
        ("filename=clients.csv&overwrite=true", b"x", "overwrite"),
        ("filename=clients.csv", b"Nom;Pointure\nAnne;38\n", "columns"),  # required columns missing
    ],
)
def test_a_refusal_of_the_whole_file_is_400_with_the_field_named(api, staff, query, content, field):
    answer = send(api.as_(staff.manager), "clients", content, query)
    assert answer.status_code == 400, answer.content
    assert field in body_of(answer)["fields"]


def test_only_post_and_only_the_two_kinds(api, staff):
    caller = api.as_(staff.manager)
    assert caller.get("import/clients?filename=a.csv").status_code == 405
    assert caller.post("import/contracts?filename=a.csv", raw=b"x", content_type="text/csv").status_code == 404
    anonymous = api.call("POST", "import/clients?filename=a.csv", raw=b"x")
    assert anonymous.status_code == 401 and json.loads(anonymous.content)["detail"].startswith("No session")


def test_a_body_beyond_djangos_form_limit_is_read_whole(api, staff, settings):
    """Django refuses request bodies over DATA_UPLOAD_MAX_MEMORY_SIZE when they are read as
    forms; the import reads its own, up to its own limit: here the only fault is at the very end."""
    content = b"full_name;email;phone;company_name\n" + b"x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1024) + b"\x00"
    answer = send(api.as_(staff.manager), "clients", content, "filename=clients.csv")
    assert answer.status_code == 400
    assert body_of(answer)["detail"] == "clients.csv holds binary data, not CSV text; export the sheet again as CSV."
