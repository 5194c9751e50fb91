"""Every printing command on one fixed data set, compared byte for byte with committed files.

The files in ``tests/cli/golden/`` are what staff and scripts see today: a table, JSON
and CSV for each kind of record, a paged table, an empty list, whoami, creations,
updates (one that changes nothing), and removals. Ids and dates are made stable: the
database sequences start at 1, the data set is written at a fixed time, and the
commands run at another fixed time. A change of output, wanted or not, shows here as a
diff; regenerate the files on purpose with ``UPDATE_GOLDEN=1`` and review them.
"""

import datetime as dt
import difflib
import os
import re
import shlex
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from crm_core import clock
from epic_auth_app.models import Employee
from epic_clients_app.models import Client
from epic_contracts_app.models import Contract
from epic_events_app.models import Event
from tests.cli_support import run_cli
from tests.factories import PASSWORD, make_client, make_contract, make_employee, make_event

GOLDEN_DIR = Path(__file__).with_name("golden")
PARIS = ZoneInfo("Europe/Paris")
DATA_WRITTEN_AT = dt.datetime(2026, 3, 2, 9, 0, tzinfo=PARIS)
COMMANDS_RUN_AT = dt.datetime(2026, 3, 2, 10, 0, tzinfo=PARIS)  # and a minute later each
NEW_PASSWORD = "Golden-Passphrase-2026"
DAYS_OF_THE_DATA_SET = {
    "2021-04-18", "2023-03-29", "2025-12-12", "2026-02-01", "2026-03-02", "2026-05-05", "2026-06-04", "2026-06-05"
}

