"""Lists in the menu: a page that fits the screen, records picked by their ID (the ID column).

A list is a gateway resource and its filters (``Choices``); records are plain SPEC §5
objects. One numbering everywhere: the number typed is the record's ID, as in every
message and command, never a row number. Paging stops where the gateway's does
(COUNT_CAP rows); past that, a record is reached by its ID or, in client lists, by a search.
When a pick list refuses an ID, it says why in the command's own words. ``c``, ``k`` or
``e`` and an ID open any record from a list, as from the menus.
"""

import re
from collections.abc import Callable
from typing import NamedTuple

from crm_core.errors import CrmError, InvalidInput, NotFound, PermissionDenied, RuleViolation
from crm_core.list_limits import COUNT_CAP, MAX_LIMIT
from crm_core.policy import Action
from cli.access import refusal
from cli.gateway import Page
from cli import text_width
from cli.menu import screens
from cli.menu.prompts import Back
from cli.render import page_footer

BY_ID = re.compile(r"(?:id\s*:?\s*)?#?(\d+)", re.ASCII | re.IGNORECASE)
CHROME = 7  # lines a list screen needs besides its rows, footer and message: blank, title, 4 of table, prompt
MESSAGE_LINES = 2  # a refusal's sentence, at the least (longer ones are measured)
REFUSED = (InvalidInput, NotFound, PermissionDenied, RuleViolation)  # what a service answers a chosen ID with


class Choices(NamedTuple):
    """What a menu list shows: the records of the gateway's ``resource`` matching ``filters``.

    ``by_id``: the filters within which an ID finds a record, for a list that shows only
    some by default (upcoming events: a past one is reached by its ID); None: ``filters``.
    ``keep``: a narrowing the gateway has no filter for (e.g. leaving out the current
    support contact), applied here to the list's first COUNT_CAP rows.
    ``action``: what the chosen record is for; an ID outside the list is refused with the
    sentence the command would answer (cli.access, from the policy).
    ``rule``: for a record the policy allows but the list leaves out, the sentence the
    services' rule answers (e.g. an unsigned contract for a new event), or None to accept it.
    """

    resource: str
    filters: dict = {}
    by_id: dict | None = None
    keep: Callable[[dict], bool] | None = None
    action: Action | None = None
    rule: Callable[[dict], str | None] | None = None


def browse(
    session, view, choices: Choices, *, title: str, pick: bool = False, searchable: bool = False, extra=None, send=None
):
    """Show ``choices`` a page at a time.

    With ``pick`` the chosen record is returned; otherwise an ID opens that record's page.
    ``searchable``: other text typed is searched for (the ``search`` filter).
    ``extra`` maps a key to what it does (e.g. {"r": "remove ..."}); typing it returns the key.
    ``send`` (with ``pick``): what is done with the ID chosen, e.g. assign that employee. Any
    ID typed is sent, so that the service, not the list, says why it cannot be (the
    command's sentence, shown here to choose again); what ``send`` returned is returned.
    Returns None when the user goes back (Enter).
    """
    from cli.menu.pages import KINDS, OPEN_RECORD, open_record

    extra = extra or {}
    around = _longest_lines(session, view, pick=pick, searchable=searchable, extra=extra)
    around += len(text_width.wrap(title, session.prompter.width)) - 1  # a title may take two lines at 60 columns
    limit = _page_size(session, view, around)
    listing = _Listing(session, view, choices, limit=limit)
    page, search, message = listing.page(1, None), None, None
    while True:
        _draw(session, view, page, title if search is None else f"{title} — matching '{search}'", message)
        message = None
        hint = _hint(view, page, pick=pick, searchable=searchable, extra=extra)
        session.prompter.say(hint)
        names = [_name(record) for record in page.items if _name(record)]
        text = session.prompter.line("> ", history=f"list:{view.kind}", completions=names).strip()
        answer = text.lower()
        if not answer:
            return None
        if answer in extra:
            return answer
        if answer == "n" and _can_go_next(page):
            page = listing.page(page.number + 1, search)
            continue
        if answer == "p" and page.number > 1:
            page = listing.page(page.number - 1, search)
            continue
        opened = OPEN_RECORD.fullmatch(answer)
        if opened and not pick:  # any record, as from a menu
            try:
                open_record(session, KINDS[opened.group(1)], opened.group(2))
            except CrmError as refused:
                message = refused.message
            page = listing.page(page.number, search)
            continue
        by_id = BY_ID.fullmatch(opened.group(2) if opened and KINDS[opened.group(1)] == view.kind else answer)
        named = [record for record in page.items if (_name(record) or "").casefold() == text.casefold()]
        if (by_id is not None or len(named) == 1) and send is not None:
            try:
                return send(named[0]["id"] if named else by_id.group(1))
            except REFUSED as refused:
                message = refused.message
                continue
        if by_id is not None or len(named) == 1:
            record, message = named[0] if named else listing.by_id(by_id.group(1), page, pick=pick), None
            if isinstance(record, str):  # why that ID cannot be chosen here
                record, message = None, record
            if record is None:
                continue
            if pick:
                return record
            try:
                open_record(session, view.kind, record["id"])
            except CrmError as refused:  # e.g. removed since the list was shown
                message = refused.message
            page = listing.page(page.number, search)  # what was changed there shows here
            continue
        if searchable and answer not in ("n", "p"):
            try:
                found = listing.page(1, text)
            except InvalidInput as refusal_:
                message = refusal_.message
                continue
            if found.items:
                page, search = found, text
            else:
                message = f"No {view.plural} match '{text}'; type another search, or an ID."
            continue
        message = _bad_choice(view, page, searchable=searchable, extra=extra)


