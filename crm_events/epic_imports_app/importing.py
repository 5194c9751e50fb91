"""The row-by-row machinery both kinds of sheet share.

Every row is read, then every record the rows name is looked up in bulk. Then, row by
row, in the sheet's order: what the row says is compared with the records it names
(created, unchanged, differing, or updated with ``--update``), checked against the
policy, and written through the services inside a savepoint of its own, so that a
refused row leaves nothing behind and the next rows still get checked. The whole import
is one transaction, committed only when it is not a dry run and no row was refused.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from crm_core.errors import CrmError, InvalidInput, PermissionDenied
from crm_core.policy import authorize
from crm_core.serialization import iso
from crm_core.validation import InvalidValue
from epic_auth_app.models import Employee
from epic_imports_app.cells import READERS
from epic_imports_app.columns import ColumnMap
from epic_imports_app.history import recorded_as_imported
from epic_imports_app.lookups import StaffDirectory
from epic_imports_app.reading import Sheet
from epic_imports_app.report import ImportReport

RECORD = {"clients": "client", "contracts": "contract", "events": "event"}
OVERFLOW = (
    "This row has more cells than the header has columns: a value probably holds the delimiter "
    "(, or ;) without quotes around it; quote it, or export the sheet again."
)


class RowRefused(Exception):
    """One sentence about one column (a key of the sheet's kind, or None) of the row being imported."""

    def __init__(self, column: str | None, message: str):
        super().__init__(message)
        self.column = column
        self.message = message


@dataclass
class Ref:
    """A record one row names: found, created earlier in the file, or to be created by this row."""

    kind: str  # "clients", "contracts" or "events"
    record: object | None
    given: dict  # field -> value the row gives (comparable with current_values)
    columns: dict  # field -> the sheet's column key, for sentences about that field
    first: bool = True  # the first row naming this record decides and counts it
    current: dict = field(default_factory=dict)  # the stored values, when the record exists
    changes: dict = field(default_factory=dict)  # field -> the row's value, where it differs from current
    disposition: str | None = None
    named: str = ""  # how sentences name the record ("contract number 652")
    column: str | None = None  # the column that identifies it, for refusals about the whole record


@dataclass
class Step:
    """One service call of a row; ``fields`` maps the service's field names to the sheet's column keys."""

    ref: Ref
    call: Callable[[], object]
    column: str | None
    fields: dict


def shown(value) -> str:
    """A value as the report shows it."""
    if value is None:
        return ""
    if isinstance(value, Employee):
        return value.full_name
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, dt.datetime):
        return iso(value)
    return str(value)


def same(a, b) -> bool:
    if isinstance(a, Employee) or isinstance(b, Employee):
        return getattr(a, "pk", a) == getattr(b, "pk", b)
    return a == b


