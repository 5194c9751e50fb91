"""Read a spreadsheet file (CSV or Excel) into its header and rows, refusing what could exhaust the machine.

CSV is read with the standard library: UTF-8 with or without BOM (or UTF-16 with a BOM,
Excel's "Unicode text"), else Windows-1252, the encoding French Excel saves CSV in; the
delimiter (``,`` ``;`` or tab) is the one that splits the header into the most columns
and the first rows alike; quoted cells may hold line breaks. Excel workbooks (``.xlsx``)
are read with openpyxl in read-only mode, after checking the sizes the archive declares
(a few kilobytes can expand to gigabytes), with defusedxml guarding its XML parser.

Row numbers are those a spreadsheet shows: the header is row 1 when it is the first line.
"""

import codecs
import csv
import datetime as dt
import io
import itertools
import logging
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

from crm_core.errors import InvalidInput

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
MAX_COLUMNS = 200
# What an .xlsx may expand to (the sum of the sizes its archive declares): a sheet of
# MAX_ROWS rows takes well under this, a zip bomb takes far more.
MAX_EXPANDED_BYTES = 200 * 1024 * 1024
CSV_DELIMITERS = (",", ";", "\t")
_SNIFFED_ROWS = 20
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format
_CONTROL_CHARACTERS = r"[\x00-\x08\x0b\x0c\x0e-\x1f]"  # text has tabs and line breaks, never these
_CONTROL_BYTES = _CONTROL_CHARACTERS.encode()  # the same in any 8-bit encoding or UTF-8
# Whole cells up to the file's own size limit, so that a long cell is refused by its row and
# column (the notes' length) rather than by the reader's default 128 KiB per field.
csv.field_size_limit(max(csv.field_size_limit(), MAX_FILE_BYTES))


@dataclass(frozen=True)
class CellError:
    """An Excel cell showing an error (#DIV/0!, #REF!, ...) instead of a value."""

    text: str


@dataclass
class Row:
    number: int  # as the spreadsheet shows it
    cells: list  # one per header column; CSV: text; Excel: text, number, bool, date-time, date, time or None
    overflow: bool = False  # a CSV row with more cells than the header has columns


@dataclass
class Sheet:
    source: str  # "csv" or "xlsx"
    headers: list[str]
    rows: list[Row] = field(default_factory=list)


def _refuse(message: str) -> InvalidInput:
    return InvalidInput({"file": message})


def refuse_oversized(*, filename: str, size: int) -> None:
    """Refuse a file over ``MAX_FILE_BYTES`` before reading it (entry points call this on the file's size)."""
    if size > MAX_FILE_BYTES:
        raise _refuse(
            f"{PurePath(filename).name} is {size / 1024 / 1024:.1f} MB; the import takes files of at most "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB, so split it into several files."
        )


def read_sheet(*, filename: str, content: bytes, sheet: str | None = None) -> Sheet:
    """The header and the non-blank rows of ``content``, a ``.csv`` or ``.xlsx`` file named ``filename``.

    Raises InvalidInput (one sentence, key ``file`` or ``sheet``) for a file that is too
    large, of another kind, unreadable, empty, or longer than ``MAX_ROWS`` rows.
    """
    if not isinstance(content, bytes | bytearray):
        raise _refuse("The file's content must be given as bytes.")
    name = PurePath(str(filename)).name
    refuse_oversized(filename=name, size=len(content))
    suffix = PurePath(name).suffix.lower()
    if suffix == ".csv":
        if sheet:
            raise InvalidInput({"sheet": "A CSV file has no sheets; a sheet is named only for an .xlsx workbook."})
        return _with_rows(name, _read_csv(name, bytes(content)))
    if suffix == ".xlsx":
        return _with_rows(name, _read_xlsx(name, bytes(content), sheet))
    if suffix == ".xls":
        raise _refuse(f"{name} is in the old Excel format (.xls); save it as .xlsx or CSV and import that.")
    raise _refuse(f"{name} is neither a .csv nor an .xlsx file; save the sheet in one of those formats.")


def _with_rows(name: str, sheet: Sheet) -> Sheet:
    if not sheet.rows:
        raise _refuse(f"{name} has a header row but no rows below it; there is nothing to import.")
    return sheet


