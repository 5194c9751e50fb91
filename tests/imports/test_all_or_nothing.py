"""A dry run writes nothing; one bad row means nothing is written; the same file twice creates nothing."""

import logging

import pytest

from epic_clients_app.models import Client
from epic_events_app.models import Event
from tests.factories import make_client
from tests.imports.conftest import (
    ASSEMBLY,
    EVENT_HEADER,
    WEDDING,
    csv_bytes,
    database_snapshot,
    errors_of,
    run_import,
)

pytestmark = pytest.mark.django_db


def signatures(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "crm.audit" and "contract.signed" in r.getMessage()]


def test_a_dry_run_checks_everything_reports_what_would_happen_and_writes_nothing(staff, caplog, committed):
    content = csv_bytes([EVENT_HEADER, WEDDING, ASSEMBLY])
    before = database_snapshot()
    with caplog.at_level(logging.INFO, logger="crm.audit"), committed():
        report = run_import(staff.manager, content, dry_run=True)
    assert report["dry_run"] is True and report["written"] is False
    assert report["created"] == {"clients": 2, "contracts": 2, "events": 2}
    assert report["errors"] == []
    assert database_snapshot() == before
    assert signatures(caplog) == []  # the two signed contracts were never really created

    with caplog.at_level(logging.INFO, logger="crm.audit"), committed():
        real = run_import(staff.manager, content)
    assert {key: real[key] for key in ("created", "updated", "unchanged", "errors")} == {
        key: report[key] for key in ("created", "updated", "unchanged", "errors")
    }
    assert real["written"] is True and len(signatures(caplog)) == 2


def test_a_dry_run_with_update_changes_nothing_either(staff):
    run_import(staff.manager, csv_bytes([EVENT_HEADER, WEDDING]))
    changed = list(WEDDING)
    changed[15] = "80"  # attendees
    before = database_snapshot()
    report = run_import(staff.manager, csv_bytes([EVENT_HEADER, changed]), dry_run=True, update=True)
    assert report["updated"]["events"] == 1 and report["written"] is False
    assert database_snapshot() == before


@pytest.mark.parametrize(
    "column, bad_value, message",
    [
        ("Participants", "beaucoup", "Attendees: expected a whole number such as 75."),
        ("Fin", "4 Jun 2023 11 AM", "End: the event must end after it starts."),  # refused by the service
        ("Début", "31/02/2023 10:00", "Start: '31/02/2023 10:00' is not a real date and time"),
        ("Support", "Nobody Known", "Support contact: no employee is named Nobody Known"),
    ],
)
def test_one_bad_row_in_the_middle_writes_nothing_and_is_reported(staff, caplog, committed, column, bad_value, message):
    middle = ["1024", "Cool Startup Off-site", "653", "Kevin Casey", "Cool Startup LLC", "kevin@startup.io",
              "+678 123 456 78", "Bill Boquet", "4500", "4500", "oui", "4 Jun 2023 1 PM", "4 Jun 2023 6 PM",
              "Kate Hastroff", "Fontainebleau", "40", ""]
    middle[EVENT_HEADER.index(column)] = bad_value
    before = database_snapshot()
    with caplog.at_level(logging.INFO, logger="crm.audit"), committed():
        report = run_import(staff.manager, csv_bytes([EVENT_HEADER, WEDDING, middle, ASSEMBLY]))
    [(row, reported_column, sentence)] = errors_of(report)
    assert (row, reported_column) == (3, column)
    assert sentence.startswith(message) and sentence.endswith(".")
    assert report["written"] is False
    assert database_snapshot() == before
    assert signatures(caplog) == []
    assert report["created"]["events"] == 2  # what the good rows would have done


def test_the_same_file_twice_creates_nothing_the_second_time(staff):
    content = csv_bytes([EVENT_HEADER, WEDDING, ASSEMBLY])
    first = run_import(staff.manager, content)
    assert first["created"] == {"clients": 2, "contracts": 2, "events": 2}
    after_first = database_snapshot()

    second = run_import(staff.manager, content)

    assert second["created"] == {"clients": 0, "contracts": 0, "events": 0}
    assert second["unchanged"] == {"clients": 2, "contracts": 2, "events": 2}
    assert second["updated"] == second["differing"] == {"clients": 0, "contracts": 0, "events": 0}
    assert database_snapshot() == after_first  # not even a last-update date moved


def test_rows_naming_a_client_several_times_create_it_once_and_must_agree(staff):
    second_event = list(WEDDING)
    second_event[:3] = ["110", "John Ouick Brunch", "652"]
    second_event[11:13] = ["5 Jun 2023 11 AM", "5 Jun 2023 2 PM"]
    report = run_import(staff.manager, csv_bytes([EVENT_HEADER, WEDDING, second_event]))
    assert report["created"] == {"clients": 1, "contracts": 1, "events": 2}
    assert Event.objects.filter(contract__reference="652").count() == 2

    third_event = list(second_event)
    third_event[:2] = ["111", "John Ouick Farewell"]
    third_event[6] = "+1 999 999 9999"  # another phone for the same client
    report = run_import(staff.manager, csv_bytes([EVENT_HEADER, WEDDING, third_event]), dry_run=True)
    assert errors_of(report) == [
        (3, "Téléphone", "Client phone: row 2 already gives this client '+1 234 567 8901'; give the same value on "
                         "every row of this client, or leave the cell empty.")
    ]


def test_an_existing_client_is_found_by_email_and_not_doubled(staff):
    john = make_client(staff.bill, full_name="John Ouick", email="john.ouick@gmail.com", phone="+1 234 567 8901",
                       company_name="John Ouick (private client)")
    report = run_import(staff.manager, csv_bytes([EVENT_HEADER, WEDDING]))
    assert report["unchanged"]["clients"] == 1 and report["created"]["clients"] == 0
    assert Client.objects.filter(email="john.ouick@gmail.com").count() == 1
    assert Event.objects.get(reference="109").contract.client == john


def test_progress_is_told_after_each_row(staff):
    seen = []
    run_import(staff.manager, csv_bytes([EVENT_HEADER, WEDDING, ASSEMBLY]), dry_run=True,
               progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 2), (2, 2)]
