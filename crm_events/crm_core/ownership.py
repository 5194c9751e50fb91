"""What "mine" means for each department (SPEC §3 filters), in a form databases run fast."""

from django.db.models import QuerySet
from django.db.models.functions import Coalesce

from crm_core.errors import RuleViolation


def not_an_owner(actor) -> RuleViolation:
    return RuleViolation(
        f"{actor.department.name} staff own none of these records, so 'mine' does not apply; drop that filter."
    )


def only_owned(queryset: QuerySet, filters: dict, *ordering: str) -> QuerySet:
    """The owner's rows, read through the ownership indexes and sorted afterwards.

    ``filters`` follow the join from the row to its owner (``contract__client__sales_contact``),
    so the rows and their owner are one query: both databases start from the owner's
    clients (client_sales_contact_idx), then their contracts and events by foreign key.
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