# -- CSV -------------------------------------------------------------------------------


def _read_csv(name: str, content: bytes) -> Sheet:
    if content.startswith(_ZIP_MAGIC):
        raise _refuse(f"{name} is an Excel workbook or another archive, not CSV text; name it .xlsx if it is one.")
    utf16 = content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if not utf16 and _looks_binary(content, _CONTROL_BYTES, b"\x00"):
        raise _refuse(f"{name} holds binary data, not CSV text; export the sheet again as CSV.")
    text = _decode(name, content)
    if _looks_binary(text, _CONTROL_CHARACTERS, "\x00"):
        raise _refuse(f"{name} holds binary data, not CSV text; export the sheet again as CSV.")
    hint = re.match(r"sep=([,;\t|])[ \t]*\r?\n", text)
    if hint:  # Excel's own first line naming the delimiter, which Excel hides: the header follows
        delimiter, text = hint.group(1), text[hint.end():]
    else:
        delimiter = _delimiter(text)
    # strict: a quote never closed would otherwise swallow every line after it into one cell.
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    sheet = None
    number = 0
    try:
        for number, cells in enumerate(records, start=1):
            if not any(cell.strip() for cell in cells):
                continue
            if sheet is None:
                sheet = Sheet("csv", _headers(name, cells))
                continue
            width = len(sheet.headers)
            overflow = any(cell.strip() for cell in cells[width:])
            sheet.rows.append(Row(number, (cells + [""] * width)[:width], overflow))
            _check_row_count(name, sheet)
    except csv.Error as error:
        if "unexpected end of data" in str(error):
            raise _refuse(
                f"Row {number + 1} of {name} opens a quote (\") that is never closed, so every line after it "
                "would be one cell; close the quote, or remove it."
            ) from None
        raise _refuse(f"{name} cannot be read as CSV at line {records.line_num} ({error}).") from None
    if sheet is None:
        raise _refuse(f"{name} is empty; it needs a header row and one row per record.")
    return sheet


def _looks_binary(data, controls, nul) -> bool:
    """A NUL, or control characters in more than one character in a hundred: a stray one (a
    vertical tab some exports write) is text, refused by its cell with its row and column."""
    return nul in data or len(re.findall(controls, data)) * 100 > len(data)


def _decode(name: str, content: bytes) -> str:
    if content.startswith(codecs.BOM_UTF8):
        encodings = ["utf-8-sig"]
    elif content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8", "cp1252"]  # French Excel saves "CSV (separator: semicolon)" in Windows-1252
    for encoding in encodings:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _refuse(f"{name} is neither UTF-8 nor Windows-1252 text; save it again as CSV UTF-8.")


def _delimiter(text: str) -> str:
    """The delimiter that splits the header into the most columns and keeps the next rows as wide."""
    sample = text[: 64 * 1024]
    best, best_score = ",", None
    for delimiter in CSV_DELIMITERS:
        try:
            records = list(itertools.islice(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter), 200))
        except csv.Error:
            continue
        records = [cells for cells in records if any(cell.strip() for cell in cells)][: _SNIFFED_ROWS + 1]
        if not records:
            continue
        width = len(records[0])
        alike = sum(len(cells) == width for cells in records[1:])
        score = (width > 1, alike, width)
        if best_score is None or score > best_score:
            best, best_score = delimiter, score
    return best


def _headers(name: str, cells: list) -> list[str]:
    headers = [_header_text(cell) for cell in cells]
    while headers and not headers[-1]:
        headers.pop()
    if len(headers) > MAX_COLUMNS:
        raise _refuse(f"{name} has {len(headers)} columns; the import reads at most {MAX_COLUMNS}.")
    return headers


def _header_text(cell) -> str:
    if cell is None:
        return ""
    return " ".join(str(cell).split())


def _check_row_count(name: str, sheet: Sheet) -> None:
    if len(sheet.rows) > MAX_ROWS:
        raise _refuse(f"{name} has more than {MAX_ROWS:,} rows; split it into several files.")


# -- Excel -----------------------------------------------------------------------------