class SheetImport:
    """One import of one sheet. Subclasses say how a row names its records (``plan_row``)."""

    kind = ""

    def __init__(self, *, actor, sheet: Sheet, columns: ColumnMap, report: ImportReport, progress=None):
        self.actor = actor
        self.sheet = sheet
        self.columns = columns
        self.report = report
        self.update = report.update
        self.progress = progress
        self.staff = StaffDirectory()
        self.seen: dict[tuple[str, int], tuple[int, dict]] = {}

    # -- the run ---------------------------------------------------------------------------

    def run(self) -> None:
        parsed = [(row.number, self.parse(row)) for row in self.sheet.rows]
        self.report.rows = len(parsed)
        with transaction.atomic():
            self.preload([values for _number, values in parsed if values is not None])
            for done, (number, values) in enumerate(parsed, start=1):
                if values is not None:
                    self.import_row(number, values)
                if self.progress:
                    self.progress(done, len(parsed))
            self.report.written = not (self.report.dry_run or self.report.errors)
            if not self.report.written:
                transaction.set_rollback(True)  # a dry run, or a refused row: nothing is kept

    def parse(self, row) -> dict | None:
        values, refused = {}, False
        readers = READERS[self.kind]
        for key, position in self.columns.positions.items():
            try:
                value = readers[key](row.cells[position], self.sheet.source)
            except InvalidValue as problem:
                self.report.error(row.number, self.columns.header(key), f"{self.label(key)}: {problem.message}")
                refused = True
                continue
            if value is not None:
                values[key] = value
        if getattr(row, "overflow", False):
            self.report.error(row.number, None, OVERFLOW)
            refused = True
        return None if refused else values

    def import_row(self, number: int, values: dict) -> None:
        try:
            refs, steps = self.plan_row(number, values)
            if steps:
                with transaction.atomic(), recorded_as_imported(filename=self.report.filename, row=number):
                    for step in steps:
                        self.run_step(step)
        except RowRefused as refusal:
            self.report.error(number, self.header(refusal.column), refusal.message)
        except CrmError as error:
            self.refused_by_service(number, error, None)
        except _StepRefused as refusal:
            self.refused_by_service(number, refusal.error, refusal.step)
        else:
            self.settle(number, refs)

    def run_step(self, step: Step) -> None:
        try:
            step.ref.record = step.call()
        except CrmError as error:
            raise _StepRefused(error, step) from error

    def refused_by_service(self, number: int, error: CrmError, step: Step | None) -> None:
        if isinstance(error, InvalidInput):
            for name, message in error.errors.items():
                column = step.fields.get(name, step.column) if step else None
                self.report.error(number, self.header(column), message)
        else:
            self.report.error(number, self.header(step.column if step else None), error.message)

    def settle(self, number: int, refs: list[Ref]) -> None:
        """The row was written (or would be): count its records and remember them for the next rows."""
        for ref in refs:
            if not ref.first:
                continue
            self.report.counts[ref.disposition][ref.kind] += 1
            for name, value in ref.changes.items():
                self.report.differences.append(
                    {
                        "row": number,
                        "record": RECORD[ref.kind],
                        "id": ref.record.pk,
                        "column": self.header(ref.columns.get(name)),
                        "current": shown(ref.current[name]),
                        "file": shown(value),
                    }
                )
            expected = {**self.current_values(ref.kind, ref.record), **ref.given}
            self.seen[(ref.kind, ref.record.pk)] = (number, expected)
            self.remember(ref)

    # -- comparing what a row says with what is stored -----------------------------------

    def mention(self, ref: Ref) -> Ref:
        """Decide what the row does to ``ref``'s record; a later row naming it must agree with the first."""
        if ref.record is not None and (ref.kind, ref.record.pk) in self.seen:
            first_row, expected = self.seen[(ref.kind, ref.record.pk)]
            ref.first = False
            for name, value in ref.given.items():
                if name in expected and not same(value, expected[name]):
                    column = ref.columns.get(name)
                    raise RowRefused(
                        column,
                        f"{self.label(column)}: row {first_row} already gives this {RECORD[ref.kind]} "
                        f"'{shown(expected[name])}'; give the same value on every row of this {RECORD[ref.kind]}, "
                        "or leave the cell empty.",
                    )
            return ref
        if ref.record is None:
            ref.disposition = "created"
            return ref
        ref.current = self.current_values(ref.kind, ref.record)
        ref.changes = {name: value for name, value in ref.given.items() if not same(value, ref.current[name])}
        ref.disposition = ("updated" if self.update else "differing") if ref.changes else "unchanged"
        return ref

    def current_values(self, kind: str, record) -> dict:
        if kind == "clients":
            return {
                "full_name": record.full_name,
                "email": record.email,
                "phone": record.phone,
                "company_name": record.company_name,
                "sales_contact": self.staff.by_id.get(record.sales_contact_id),
            }
        if kind == "contracts":
            fields = ("total_amount", "amount_due", "is_signed", "reference")
            return {name: getattr(record, name) for name in fields}
        fields = ("name", "start", "end", "location", "attendees", "notes", "reference")
        return {
            **{name: getattr(record, name) for name in fields},
            "support_contact": self.staff.by_id.get(record.support_contact_id),
        }

    # -- naming columns in sentences --------------------------------------------------------

    def header(self, key: str | None) -> str | None:
        return None if key is None else self.columns.header(key)

    def label(self, key: str | None) -> str:
        return (key or "row").replace("_", " ").capitalize()

    def person_column(self, role: str) -> str:
        """``sales_contact`` or ``sales_contact_id``: the column the row used to name that person."""
        return role if role in self.columns.positions or f"{role}_id" not in self.columns.positions else f"{role}_id"

    def person(self, values: dict, role: str, department: str) -> Employee | None:
        try:
            return self.staff.find(
                named=values.get(role), employee_id=values.get(f"{role}_id"), department=department
            )
        except InvalidValue as problem:
            column = self.person_column(role)
            raise RowRefused(column, f"{self.label(role)}: {problem.message}") from None

    def allowed(self, action, target, column: str | None) -> None:
        """The policy's answer for this row, as a refusal of the row rather than of the whole import."""
        try:
            authorize(self.actor, action, target)
        except PermissionDenied as denial:
            raise RowRefused(column, denial.message) from None

    # -- what subclasses provide -------------------------------------------------------------

    def preload(self, rows: list[dict]) -> None:
        raise NotImplementedError

    def plan_row(self, number: int, values: dict) -> tuple[list[Ref], list[Step]]:
        raise NotImplementedError

    def remember(self, ref: Ref) -> None:
        raise NotImplementedError


class _StepRefused(Exception):
    def __init__(self, error: CrmError, step: Step):
        super().__init__(error.message)
        self.error = error
        self.step = step
