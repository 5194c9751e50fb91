"""Lists in the menu: a page at a time, pick a row by its number instead of typing an id.

A list is a gateway resource and its filters (``Choices``); records are plain SPEC §5
objects. Paging stops where the gateway's does (COUNT_CAP rows); past that, a record is
reached by its ID (``id 1234``) or, in client lists, by a search.
"""

import re
from collections.abc import Callable
from typing import NamedTuple

from crm_core.errors import InvalidInput, NotFound
from crm_core.list_limits import COUNT_CAP, MAX_LIMIT
from cli.gateway import Page
from cli.menu.prompts import Back, choice_number
from cli.render import details_table, page_footer, rows_table

PAGE_SIZE = 15
BY_ID = re.compile(r"id\s*:?\s*(\d+)", re.ASCII | re.IGNORECASE)


class Choices(NamedTuple):
    """What a menu list shows: the records of the gateway's ``resource`` matching ``filters``.

    ``by_id``: the filters within which "id N" finds a record, for a list that shows only
    some by default (upcoming events: a past one is reached by its ID); None: ``filters``.
    ``keep``: a narrowing the gateway has no filter for (e.g. leaving out the current
    support contact), applied here to the list's first COUNT_CAP rows.
    """

    resource: str
    filters: dict = {}
    by_id: dict | None = None
    keep: Callable[[dict], bool] | None = None


def browse(session, view, choices: Choices, *, title: str, pick: bool = False, searchable: bool = False, extra=None):
    """Show ``choices`` page by page.

    With ``pick`` the chosen record is returned; otherwise choosing a row shows its
    details. ``searchable``: other text typed is searched for (the ``search`` filter).
    ``extra`` maps a key to what it does (e.g. {"r": "remove ..."}); typing it returns the key.
    Returns None when the user goes back.
    """
    listing = _Listing(session, choices)
    extra = extra or {}
    page = listing.page(1, None)
    if not page.items:
        session.prompter.say()
        session.prompter.say(session.env.paint(title, "bold"))
        session.prompter.say(f"  No {view.plural} here.")
        if pick and choices.by_id is not None:  # the list shows only some records (e.g. upcoming events)
            return _id_only(session, view, listing)
        return _extra_only(session.prompter, extra) if extra else None
    hints = _Hints(view, pick=pick, searchable=searchable, extra=extra)
    search = None
    redraw = True
    while True:
        if redraw:
            _draw(session, view, page, title if search is None else f"{title} — matching '{search}'", hints)
            redraw = False
        text = session.prompter.line("> ").strip()
        answer = text.lower()
        if not answer:
            return None
        if answer in extra:
            return answer
        if answer == "n" and _can_go_next(page):
            page, redraw = listing.page(page.number + 1, search), True
            continue
        if answer == "p" and page.number > 1:
            page, redraw = listing.page(page.number - 1, search), True
            continue
        by_id = BY_ID.fullmatch(answer)
        row = choice_number(answer, len(page.items))
        if by_id is not None or row is not None:
            record = page.items[row - 1] if row is not None else listing.by_id(by_id.group(1))
            if record is None:
                session.prompter.warn(f"  No {view.kind} has ID {by_id.group(1)} in this list; {hints.retry(page)}")
                continue
            if pick:
                return record
            session.prompter.say(details_table(view, record, session.env))
            try:
                session.prompter.line("Press Enter to go back to the list.")
            except Back:
                return None
            redraw = True
            continue
        if searchable and not answer.isdigit() and answer not in ("n", "p"):
            try:
                found = listing.page(1, text)
            except InvalidInput as refusal:
                session.prompter.warn(f"  {refusal.message}")
                continue
            if found.items:
                page, search, redraw = found, text, True
            else:
                session.prompter.warn(f"  No {view.plural} match '{text}'; {hints.retry(page)}")
            continue
        session.prompter.warn(f"  {_sentence(hints.retry(page))}")


def pick(session, view, choices: Choices, *, title: str, **options):
    """Like ``browse`` with ``pick=True``, raising Back when nothing was chosen."""
    record = browse(session, view, choices, title=title, pick=True, **options)
    if record is None:
        raise Back
    return record