def _read_xlsx(name: str, content: bytes, sheet_name: str | None) -> Sheet:
    if content.startswith(_OLE_MAGIC):
        raise _refuse(f"{name} is in the old Excel format (.xls) despite its name; save it as .xlsx or CSV.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        declared = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        first_line = content.split(b"\n", 1)[0]
        text_lines = b"\n" in content and re.search(rb"[,;\t]", first_line)
        if text_lines and not _looks_binary(content, _CONTROL_BYTES, b"\x00"):
            raise _refuse(f"{name} is text (CSV), not an Excel workbook; name it .csv if it is CSV.") from None
        raise _refuse(f"{name} is not an Excel workbook (.xlsx); open it in Excel and save it as .xlsx.") from None
    if declared > MAX_EXPANDED_BYTES:
        raise _refuse(
            f"{name} would expand to {declared / 1024 / 1024:,.0f} MB when opened (at most "
            f"{MAX_EXPANDED_BYTES // 1024 // 1024} MB); it is not a sheet the import can read."
        )
    import openpyxl  # only paid for by an Excel import

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - any failure to parse a hostile file means "unreadable"
        logger.warning("unreadable workbook: %s", type(error).__name__, extra={"user_notified": True})
        raise _refuse(f"{name} cannot be read as an Excel workbook; open it in Excel and save it again.") from None
    try:
        worksheet = _worksheet(workbook, sheet_name)
        sheet = _read_worksheet(name, worksheet)
        if not sheet.rows and not sheet_name and len(workbook.sheetnames) > 1:
            raise _refuse(f"{name} has a header row but no rows below it on its first sheet")
        return sheet
    except InvalidInput as refused:
        if not sheet_name and len(workbook.sheetnames) > 1 and "file" in refused.errors:
            # The first sheet is read by default: with several, the data may well be on another one.
            listed = ", ".join(f"'{title}'" for title in workbook.sheetnames)
            said = refused.errors["file"].split(";")[0]
            raise _refuse(
                f"{said}; its sheets are {listed}: name the one to import with --sheet (sheet= through the API)."
            ) from None
        raise
    except Exception as error:  # noqa: BLE001 - as above, for the cells read on demand
        logger.warning("unreadable worksheet: %s", type(error).__name__, extra={"user_notified": True})
        raise _refuse(f"{name} cannot be read as an Excel workbook; open it in Excel and save it again.") from None
    finally:
        workbook.close()


def _worksheet(workbook, sheet_name: str | None):
    if not sheet_name:
        return workbook.worksheets[0]
    names = workbook.sheetnames
    matches = [name for name in names if name == sheet_name] or [
        name for name in names if name.strip().casefold() == sheet_name.strip().casefold()
    ]
    if not matches:
        listed = ", ".join(f"'{name}'" for name in names)
        raise InvalidInput({"sheet": f"The workbook has no sheet named '{sheet_name}'; its sheets are {listed}."})
    return workbook[matches[0]]


def _read_worksheet(name: str, worksheet) -> Sheet:
    # The dimension a file declares may be wrong or hostile (A1:XFD1048576): read only the cells present,
    # and never more columns than the import can use.
    worksheet.reset_dimensions()
    sheet = None
    width = MAX_COLUMNS + 1
    for number, cells in enumerate(worksheet.iter_rows(max_col=width), start=1):
        values = [_cell_value(cell) for cell in cells[:width]]
        if not any(_has_value(value) for value in values):
            continue
        if sheet is None:
            sheet = Sheet("xlsx", _headers(name, values))
            width = len(sheet.headers)
            continue
        sheet.rows.append(Row(number, (values + [None] * width)[:width]))
        _check_row_count(name, sheet)
    if sheet is None:
        raise _refuse(
            f"The sheet '{worksheet.title}' of {name} is empty; it needs a header row and one row per record."
        )
    return sheet


def _has_value(value) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _cell_value(cell):
    value = getattr(cell, "value", None)
    data_type = getattr(cell, "data_type", None)
    if data_type == "e":
        return CellError(str(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        from openpyxl.styles.numbers import is_datetime

        if is_datetime(cell.number_format) == "date":
            return value.date()  # a date cell without a time: midnight was not typed, it is missing
    return value
