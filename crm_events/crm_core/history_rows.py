"""History entries as rows, one per changed field: what a table or a spreadsheet shows.

Plain Python, no Django: the admin's history page (through ``crm_core.history``) and the
command line's history tables and CSV, on either side of the remote transport, lay
entries out with these same functions.
"""

from collections.abc import Iterable, Iterator

# An entry without visible changes (e.g. a password change) is one row with an empty field.
CHANGE_ROW_FIELDS = ("at", "actor_id", "actor_name", "action", "field", "old", "new", "reason")
_NO_CHANGE = ({"field": None, "old": None, "new": None},)


def iter_change_rows(entries: Iterable[dict]) -> Iterator[dict]:
    """The entries (``crm_core.history``'s shape) as rows of ``CHANGE_ROW_FIELDS``, in their order."""
    for entry in entries:
        head = {key: entry[key] for key in ("at", "actor_id", "actor_name", "action")}
        for change in entry["changes"] or _NO_CHANGE:
            yield {**head, **change, "reason": entry["reason"]}


def change_rows(entries: Iterable[dict]) -> list[dict]:
    """``iter_change_rows`` as a list."""
    return list(iter_change_rows(entries))
