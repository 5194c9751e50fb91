"""Pages of a list: the right rows, the right "of N", and no second pass over a short list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crm_core.pagination import paginate
from epic_clients_app.selectors import clients_list
from tests.factories import make_bulk, make_employee

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return make_employee("management")


def clients(manager, count):
    make_bulk(count, seller=make_employee("sales"), supporter=make_employee("support"))
    return clients_list(actor=manager)


def page_and_queries(queryset, **where):
    with CaptureQueriesContext(connection) as captured:
        page = paginate(queryset, **where)
    return page, len(captured.captured_queries)


@pytest.mark.parametrize(
    "count, page_number, rows, total, has_next",
    [
        (0, 1, (0, 0), 0, False),
        (7, 1, (1, 5), 7, True),
        (7, 2, (6, 7), 7, False),
        (10, 2, (6, 10), 10, False),
        (7, 3, (0, 0), 7, False),
    ],
    ids=["empty", "first of two", "short last page", "full last page", "past the end"],
)
def test_each_page_says_which_rows_of_how_many(manager, count, page_number, rows, total, has_next):
    page = paginate(clients(manager, count), page=page_number, limit=5)
    assert (page.first_row, page.last_row) == rows
    assert (page.total, page.total_is_capped, page.has_next) == (total, False, has_next)


def test_a_list_shorter_than_a_page_is_read_once(manager):
    short, short_queries = page_and_queries(clients(manager, 7), page=1, limit=50)
    full, full_queries = page_and_queries(clients_list(actor=manager), page=1, limit=5)
    assert (short.total, len(short.items)) == (7, 7)
    assert (full.total, len(full.items)) == (7, 5)
    assert short_queries == full_queries - 1 == 1


def test_a_page_past_the_end_is_counted_not_read(manager):
    page, queries = page_and_queries(clients(manager, 7), page=3, limit=5)
    assert (page.items, page.total, page.has_next) == ([], 7, False)
    assert queries == 1
