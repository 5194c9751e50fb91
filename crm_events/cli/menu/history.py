"""A record's history in the menu: who changed what and when, newest first, a screen at a time.

The entries are those of ``... history ID`` (``gateway.<resource>.history``), in the
command's own words (``cli.columns.history``): a line saying when, who and what
("created", "updated", "removed"), then one line per changed field, old → new, and the
reason when there is one. Values wrap under themselves by display width.

A screen costs at most one gateway call whatever the history's length: entries come
``ENTRIES_PER_CALL`` at a time and are cut here into screens of the terminal's height,
measured at each draw; ``n`` shows the next screen, fetching the next entries only once
these are all shown, ``p`` the previous one. A refusal (the record removed meanwhile, a
department changed) is the gateway's, in the command's sentence, shown on the record's page.
"""

from typing import NamedTuple

from cli import text_width
from cli.columns import person, when
from cli.columns.history import SYSTEM, change_text, field_label
from cli.menu import screens
from cli.menu.pages import MainMenu

ENTRIES_PER_CALL = 25


class _Screen(NamedTuple):
    lines: list[str]
    first: int  # index, in the page of entries, of the first entry (or part of one) shown
    last: int


def show_history(session, resource: str, record_id, *, title: str) -> None:
    """The history of the ``resource`` ("clients"...) record ``record_id``, until the user goes back."""
    source = getattr(session.gateway, resource)
    prompter = session.prompter

    def fetch(number: int):
        return session.call(source.history, record_id, page=number, limit=ENTRIES_PER_CALL)

    page, at, warning = fetch(1), 0, None
    while True:
        shown = _screens(session, page, title)
        at = min(at, len(shown) - 1)
        screen = shown[at]
        newer, older = at > 0 or page.number > 1, at < len(shown) - 1 or page.has_next
        _draw(session, page, title, screen, newer=newer, older=older, warning=warning)
        warning = None
        key = prompter.line("> ", history="page:history", keys="bnpm").strip().lower()
        if key in ("", "b"):
            return
        if key == "m":
            raise MainMenu
        if key == "n" and not older:
            warning = "That is where the history starts: no older entry."
        elif key == "n" and at < len(shown) - 1:
            at += 1
        elif key == "n":
            page, at = fetch(page.number + 1), 0
        elif key == "p" and not newer:
            warning = "That is the latest change: no newer entry."
        elif key == "p" and at > 0:
            at -= 1
        elif key == "p":
            page = fetch(page.number - 1)
            at = len(_screens(session, page, title)) - 1  # its last screen
        else:
            warning = _bad_key(older=older, newer=newer)


def _screens(session, page, title: str) -> list[_Screen]:
    """The entries of ``page`` cut into screens of the terminal's size now (at least one screen)."""
    prompter = session.prompter
    width = prompter.width
    room = max(prompter.height - _chrome(width), 3)
    arrow = _arrow(session.env)
    rows = [_entry_rows(entry, arrow) for entry in page.items]
    labels = screens.label_column(label for each in rows for label, _value in each)  # aligned over the page
    screens_, lines, first = [], [], 0
    for index, entry in enumerate(page.items):
        block = [_head(entry, width), *screens.detail_lines(rows[index], width, labels=labels)]
        if lines and len(lines) + len(block) > room:  # an entry starts on a new screen when it fits on one
            screens_.append(_Screen(lines, first, index - 1))
            lines, first = [], index
        while len(lines) + len(block) > room:  # an entry longer than a screen goes on over several
            cut = room - len(lines)
            lines += block[:cut]
            screens_.append(_Screen(lines, first, index))
            lines, first = [], index
            block = [text_width.truncate(f"{block[0]} (continued)", width), *block[cut:]]
        lines += block
    if lines or not screens_:
        screens_.append(_Screen(lines, first, max(len(page.items) - 1, 0)))
    return screens_


def _head(entry: dict, width: int) -> str:
    """When, who and what: the first line of an entry."""
    author = person(entry["actor_id"], entry["actor_name"]) if entry["actor_id"] is not None else SYSTEM
    return text_width.truncate(f"{when(entry['at'])}  {author}  {entry['action']}", width)


def _entry_rows(entry: dict, arrow: str) -> list[tuple[str, str]]:
    """An entry's changed fields, old → new, and why: (label, value) rows under its first line."""
    rows = [
        (field_label(change["field"]), change_text(entry["action"], change, arrow))
        for change in entry["changes"]
        if change["field"] is not None
    ]
    if entry["reason"]:
        rows.append(("Reason", entry["reason"]))
    return rows or [("Change", "-")]


def _draw(session, page, title, screen: _Screen, *, newer: bool, older: bool, warning) -> None:
    prompter = session.prompter
    prompter.say()
    prompter.say(session.env.paint(text_width.truncate(f"History of {title}", prompter.width), "bold"))
    if not page.items:
        prompter.say("  No history entries yet.")
    else:
        env = session.env  # each entry's first line (when, who, what) stands out
        prompter.say("\n".join(line if line.startswith(" ") else env.paint(line, "bold") for line in screen.lines))
    if warning:
        prompter.warn(warning)
    prompter.say(_footer(page, screen, newer=newer, older=older))


def _footer(page, screen: _Screen, *, newer: bool, older: bool) -> str:
    moves = (["n older"] if older else []) + (["p newer"] if newer else [])
    keys = f"Press {', '.join(moves)}; Enter goes back." if moves else "Enter goes back."
    if not page.items:
        return keys
    offset = (page.number - 1) * page.limit
    first, last = offset + screen.first + 1, offset + screen.last + 1
    total = f"more than {page.count:,}" if page.count_is_capped else f"{page.count:,}"
    shown = f"Entry {first:,}" if first == last else f"Entries {first:,}–{last:,}"
    return f"{shown} of {total}, newest first. {keys}"


def _bad_key(*, older: bool, newer: bool) -> str:
    moves = (["n for older entries"] if older else []) + (["p for newer ones"] if newer else [])
    return f"Press {', '.join([*moves, 'Enter to go back to the record'])}."


def _chrome(width: int) -> int:
    """Lines a history screen needs besides its entries, at this width: blank, title, message, footer, prompt."""
    footer = "Entries 9,999–9,999 of more than 9,999, newest first. Press n older, p newer; Enter goes back."
    message = f"! {_bad_key(older=True, newer=True)}"
    return 3 + sum(len(text_width.wrap(text, width, indent="  ")) for text in (footer, message))


def _arrow(env) -> str:
    """"→" where the output can show it, as the command does; "->" on an 8-bit terminal."""
    encoding = getattr(env.stdout, "encoding", None)
    if not encoding:
        return "→"
    try:
        "→".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return "->"
    return "→"
