"""Spreadsheets built in the tests, as staff would save them, and the people they name."""

import csv
import io

import pytest

from epic_imports_app.services import spreadsheet_import
from tests.factories import make_employee

# The support team's sheet, as in SPEC §2 (the values exactly as written there), in French.
EVENT_HEADER = [
    "N° événement", "Événement", "N° contrat", "Client", "Société", "E-mail", "Téléphone", "Commercial",
    "Montant total", "Reste à payer", "Signé", "Début", "Fin", "Support", "Lieu", "Participants", "Notes",
]
WEDDING = [
    "109", "John Ouick Wedding", "652", "John Ouick", "John Ouick (private client)", "john.ouick@gmail.com",
    "+1 234 567 8901", "Bill Boquet", "18 500,00", "0", "oui", "4 Jun 2023 1 PM", "5 Jun 2023 2 AM",
    "Kate Hastroff", "53 Rue du Château, 41120 Candé-sur-Beuvron, France", "75",
    "Wedding starts at 3PM, by the river. Catering is organized, reception starts at 5PM. "
    "Kate needs to organize the DJ for after party.",
]
ASSEMBLY = [
    "1023", "Lou Bouzin General Assembly", "412", "Jacky Blangier", "Lou Bouzin", "jacky@loubouzin.grd",
    "+ 666 12345", "Sophie Martin", "9200", "2300", "oui", "5 May 2023 3 PM", "5 May 2023 5 PM",
    "Aliénor Vichum", "Salle des fêtes de Mufflins", "200", "Assemblée générale des actionnaires (~200 personnes).",
]
CLIENT_HEADER = ["Nom", "E-mail", "Téléphone", "Société", "Commercial"]


def csv_bytes(rows, *, delimiter=";", encoding="cp1252", line_end="\r\n") -> bytes:
    """Rows written as Excel writes CSV (French Excel: semicolons and Windows-1252 by default)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator=line_end)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows, *, title="Événements", more_sheets=()) -> bytes:
    """A workbook built with openpyxl; cells keep their Python types (date-times become date cells)."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for name, extra_rows in more_sheets:
        extra = workbook.create_sheet(name)
        for row in extra_rows:
            extra.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def sheet_staff():
    """The staff the SPEC §2 sheet names, and a manager to import it."""

    class Staff:
        manager = make_employee("management", full_name="Mona Manager", email="mona@epicevents.example")
        bill = make_employee("sales", full_name="Bill Boquet", email="bill@epicevents.example")
        sophie = make_employee("sales", full_name="Sophie Martin", email="sophie@epicevents.example")
        kate = make_employee("support", full_name="Kate Hastroff", email="kate@epicevents.example")
        alienor = make_employee("support", full_name="Aliénor Vichum", email="alienor@epicevents.example")

    return Staff


@pytest.fixture
def staff(db):
    return sheet_staff()


def run_import(actor, content, *, kind="events", filename="evenements.csv", **options) -> dict:
    return spreadsheet_import(actor=actor, kind=kind, filename=filename, content=content, **options)


def errors_of(report) -> list[tuple]:
    return [(error["row"], error["column"], error["message"]) for error in report["errors"]]


def database_snapshot() -> dict:
    """Every row of every table of the project's models, to prove that nothing at all was written."""
    from django.apps import apps

    return {
        model._meta.label: list(model.objects.order_by("pk").values_list())
        for model in apps.get_models()
        if not model._meta.proxy
    }
