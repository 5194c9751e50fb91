"""SPEC §3, "import clients / events from a spreadsheet", and --update under each record's own rule.

From the table: management yes (any sales contact named in the file); sales own (rows
become theirs); support no. Each record is then written under its row of the table:
a salesperson creates no contract and assigns no support contact; only a client's sales
contact changes its details; management or the event's support contact changes an event.
"""

import pytest

from crm_core.errors import PermissionDenied
from epic_clients_app.models import Client
from epic_events_app.models import Event
from tests.factories import make_client, make_contract
from tests.imports.conftest import (
    CLIENT_HEADER,
    EVENT_HEADER,
    WEDDING,
    csv_bytes,
    database_snapshot,
    errors_of,
    run_import,
)

pytestmark = pytest.mark.django_db

KEVIN = ["Kevin Casey", "kevin@startup.io", "+678 123 456 78", "Cool Startup LLC"]
LOU = ["Jacky Blangier", "jacky@loubouzin.grd", "+ 666 12345", "Lou Bouzin"]


def clients_sheet(*rows, header=CLIENT_HEADER) -> bytes:
    return csv_bytes([header, *rows], delimiter=",", encoding="utf-8")


def owners() -> dict:
    return dict(Client.objects.values_list("email", "sales_contact__full_name"))


class TestWhoMayImport:
    def test_management_imports_for_any_sales_contact_the_file_names(self, staff):
        content = clients_sheet([*KEVIN, "Bill Boquet"], [*LOU, "sophie@epicevents.example"])
        report = run_import(staff.manager, content, kind="clients", filename="clients.csv")
        assert report["errors"] == [] and report["created"]["clients"] == 2
        assert owners() == {"kevin@startup.io": "Bill Boquet", "jacky@loubouzin.grd": "Sophie Martin"}

    def test_management_must_name_the_sales_contact_of_a_new_client(self, staff):
        report = run_import(staff.manager, clients_sheet([*KEVIN, ""]), kind="clients", filename="clients.csv")
        assert errors_of(report) == [
            (2, "Commercial", "Sales contact: name the salesperson of this new client (their email or full name).")
        ]
        assert not Client.objects.exists()

    def test_a_salespersons_rows_become_theirs(self, staff):
        header = CLIENT_HEADER[:4]  # no sales contact column at all
        report = run_import(staff.bill, clients_sheet(KEVIN, LOU, header=header), kind="clients", filename="c.csv")
        assert report["errors"] == [] and report["created"]["clients"] == 2
        assert set(owners().values()) == {"Bill Boquet"}

    def test_a_salesperson_may_name_themselves(self, staff):
        report = run_import(staff.bill, clients_sheet([*KEVIN, "bill@epicevents.example"]), kind="clients",
                            filename="c.csv")
        assert report["errors"] == [] and owners() == {"kevin@startup.io": "Bill Boquet"}

    def test_a_row_naming_another_salesperson_is_refused_and_nothing_is_written(self, staff):
        before = database_snapshot()
        content = clients_sheet([*KEVIN, "Bill Boquet"], [*LOU, "Sophie Martin"])
        report = run_import(staff.bill, content, kind="clients", filename="c.csv")
        assert errors_of(report) == [
            (3, "Commercial", "A salesperson imports only their own clients, and this row names or belongs to "
                              "another salesperson.")
        ]
        assert database_snapshot() == before

    def test_a_row_matching_another_salespersons_client_is_refused(self, staff):
        make_client(staff.sophie, full_name="Jacky Blangier", email="jacky@loubouzin.grd")
        before = database_snapshot()
        report = run_import(staff.bill, clients_sheet(LOU, header=CLIENT_HEADER[:4]), kind="clients",
                            filename="c.csv")
        assert [(row, column) for row, column, _message in errors_of(report)] == [(2, "E-mail")]
        assert database_snapshot() == before

    @pytest.mark.parametrize("kind", ["clients", "events"])
    def test_support_cannot_import(self, staff, kind):
        before = database_snapshot()
        content = clients_sheet([*KEVIN, "Bill Boquet"]) if kind == "clients" else csv_bytes([EVENT_HEADER, WEDDING])
        with pytest.raises(PermissionDenied, match="Only management and sales can import"):
            run_import(staff.kate, content, kind=kind)
        assert database_snapshot() == before


