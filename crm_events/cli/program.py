"""The command the user actually ran, for every hint they may copy ("log in again with: ./crm login ...").

The ``./crm`` wrapper says how it was invoked in ``EPICEVENTS_PROGRAM``; run directly,
the CRM is ``PYTHON PATH/main.py`` as typed (``crm_core.command_names`` names the
Python). Sentences from the server never name a program (it cannot know which one its
client is): the CLI adds its own hint to them.
"""

import os
import sys
from pathlib import Path

WRAPPER_VARIABLE = "EPICEVENTS_PROGRAM"
SERVER_ASKS_TO_LOG_IN = "; log in again."  # how the server's NotAuthenticated sentences end when a login helps


def program() -> str:
    named = os.environ.get(WRAPPER_VARIABLE, "").strip()
    if named:
        return named
    started_as = sys.argv[0] if sys.argv else ""
    if Path(started_as).name == "main.py":
        from crm_core.command_names import interpreter

        return f"{interpreter()} {started_as}"  # the script as typed, after the Python that runs it
    return "main.py"  # the CLI run in-process (tests), not from a command line


def login_command() -> str:
    return f"{program()} login --email YOUR_EMAIL"


def with_login_hint(sentence: str) -> str:
    """A server sentence asking to log in again, completed with the command that does it here."""
    if sentence.endswith(SERVER_ASKS_TO_LOG_IN):
        return f"{sentence[:-1]} with: {login_command()}."
    return sentence