# (file name, who runs it, argv, options of run_cli). Reads first, then writes, in order:
# each write changes what the next commands see, as in a working day.
READS = [
    ("whoami", "mona", ["whoami"], {}),
    ("whoami-json", "mona", ["whoami", "--format", "json"], {}),
    ("whoami-csv", "mona", ["whoami", "--format", "csv"], {}),
    ("employees-list", "mona", ["employees", "list"], {}),
    ("employees-list-json", "mona", ["employees", "list", "--format", "json"], {}),
    ("employees-list-csv", "mona", ["employees", "list", "--format", "csv"], {}),
    ("employees-list-include-removed", "mona", ["employees", "list", "--include-removed"], {}),
    ("employees-show", "mona", ["employees", "show", "4"], {}),
    ("employees-show-json", "mona", ["employees", "show", "6", "--format", "json"], {}),
    ("employees-show-csv", "mona", ["employees", "show", "4", "--format", "csv"], {}),
    ("clients-list", "mona", ["clients", "list"], {}),
    ("clients-list-json", "mona", ["clients", "list", "--format", "json"], {}),
    ("clients-list-csv", "mona", ["clients", "list", "--format", "csv"], {}),
    ("clients-list-search", "mona", ["clients", "list", "--search", "bouzin"], {}),
    ("clients-list-mine", "bill", ["clients", "list", "--mine"], {}),
    ("clients-list-page-1", "mona", ["clients", "list", "--limit", "2"], {}),
    ("clients-list-page-2", "mona", ["clients", "list", "--limit", "2", "--page", "2"], {}),
    ("clients-show", "mona", ["clients", "show", "1"], {}),
    ("clients-show-json", "mona", ["clients", "show", "1", "--format", "json"], {}),
    ("clients-show-csv", "mona", ["clients", "show", "3", "--format", "csv"], {}),
    ("contracts-list", "mona", ["contracts", "list"], {}),
    ("contracts-list-json", "mona", ["contracts", "list", "--format", "json"], {}),
    ("contracts-list-csv", "mona", ["contracts", "list", "--format", "csv"], {}),
    ("contracts-list-unsigned", "kate", ["contracts", "list", "--unsigned"], {}),
    ("contracts-list-unpaid-json", "kate", ["contracts", "list", "--unpaid", "--format", "json"], {}),
    ("contracts-list-mine", "bill", ["contracts", "list", "--mine"], {}),
    ("contracts-show", "mona", ["contracts", "show", "1"], {}),
    ("contracts-show-json", "mona", ["contracts", "show", "3", "--format", "json"], {}),
    ("contracts-show-csv", "mona", ["contracts", "show", "1", "--format", "csv"], {}),
    ("events-list", "mona", ["events", "list"], {}),
    ("events-list-json", "mona", ["events", "list", "--format", "json"], {}),
    ("events-list-csv", "mona", ["events", "list", "--format", "csv"], {}),
    ("events-list-upcoming", "kate", ["events", "list", "--upcoming"], {}),
    ("events-list-no-support-csv", "kate", ["events", "list", "--no-support", "--format", "csv"], {}),
    ("events-list-mine", "kate", ["events", "list", "--mine"], {}),
    ("events-list-contract", "bill", ["events", "list", "--contract", "2"], {}),
    ("events-list-page-2-json", "mona", ["events", "list", "--limit", "1", "--page", "2", "--format", "json"], {}),
    ("events-list-80-columns", "mona", ["events", "list"], {"terminal_width": 80}),
    ("events-show", "mona", ["events", "show", "1"], {}),
    ("events-show-json", "mona", ["events", "show", "2", "--format", "json"], {}),
    ("events-show-csv", "mona", ["events", "show", "3", "--format", "csv"], {}),
    ("empty-list", "mona", ["contracts", "list", "--client", "2", "--unsigned"], {}),
    ("empty-list-json", "mona", ["contracts", "list", "--client", "2", "--unsigned", "--format", "json"], {}),
    ("empty-list-csv", "mona", ["contracts", "list", "--client", "2", "--unsigned", "--format", "csv"], {}),
    ("empty-page", "mona", ["events", "list", "--page", "2"], {}),
    ("not-found", "mona", ["events", "show", "999"], {}),
]
CLIENT_FIELDS = ["--full-name", "Anna Rivière", "--email", "anna@riviere.example", "--phone", "+33 6 12 34 56 78"]
EVENT_FIELDS = ["--name", "After Party", "--start", "2026-06-05 02:00", "--end", "2026-06-05 05:30"]
WRITES = [
    ("clients-create", "bill", ["clients", "create", *CLIENT_FIELDS, "--company", "Rivière SAS"], {}),
    (
        "clients-create-json",
        "bill",
        [
            "clients", "create", "--full-name", "Oscar Orme", "--email", "oscar@orme.example",
            "--phone", "+44 20 7946 0000", "--company", "Orme Ltd", "--format", "json",
        ],
        {},
    ),
    ("contracts-create", "mona", ["contracts", "create", "--client", "4", "--total", "2500"], {}),
    (
        "contracts-create-signed-csv",
        "mona",
        ["contracts", "create", "--client", "5", "--total", "12500.5", "--due", "2000", "--signed", "--format", "csv"],
        {},
    ),
    (
        "events-create",
        "bill",
        ["events", "create", "--contract", "1", *EVENT_FIELDS, "--location", "Candé", "--attendees", "40"],
        {},
    ),
    (
        "employees-create",
        "mona",
        [
            "employees", "create", "--email", "nina@epicevents.example", "--full-name", "Nina Newcomer",
            "--department", "support", "--phone", "+33 6 00 00 00 07", "--password-stdin",
        ],
        {"stdin": NEW_PASSWORD + "\n"},
    ),
    (
        "employees-create-json",
        "mona",
        [
            "employees", "create", "--email", "omar@epicevents.example", "--full-name", "Omar Onboard",
            "--department", "sales", "--password-stdin", "--format", "json",
        ],
        {"stdin": NEW_PASSWORD + "\n"},
    ),
    ("clients-update", "bill", ["clients", "update", "1", "--phone", "+678 123 456 00"], {}),
    ("clients-update-unchanged", "bill", ["clients", "update", "1", "--company", "Cool Startup LLC"], {}),
    (
        "clients-update-sales-contact-json",
        "mona",
        ["clients", "update", "2", "--sales-contact", "3", "--format", "json"],
        {},
    ),
    ("contracts-update", "bill", ["contracts", "update", "3", "--signed", "--due", "0"], {}),
    ("contracts-update-unchanged-csv", "bill", ["contracts", "update", "3", "--signed", "--format", "csv"], {}),
    ("events-update", "kate", ["events", "update", "1", "--attendees", "80", "--notes", "DJ booked."], {}),
    ("events-update-support-json", "mona", ["events", "update", "3", "--support", "4", "--format", "json"], {}),
    ("events-update-unchanged", "mona", ["events", "update", "2", "--location", "Salle des fêtes de Mufflins"], {}),
    ("employees-update", "mona", ["employees", "update", "5", "--phone", "+33 6 99 99 99 99"], {}),
    (
        "employees-update-unchanged-json",
        "mona",
        ["employees", "update", "5", "--full-name", "Aliénor Vichum", "--format", "json"],
        {},
    ),
    ("employees-delete-refused", "mona", ["employees", "delete", "3"], {}),
    ("employees-delete", "mona", ["employees", "delete", "3", "--reassign-to", "2"], {}),
    ("employees-delete-json", "mona", ["employees", "delete", "8", "--format", "json"], {}),
    ("employees-list-after", "mona", ["employees", "list", "--include-removed"], {}),
    ("clients-list-after", "mona", ["clients", "list"], {}),
    ("events-list-after-csv", "mona", ["events", "list", "--format", "csv"], {}),
]


