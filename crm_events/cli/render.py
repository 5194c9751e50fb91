"""Print command results as a table for people, or JSON / CSV for scripts (SPEC §5).

Records are the plain SPEC §5 objects the gateway returns: JSON and CSV print them as
they are, tables lay them out with ``cli.columns``.
"""

import shlex

from crm_core.export_text import Rows, csv_table, json_array, json_object
from crm_core.list_limits import PAGE_SIZE as TABLE_PAGE_SIZE
from cli.results import HistoryListed, Imported, Listed, Said, Shown

TAB_WIDTH = 4
DETAIL_WIDTH = 70  # a record's values wrap past this many columns, even off a terminal
KEEP_WHOLE = 10  # ids, amounts, "2026-06-04": narrower columns are never wrapped to fit the terminal


def render(result, args, env) -> None:
    output_format = getattr(args, "format", "table")
    if isinstance(result, Said):
        env.out(result.message)
    elif isinstance(result, Shown):
        _render_one(result, output_format, env)
    elif isinstance(result, Listed):
        _render_list(result, args, output_format, env)
    elif isinstance(result, HistoryListed):
        _render_history(result, args, output_format, env)
    elif isinstance(result, Imported):
        from cli.import_report import render_import_report

        render_import_report(result.report, output_format, env)  # raises, after the report, when rows were refused
    env.stdout.flush()


def _render_one(result: Shown, output_format: str, env) -> None:
    data = {**result.record, **(result.extra or {})}
    if output_format == "json":
        env.stdout.write(json_object(data, ascii_only=not env.stdout_is_unicode))
    elif output_format == "csv":
        _write(env, csv_table(Rows([data])))
    else:
        if result.message:
            env.out(result.message)
        env.out(details_table(result.view, result.record, env, extra=result.extra))


def details_table(view, record, env, *, extra: dict | None = None) -> str:
    """One record as a two-column table for people."""
    rows = [(label, cell(record)) for label, cell in view.details]
    rows += [(key.replace("_", " ").capitalize(), str(value)) for key, value in (extra or {}).items()]
    return _laid_out(env, ["Field", "Value"], [[label, value] for label, value in rows], {"Value": DETAIL_WIDTH})


def rows_table(view, records, env) -> str:
    """Records as rows, one column per ``view.columns``; on a terminal too narrow for that even with
    its cells wrapped (ids, dates and headings stay whole), laid out as the menu lays out a list:
    its least useful columns left out, named below, or one record per block."""
    headers = [label for label, _cell in view.columns]
    table = _laid_out(env, headers, [[cell(record) for _label, cell in view.columns] for record in records], {})
    width = env.terminal_width
    if not width or len(table.partition("\n")[0]) <= width:  # the border line: the table's width
        return table
    from cli.menu.screens import list_lines

    dropped: list[str] = []
    lines = list_lines(view, records, env, width=width, left_out=dropped)
    if dropped:
        import textwrap

        note = f"Not shown at this width: {', '.join(dropped)} (every column: --format csv or json)."
        lines += textwrap.wrap(note, width)
    return "\n".join(lines)


def _laid_out(env, headers: list[str], rows: list[list[str]], max_widths: dict) -> str:
    """The table of ``rows``, each cell wrapped to its column by display width.

    prettytable would wrap a cell wider than its ``max_width`` by characters (``textwrap``),
    so that 70 Japanese characters (140 columns) made a row 162 columns wide: cells are
    wrapped here, by ``cli.text_width``, and prettytable only draws them.
    """
    from cli import text_width  # (wcwidth) only paid for by table output

    headers = [env.printable(header) for header in headers]
    rows = [[env.printable(_table_cell(value)) for value in row] for row in rows]
    max_widths = {env.printable(name): width for name, width in max_widths.items()}
    widths = _fitted_widths(env, headers, rows, max_widths)
    table = _table(env, headers)
    for row in rows:
        table.add_row([_wrapped(value, widths[name]) for name, value in zip(headers, row)])
    for name, cells in zip(headers, zip(*rows) if rows else [()] * len(headers)):
        if any(text_width.block_width(value) > widths[name] for value in cells):
            table.min_width[name] = widths[name]  # a wrapped column keeps the width it was given
    return table.get_string()


def lines_table(env, headings, lines, *, max_widths: dict | None = None) -> str:
    """Rows of text cells under ``headings``, fitted to the terminal; ``max_widths``: heading -> columns."""
    headings = list(headings)
    limits = {heading: width for heading, width in (max_widths or {}).items() if heading in headings}
    return _laid_out(env, headings, [list(line) for line in lines], limits)


def _wrapped(value: str, columns: int) -> str:
    from cli import text_width

    if text_width.block_width(value) <= columns:
        return value
    lines = []
    for line in value.split("\n"):
        lines.extend(text_width.wrap(line, columns) if text_width.width(line) > columns else [line])
    return "\n".join(lines)


