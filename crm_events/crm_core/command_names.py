"""How a hint names a command to run, so that copying it works where the user is (issue 13, item 4).

The Python that runs this process is the one that has the CRM's packages: a hint names
it as the user typed it (``.venv/bin/python``, ``../.venv/bin/python``, or ``python``
when that is what they ran), and names ``manage.py`` by its path from the current
directory. ``python crm_events/manage.py`` would fail on a machine whose ``python`` has
no Django, and from inside ``crm_events/``. No Django here: the CLI in remote mode
uses it too.
"""

import os
import sys
from pathlib import Path

MANAGE = Path(__file__).resolve().parents[1] / "manage.py"


def interpreter() -> str:
    """The Python of this process, as typed when it was typed as a bare name, else as a path from here."""
    typed = (getattr(sys, "orig_argv", None) or [""])[0]
    if typed and os.sep not in typed and Path(typed).name.startswith("python"):
        return typed  # found on PATH when the user ran it: it will be found again
    return _as_typed_from_here(typed if typed and os.sep in typed else sys.executable, runnable=True)


def script(path: str | Path) -> str:
    """A script's path as an argument to Python: from the current directory when it is under it."""
    return _as_typed_from_here(str(path), runnable=False)


def manage_command(*words: str) -> str:
    """``.venv/bin/python crm_events/manage.py migrate`` (from the repository root), with ``words``."""
    return " ".join([interpreter(), script(MANAGE), *words])


def _as_typed_from_here(path: str, *, runnable: bool) -> str:
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute)
    except ValueError:  # another drive (Windows)
        return absolute
    if relative.startswith(os.pardir + os.sep + os.pardir + os.sep):
        return absolute  # two levels up or more: the full path reads better
    if runnable and os.sep not in relative:
        return "." + os.sep + relative  # a bare name would be looked up on PATH
    return relative