class TestEachRecordUnderItsOwnRule:
    def test_a_salesperson_creates_events_for_their_signed_contracts_but_no_contract(self, staff):
        client = make_client(staff.bill, full_name="John Ouick", email="john.ouick@gmail.com",
                             phone="+1 234 567 8901", company_name="John Ouick (private client)")
        make_contract(client, reference="652", total_amount="18500.00", amount_due="0.00")
        sales_row = list(WEDDING)
        sales_row[13] = ""  # no support contact: management assigns it
        new_contract = list(sales_row)
        new_contract[:3] = ["110", "John Ouick Brunch", "653"]
        report = run_import(staff.bill, csv_bytes([EVENT_HEADER, sales_row, new_contract]))
        assert errors_of(report) == [(3, "N° contrat", "Only management can create contracts.")]

        report = run_import(staff.bill, csv_bytes([EVENT_HEADER, sales_row]))
        assert report["errors"] == [] and report["created"] == {"clients": 0, "contracts": 0, "events": 1}
        assert Event.objects.get(reference="109").support_contact is None

    def test_a_salesperson_cannot_assign_a_support_contact(self, staff):
        client = make_client(staff.bill, email="john.ouick@gmail.com")
        make_contract(client, reference="652")
        report = run_import(staff.bill, csv_bytes([EVENT_HEADER, WEDDING]), dry_run=True)
        assert errors_of(report) == [(2, "Support", "Only management can assign an event's support contact.")]


class TestUpdate:
    def existing(self, staff):
        client = make_client(staff.bill, full_name="Kevin Casey", email="kevin@startup.io", phone="+33 1 00 00 00 00",
                             company_name="Cool Startup LLC")
        return client

    def test_a_difference_is_reported_field_by_field_and_left_alone_without_update(self, staff):
        client = self.existing(staff)
        report = run_import(staff.bill, clients_sheet([*KEVIN, "Bill Boquet"]), kind="clients", filename="c.csv")
        assert report["differing"]["clients"] == 1 and report["updated"]["clients"] == 0
        assert report["differences"] == [
            {"row": 2, "record": "client", "id": client.pk, "column": "Téléphone", "current": "+33 1 00 00 00 00",
             "file": "+678 123 456 78"}
        ]
        assert Client.objects.get(pk=client.pk).phone == "+33 1 00 00 00 00"

    def test_with_update_the_client_s_salesperson_changes_it(self, staff):
        client = self.existing(staff)
        report = run_import(staff.bill, clients_sheet([*KEVIN, "Bill Boquet"]), kind="clients", filename="c.csv",
                            update=True)
        assert report["updated"]["clients"] == 1 and report["errors"] == []
        assert Client.objects.get(pk=client.pk).phone == "+678 123 456 78"

    def test_a_change_the_importer_may_not_make_is_an_error_on_that_row(self, staff):
        client = self.existing(staff)
        before = database_snapshot()
        report = run_import(staff.manager, clients_sheet([*KEVIN, "Bill Boquet"]), kind="clients", filename="c.csv",
                            update=True)
        assert errors_of(report) == [
            (2, "Téléphone", "Only the client's sales contact can change this client's details.")
        ]
        assert database_snapshot() == before
        assert Client.objects.get(pk=client.pk).phone == "+33 1 00 00 00 00"

    def test_management_reassigns_a_client_with_update(self, staff):
        client = self.existing(staff)
        row = [client.full_name, client.email, client.phone, client.company_name, "Sophie Martin"]
        report = run_import(staff.manager, clients_sheet(row), kind="clients", filename="c.csv", update=True)
        assert report["updated"]["clients"] == 1 and report["errors"] == []
        assert Client.objects.get(pk=client.pk).sales_contact == staff.sophie

    def test_event_changes_follow_the_event_rules(self, staff):
        run_import(staff.manager, csv_bytes([EVENT_HEADER, WEDDING]))
        changed = list(WEDDING)
        changed[15], changed[13] = "80", "Aliénor Vichum"  # attendees and support contact
        refused = run_import(staff.bill, csv_bytes([EVENT_HEADER, changed]), update=True)
        assert errors_of(refused) == [
            (2, "Participants", "Only management or the event's support contact can change this event.")
        ]
        report = run_import(staff.manager, csv_bytes([EVENT_HEADER, changed]), update=True)
        assert report["updated"]["events"] == 1 and report["errors"] == []
        event = Event.objects.get(reference="109")
        assert (event.attendees, event.support_contact) == (80, staff.alienor)