def _fitted_widths(env, headers: list[str], rows: list[list[str]], max_widths: dict) -> dict[str, int]:
    """Each column's width: its widest cell, within ``max_widths``, then narrowed to fit the terminal.

    The widest column gives way first, never below its heading (prettytable does not wrap
    headings) nor through a word of fewer than ``KEEP_WHOLE`` columns: ids, amounts and
    short words stay whole, a date-time breaks between day and time, names wrap at their
    spaces, and a long email or location inside its cell. Widths are what the terminal
    shows (a CJK character takes two columns), measured at each render. Output that is
    not a terminal keeps whole lines.
    """
    from cli import text_width

    shown = text_width.block_width
    columns = list(zip(*rows)) if rows else [()] * len(headers)
    widths = {name: max([shown(name), *map(shown, cells)]) for name, cells in zip(headers, columns)}
    for name, limit in max_widths.items():
        widths[name] = max(min(widths[name], limit), shown(name))
    width = env.terminal_width
    if not width:
        return widths
    # A column never narrows below its heading, nor breaks a word shorter than KEEP_WHOLE:
    # ids, amounts and dates stay whole, while names give way at their spaces.
    longest_word = {
        name: max((shown(word) for cell in cells for word in cell.split()), default=0)
        for name, cells in zip(headers, columns)
    }
    floors = {name: max(shown(name), min(KEEP_WHOLE, longest_word[name])) for name in widths}
    borders = 3 * len(widths) + 1  # "| " before each cell, " " after it, and the last "|"
    while sum(widths.values()) + borders > width:
        shrinkable = [name for name in widths if widths[name] > floors[name]]
        if not shrinkable:
            break  # nothing left to wrap without cutting ids, dates or headings: the terminal wraps the rest
        widest = max(shrinkable, key=widths.get)
        widths[widest] -= 1
    return widths


def _table_cell(text: str) -> str:
    # A tab has no width a table can measure: the border after it would land anywhere.
    return text.expandtabs(TAB_WIDTH) if "\t" in text else text


def page_footer(view, page) -> str:
    total = f"more than {page.count:,}" if page.count_is_capped else f"{page.count:,}"
    return f"{view.plural.capitalize()} {page.first_row:,}–{page.last_row:,} of {total}."


def next_page_command(argv: list[str] | None, page: int, env) -> str:
    """The command that shows page ``page``: the one that ran, with every option it had (filters,
    --limit, --format) and its --page replaced, so it can be copied as it is. When ``env``'s output
    cannot show it as it is (a search for "北京" on an ASCII terminal would read "??"), the words to
    add instead: a copy of the garbled command would quietly search for something else."""
    if argv is None:
        return f"--page {page}"
    command = _command_with_page(argv, page)
    if env.printable(command) != command:
        return f"the same command with --page {page}"
    return command


def _command_with_page(argv: list[str], page: int) -> str:
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
            footer += f" Next page: {next_page_command(getattr(args, 'command_line', None), page.number + 1, env)}"
        env.out(footer)
        return
    if args.limit is not None:
        rows = Rows(source.list(page=args.page, limit=args.limit, **result.filters).items)
    else:
        rows = source.export(**result.filters)  # streamed: the first row is written at once, at any size
    if output_format == "json":
        _write(env, json_array(rows, ascii_only=not env.stdout_is_unicode))
    else:
        _write(env, csv_table(rows, fields=view.fields))


def _render_history(result: HistoryListed, args, output_format: str, env) -> None:
    """A page of entries as a table (one line per changed field), or the entries as JSON, or their rows as CSV."""
    source, record_id = result.source, result.record_id
    options = {"since": result.since, "by": result.by}
    if output_format == "table":
        page = source.history(record_id, page=args.page, limit=args.limit or TABLE_PAGE_SIZE, **options)
        if not page.items:
            where = f"of {result.kind} {record_id} match" if page.number == 1 else f"on page {page.number}"
            env.out(f"No history entries {where}.")
            return
        from cli.columns.history import history_lines

        # On an output without "→", Environment.printable writes it "->" (and measures it so).
        headings, lines = history_lines(page.items)
        env.out(lines_table(env, headings, lines, max_widths={"Change": 70, "Reason": 40}))
        total = f"more than {page.count:,}" if page.count_is_capped else f"{page.count:,}"
        footer = f"History entries {page.first_row:,}–{page.last_row:,} of {total}, newest first."
        if page.has_next:
            footer += f" Next page: {next_page_command(getattr(args, 'command_line', None), page.number + 1, env)}"
        env.out(footer)
        return
    if args.limit is not None:
        entries = iter(source.history(record_id, page=args.page, limit=args.limit, **options).items)
    else:
        entries = source.history_export(record_id, **options)
    if output_format == "json":
        _write(env, json_array(Rows(entries), ascii_only=not env.stdout_is_unicode))
    else:
        from crm_core.history_rows import CHANGE_ROW_FIELDS, iter_change_rows

        _write(env, csv_table(Rows(iter_change_rows(entries)), fields=CHANGE_ROW_FIELDS))


def _write(env, pieces) -> None:
    """Encoded text, a chunk of rows per write: a million rows never sit in memory at once."""
    write = env.stdout.write
    for piece in pieces:
        write(piece)


def _table(env, headers):
    from prettytable import PrettyTable, TableStyle  # only paid for by table output

    table = PrettyTable(headers)
    table.align = "l"
    if env.stdout_is_tty and (getattr(env.stdout, "encoding", "") or "").lower().startswith("utf"):
        table.set_style(TableStyle.SINGLE_BORDER)
    return table
