"""What `clients list --format csv` and `events list --format csv` write imports back unchanged."""

import datetime as dt

import pytest

from epic_auth_app.authentication import login
from cli.session_file import SessionFile
from tests.cli_support import run_cli
from tests.factories import PASSWORD, make_client, make_contract, make_employee, make_event
from tests.imports.conftest import database_snapshot, run_import

pytestmark = pytest.mark.django_db

NOTHING = {"clients": 0, "contracts": 0, "events": 0}


@pytest.fixture
def exported(tmp_path, staff):
    """The CSV a manager's list command writes."""
    home = tmp_path / "home"
    SessionFile(home).save(login(email=staff.manager.email, password=PASSWORD).token)

    def export(resource: str) -> bytes:
        done = run_cli([resource, "list", "--format", "csv"], home)
        assert done.status == 0, done.stderr
        return done.stdout.encode("utf-8")

    return export


@pytest.fixture
def awkward_records(staff):
    """Records whose values a spreadsheet or a CSV reader could get wrong."""
    formula = make_client(staff.bill, full_name='=HYPERLINK("http://evil.example","x")', company_name="+SUM(1,2)",
                          email="formula@startup.example", phone="+1 234 567 8901")
    signs = make_client(staff.sophie, full_name="@SUM(A1:A9)", company_name="-12", email="signs@startup.example",
                        phone="+666 12345")
    plain = make_client(staff.bill, full_name="Aliénor Ünal", company_name="Société Générale; Paris",
                        email="alienor@startup.example", phone="+1 555 123 4567")
    removed = make_employee("support", full_name="Gone Supporter", is_active=False)
    with_reference = make_contract(formula, reference="652")
    make_event(with_reference, reference="109", support_contact=staff.kate,
               notes="=cmd|' /C calc'!A0\nDJ:\t9PM\n\"quoted\", then a comma; and a semicolon")
    make_event(make_contract(signs), name="-2+3 Party", support_contact=None, notes="")
    past = make_event(make_contract(plain), name="Past event", support_contact=removed, location="Lyon, France",
                      start=dt.datetime(2023, 5, 5, 15, 0, tzinfo=dt.UTC))
    return past


def assert_nothing_changed(report, kind_count: dict):
    assert report["errors"] == []
    assert report["differences"] == []
    assert report["created"] == report["updated"] == report["differing"] == NOTHING
    assert report["unchanged"] == {**NOTHING, **kind_count}


def test_the_client_list_imports_back_with_nothing_created_or_changed(staff, awkward_records, exported):
    content = exported("clients")
    assert b"'=HYPERLINK" in content and b"'@SUM" in content  # the export's quote against CSV injection
    before = database_snapshot()
    report = run_import(staff.manager, content, kind="clients", filename="clients.csv", update=True)
    assert_nothing_changed(report, {"clients": 3})
    assert sorted(report["ignored_columns"]) == ["created_at", "updated_at"]
    assert database_snapshot() == before


def test_the_event_list_imports_back_with_nothing_created_or_changed(staff, awkward_records, exported):
    content = exported("events")
    assert b"'=cmd" in content
    before = database_snapshot()
    report = run_import(staff.manager, content, kind="events", filename="events.csv", update=True)
    assert_nothing_changed(report, {"clients": 3, "contracts": 3, "events": 3})
    assert sorted(report["ignored_columns"]) == ["client_id", "created_at", "updated_at"]
    assert database_snapshot() == before
