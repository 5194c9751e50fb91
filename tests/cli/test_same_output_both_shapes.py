"""The same command prints the same bytes and exits the same way in both shapes (SPEC §6).

One data set, one employee logged in twice (on the local database and through a real
server), then every reading command of SPEC §5 in the three formats and every kind of
refusal, compared byte for byte: stdout, stderr and the exit status.
"""

import datetime as dt
from decimal import Decimal

import pytest

from tests.cli_support import LOCAL, Shape, run_process
from tests.factories import PASSWORD, make_client, make_contract, make_employee, make_event

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_every_reading_command_and_refusal_is_the_same_in_both_shapes(tmp_path, crm_server):
    manager = make_employee("management", email="mona@epicevents.example", full_name="Mona Manager")
    seller = make_employee("sales", email="bill@epicevents.example", full_name="Bill Boquet", phone="+33 1 02")
    supporter = make_employee("support", email="kate@epicevents.example", full_name="Kate Hastroff")
    kevin = make_client(seller, full_name="Kevin Casey", email="kevin@startup.io", company_name="Cool Startup LLC")
    lou = make_client(seller, full_name="Jacky Blangier", email="jacky@loubouzin.grd", company_name="Lou Bouzin")
    contract = make_contract(kevin, total_amount=Decimal("18500.00"), amount_due=Decimal("9250.00"))
    make_contract(lou, signed=False)
    start = dt.datetime(2030, 6, 4, 13, 0, tzinfo=dt.UTC)
    wedding = str(make_event(contract, supporter, name="John Ouick Wedding", start=start, notes="Łucja — 東京\tDJ").pk)
    for day in range(3):
        make_event(contract, None, name=f"Rehearsal {day}", start=start + dt.timedelta(days=day + 1))

    sheet = tmp_path / "Clients.csv"
    sheet.write_text(
        "Nom;E-mail;Téléphone;Société\nKevin Casey;kevin@startup.io;+678 123 456 78;Cool Startup LLC\n"
        "Łucja Wróbel;lucja@startup.io;+48 12 345 67 89;Wróbel sp. z o.o.\nNo Mail;;+1 555;Nowhere\n",
        encoding="utf-8",
    )

    shapes = {"local": LOCAL, "remote": Shape("remote", crm_server)}
    homes = {}
    for name, shape in shapes.items():
        for who in (manager, seller):
            home = tmp_path / f"{name}-{who.pk}"
            login = run_process(["login", "--email", who.email, "--password-stdin"], home, stdin=PASSWORD + "\n",
                                shape=shape)
            assert login.status == 0, login.stderr
            homes[name, who.pk] = home

    commands = [(manager, argv) for argv in (
        ["employees", "list"], ["employees", "list", "--format", "csv"], ["employees", "show", str(seller.pk)],
        ["employees", "list", "--limit", "1"], ["employees", "delete", str(seller.pk)],
        ["clients", "list", "--search", "bouzin", "--format", "json"],
        ["contracts", "list", "--unsigned"], ["contracts", "list", "--client", str(kevin.pk), "--format", "csv"],
        ["contracts", "show", str(contract.pk), "--format", "json"],
        ["events", "list"], ["events", "list", "--no-support", "--limit", "2"],
        ["events", "list", "--no-support", "--limit", "2", "--page", "2", "--format", "json"],
        ["events", "list", "--upcoming", "--format", "csv"], ["events", "show", wedding, "--format", "csv"],
        ["events", "list", "--contract", "x"], ["events", "show", "999999"], ["events", "show", "abc"],
        ["clients", "list", "--mine"], ["events", "list", "--page", "99"],
        ["events", "update", wedding, "--notes", "-x"],
        ["contracts", "create", "--client", str(kevin.pk), "--total", "-5"],
        ["events", "update", wedding, "--start", "2031-02-30 10:00"],
        # History, unlock and import travel through the API too (issues 19, 13 and 20).
        ["events", "history", wedding], ["events", "history", wedding, "--format", "json"],
        ["clients", "history", str(kevin.pk), "--format", "csv"], ["employees", "history", str(seller.pk)],
        ["events", "history", "999999"], ["employees", "unlock", str(seller.pk)],
        ["import", "clients", str(sheet), "--dry-run"],
        ["import", "clients", str(sheet), "--dry-run", "--format", "json"],
    )] + [(seller, argv) for argv in (
        ["clients", "list", "--mine"], ["clients", "show", str(kevin.pk)], ["employees", "list"],
        ["contracts", "list", "--mine", "--format", "json"], ["events", "list", "--mine", "--format", "csv"],
        ["clients", "update", str(kevin.pk), "--email", "not an email"],
        ["contracts", "update", str(contract.pk), "--due", "99999"],
        ["employees", "history", str(seller.pk)], ["events", "history", wedding, "--limit", "1"],
        ["employees", "unlock", str(manager.pk)], ["import", "clients", str(sheet), "--dry-run"],
    )]
    differences = []
    for who, argv in commands:
        local = run_process(argv, homes["local", who.pk], shape=shapes["local"])
        remote = run_process(argv, homes["remote", who.pk], shape=shapes["remote"])
        if (local.status, local.stdout, local.stderr) != (remote.status, remote.stdout, remote.stderr):
            differences.append(f"{argv}:\n local {local}\nremote {remote}")
    assert differences == []
