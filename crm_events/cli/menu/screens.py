"""Screens that fit the terminal: list tables, record blocks and record pages, laid out at each render.

A list keeps one line per record: when the terminal is narrow its least useful columns
are dropped first (``DROP_FIRST``), then long text is cut with "…"; when even the
essential columns do not fit, each record becomes a short block of "label value" lines.
Widths are display widths (``cli.text_width``): a CJK character or an emoji takes two columns.
"""

from cli import text_width

# Columns given up first when a list is too wide, per kind of record (labels of cli.columns).
DROP_FIRST = {
    "client": ("Last contact", "Email", "Sales contact"),
    "contract": ("Created", "Sales contact", "Due"),
    "event": ("End", "Attendees", "Support", "Client"),
    "employee": ("Number", "Active", "Email"),
}
TEXT_COLUMNS = {"Name", "Client", "Company", "Email", "Sales contact", "Support"}  # the only ones cut with "…"
TEXT_FLOOR = 8  # a text column is cut down to this many columns at the narrowest
LABEL_WIDTH = 18  # the label column of a record page ("IT administrator" and two spaces)


def list_lines(view, records, env, *, width: int, left_out: list | None = None) -> list[str]:
    """``records`` laid out for ``width`` columns: a table, or blocks when a table cannot fit.

    The least useful columns go first (``DROP_FIRST``), whole; only then are names cut
    with "…"; ids, dates and amounts are never cut. ``left_out`` (a list) receives the
    labels of the columns the table left out.
    """
    columns = list(view.columns)
    cells = [[cell(record) for _label, cell in columns] for record in records]
    widths = _natural_widths(columns, cells)
    dropped = list(DROP_FIRST.get(view.kind, ()))
    while _table_width(widths) > width and dropped:
        gone = dropped.pop(0)
        index = next(i for i, (label, _cell) in enumerate(columns) if label == gone)
        del columns[index], widths[index]
        for row in cells:
            del row[index]
    if _table_width(widths) > width and not _cut(widths, columns, width):
        return _blocks(view, records, width)
    if left_out is not None:
        kept = {label for label, _cell in columns}
        left_out.extend(label for label, _cell in view.columns if label not in kept)
    return _table(env, [label for label, _cell in columns], cells, widths)


def _natural_widths(columns, cells) -> list[int]:
    return [
        max([text_width.width(label), *(text_width.width(row[index]) for row in cells)])
        for index, (label, _cell) in enumerate(columns)
    ]


def _table_width(widths: list[int]) -> int:
    return sum(widths) + 3 * len(widths) + 1  # "│ " before each cell, " " after it, and the last "│"


def _cut(widths: list[int], columns, width: int) -> bool:
    """Narrow the text columns (widest first) until the table fits ``width``; False if they cannot."""
    floors = [
        max(TEXT_FLOOR, text_width.width(label)) if label in TEXT_COLUMNS and size > TEXT_FLOOR else size
        for size, (label, _cell) in zip(widths, columns)
    ]
    trial = list(widths)
    while _table_width(trial) > width:
        shrinkable = [index for index, size in enumerate(trial) if size > floors[index]]
        if not shrinkable:
            return False
        widest = max(shrinkable, key=lambda index: trial[index])
        trial[widest] -= 1
    widths[:] = trial
    return True


def _table(env, headers, cells, widths) -> list[str]:
    from prettytable import PrettyTable, TableStyle

    table = PrettyTable(headers)
    table.align = "l"
    if env.stdout_is_tty and (getattr(env.stdout, "encoding", "") or "").lower().startswith("utf"):
        table.set_style(TableStyle.SINGLE_BORDER)
    for row in cells:
        table.add_row([text_width.truncate(_flat(value), size) for value, size in zip(row, widths)])
    for header, size in zip(headers, widths):
        table.min_width[header] = size
    return table.get_string().split("\n")