def pick(session, view, choices: Choices, *, title: str, **options):
    """Like ``browse`` with ``pick=True``, raising Back when nothing was chosen."""
    record = browse(session, view, choices, title=title, pick=True, **options)
    if record is None:
        raise Back
    return record


def _page_size(session, view, around: int) -> int:
    """Rows a page shows so that the whole screen fits the terminal's height (measured now).

    ``around``: the lines the footer and a message may take at most at this width.
    """
    room = max(session.prompter.height - CHROME - around, 3)
    if session.prompter.width < 60:  # blocks rather than a table: several lines per record
        return max(room // screens.block_height(view), 1)
    return room


class _Listing:
    """The list as the current employee sees it, a page or one ID at a time."""

    def __init__(self, session, view, choices: Choices, *, limit: int):
        self.session = session
        self.view = view
        self.choices = choices
        self.limit = limit

    @property
    def resource(self):
        return getattr(self.session.gateway, self.choices.resource)

    def page(self, number, search) -> Page:
        filters = self.choices.filters if search is None else {**self.choices.filters, "search": search}
        if self.choices.keep is None:
            return self.session.call(self.resource.list, page=number, limit=self.limit, **filters)
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
        first = (number - 1) * self.limit
        return Page(kept[first : first + self.limit], number, self.limit, len(kept), found.has_next)

    def by_id(self, digits: str, page: Page, *, pick: bool):
        """The record with this ID, or the sentence saying why it cannot be chosen here."""
        for record in page.items:
            if str(record["id"]) == digits.lstrip("0"):
                return record
        if not pick:  # browsing: any record can be opened by its ID, from any list
            return self._shown(digits)
        filters = self.choices.filters if self.choices.by_id is None else self.choices.by_id
        try:
            found = self.session.call(self.resource.list, record_id=digits, limit=1, **filters)
        except (InvalidInput, NotFound) as refused:
            return refused.message
        record = found.items[0] if found.items else None
        if record is not None and (self.choices.keep is None or self.choices.keep(record)):
            return record
        return self._why_not(digits)

    def _shown(self, digits: str):
        try:
            return self.session.call(self.resource.show, digits)
        except CrmError as refused:  # not found, or not readable (employees outside management)
            return refused.message

    def _why_not(self, digits: str):
        """The command's sentence for a record this pick list leaves out, or the record if it may be chosen."""
        record = self._shown(digits)
        if isinstance(record, str):
            return record
        if self.choices.action is not None:
            reason = refusal(self.session.employee, self.choices.action, record, kind=self.view.kind)
            if reason is not None:
                return reason
        if self.choices.rule is not None:
            reason = self.choices.rule(record)
            if reason is not None:
                return reason
        if self.choices.action is not None or self.choices.rule is not None:
            return record  # allowed: the list only leaves it out to keep the usual choices short
        return f"{self.view.kind.capitalize()} {record['id']} is not one of these {self.view.plural}."


def _name(record: dict) -> str | None:
    """What a record is called, to complete and to pick it by (clients, employees, events)."""
    return record.get("full_name") or record.get("name")


def _can_go_next(page) -> bool:
    return page.has_next and page.last_row < page.count


def _draw(session, view, page, title, message) -> None:
    prompter = session.prompter
    prompter.say()
    prompter.say(session.env.paint(title, "bold"))
    if not page.items:
        prompter.say(f"  No {view.plural} here.")
    else:
        prompter.say("\n".join(screens.list_lines(view, page.items, session.env, width=prompter.width)))
    if message:
        prompter.warn(message)


def _hint(view, page, *, pick, searchable, extra, items: bool = True) -> str:
    what = "choose it" if pick else "open it"
    moves = [f"an ID to {what}"]
    if _can_go_next(page):
        moves.append("n next page")
    if page.number > 1:
        moves.append("p previous")
    if searchable:
        moves.append("a name to search")
    moves += [f"{key} to {label}" for key, label in extra.items()]
    footer = page_footer(view, page) + " " if page.items and items else ""
    footer += f"Type {', '.join(moves)}; Enter goes back."
    if page.has_next and not _can_go_next(page):
        reach = "an ID or a search" if searchable else "an ID"
        footer += f" Paging stops here; type {reach} for the other {view.plural}."
    return footer


def _longest_lines(session, view, *, pick, searchable, extra) -> int:
    """Lines the footer and a message of this list may take at most, at the terminal's width now."""
    width = session.prompter.width

    def lines(text: str) -> int:
        return len(text_width.wrap(text, width, indent="  "))

    # A middle page (n and p offered), and the last one paging reaches in a longer list.
    pages = (Page([{}], 2, 1, 9_999, False), Page([{}], 2, 1, 1, True))
    numbers = f"{view.plural.capitalize()} 9,999–9,999 of more than 9,999. "
    footer = max(lines(numbers + _hint(view, each, pick=pick, searchable=searchable, extra=extra, items=False))
                 for each in pages)
    message = max(lines(f"! {_bad_choice(view, each, searchable=searchable, extra=extra)}") for each in pages)
    return footer + max(message, MESSAGE_LINES)


def _bad_choice(view, page, *, searchable, extra) -> str:
    article = "an" if view.kind[0] in "aeiou" else "a"
    choices = [f"the ID of {article} {view.kind} (the ID column)"]
    if _can_go_next(page):
        choices.append("n for the next page")
    if page.number > 1:
        choices.append("p for the previous page")
    if searchable:
        choices.append("a name, email or company to search")
    choices += [f"{key} to {label}" for key, label in extra.items()]
    return f"Type {', '.join(choices)}, or Enter to go back."
