"""The spreadsheet import (issue 20): clients or events from a CSV or Excel file, all or nothing.

``spreadsheet_import`` is what the ``import`` command and the API's import endpoint call;
it takes the file's name and bytes and returns the report as plain data (see
``epic_imports_app.report``). Every record goes through the clients, contracts and
events services, with their validation, policy and audit; the import adds the rule of
SPEC §3 on who may import for whom, the matching of rows to stored records, and the
transaction around the whole file.
"""

import logging
import unicodedata
from pathlib import PurePath

from crm_core.errors import InvalidInput
from crm_core.policy import Action, authorize
from crm_core.validation import FieldCleaner, clean_bool
from epic_imports_app.client_rows import ClientsImport
from epic_imports_app.columns import map_columns
from epic_imports_app.event_rows import EventsImport
from epic_imports_app.reading import MAX_FILE_BYTES, MAX_ROWS, read_sheet, refuse_oversized
from epic_imports_app.report import ImportReport

logger = logging.getLogger(__name__)

IMPORTS = {"clients": ClientsImport, "events": EventsImport}

__all__ = ["MAX_FILE_BYTES", "MAX_ROWS", "refuse_oversized", "spreadsheet_import"]


def shown_file_name(filename: str) -> str:
    """The file's own name (never its folder) as reports and history show it, with every character
    a terminal would act on (control characters, line breaks, text-direction controls) as "?":
    a file's name is whatever its machine allowed, and managers read it in every entry it leaves."""
    name = PurePath(filename.replace("\\", "/")).name.strip() or "file"
    return "".join("?" if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Cs") else char for char in name)


def spreadsheet_import(
    *, actor, kind, filename, content, dry_run=False, update=False, sheet=None, progress=None
) -> dict:
    """Import ``kind`` ("clients" or "events") from ``content``, the bytes of a ``.csv`` or ``.xlsx`` file.

    Who (SPEC §3, "import clients / events from a spreadsheet"): management, for any sales
    contact a row names; sales, whose rows become theirs (a row naming another
    salesperson, or a client of another salesperson, is refused); not support. Each record
    is then written under its own rule: a salesperson creates no contract and assigns no
    support contact, management changes no client's details, and so on.

    ``dry_run``: every check, every write, then a rollback: the report says exactly what would
    happen and nothing is stored (nor reported to the audit log). ``update``: a record that
    differs from its row is changed through the normal update service of ``actor``;
    without it, it is left alone and its differences are reported. ``sheet``: the
    workbook's sheet to read (the first by default). ``progress(done, total)`` is called
    after each row.

    Returns the report (``ImportReport.as_dict``). Refused rows are in ``report["errors"]``
    (row number, column, one sentence); if there is any, nothing was written. Raises
    PermissionDenied (support, or an inactive account), InvalidInput for the file as a whole
    (too large, of another kind, unreadable, a required column missing, a column given twice)
    before any row is read.
    """
    authorize(actor, Action.IMPORT_RECORDS)
    if kind not in IMPORTS:
        raise InvalidInput({"kind": "Import 'clients' or 'events'."})
    cleaner = FieldCleaner()
    dry_run = cleaner.clean("dry_run", clean_bool, dry_run)
    update = cleaner.clean("update", clean_bool, update)
    if not isinstance(filename, str) or not filename.strip():
        cleaner.add("filename", "Filename: give the file's name, ending in .csv or .xlsx.")
    cleaner.raise_if_invalid()
    filename = shown_file_name(filename)
    table = read_sheet(filename=filename, content=content, sheet=sheet)
    columns = map_columns(kind, table.headers, rows=table.rows)
    report = ImportReport(filename=filename, kind=kind, dry_run=dry_run, update=update)
    report.ignored_columns = columns.ignored
    IMPORTS[kind](actor=actor, sheet=table, columns=columns, report=report, progress=progress).run()
    logger.info(
        "spreadsheet import kind=%s actor_id=%s rows=%s dry_run=%s written=%s refused_rows=%s",
        kind,
        actor.pk,
        report.rows,
        dry_run,
        report.written,
        len({error["row"] for error in report.errors}),
    )
    return report.as_dict()
