"""Running the CLI in tests: in-process with injected streams, or as a real process in either shape.

A real process runs in one of SPEC §6's two shapes (the ``shape`` fixture of tests/conftest.py
gives both): ``LOCAL``, on the test database in-process, or remote, through a real
``manage.py serve`` on a loopback port, with an environment that holds no database URL
and no secret key, and a data directory that must stay empty.
"""

import io
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

from cli.environment import Environment
from cli.runner import run
from cli.session_file import SessionFile

REPO_ROOT = Path(__file__).resolve().parents[1]
MAIN = REPO_ROOT / "crm_events" / "main.py"


@dataclass
class Outcome:
    status: int
    stdout: str
    stderr: str


def run_cli(
    argv: list[str], home: Path, *, stdin: str = "", tty: bool = False, getpass=None, terminal_width=None
) -> Outcome:
    """One command in-process, with fresh streams and the session file under ``home``."""
    out, err = io.StringIO(), io.StringIO()
    env = Environment(
        stdin=io.StringIO(stdin),
        stdout=out,
        stderr=err,
        session_file=SessionFile(home),
        stdin_is_tty=tty,
        stdout_is_tty=False,
        terminal_width=terminal_width,
        getpass=getpass or (lambda prompt: (_ for _ in ()).throw(AssertionError("unexpected password prompt"))),
    )
    status = run(argv, env)
    return Outcome(int(status), out.getvalue(), err.getvalue())


def database_url() -> str:
    """DATABASE_URL of the test database, for processes started by the tests."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = settings.get("USER") or ""
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    credentials = f"{user}{password}@" if user else ""
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    return f"postgres://{credentials}{settings.get('HOST') or '127.0.0.1'}{port}/{settings['NAME']}"


class Shape:
    """How the CLI processes of a test reach the CRM: the local database, or ``server`` (remote)."""

    def __init__(self, name: str, server=None):
        self.name = name
        self.server = server

    @property
    def remote(self) -> bool:
        return self.name == "remote"

    def __repr__(self) -> str:
        return self.name


LOCAL = Shape("local")
SERVER_SIDE = ("DATABASE_URL", "SECRET_KEY", "JWT_SECRET_KEY", "DJANGO_SETTINGS_MODULE", "EPICEVENTS_DATA_DIR")


def process_env(home: Path, shape: Shape = LOCAL, **extra: str) -> dict:
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DATABASE_URL=database_url(),
        EPICEVENTS_HOME=str(home),
        LOG_FILE=str(home.parent / "crm-test.log"),
        PYTHONDONTWRITEBYTECODE="1",
        NO_COLOR="1",
    )
    env.pop("SENTRY_DSN", None)
    if shape.remote:
        # A staff machine: the server's address, and nothing of the server's secrets or database.
        for name in SERVER_SIDE:
            env.pop(name, None)
        env["EPICEVENTS_DATA_DIR"] = str(client_data_dir(home))
        if shape.server is not None:
            env["EPICEVENTS_SERVER"] = shape.server.url
    env.update(extra)
    return env


def client_data_dir(home: Path) -> Path:
    """Where a remote client would put a database or secrets.json if it wrongly made one."""
    return home.parent / f"{home.name}-client-data"


def run_process(
    argv: list[str], home: Path, *, stdin: str = "", cwd: Path = REPO_ROOT, shape: Shape = LOCAL, **extra
) -> Outcome:
    done = subprocess.run(
        [sys.executable, str(MAIN), *argv],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=process_env(home, shape, **extra),
        timeout=60,
    )
    if shape.remote:
        assert not client_data_dir(home).exists(), "a remote command made local data"
    return Outcome(done.returncode, done.stdout, done.stderr)


def runnable_manage_hint(command: str, *words: str, cwd: Path = REPO_ROOT) -> bool:
    """Whether ``command``, a hint's "PYTHON .../manage.py WORDS", runs from ``cwd``: a Python that has
    Django, the project's manage.py by a path that exists from there, and ``words`` after it."""
    python, script, *rest = shlex.split(command)
    if rest != list(words) or not (cwd / script).resolve() == REPO_ROOT / "crm_events" / "manage.py":
        return False
    found = subprocess.run([python, "-c", "import django"], cwd=cwd, capture_output=True)
    return found.returncode == 0


def with_program_as_run(text: str) -> str:
    """``text`` with its hint's ``PYTHON MAIN`` written so; the Python it names must be the one that ran
    (``sys.executable``, named from the repository's folder, where the tests' processes run)."""
    match = re.search(rf"(\S+) {re.escape(str(MAIN))}", text)
    assert match, text
    assert (REPO_ROOT / match.group(1)).resolve() == Path(sys.executable).resolve(), match.group(1)
    return text.replace(match.group(0), f"PYTHON {MAIN}")
