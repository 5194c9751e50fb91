"""Rows find the records the CRM already has, even before they carry the sheet's numbers: nothing doubled."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from epic_contracts_app.models import Contract
from epic_events_app.models import Event
from tests.factories import make_client, make_contract, make_event
from tests.imports.conftest import EVENT_HEADER, WEDDING, csv_bytes, database_snapshot, errors_of, run_import

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def wedding_typed_in_the_crm(staff):
    """The wedding of SPEC §2, entered by hand before the import existed: no sheet numbers."""
    john = make_client(staff.bill, full_name="John Ouick", email="john.ouick@gmail.com", phone="+1 234 567 8901",
                       company_name="John Ouick (private client)")
    contract = make_contract(john, total_amount="18500.00", amount_due="0.00")
    return make_event(contract, name="John Ouick Wedding", start=dt.datetime(2023, 6, 4, 13, 0, tzinfo=PARIS),
                      end=dt.datetime(2023, 6, 5, 2, 0, tzinfo=PARIS), support_contact=staff.kate, notes=WEDDING[-1])


def test_an_event_entered_by_hand_is_matched_and_its_numbers_are_a_difference(staff, wedding_typed_in_the_crm):
    event = wedding_typed_in_the_crm
    before = database_snapshot()
    report = run_import(staff.manager, csv_bytes([EVENT_HEADER, WEDDING]))
    assert report["created"] == {"clients": 0, "contracts": 0, "events": 0}
    assert report["differing"] == {"clients": 0, "contracts": 1, "events": 1}
    assert [(d["record"], d["id"], d["column"], d["current"], d["file"]) for d in report["differences"]] == [
        ("contract", event.contract_id, "N° contrat", "", "652"),
        ("event", event.pk, "N° événement", "", "109"),
    ]
    assert database_snapshot() == before

    report = run_import(staff.manager, csv_bytes([EVENT_HEADER, WEDDING]), update=True)
    assert report["updated"] == {"clients": 0, "contracts": 1, "events": 1} and report["errors"] == []
    assert (Contract.objects.get().reference, Event.objects.get().reference) == ("652", "109")


def test_a_sheet_number_that_contradicts_the_crm_is_refused_rather_than_doubling(staff, wedding_typed_in_the_crm):
    Contract.objects.update(reference="651")
    report = run_import(staff.manager, csv_bytes([EVENT_HEADER, WEDDING]), dry_run=True)
    assert errors_of(report) == [
        (2, "N° contrat", "Contract number: this event is in the CRM under contract number 651, not 652; correct "
                          "the number in the sheet.")
    ]
    assert Event.objects.count() == 1


def test_a_contract_of_another_client_is_refused(staff):
    make_contract(make_client(staff.sophie, email="someone@else.example"), reference="652")
    report = run_import(staff.manager, csv_bytes([EVENT_HEADER, WEDDING]), dry_run=True)
    assert errors_of(report) == [
        (2, "N° contrat", "Contract number: contract number 652 is another client's, not john.ouick@gmail.com's.")
    ]


@pytest.mark.parametrize("without", ["column", "cell"])
def test_a_sheet_without_event_numbers_matches_an_event_that_has_one(staff, without):
    """An empty number means "not given" (docs/import.md): the row matches by contract, name and start."""
    run_import(staff.manager, csv_bytes([EVENT_HEADER, WEDDING]))
    assert Event.objects.get().reference == "109"
    if without == "column":
        header, row = EVENT_HEADER[1:], WEDDING[1:]
    else:
        header, row = EVENT_HEADER, ["", *WEDDING[1:]]
    before = database_snapshot()
    report = run_import(staff.manager, csv_bytes([header, row]))
    assert report["errors"] == [] and report["created"]["events"] == 0
    assert database_snapshot() == before
