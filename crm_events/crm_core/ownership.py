"""What "mine" means for each department (SPEC §3 filters)."""

from crm_core.errors import RuleViolation
from crm_core.policy import SALES, SUPPORT


def mine_filter(actor, *, sales_path: str | None, support_path: str | None = None) -> dict:
    """The queryset filter selecting the actor's own records.

    ``sales_path`` leads from the listed model to the client's sales contact,
    ``support_path`` to the event's support contact; a department without a path
    owns none of these records.
    """
    code = actor.department.code
    if code == SALES and sales_path:
        return {sales_path: actor.pk}
    if code == SUPPORT and support_path:
        return {support_path: actor.pk}
    raise RuleViolation(
        f"{actor.department.name} staff own none of these records, so 'mine' does not apply; drop that filter."
    )
