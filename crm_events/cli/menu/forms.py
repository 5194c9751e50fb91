"""Questions for each kind of record, and submitting them to a service until it accepts."""

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import NamedTuple

from crm_core.errors import InvalidInput
from crm_core.validation import (
    InvalidValue,
    clean_amount,
    clean_count,
    clean_datetime,
    clean_email,
    clean_phone,
    clean_text,
)
from cli.menu.prompts import KEEP
from cli.columns import when


class Question(NamedTuple):
    field: str
    label: str
    clean: Callable
    optional: bool = False  # Enter leaves it empty (or unchanged, on an update)


CLIENT_QUESTIONS = [
    Question("full_name", "Full name", partial(clean_text, max_length=150)),
    Question("email", "Email", clean_email),
    Question("phone", "Phone", clean_phone),
    Question("company_name", "Company", partial(clean_text, max_length=150)),
]
EMPLOYEE_QUESTIONS = [
    Question("full_name", "Full name", partial(clean_text, max_length=150)),
    Question("email", "Email", clean_email),
    Question("phone", "Phone (optional)", partial(clean_phone, required=False), optional=True),
]
DATE_HINT = "YYYY-MM-DD HH:MM"


def ask_fields(prompter, questions, values: dict, *, record=None, only=None) -> None:
    """Fill ``values`` from the questions; on an update, Enter keeps the record's value."""
    for field, label, clean, optional in questions:
        if only is not None and field not in only:
            continue
        current = getattr(record, field) if record is not None else None
        shown = when(current) if isinstance(current, dt.datetime) else None  # in the zone staff read
        current = current if current not in (None, "") else None
        answer = prompter.ask(
            label, clean, current=current, required=record is None and not optional, shown=shown, clearable=optional
        )
        _keep_or_set(values, field, answer, record)


def _keep_or_set(values: dict, field: str, answer, record) -> None:
    # On an update, Enter on an empty optional field leaves it empty: not a change to send.
    if answer is KEEP or (record is not None and answer == "" and getattr(record, field) in (None, "")):
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


def event_questions(values: dict, record=None):
    """Questions for an event; the end is checked against the start as it is typed."""

    def clean_end(text):
        end = clean_datetime(text)
        start = values.get("start") or (record.start if record is not None else None)
        if start is not None and end <= start:
            raise InvalidValue(f"the end must be after the start ({when(start)}).")
        return end

    return [
        Question("name", "Event name", partial(clean_text, max_length=150)),
        Question("start", f"Start ({DATE_HINT})", clean_datetime),
        Question("end", f"End ({DATE_HINT})", clean_end),
        Question("location", "Location", partial(clean_text, max_length=255)),
        Question("attendees", "Attendees", clean_count),
        Question("notes", "Notes (optional)", partial(clean_text, max_length=5000, required=False), optional=True),
    ]


def ask_event(prompter, values: dict, record=None, only=None) -> None:
    ask_fields(prompter, event_questions(values, record), values, record=record, only=only)


def ask_amounts(prompter, values: dict, record=None) -> None:
    total = prompter.ask("Total amount", clean_amount, current=record.total_amount if record else None)
    if total is not KEEP:
        values["total_amount"] = total
    default_due = values.get("total_amount") if record is None else record.amount_due
    due = prompter.ask("Amount still due", clean_amount, current=default_due)
    if due is not KEEP:
        values["amount_due"] = due
    elif record is None:
        values["amount_due"] = default_due
