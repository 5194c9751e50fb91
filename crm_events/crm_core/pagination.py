"""Pages of a list for people: a bounded slice plus a bounded count.

Counting stops at COUNT_CAP, so showing "rows 1–50 of more than 1,000" never costs
a scan of a million rows, and pages stop there too: an offset deeper than that would
make the database walk and discard every row before it. Nobody pages through 1,000
rows in a terminal; a filter narrows the list, and JSON/CSV export streams everything.
"""

from typing import NamedTuple

from django.db.models import QuerySet

from crm_core.errors import InvalidInput
from crm_core.list_limits import COUNT_CAP, MAX_LIMIT, PAGE_SIZE


class Page(NamedTuple):
    items: list
    number: int
    limit: int
    total: int
    total_is_capped: bool

    @property
    def first_row(self) -> int:
        return (self.number - 1) * self.limit + 1 if self.items else 0

    @property
    def last_row(self) -> int:
        return self.first_row + len(self.items) - 1 if self.items else 0

    @property
    def has_next(self) -> bool:
        return bool(self.items) and (self.total_is_capped or self.last_row < self.total)


def _bounded_count(queryset: QuerySet) -> int:
    return queryset.order_by().values("pk")[: COUNT_CAP + 1].count()


def paginate(queryset: QuerySet, *, page: int = 1, limit: int = PAGE_SIZE) -> Page:
    if not isinstance(page, int) or isinstance(page, bool) or page < 1:
        raise InvalidInput({"page": "Page: expected a page number of 1 or more."})
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput({"limit": f"Limit: expected a number of rows between 1 and {MAX_LIMIT}."})
    offset = (page - 1) * limit
    if offset >= COUNT_CAP:
        raise InvalidInput(
            {
                "page": f"Page: pages stop at the first {COUNT_CAP:,} rows; narrow the list with a filter, "
                "or export every row with --format json or csv."
            }
        )
    if offset == 0:
        items = list(queryset[:limit])
        # A first page shorter than the limit is the whole list: counting it again would
        # run the filter twice for every search with a few matches.
        total = len(items) if len(items) < limit else _bounded_count(queryset)
    else:
        total = _bounded_count(queryset)
        items = list(queryset[offset : offset + limit]) if offset < total else []
    return Page(items=items, number=page, limit=limit, total=min(total, COUNT_CAP), total_is_capped=total > COUNT_CAP)
