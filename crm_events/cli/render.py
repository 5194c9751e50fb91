"""Print command results as a table for people, or JSON / CSV for scripts (SPEC §5).

Records are the plain SPEC §5 objects the gateway returns: JSON and CSV print them as
they are, tables lay them out with ``cli.columns``.
"""

import csv
import itertools
import json
import re
import shlex

from crm_core.list_limits import PAGE_SIZE as TABLE_PAGE_SIZE
from cli.results import Listed, Said, Shown

TAB_WIDTH = 4
KEEP_WHOLE = 10  # ids, amounts, "2026-06-04": narrower columns are never wrapped to fit the terminal
_FORMULA_STARTS = "=+-@\t\r"
_PLAIN_NUMBER_TAIL = r"[0-9 .]*"  # a stored phone number is digits and spaces; "-2-3" would be computed


def render(result, args, env) -> None:
    output_format = getattr(args, "format", "table")
    if isinstance(result, Said):
        env.out(result.message)
    elif isinstance(result, Shown):
        _render_one(result, output_format, env)
    elif isinstance(result, Listed):
        _render_list(result, args, output_format, env)
    env.stdout.flush()


def _render_one(result: Shown, output_format: str, env) -> None:
    data = {**result.record, **(result.extra or {})}
    if output_format == "json":
        env.out(json.dumps(data, ensure_ascii=False, indent=2))
    elif output_format == "csv":
        _write_csv(env, list(data), [data])
    else:
        if result.message:
            env.out(result.message)
        env.out(details_table(result.view, result.record, env, extra=result.extra))


def details_table(view, record, env, *, extra: dict | None = None) -> str:
    """One record as a two-column table for people."""
    rows = [(label, cell(record)) for label, cell in view.details]
    rows += [(key.replace("_", " ").capitalize(), str(value)) for key, value in (extra or {}).items()]
    table = _table(env, ["Field", "Value"])
    for label, value in rows:
        table.add_row([label, _table_cell(value)])
    table.max_width["Value"] = 70
    _fit_to_terminal(table, env)
    return table.get_string()


def rows_table(view, records, env, *, numbered: bool = False) -> str:
    """Records as rows; ``numbered`` adds a "#" column to pick a row by its number."""
    headers = [label for label, _cell in view.columns]
    table = _table(env, ["#", *headers] if numbered else headers)
    for index, record in enumerate(records, start=1):
        cells = [_table_cell(cell(record)) for _label, cell in view.columns]
        table.add_row([str(index), *cells] if numbered else cells)
    _fit_to_terminal(table, env)
    return table.get_string()


def _fit_to_terminal(table, env) -> None:
    """Wrap the widest columns until the table fits the terminal, so rows never wrap mid-border.

    Only columns wider than ``KEEP_WHOLE`` give way, widest first, and never below their
    heading (prettytable does not wrap headings): ids, amounts and short names stay whole,
    a date-time breaks between day and time, and names, emails or locations wrap inside
    their cell. Widths are what the terminal shows (a CJK character takes two columns).
    Output that is not a terminal keeps whole lines.
    """
    width = env.terminal_width
    if not width:
        return
    from wcwidth import wcswidth  # prettytable's own measure, installed with it

    def shown(text) -> int:
        return max((max(wcswidth(line), len(line)) for line in str(text).splitlines()), default=0)

    columns = list(zip(*table.rows)) if table.rows else [()] * len(table.field_names)
    widths = {name: max([shown(name), *map(shown, cells)]) for name, cells in zip(table.field_names, columns)}
    for name, limit in table.max_width.items():
        widths[name] = max(min(widths[name], limit), shown(name))
    floors = {name: max(KEEP_WHOLE, shown(name)) for name in widths}
    borders = 3 * len(widths) + 1  # "| " before each cell, " " after it, and the last "|"
    while sum(widths.values()) + borders > width:
        shrinkable = [name for name in widths if widths[name] > floors[name]]
        if not shrinkable:
            break  # nothing left to wrap without cutting ids, dates or headings: the terminal wraps the rest
        widest = max(shrinkable, key=widths.get)
        widths[widest] -= 1
        table.max_width[widest] = widths[widest]


def _table_cell(text: str) -> str:
    # A tab has no width a table can measure: the border after it would land anywhere.
    return text.expandtabs(TAB_WIDTH) if "\t" in text else text


def page_footer(view, page) -> str:
    total = f"more than {page.count:,}" if page.count_is_capped else f"{page.count:,}"
    return f"{view.plural.capitalize()} {page.first_row:,}–{page.last_row:,} of {total}."


def next_page_command(argv: list[str] | None, page: int) -> str:
    """The command that shows page ``page``: the one that ran, with every option it had (filters,
    --limit, --format) and its --page replaced, so it can be copied as it is."""
    if argv is None:
        return f"--page {page}"
    from cli.program import program

    kept, skip = [], False
    for word in argv:
        if skip:
            skip = False
        elif word == "--page":
            skip = True
        elif not word.startswith("--page=") and word != "--debug":
            kept.append(word)
    return f"{program()} {shlex.join([*kept, '--page', str(page)])}"


def _render_list(result: Listed, args, output_format: str, env) -> None:
    view, source = result.view, result.source
    if output_format == "table":
        page = source.list(page=args.page, limit=args.limit or TABLE_PAGE_SIZE, **result.filters)
        if not page.items:
            env.out(f"No {view.plural} match." if page.number == 1 else f"No {view.plural} on page {page.number}.")
            return
        env.out(rows_table(view, page.items, env))
        footer = page_footer(view, page)
        if page.has_next:
            footer += f" Next page: {next_page_command(getattr(args, 'command_line', None), page.number + 1)}"
        env.out(footer)
        return
    if args.limit is not None:
        rows = iter(source.list(page=args.page, limit=args.limit, **result.filters).items)
    else:
        rows = source.export(**result.filters)
    if output_format == "json":
        _write_json_array(env, rows)
    else:
        first = next(rows, None)
        fields = list(first) if first is not None else list(view.fields)
        _write_csv(env, fields, rows if first is None else itertools.chain([first], rows))


def _write_json_array(env, rows) -> None:
    """Stream the array so a million rows never sit in memory at once."""
    env.stdout.write("[")
    for index, row in enumerate(rows):
        env.stdout.write(("," if index else "") + "\n  " + json.dumps(row, ensure_ascii=False))
    env.stdout.write("\n]\n")


def _write_csv(env, fields, rows) -> None:
    writer = csv.DictWriter(env.stdout, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _csv_cell(value) for key, value in row.items()})


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"  # as in the JSON output
    return _inert_in_spreadsheets(str(value))


def _inert_in_spreadsheets(text: str) -> str:
    """A leading quote on a cell a spreadsheet would run as a formula (OWASP, CSV injection).

    ``+`` and ``-`` are left alone before a plain number or phone number ("+1 234 567 8901",
    "-5"): scripts read those cells, and a spreadsheet can only do arithmetic with them.
    """
    if not text or text[0] not in _FORMULA_STARTS:
        return text
    if text[0] in "+-" and re.fullmatch(_PLAIN_NUMBER_TAIL, text[1:]):
        return text
    return "'" + text


def _table(env, headers):
    from prettytable import PrettyTable, TableStyle  # only paid for by table output

    table = PrettyTable(headers)
    table.align = "l"
    if env.stdout_is_tty and (getattr(env.stdout, "encoding", "") or "").lower().startswith("utf"):
        table.set_style(TableStyle.SINGLE_BORDER)
    return table
