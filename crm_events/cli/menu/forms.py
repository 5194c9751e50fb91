"""Questions for each kind of record, and submitting them to a service until it accepts."""

from functools import partial

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
from cli.menu.prompts import KEEP, Back
from cli.views import when

CLIENT_QUESTIONS = [
    ("full_name", "Full name", partial(clean_text, max_length=150)),
    ("email", "Email", clean_email),
    ("phone", "Phone", clean_phone),
    ("company_name", "Company", partial(clean_text, max_length=150)),
]
EMPLOYEE_QUESTIONS = [
    ("full_name", "Full name", partial(clean_text, max_length=150)),
    ("email", "Email", clean_email),
    ("phone", "Phone (optional)", partial(clean_phone, required=False)),
]
DATE_HINT = "YYYY-MM-DD HH:MM"


def ask_fields(prompter, questions, values: dict, *, record=None, only=None) -> None:
    """Fill ``values`` from the questions; on an update, Enter keeps the record's value."""
    for field, label, clean in questions:
        if only is not None and field not in only:
            continue
        current = getattr(record, field) if record is not None else None
        answer = prompter.ask(label, clean, current=current if current != "" else None, required=record is None)
        if answer is KEEP:
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
        ("name", "Event name", partial(clean_text, max_length=150)),
        ("start", f"Start ({DATE_HINT})", clean_datetime),
        ("end", f"End ({DATE_HINT})", clean_end),
        ("location", "Location", partial(clean_text, max_length=255)),
        ("attendees", "Attendees", clean_count),
        ("notes", "Notes (optional)", partial(clean_text, max_length=5000, required=False)),
    ]


def ask_event(prompter, values: dict, record=None, only=None) -> None:
    questions = event_questions(values, record)
    for field, label, clean in questions:
        if only is not None and field not in only:
            continue
        current = getattr(record, field) if record is not None else None
        shown = when(current) if field in ("start", "end") and current is not None else None
        required = record is None and field != "notes"
        current = current if current not in (None, "") else None
        answer = prompter.ask(label, clean, current=current, required=required, shown=shown)
        if answer is KEEP:
            values.pop(field, None)
        else:
            values[field] = answer


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


def only_changes(values: dict) -> dict:
    if not values:
        raise Back
    return values