def _id_only(session, view, listing):
    """An empty partial list can still reach the records it leaves out, by their ID."""
    hint = f"Type id N (e.g. id 42) for another {view.kind}, or Enter to go back."
    session.prompter.say(hint)
    while True:
        answer = session.prompter.line("> ").strip()
        if not answer:
            return None
        by_id = BY_ID.fullmatch(answer)
        record = listing.by_id(by_id.group(1)) if by_id else None
        if record is not None:
            return record
        missing = f"No {view.kind} has ID {by_id.group(1)}; " if by_id else ""
        session.prompter.warn(f"  {missing}{hint}")


def _extra_only(prompter, extra):
    """An empty list can still offer its other choices (e.g. removing the current support)."""
    choices = ", ".join(f"{key} to {what}" for key, what in extra.items())
    prompter.say(f"Type {choices}, or Enter to go back.")
    while True:
        answer = prompter.line("> ").strip().lower()
        if not answer:
            return None
        if answer in extra:
            return answer
        prompter.warn(f"  Type {choices}, or Enter to go back.")


class _Listing:
    """The list as the current employee sees it, a page or one ID at a time."""

    def __init__(self, session, choices: Choices):
        self.session = session
        self.choices = choices

    @property
    def resource(self):
        return getattr(self.session.gateway, self.choices.resource)

    def page(self, number, search) -> Page:
        filters = self.choices.filters if search is None else {**self.choices.filters, "search": search}
        if self.choices.keep is None:
            return self.session.call(self.resource.list, page=number, limit=PAGE_SIZE, **filters)
        return self._kept_page(number, filters)

    def _kept_page(self, number, filters) -> Page:
        """A page of the rows ``keep`` accepts, among the first COUNT_CAP rows of the list."""
        kept, window_page = [], 0
        while True:
            window_page += 1
            found = self.session.call(self.resource.list, page=window_page, limit=MAX_LIMIT, **filters)
            kept += [record for record in found.items if self.choices.keep(record)]
            if not found.has_next or window_page * MAX_LIMIT >= COUNT_CAP:
                break
        first = (number - 1) * PAGE_SIZE
        return Page(kept[first : first + PAGE_SIZE], number, PAGE_SIZE, len(kept), found.has_next)

    def by_id(self, digits):
        # Within the same filters: an ID outside this list is not offered through it. A list
        # that shows only part of its records by default (upcoming events) says how to reach them all.
        filters = self.choices.filters if self.choices.by_id is None else self.choices.by_id
        try:
            found = self.session.call(self.resource.list, record_id=digits, limit=1, **filters)
        except (InvalidInput, NotFound):  # not an id any record can have
            return None
        record = found.items[0] if found.items else None
        if record is not None and self.choices.keep is not None and not self.choices.keep(record):
            return None
        return record


def _can_go_next(page) -> bool:
    return page.has_next and page.last_row < page.count


class _Hints:
    def __init__(self, view, *, pick, searchable, extra):
        self.view = view
        self.action = "choose" if pick else "see details"
        self.searchable = searchable
        self.extra = extra

    def _moves(self, page) -> list[tuple[str, str]]:
        """What may be typed on this page: (as the footer says it, as a warning spells it out)."""
        moves = [
            (
                f"row number or id N (the ID column) to {self.action}",
                f"a row number from 1 to {len(page.items)}, id and an ID (e.g. id 42)",
            )
        ]
        if _can_go_next(page):
            moves.append(("n next page", "n for the next page"))
        if page.number > 1:
            moves.append(("p previous", "p for the previous page"))
        if self.searchable:
            moves.append(("other text to search", "a name, email or company to search"))
        moves += [(f"{key} to {what}", f"{key} to {what}") for key, what in self.extra.items()]
        return moves

    def footer(self, page) -> str:
        moves = [short for short, _spelled_out in self._moves(page)]
        footer = f"{page_footer(self.view, page)} Type a {', '.join(moves)}, Enter to go back."
        if page.has_next and not _can_go_next(page):
            reach = "id N or a search" if self.searchable else "id N"
            footer += f" Paging stops here; type {reach} for the other {self.view.plural}."
        return footer

    def retry(self, page) -> str:
        """What may be typed here, for a warning printed just above the prompt."""
        choices = [spelled_out for _short, spelled_out in self._moves(page)]
        return f"type {', '.join(choices)}, or Enter to go back."


def _draw(session, view, page, title, hints) -> None:
    prompter = session.prompter
    prompter.say()
    prompter.say(session.env.paint(title, "bold"))
    prompter.say(rows_table(view, page.items, session.env, numbered=True))
    prompter.say(hints.footer(page))


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]
