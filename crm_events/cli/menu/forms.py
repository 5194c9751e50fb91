"""Questions for each kind of record, and submitting them through the gateway until it accepts.

Forms work on plain data: a record being updated is its SPEC §5 object, each answer is
checked as it is typed by the gateway (``Resource.check``, which says what a field
expects) and sent back as the value it returned.
"""

import datetime as dt
from collections.abc import Callable
from typing import NamedTuple

from crm_core.errors import InvalidInput
from cli.columns import amount, when
from cli.menu.prompts import KEEP, InvalidAnswer


class Question(NamedTuple):
    field: str
    label: str
    optional: bool = False  # Enter leaves it empty (or unchanged, on an update)
    shown: Callable[[object], str] | None = None  # how the current value reads in brackets


CLIENT_QUESTIONS = [
    Question("full_name", "Full name"),
    Question("email", "Email"),
    Question("phone", "Phone"),
    Question("company_name", "Company"),
]
EMPLOYEE_QUESTIONS = [
    Question("full_name", "Full name"),
    Question("email", "Email"),
    Question("phone", "Phone (optional)", optional=True),
]
DATE_HINT = "YYYY-MM-DD HH:MM"


def checked(resource, field: str) -> Callable[[str], object]:
    """The gateway's check of ``field``, as a prompt's cleaner: a refusal is asked again."""

    def clean(text: str):
        try:
            return resource.check(field, text)
        except InvalidInput as refusal:
            raise InvalidAnswer(_sentence(refusal.errors.get(field, refusal.message))) from None

    return clean


def _sentence(text: str) -> str:
    """A check's refusal said as a sentence of its own ("expected a whole number..." follows a label elsewhere)."""
    return text[:1].upper() + text[1:]


def ask_fields(prompter, resource, questions, values: dict, *, record=None, only=None, cleaners=None) -> None:
    """Fill ``values`` from the questions; on an update, Enter keeps the record's value.

    ``cleaners`` replaces the gateway's check of some fields (e.g. an end checked against the start).
    """
    for field, label, optional, shown in questions:
        if only is not None and field not in only:
            continue
        current = record.get(field) if record is not None else None
        current = current if current not in (None, "") else None
        clean = (cleaners or {}).get(field) or checked(resource, field)
        answer = prompter.ask(
            label,
            clean,
            current=current,
            required=record is None and not optional,
            shown=shown(current) if shown is not None and current is not None else None,
            clearable=optional,
            history=f"{resource.name}.{field}",
            typed=_typed(values, field, shown),
        )
        _keep_or_set(values, field, answer, record)


def _typed(values: dict, field: str, shown) -> str:
    """What was answered before, pre-filled when the question is asked again after a refusal."""
    value = values.get(field)
    if value in (None, ""):
        return ""
    return shown(value) if shown is not None else str(value)


def _keep_or_set(values: dict, field: str, answer, record) -> None:
    # On an update, Enter on an empty optional field leaves it empty: not a change to send.
    if answer is KEEP or (record is not None and answer == "" and record.get(field) in (None, "")):
        values.pop(field, None)
    else:
        values[field] = answer


def submit(session, attempt, reask: dict):
    """Run ``attempt()``; when the service refuses some fields, explain, ask them again, retry.

    ``reask`` maps a field name to a function asking that field again. A refusal about
    a field that cannot be asked again ends the form (the sentence is shown by the caller).
    """
    while True:
        try:
            return attempt()
        except InvalidInput as error:
            if any(field not in reask for field in error.errors):
                raise
            for field, message in error.errors.items():
                session.prompter.warn(f"  {message}")
                reask[field]()


def _ends_after(end: str, start: str) -> bool:
    """Whether the date-time ``end`` comes after ``start`` (ISO 8601 text, with or without an offset)."""
    end_at, start_at = dt.datetime.fromisoformat(end), dt.datetime.fromisoformat(start)
    if (end_at.tzinfo is None) != (start_at.tzinfo is None):  # typed text beside a stored value: wall times
        end_at, start_at = end_at.replace(tzinfo=None), start_at.replace(tzinfo=None)
    return end_at > start_at


EVENT_QUESTIONS = [
    Question("name", "Event name"),
    Question("start", f"Start ({DATE_HINT})", shown=when),
    Question("end", f"End ({DATE_HINT})", shown=when),
    Question("location", "Location"),
    Question("attendees", "Attendees"),
    Question("notes", "Notes (optional)", optional=True),
]


def ask_event(prompter, events, values: dict, record=None, only=None) -> None:
    """Questions for an event; the end is checked against the start as it is typed."""
    check_end = checked(events, "end")

    def clean_end(text):
        end = check_end(text)
        start = values.get("start") or (record["start"] if record is not None else None)
        if start is not None and not _ends_after(end, start):
            raise InvalidAnswer(f"The event must end after it starts ({when(start)}).")
        return end

    ask_fields(prompter, events, EVENT_QUESTIONS, values, record=record, only=only, cleaners={"end": clean_end})


def ask_notes(prompter, events, event) -> object:
    """An event's notes, pre-filled to be edited in place; KEEP when left as they were."""
    return prompter.ask(
        "Notes",
        checked(events, "notes"),
        current=event["notes"] or None,
        required=False,
        clearable=True,
        history="events.notes",
    )


def ask_contract(prompter, contracts, values: dict, record=None) -> None:
    """Total, amount due and signature; asked whole again after a refusal spanning them."""
    check = checked(contracts, "total_amount")
    current_total = record["total_amount"] if record else None
    total = prompter.ask(
        "Total amount",
        check,
        current=current_total,
        shown=amount(current_total) if current_total else None,
        history="contracts.amount",
        typed=amount(values["total_amount"]) if values.get("total_amount") else "",
    )
    if total is not KEEP:
        values["total_amount"] = total
    default_due = values.get("total_amount") if record is None else record["amount_due"]
    due = prompter.ask(
        "Amount still due",
        checked(contracts, "amount_due"),
        current=default_due,
        shown=amount(default_due) if default_due else None,
        history="contracts.amount",
    )
    if due is not KEEP:
        values["amount_due"] = due
    elif record is None:
        values["amount_due"] = default_due
    if record is None:
        values["is_signed"] = prompter.confirm("Has the client already signed?", default=values.get("is_signed", False))
        return
    signed = values.get("is_signed", record["is_signed"])
    if signed:
        question, default = "Signed. Keep it signed?", True
    else:
        question, default = "Has the client signed it now?", False
    answer = prompter.confirm(question, default=default)
    if answer != record["is_signed"]:
        values["is_signed"] = answer
    else:
        values.pop("is_signed", None)