class FrozenClock:
    """The time every service and every model default reads, moved by the test only."""

    MODELS = (Employee, Client, Contract, Event)

    def __init__(self, monkeypatch, moment: dt.datetime):
        self.moment = moment
        monkeypatch.setattr(clock, "now", self)
        for model in self.MODELS:
            for field in model._meta.concrete_fields:
                if field.default is timezone.now:
                    # Django keeps the default callable in a cached property of the field.
                    monkeypatch.setattr(field, "_get_default", self)

    def __call__(self) -> dt.datetime:
        return self.moment


def fixed_data_set() -> dict:
    """SPEC §2's examples: five staff and a removed one, three clients, three contracts, three events."""
    mona = make_employee(
        "management", email="mona@epicevents.example", full_name="Mona Manager", phone="+33 1 00 00 00 01"
    )
    bill = make_employee("sales", email="bill@epicevents.example", full_name="Bill Boquet", phone="+33 1 00 00 00 02")
    sally = make_employee("sales", email="sally@epicevents.example", full_name="Sally Seller")
    kate = make_employee("support", email="kate@epicevents.example", full_name="Kate Hastroff")
    alienor = make_employee("support", email="alienor@epicevents.example", full_name="Aliénor Vichum")
    make_employee(
        "sales", email="remi@epicevents.example", full_name="Rémi Retired", is_active=False, deleted_at=DATA_WRITTEN_AT
    )
    kevin = make_client(
        bill,
        full_name="Kevin Casey",
        email="kevin@startup.io",
        phone="+678 123 456 78",
        company_name="Cool Startup LLC",
        created_at=dt.datetime(2021, 4, 18, 11, 0, tzinfo=PARIS),
        updated_at=dt.datetime(2023, 3, 29, 16, 30, tzinfo=PARIS),
    )
    john = make_client(
        bill, full_name="John Ouick", email="john.ouick@gmail.com", phone="+1 234 567 8901", company_name="John Ouick"
    )
    lou = make_client(
        sally, full_name="Jacky Blangier", email="jacky@loubouzin.grd", phone="+666 12345", company_name="Lou Bouzin"
    )
    signed_on = dt.datetime(2026, 2, 1, 14, 0, tzinfo=PARIS)
    wedding_contract = make_contract(
        john, total_amount=Decimal("18500.00"), amount_due=Decimal("9250.00"), signed_at=signed_on
    )
    assembly_contract = make_contract(
        lou, total_amount=Decimal("4200.00"), amount_due=Decimal("0.00"), signed_at=signed_on
    )
    make_contract(kevin, signed=False, total_amount=Decimal("1500.00"), amount_due=Decimal("1500.00"))
    make_event(
        wedding_contract,
        kate,
        name="John Ouick Wedding",
        start=dt.datetime(2026, 6, 4, 13, 0, tzinfo=PARIS),
        end=dt.datetime(2026, 6, 5, 2, 0, tzinfo=PARIS),
        location="53 Rue du Château, 41120 Candé-sur-Beuvron, France",
        attendees=75,
        notes="Wedding starts at 3PM, by the river. Catering is organized, reception starts at 5PM. "
        "Kate needs to organize the DJ for after party.",
    )
    make_event(
        assembly_contract,
        alienor,
        name="Lou Bouzin General Assembly",
        start=dt.datetime(2026, 5, 5, 15, 0, tzinfo=PARIS),
        end=dt.datetime(2026, 5, 5, 17, 0, tzinfo=PARIS),
        location="Salle des fêtes de Mufflins",
        attendees=200,
        notes="Assemblée générale des actionnaires (~200 personnes).",
    )
    make_event(
        assembly_contract,
        None,
        name="Winter Party",
        start=dt.datetime(2025, 12, 12, 19, 0, tzinfo=PARIS),
        end=dt.datetime(2025, 12, 12, 23, 0, tzinfo=PARIS),
        location="Mufflins",
        attendees=50,
        notes="",
    )
    return {"mona": mona, "bill": bill, "kate": kate}