def _blocks(view, records, width: int) -> list[str]:
    """One record per block: "ID · first column" then its other columns, one per line."""
    lines = []
    label_width = max(text_width.width(label) for label, _cell in view.columns[2:]) + 2
    for record in records:
        (_id_label, id_cell), (_first_label, first_cell), *others = view.columns
        lines.append(text_width.truncate(f"{id_cell(record)} · {_flat(first_cell(record))}", width))
        for label, cell in others:
            value = text_width.truncate(_flat(cell(record)), max(width - label_width - 2, 4))
            lines.append(f"  {label:<{label_width}}{value}")
    return lines


def block_height(view) -> int:
    return len(view.columns) - 1


def _flat(text: str) -> str:
    """A cell on one line: a list row shows the start of a long note, the record page all of it."""
    return " ".join(text.split()) if ("\n" in text or "\t" in text) else text


def detail_lines(
    rows: list[tuple[str, str]], width: int, *, limit: int | None = None, more=None, labels: int | None = None
) -> list[str]:
    """A record page's "label  value" lines, values wrapped under themselves by display width.

    ``limit``: at most that many lines, as far as cutting the values that take several lines
    (longest first) allows: each row keeps at least one. A value whose label is in ``more``
    ends with a line saying how much more there is and how to read it (``more["Notes"]`` =
    "r reads them all"); another ends with "…". ``labels``: the width of the label column
    (``label_column`` of several blocks aligned together); by default, this block's own.
    """
    label_width = labels or label_column(label for label, _value in rows)
    rows = [(text_width.truncate(label, label_width - 1), value) for label, value in rows]
    room = max(width - label_width - 2, 10)
    wrapped = [(label, _value_lines(value, room)) for label, value in rows]
    if limit is not None:
        _cut_values(wrapped, limit, room, more or {})
    out = []
    for label, lines in wrapped:
        for index, line in enumerate(lines):
            head = label if index == 0 else ""
            out.append(f"  {head:<{label_width}}{line}".rstrip())
    return out


def label_column(labels) -> int:
    """The label column's width for these labels (and two spaces), at most ``LABEL_WIDTH``."""
    return min(LABEL_WIDTH, max((text_width.width(label) for label in labels), default=0) + 2)


def _cut_values(wrapped: list, limit: int, room: int, more: dict) -> None:
    """Cut the longest values of ``wrapped`` ((label, lines) pairs) until there are ``limit`` lines."""
    done = set()
    while (excess := sum(len(lines) for _label, lines in wrapped) - limit) > 0:
        candidates = [index for index, (_label, lines) in enumerate(wrapped) if len(lines) > 1 and index not in done]
        if not candidates:
            return  # each row is down to one line: the caller's screen is too small for them all
        index = max(candidates, key=lambda each: len(wrapped[each][1]))
        done.add(index)
        label, lines = wrapped[index]
        hint = more.get(label)
        if hint is not None:
            keep = max(len(lines) - excess - 1, 1)
            if keep + 1 < len(lines):  # the line saying what is left must itself save a line
                wrapped[index] = (label, [*lines[:keep], f"(… {len(lines) - keep} more lines: {hint})"])
            continue
        keep = max(len(lines) - excess, 1)
        last = lines[keep - 1]
        shortened = text_width.truncate(last, room - 1)
        wrapped[index] = (label, [*lines[: keep - 1], shortened if shortened != last else last + text_width.ELLIPSIS])


def _value_lines(value: str, room: int) -> list[str]:
    lines = []
    for paragraph in value.expandtabs(4).split("\n"):
        lines.extend(text_width.wrap(paragraph, room) or [""])
    return lines or [""]


def choice_lines(title: str, choices: list[tuple[str, str]], width: int) -> list[str]:
    """``title`` then "key label" choices, as many on a line as fit ``width``."""
    lines, line, empty = [], title, True
    indent = " " * text_width.width(title)
    for key, label in choices:
        item = f"{key} {label}"
        if not empty and text_width.width(f"{line}   {item}") > width:
            lines.append(line)
            line, empty = indent, True
        line, empty = (f"{line}{item}" if empty else f"{line}   {item}"), False
    lines.append(line)
    return [text_width.truncate(each, width) for each in lines]
