"""Lists in the menu: a page at a time, pick a row by its number instead of typing an id."""

from crm_core.pagination import paginate
from cli.menu.prompts import Back, choice_number
from cli.render import details_table, page_footer, rows_table

PAGE_SIZE = 15


def browse(session, view, lister, *, title: str, pick: bool = False, **filters):
    """Show ``lister(actor=..., **filters)`` page by page.

    With ``pick`` the chosen record is returned; otherwise choosing a row shows its
    details. Returns None when the user goes back.
    """
    prompter = session.prompter
    env = session.env
    page_number = 1
    while True:
        records = session.call(lister, **filters)
        page = paginate(records, page=page_number, limit=PAGE_SIZE)
        prompter.say()
        prompter.say(env.paint(title, "bold"))
        if not page.items:
            prompter.say(f"  No {view.plural} here.")
            return None
        prompter.say(rows_table(view, page.items, env, numbered=True))
        moves = []
        if page.has_next:
            moves.append("n next page")
        if page_number > 1:
            moves.append("p previous")
        action = "choose" if pick else "see details"
        prompter.say(f"{page_footer(view, page)} Row number to {action}, {', '.join(moves + ['Enter to go back'])}.")
        answer = prompter.line("> ").strip().lower()
        if not answer:
            return None
        if answer == "n" and page.has_next:
            page_number += 1
        elif answer == "p" and page_number > 1:
            page_number -= 1
        elif choice_number(answer, len(page.items)) is not None:
            record = page.items[choice_number(answer, len(page.items)) - 1]
            if pick:
                return record
            prompter.say(details_table(view, record, env))
            try:
                prompter.line("Press Enter to go back to the list.")
            except Back:
                return None
        else:
            prompter.warn(f"  Type a row number from 1 to {len(page.items)}, or Enter to go back.")


def pick(session, view, lister, *, title: str, **filters):
    """Like ``browse`` with ``pick=True``, raising Back when nothing was chosen."""
    record = browse(session, view, lister, title=title, pick=True, **filters)
    if record is None:
        raise Back
    return record
