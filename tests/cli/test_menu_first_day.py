"""A newcomer's first day, in a real terminal of 60×20: first run, demo data, then the menu as support.

Everything is read off the screen as a person would: the demo passwords (whole on their
lines, never cut at a hyphen), then Kate's next event, its history, and her way back.
"""

import re

import pytest

from tests.menu_support import start_menu

PASSWORD_ON_ITS_LINE = re.compile(r"password (Demo-\S+)$")


@pytest.fixture
def first_run(tmp_path):
    started = []

    def start(columns, lines):
        # DATABASE_URL empty: the embedded default, a new SQLite file in this data directory.
        term = start_menu(
            tmp_path / "home", columns=columns, lines=lines, DATABASE_URL="", EPICEVENTS_DATA_DIR=str(tmp_path / "data")
        )
        started.append(term)
        return term

    yield start
    for term in started:
        if term.child.isalive():
            term.child.terminate(force=True)


def test_at_60x20_the_demo_passwords_stay_whole_and_kate_finds_her_next_event(first_run):
    term = first_run(60, 20)
    # The database's path and the commands to copy are left whole (the terminal wraps them): fits=False.
    for prompt, text in [
        ("Create the first manager account now? [Y/n]", ""),
        ("Email:", "boss@epicevents.example"),
        ("Full name:", "Mathilde Boss"),
        ("Password (12 characters or more):", "First-Manager-Passphrase-26"),
        ("Repeat the password:", "First-Manager-Passphrase-26"),
        ("administrator as well? [Y/n]", "y"),
        ("Load the demo data", "y"),
    ]:
        term.answer(prompt, text, fits=False)
    rows = term.wait_for("Press Enter once you have noted them.", fits=False).splitlines()
    kate_row = next(index for index, row in enumerate(rows) if "kate.hastroff@" in row)
    password = PASSWORD_ON_ITS_LINE.search(rows[kate_row + 1]).group(1)  # whole, on the line under her email
    accounts = [row for row in rows if "@demo.epicevents.example" in row or PASSWORD_ON_ITS_LINE.search(row)]
    assert len(accounts) == 10 and all(len(row) <= 60 for row in accounts)  # all five on one screen, none cut
    term.type("\r")
    term.answer("Choose:", "u", fits=False)
    term.answer("Email:", "kate.hastroff@demo.epicevents.example", fits=False)
    term.answer("Password:", password, fits=False)
    term.wait_for("Epic Events CRM — Kate Hastroff (Support)", fits=False)
    term.settle()  # from here on, every row fits
    term.answer("Choose:", "4")  # My upcoming events: not empty on day one
    screen = term.wait_for("Type an ID to open it")
    [event_id] = re.findall(r"│ (\d+) +│ Cool Startup Product", screen)
    term.type(f"{event_id}\r")
    term.wait_for(f"Event {event_id} — Cool Startup Product Launch")
    term.type("h")
    screen = term.wait_for("newest first")
    assert f"History of Event {event_id} — Cool Startup Product Launch" in screen  # the whole screen fits
    assert re.search(r"Attendees +120 → 150", screen)  # what she changed, old → new
    assert "Kate Hastroff" in screen
    term.type("b")
    term.wait_for("h history")
    term.type("m")
    term.answer("Choose:", "q")
    assert term.finish() == 0
