"""How a record's history reads for people: one line per changed field, old → new, and who did it.

Entries arrive as ``crm_core.history`` writes them (field names and values of SPEC §5:
"1500.00", ISO 8601 date-times, relations as ``<name>_id``); here they become the lines
of a table. JSON prints the entries as they are; CSV their rows (``crm_core.history_rows``).
"""

import re

from cli.columns import amount, person, when, yes_no

HEADINGS = ("When", "By", "Action", "Field", "Change")
REASON_HEADING = "Reason"
AMOUNTS = ("total_amount", "amount_due")
# Where the field's name alone would read oddly; the others read as their name does ("amount_due": "Amount due").
LABELS = {
    "company_name": "Company",
    "is_superuser": "IT administrator",
    "deleted_at": "Removed",
    "signed_at": "Signed on",
    "created_at": "Created",
}
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
NO_CHANGE = ({"field": None, "old": None, "new": None},)  # e.g. a password change: the reason says it
SYSTEM = "(the CRM itself)"  # no employee: the installation, a migration, a loader run by IT


def field_label(field: str | None) -> str:
    if not field:
        return "-"
    if field in LABELS:
        return LABELS[field]
    name = field.removesuffix("_id").removeprefix("is_")
    return name.replace("_", " ").capitalize()


def shown(field: str, value) -> str:
    """One value as people read it elsewhere in the CLI ("1,500.00", "2026-06-04 13:00", "yes")."""
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return yes_no(value)
    if field in AMOUNTS:
        return amount(value)
    if field.endswith("_id"):
        return f"#{value}"
    if isinstance(value, str) and _DATE_TIME.match(value):
        return when(value)
    return str(value)


def change_text(action: str, change: dict, arrow: str) -> str:
    field = change["field"]
    if field is None:
        return "-"
    if action == "created":
        return shown(field, change["new"])
    if action == "removed" and change["new"] is None:
        return shown(field, change["old"])
    return f"{shown(field, change['old'])} {arrow} {shown(field, change['new'])}"


def history_lines(entries: list[dict], *, arrow: str = "→") -> tuple[tuple[str, ...], list[list[str]]]:
    """The headings and lines of a history table: one line per changed field, the entry's
    time, author and action on its first line only. A "Reason" column is added when an
    entry on the page has one (an import, a handover, a password change)."""
    with_reason = any(entry["reason"] for entry in entries)
    lines = []
    for entry in entries:
        author = person(entry["actor_id"], entry["actor_name"]) if entry["actor_id"] is not None else SYSTEM
        head = [when(entry["at"]), author, entry["action"]]
        for index, change in enumerate(entry["changes"] or NO_CHANGE):
            line = [*(head if index == 0 else ["", "", ""]), field_label(change["field"])]
            line.append(change_text(entry["action"], change, arrow))
            if with_reason:
                line.append((entry["reason"] or "") if index == 0 else "")
            lines.append(line)
    return (*HEADINGS, REASON_HEADING) if with_reason else HEADINGS, lines
