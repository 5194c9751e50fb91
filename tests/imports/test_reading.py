"""Sheets as people save them: delimiters, encodings, line breaks in cells, headers, dates and amounts."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from crm_core.validation import InvalidValue
from epic_clients_app.models import Client
from epic_contracts_app.models import Contract
from epic_events_app.models import Event
from epic_imports_app.cells import amount_of, bool_of, datetime_of
from tests.imports.conftest import CLIENT_HEADER, EVENT_HEADER, WEDDING, csv_bytes, run_import

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
ROW = ["Émilie Durand", "emilie@startup.example", "+33 6 12 34 56 78", "Société Générale, Paris", "Bill Boquet"]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_any_delimiter_and_encoding_excel_writes(staff, delimiter, encoding):
    header = ["Nom", "E-mail", "Téléphone", "Société", "Commercial"]
    content = csv_bytes([header, ROW], delimiter=delimiter, encoding=encoding)
    report = run_import(staff.manager, content, kind="clients", filename="clients.csv")
    assert report["errors"] == [] and report["ignored_columns"] == []
    client = Client.objects.get()
    assert (client.full_name, client.company_name) == ("Émilie Durand", "Société Générale, Paris")


def test_quoted_line_breaks_in_a_cell_stay_in_the_notes(staff):
    wedding = list(WEDDING)
    wedding[-1] = "Line one;\r\nline two, with \"quotes\"\n\tindented"
    content = csv_bytes([EVENT_HEADER, wedding])
    report = run_import(staff.manager, content)
    assert report["errors"] == []
    assert Event.objects.get().notes == "Line one;\nline two, with \"quotes\"\n\tindented"


@pytest.mark.parametrize(
    "header",
    [
        ["full_name", "email", "phone", "company_name", "sales_contact"],  # the SPEC §5 keys
        ["Full Name", "E-MAIL", "Phone", "Company-Name", "Sales contact"],
        ["FULL-NAME", "e_mail", "Tél.", "company name", "sales_contact_name"],
        ["Nom complet", "Courriel", "Téléphone", "Entreprise", "Contact commercial"],
        ["Client", "Mail", "Portable", "Raison sociale", "Commercial"],
    ],
)
def test_headers_match_however_they_are_written(staff, header):
    report = run_import(staff.manager, csv_bytes([header, ROW]), kind="clients", filename="c.csv")
    assert report["errors"] == [] and report["ignored_columns"] == [] and report["created"]["clients"] == 1


def test_a_contract_column_in_an_event_sheet_is_the_sheets_contract_number(staff):
    header = ["Contrat", "Nom", "Client e-mail", "Client", "Tel", "Company", "Sales contact", "Total", "Signed",
              "Start", "End", "Venue", "Guests"]
    row = ["652", "John Ouick Wedding", "john.ouick@gmail.com", "John Ouick", "+1 234 567 8901", "Private",
           "Bill Boquet", "1500", "yes", "2023-06-04 13:00", "2023-06-05T02:00+02:00", "Candé", "75"]
    report = run_import(staff.manager, csv_bytes([header, row], delimiter=","))
    assert report["errors"] == [] and report["ignored_columns"] == []
    event = Event.objects.select_related("contract").get()
    assert (event.contract.reference, event.name, event.attendees) == ("652", "John Ouick Wedding", 75)
    assert event.end == dt.datetime(2023, 6, 5, 2, 0, tzinfo=PARIS)


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("2023-06-04 13:00", (2023, 6, 4, 13, 0)),
        ("2023-06-04T13:00", (2023, 6, 4, 13, 0)),
        ("4 Jun 2023 1 PM", (2023, 6, 4, 13, 0)),
        ("5 Jun 2023 2 AM", (2023, 6, 5, 2, 0)),
        ("04/06/2023 13:00", (2023, 6, 4, 13, 0)),  # day first
        ("4/6/23 1:30 pm", (2023, 6, 4, 13, 30)),
        ("04.06.2023 13.00", (2023, 6, 4, 13, 0)),
        ("4 juin 2023 13h", (2023, 6, 4, 13, 0)),
        ("4 juin 2023 13h30", (2023, 6, 4, 13, 30)),
        ("dimanche 4 juin 2023 à 13h", (2023, 6, 4, 13, 0)),
        ("Sunday, June 4, 2023 at 1:00 PM", (2023, 6, 4, 13, 0)),
        ("4th June 2023 12 PM", (2023, 6, 4, 12, 0)),
        ("4 June 2023 12 AM", (2023, 6, 4, 0, 0)),
        ("1er mars 2024 09:15", (2024, 3, 1, 9, 15)),
        ("Mar 5 2024 9 AM", (2024, 3, 5, 9, 0)),
        ("mar. 5 mars 2024 9h", (2024, 3, 5, 9, 0)),
    ],
)
def test_dates_as_people_type_them_are_read_in_the_configured_time_zone(typed, expected):
    assert datetime_of(typed, "csv") == dt.datetime(*expected, tzinfo=PARIS)


def test_an_offset_and_an_excel_date_cell_are_read_too():
    assert datetime_of("2023-06-04T13:00+00:00", "csv") == dt.datetime(2023, 6, 4, 13, 0, tzinfo=dt.UTC)
    assert datetime_of(dt.datetime(2023, 6, 4, 13, 0), "xlsx") == dt.datetime(2023, 6, 4, 13, 0, tzinfo=PARIS)


@pytest.mark.parametrize(
    "typed, message",
    [
        ("4 Jun 2023", "has no time"),
        ("04/06/2023", "has no time"),
        ("2023-06-04", "give a time as well"),
        (dt.date(2023, 6, 4), "give a time as well"),  # an Excel date cell without a time
        (dt.time(13, 0), "give a date as well"),
        (45081.5, "a number, not a date-time"),
        ("31/02/2023 10:00", "is not a real date and time"),
        ("4 Jun 2023 13 PM", "mixes a 24-hour time with AM/PM"),
        ("next Tuesday", "is not a date-time"),
        ("26/03/2023 02:30", "does not exist in Europe/Paris"),  # the clocks go forward
        ("29/10/2023 02:30", "happens twice in Europe/Paris"),  # and back
    ],
)
def test_dates_that_cannot_be_read_safely_are_refused_with_a_sentence(typed, message):
    with pytest.raises(InvalidValue, match=message):
        datetime_of(typed, "csv")


@pytest.mark.parametrize(
    "typed, expected",
    [("1500", "1500.00"), ("1 500,50 €", "1500.50"), ("1500,5", "1500.50"), ("1,500.50", "1500.50"),
     ("1.500,50", "1500.50"), ("9\u202f200,00", "9200.00"), (18500, "18500.00"), (0.1 + 0.2, "0.30")],
)
def test_amounts_as_typed_in_french_or_english(typed, expected):
    assert amount_of(typed, "csv" if isinstance(typed, str) else "xlsx") == Decimal(expected)


@pytest.mark.parametrize("typed", ["1,500", "-5", "cinq cents", "1.2.3"])
def test_ambiguous_or_wrong_amounts_are_refused(typed):
    with pytest.raises(InvalidValue):
        amount_of(typed, "csv")


@pytest.mark.parametrize("typed, expected", [("oui", True), ("Signé", True), ("x", True), ("TRUE", True),
                                             ("non", False), ("non signé", False), ("false", False), (True, True)])
def test_signed_as_typed(typed, expected):
    assert bool_of(typed, "csv") is expected


def test_a_new_contract_must_be_signed_to_carry_an_event(staff):
    wedding = list(WEDDING)
    wedding[10] = "non"
    report = run_import(staff.manager, csv_bytes([EVENT_HEADER, wedding]), dry_run=True)
    [error] = report["errors"]
    assert (error["row"], error["column"]) == (2, "Signé") and "not marked signed" in error["message"]
    assert not Contract.objects.exists()


def test_excels_sep_line_names_the_delimiter_and_is_not_the_header(staff):
    content = b"sep=;\r\n" + csv_bytes([CLIENT_HEADER, ROW])
    report = run_import(staff.manager, content, kind="clients", filename="clients.csv")
    assert report["errors"] == [] and report["created"]["clients"] == 1