# When the session ends follows the real clock (tokens are signed at the real time): shown as a mark.
SESSION_END = (
    (re.compile(r'("session_expires_at": ")[^"]+'), r"\1SESSION END"),
    (re.compile(r"(,local database,)[^,\n]+$", re.M), r"\1SESSION END"),
    (re.compile(r"(\| Session ends +\| )\d{4}-\d\d-\d\d \d\d:\d\d"), r"\1SESSION-END-TIME"),
)


def transcript(argv: list[str], done) -> str:
    stdout = done.stdout
    for pattern, mark in SESSION_END:
        stdout = pattern.sub(mark, stdout)
    return f"$ main.py {shlex.join(argv)}\nexit {done.status}\n--- stdout\n{stdout}--- stderr\n{done.stderr}"


@pytest.mark.django_db(transaction=True, reset_sequences=True, serialized_rollback=True)
def test_every_command_prints_what_the_golden_files_hold(tmp_path, monkeypatch, log_in):
    homes = {}
    frozen = FrozenClock(monkeypatch, DATA_WRITTEN_AT)
    staff = fixed_data_set()
    ids = {name: employee.pk for name, employee in staff.items()}
    assert ids == {"mona": 1, "bill": 2, "kate": 4}, "the database sequences did not start at 1"
    frozen.moment = dt.datetime.now(dt.UTC)  # tokens are signed and checked at the real time
    for name, employee in staff.items():
        homes[name] = tmp_path / name
        log_in(employee, homes[name])

    mismatches, seen = [], set()
    update = os.environ.get("UPDATE_GOLDEN") == "1"
    for minute, (name, who, argv, options) in enumerate(READS + WRITES):
        assert name not in seen, f"two commands write {name}"
        seen.add(name)
        frozen.moment = COMMANDS_RUN_AT + dt.timedelta(minutes=minute)  # one command a minute
        done = run_cli(argv, homes[who], **options)
        actual = transcript(argv, done)
        path = GOLDEN_DIR / f"{name}.txt"
        if update:
            GOLDEN_DIR.mkdir(exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            continue
        expected = path.read_text(encoding="utf-8") if path.exists() else ""
        if actual != expected:
            diff = difflib.unified_diff(
                expected.splitlines(keepends=True), actual.splitlines(keepends=True), f"golden/{name}.txt", "now"
            )
            mismatches.append("".join(diff))
    assert not mismatches, "\n".join(mismatches)
    unused = {path.stem for path in GOLDEN_DIR.glob("*.txt")} - seen
    assert not unused, f"golden files no command writes: {sorted(unused)}"


def test_the_golden_files_show_no_secret_and_no_time_of_the_run():
    """Passwords never reach an output; every date in them is one of the data set's."""
    text = "".join(path.read_text(encoding="utf-8") for path in sorted(GOLDEN_DIR.glob("*.txt")))
    assert text and NEW_PASSWORD not in text and PASSWORD not in text
    days = set(re.findall(r"\b20\d\d-\d\d-\d\d", text))
    assert days <= DAYS_OF_THE_DATA_SET, days - DAYS_OF_THE_DATA_SET
