"""import {clients,events} FILE [--dry-run] [--update] [--sheet NAME]: a spreadsheet into the CRM (docs/import.md).

The file is read here, on the machine where the command runs (refused before reading
when it is over the import's size limit), and handed to the gateway as bytes; the import
itself, all or nothing, runs where the services are. A progress bar is drawn on stderr
when it is a terminal, never in a pipe or a file.
"""

import os
from contextlib import contextmanager
from pathlib import Path

from crm_core.errors import InvalidInput
from cli.results import Imported

KINDS = ("clients", "events")


def register(groups, *, common, output, listing, wanted) -> None:
    parser = groups.add_parser(
        "import",
        parents=[common],
        help="import clients or events from a CSV or Excel file (management, sales)",
        description=(
            "Import a spreadsheet (.csv or .xlsx): all of it, or nothing if any row is refused. The report "
            "counts what was created, updated, unchanged or differing, and lists each refused row. "
            "Columns, dates and matching: docs/import.md."
        ),
    )
    parser.add_argument("kind", choices=KINDS, help="what each row of the file is: a client, or an event")
    parser.add_argument("file", metavar="FILE", help="the .csv or .xlsx file")
    parser.add_argument(
        "--dry-run", action="store_true", help="check every row and report what would happen, writing nothing"
    )
    parser.add_argument(
        "--update", action="store_true", help="change records that differ from the file (else reported, left alone)"
    )
    parser.add_argument("--sheet", metavar="NAME", help="the workbook's sheet to read (default: the first)")
    parser.add_argument("--format", choices=("table", "json"), default="table", help="output format (default: table)")
    parser.set_defaults(handler=handle_import)


def handle_import(ctx) -> Imported:
    args = ctx.args
    try:
        content = read_file(args.file)
    except InvalidInput:
        ctx.gateway.whoami()  # not logged in: say that first (exit 3), as every other command does
        raise
    with progress_bar(ctx.env.stderr) as progress:
        report = ctx.gateway.imports.run(
            args.kind,
            filename=Path(args.file).name,
            content=content,
            dry_run=args.dry_run,
            update=args.update,
            sheet=args.sheet,
            progress=progress,
        )
    return Imported(report)


def read_file(path: str) -> bytes:
    """The file's bytes; a file over the import's limit is refused from its size, before it is read."""
    from epic_imports_app.reading import MAX_FILE_BYTES, refuse_oversized  # plain Python: no Django

    name = Path(path).name or path
    try:
        with open(path, "rb") as file:
            refuse_oversized(filename=name, size=os.fstat(file.fileno()).st_size)
            content = file.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise InvalidInput({"file": f"There is no file {path}; check its name and folder."}) from None
    except IsADirectoryError:
        raise InvalidInput({"file": f"{path} is a folder; name the .csv or .xlsx file to import."}) from None
    except PermissionError:
        raise InvalidInput({"file": f"You may not read {path}; check its permissions."}) from None
    except OSError as error:
        raise InvalidInput({"file": f"{path} cannot be read ({error.strerror or error}); check the file."}) from None
    refuse_oversized(filename=name, size=len(content))  # a pipe, or a file that grew: its size said nothing
    return content


@contextmanager
def progress_bar(stream):
    """A ``progress(done, total)`` drawing a bar on ``stream`` when it is a terminal; else None."""
    if not _is_terminal(stream):
        yield None
        return
    from tqdm import tqdm  # only paid for by an import on a terminal

    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, initial=done, unit="row", desc="Importing", file=stream, leave=False)
        else:
            bar.update(done - bar.n)

    try:
        yield progress
    finally:
        if bar is not None:
            bar.close()  # the bar leaves the terminal before the report is printed


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
