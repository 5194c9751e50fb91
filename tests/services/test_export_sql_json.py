"""The JSON an export prints is what Python's ``json`` module writes for each row, whoever encodes it.

On PostgreSQL the database writes each row's JSON text (``crm_core.export_sql_json``); on
SQLite, Python does. Either way ``events list --format json`` must print, byte for byte,
``json.dumps(row, ensure_ascii=False)`` of the row's SPEC §5 dict: these records carry the
values where two encoders could differ (every control character, quotes and backslashes,
characters outside the BMP, line and paragraph separators, microseconds with trailing
zeros, offsets of half an hour, negative, or with seconds), and each is checked against
the text ``json.dumps`` gives for the record as the CLI's ``show`` reads it.
"""

import datetime as dt
import json
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crm_core.export_text import json_array, json_texts
from crm_core.serialization import to_dict
from epic_contracts_app.models import Contract
from epic_contracts_app.selectors import contracts_export, contracts_list
from epic_contracts_app.serializers import CONTRACT_SHAPE
from epic_events_app.models import Event
from epic_events_app.selectors import events_export, events_list
from epic_events_app.serializers import EVENT_SHAPE
from tests.factories import make_client, make_employee

pytestmark = pytest.mark.django_db

CONTROL = "".join(chr(code) for code in range(1, 32))  # PostgreSQL text cannot hold NUL
AWKWARD_TEXT = [
    CONTROL,
    'quote " backslash \\ slash / and \\u00e9 written out',
    "emoji 🎉, CJK 北京, combining é, BOM \ufeff, DEL \x7f",
    "line\u2028separator\u2029paragraph, NEL \x85",
    "",
]
PARIS = ZoneInfo("Europe/Paris")
MOMENTS = [
    dt.datetime(2026, 1, 15, 9, 30, tzinfo=PARIS),  # winter, whole seconds
    dt.datetime(2026, 6, 4, 13, 0, 0, 500000, tzinfo=PARIS),  # summer, microseconds ending in zeros
    dt.datetime(2026, 3, 29, 1, 59, 59, 1, tzinfo=dt.timezone.utc),  # the minute before Paris moves its clocks
    dt.datetime(1900, 5, 1, 12, 0, tzinfo=dt.timezone.utc),  # Paris mean time: an offset with seconds
]


@pytest.fixture
def awkward_events():
    seller, supporter = make_employee("sales"), make_employee("support")
    for index, text in enumerate(AWKWARD_TEXT):
        client = make_client(seller, full_name=f"Client {text}"[:100], company_name=text)
        amount = Decimal("1234567.89") if index % 2 else Decimal("0.00")
        contract = Contract.objects.create(
            client=client, total_amount=amount, amount_due=amount, is_signed=True, signed_at=MOMENTS[index % 4]
        )
        moment = MOMENTS[index % len(MOMENTS)]
        Event.objects.create(
            contract=contract, name=f"Event {index}", start=moment, end=moment + dt.timedelta(hours=3),
            support_contact=supporter if index % 2 else None, location=text, attendees=index, notes=text,
            created_at=moment, updated_at=moment,
        )
    Contract.objects.create(client=client, total_amount=Decimal("10.50"), amount_due=Decimal("10.50"))
    return make_employee("management")


def python_json_array(shape, records) -> str:
    """The array as the CLI printed it before any export existed: ``json.dumps`` of each record's dict."""
    objects = [json.dumps(to_dict(shape, record), ensure_ascii=False) for record in records]
    return "[\n  " + ",\n  ".join(objects) + "\n]\n" if objects else "[\n]\n"


@pytest.mark.parametrize(
    # right/...: a zone that counts leap seconds, which Python reads and PostgreSQL refuses as a session zone
    "zone", ["Europe/Paris", "America/St_Johns", "Asia/Kolkata", "UTC", "right/Europe/Paris"]
)
def test_events_export_as_json_is_python_json_of_each_row(awkward_events, zone):
    with timezone.override(ZoneInfo(zone)):
        printed = "".join(json_array(events_export(actor=awkward_events)))
        expected = python_json_array(EVENT_SHAPE, events_list(actor=awkward_events))

    assert printed == expected
    assert "\\u0001" in printed and "\\u001f" in printed and "🎉" in printed  # the awkward values are there


def test_contracts_export_as_json_writes_amounts_and_missing_dates_as_python_does(awkward_events):
    printed = "".join(json_array(contracts_export(actor=awkward_events)))

    assert printed == python_json_array(CONTRACT_SHAPE, contracts_list(actor=awkward_events))
    assert '"total_amount": "0.00"' in printed and '"signed_at": null' in printed


def test_the_api_s_compact_json_is_python_json_with_compact_separators(awkward_events):
    texts = [text for chunk in json_texts(events_export(actor=awkward_events), separators=(",", ":")) for text in chunk]

    expected = [
        json.dumps(to_dict(EVENT_SHAPE, record), ensure_ascii=False, separators=(",", ":"))
        for record in events_list(actor=awkward_events)
    ]
    assert texts == expected


def test_an_ascii_only_export_escapes_what_a_narrow_output_cannot_print(awkward_events):
    printed = "".join(json_array(events_export(actor=awkward_events), ascii_only=True))

    assert printed.isascii()
    assert json.loads(printed) == [to_dict(EVENT_SHAPE, event) for event in events_list(actor=awkward_events)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database writes the JSON text on PostgreSQL only")
def test_on_postgresql_the_database_writes_each_row_s_json_text(awkward_events):
    with CaptureQueriesContext(connection) as captured:
        "".join(json_array(events_export(actor=awkward_events)))

    statements = [query["sql"] for query in captured if "epic_events_app_event" in query["sql"]]
    assert len(statements) == 1 and "to_json" in statements[0]
