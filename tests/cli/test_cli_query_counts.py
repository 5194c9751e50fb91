"""The CLI rendering path adds no query per row: at most 4 at 200 rows, and no more than at 10.

A list shorter than a page may cost one query fewer (its page is its own count).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.cli_support import run_cli
from tests.factories import make_bulk, make_employee

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


def count(argv, home) -> int:
    with CaptureQueriesContext(connection) as captured:
        done = run_cli(argv, home)
    assert done.status == 0, done.stderr
    return len(captured.captured_queries)


@pytest.mark.parametrize("output", ["table", "json", "csv"])
@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_list_commands_cost_the_same_at_any_size(home, log_in, argv, output):
    manager = log_in(make_employee("management"))
    seller, supporter = make_employee("sales"), make_employee("support")
    make_bulk(10, seller=seller, supporter=supporter)
    small = count([*argv, "--format", output], home)
    make_bulk(190, seller=seller, supporter=supporter)
    large = count([*argv, "--format", output], home)
    assert small <= large <= 4, (small, large)
    assert manager
