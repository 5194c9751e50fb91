"""What "mine" means for each department (SPEC §3 filters), in a form databases run fast."""

from django.db.models import QuerySet
from django.db.models.functions import Coalesce

from crm_core.errors import RuleViolation

# Past this many owned rows an explicit id list stops paying (and SQLite limits the number
# of query parameters); the join form is used instead.
MAX_OWNED_IDS = 5000


def not_an_owner(actor) -> RuleViolation:
    return RuleViolation(
        f"{actor.department.name} staff own none of these records, so 'mine' does not apply; drop that filter."
    )


def owned_ids(owned: QuerySet, field: str, join_filter: dict) -> dict:
    """``{field}__in`` the ids of ``owned`` (one small query), or ``join_filter`` for a huge book."""
    ids = list(owned.values_list("pk", flat=True)[: MAX_OWNED_IDS + 1])
    if len(ids) > MAX_OWNED_IDS:
        return join_filter
    return {f"{field}__in": ids}


def only_owned(queryset: QuerySet, filters: dict, *ordering: str) -> QuerySet:
    """The owner's rows, read through the ownership indexes and sorted afterwards.

    For "rows of my clients, by date" a planner may instead walk the whole table in date
    order hoping to meet the owner's rows early: PostgreSQL read 123,000 events to find a
    seller's first 50 of 900 (docs/performance.md). Ordering by an expression that no
    index provides (COALESCE(x, x) is x) leaves one sensible plan on SQLite and
    PostgreSQL alike: fetch the owner's few rows, then sort them.
    """
    expressions = []
    for name in ordering:
        field = name.lstrip("-")
        expression = Coalesce(field, field)
        expressions.append(expression.desc() if name.startswith("-") else expression.asc())
    return queryset.filter(**filters).order_by(*expressions)
