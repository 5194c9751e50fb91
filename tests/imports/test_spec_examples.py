"""The two rows of the support team's sheet (SPEC §2), as written there, go in from CSV and from Excel."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from epic_clients_app.models import Client
from epic_contracts_app.models import Contract
from epic_events_app.models import Event
from tests.imports.conftest import ASSEMBLY, EVENT_HEADER, WEDDING, csv_bytes, run_import, xlsx_bytes

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def assert_the_two_events_are_stored(staff):
    wedding = Event.objects.select_related("contract__client").get(reference="109")
    assert (wedding.name, wedding.attendees, wedding.support_contact) == ("John Ouick Wedding", 75, staff.kate)
    assert wedding.start == dt.datetime(2023, 6, 4, 13, 0, tzinfo=PARIS)
    assert wedding.end == dt.datetime(2023, 6, 5, 2, 0, tzinfo=PARIS)
    assert wedding.location == "53 Rue du Château, 41120 Candé-sur-Beuvron, France"
    assert wedding.notes == WEDDING[-1]
    contract = wedding.contract
    assert (contract.reference, contract.total_amount, contract.amount_due) == ("652", Decimal("18500.00"), 0)
    assert contract.is_signed and contract.signed_at is not None
    john = contract.client
    assert (john.full_name, john.email, john.phone) == ("John Ouick", "john.ouick@gmail.com", "+1 234 567 8901")
    assert john.sales_contact == staff.bill

    assembly = Event.objects.select_related("contract__client").get(reference="1023")
    assert (assembly.name, assembly.attendees) == ("Lou Bouzin General Assembly", 200)
    assert assembly.support_contact == staff.alienor
    assert assembly.start == dt.datetime(2023, 5, 5, 15, 0, tzinfo=PARIS)
    assert assembly.end == dt.datetime(2023, 5, 5, 17, 0, tzinfo=PARIS)
    assert (assembly.location, assembly.notes) == ("Salle des fêtes de Mufflins", ASSEMBLY[-1])
    assert (assembly.contract.reference, assembly.contract.amount_due) == ("412", Decimal("2300.00"))
    jacky = assembly.contract.client
    assert (jacky.full_name, jacky.company_name, jacky.email) == ("Jacky Blangier", "Lou Bouzin", "jacky@loubouzin.grd")
    assert jacky.phone == "+666 12345"  # "+ 666 12345" as typed, stored clean
    assert jacky.sales_contact == staff.sophie
    assert (Client.objects.count(), Contract.objects.count(), Event.objects.count()) == (2, 2, 2)


def test_the_sheet_saved_by_french_excel_as_csv_goes_in(staff):
    content = csv_bytes([EVENT_HEADER, WEDDING, ASSEMBLY])  # semicolons, Windows-1252
    assert "é".encode("cp1252") in content and "é".encode("utf-8") not in content

    report = run_import(staff.manager, content)

    assert report["errors"] == [] and report["written"] is True
    assert report["rows"] == 2
    assert report["created"] == {"clients": 2, "contracts": 2, "events": 2}
    assert report["ignored_columns"] == []
    assert_the_two_events_are_stored(staff)


def test_the_sheet_as_an_excel_workbook_goes_in_with_date_cells_and_typed_dates(staff):
    wedding = list(WEDDING)
    wedding[11] = dt.datetime(2023, 6, 4, 13, 0)  # a date cell, as Excel stores "4 Jun 2023 1 PM"
    wedding[15] = 75  # a number cell
    wedding[8] = 18500  # and a number for the total
    assembly = list(ASSEMBLY)  # typed as text, exactly as in SPEC §2
    other_sheet = ("Notes", [["nothing to import here"]])
    content = xlsx_bytes([EVENT_HEADER, wedding, assembly], more_sheets=[other_sheet])

    report = run_import(staff.manager, content, filename="Suivi événements.xlsx")

    assert report["errors"] == [] and report["written"] is True
    assert report["created"] == {"clients": 2, "contracts": 2, "events": 2}
    assert_the_two_events_are_stored(staff)


def test_a_named_sheet_of_the_workbook_is_read_instead_of_the_first(staff):
    content = xlsx_bytes([["nothing"]], title="Sommaire", more_sheets=[("Événements 2023", [EVENT_HEADER, WEDDING])])
    report = run_import(staff.manager, content, filename="suivi.xlsx", sheet="événements 2023")
    assert report["created"]["events"] == 1
