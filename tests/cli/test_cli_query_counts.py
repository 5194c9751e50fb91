"""The CLI rendering path adds no query per row: at most 4 at 200 rows, and no more than at 10.

A list shorter than a page may cost one query fewer (its page is its own count).
"""

import csv
import io
import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from epic_clients_app.models import Client
from epic_contracts_app.models import Contract
from tests.cli_support import run_cli
from tests.factories import make_bulk, make_employee
from tests.query_counts import round_trips

pytestmark = pytest.mark.django_db

COMMANDS = [
    ["clients", "list"],
    ["clients", "list", "--search", "bulk"],
    ["contracts", "list", "--unsigned"],
    ["contracts", "list", "--unpaid"],
    ["events", "list"],
    ["events", "list", "--no-support"],
    ["events", "list", "--upcoming"],
    ["employees", "list"],
]


def add_rows(count: int, *, seller, supporter) -> None:
    """``count`` more rows for every list above: clients, contracts (signed and not), events, staff."""
    make_bulk(count, seller=seller, supporter=supporter)
    Contract.objects.bulk_create(
        Contract(client=client, total_amount=Decimal("900.00"), amount_due=Decimal("900.00"), is_signed=False)
        for client in Client.objects.order_by("-pk")[:count]
    )
    for _ in range(count):
        make_employee("support")


def rows_shown(done, output: str) -> int:
    if output == "json":
        return len(json.loads(done.stdout))
    if output == "csv":
        return len(list(csv.DictReader(io.StringIO(done.stdout))))
    last_row = re.search(r"–([\d,]+) of", done.stdout)  # the footer: "Clients 1–50 of 200. Next page: ..."
    return int(last_row.group(1).replace(",", "")) if last_row else 0


def measure(argv, home, output: str) -> tuple[int, int]:
    """(queries, rows shown) of one command."""
    with CaptureQueriesContext(connection) as captured:
        done = run_cli([*argv, "--format", output], home)
    assert done.status == 0, done.stderr
    return round_trips(captured), rows_shown(done, output)


@pytest.mark.parametrize("output", ["table", "json", "csv"])
@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_list_commands_cost_the_same_at_any_size(home, log_in, argv, output):
    log_in(make_employee("management"))
    seller, supporter = make_employee("sales"), make_employee("support")
    add_rows(10, seller=seller, supporter=supporter)
    small, small_rows = measure(argv, home, output)
    add_rows(190, seller=seller, supporter=supporter)
    large, large_rows = measure(argv, home, output)
    assert small <= large <= 4, (small, large)
    # The rows were really printed, and more of them: a list that printed nothing would be cheap too.
    assert 0 < small_rows < large_rows, (small_rows, large_rows)
