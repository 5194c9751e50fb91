"""Running the CLI in tests: in-process with injected streams, or as a real process."""

import io
import os
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


def process_env(home: Path, **extra: str) -> dict:
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DATABASE_URL=database_url(),
        EPICEVENTS_HOME=str(home),
        LOG_FILE=str(home.parent / "crm-test.log"),
        PYTHONDONTWRITEBYTECODE="1",
        NO_COLOR="1",
    )
    env.pop("SENTRY_DSN", None)
    env.update(extra)
    return env


def run_process(argv: list[str], home: Path, *, stdin: str = "", cwd: Path = REPO_ROOT, **extra) -> Outcome:
    done = subprocess.run(
        [sys.executable, str(MAIN), *argv],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=process_env(home, **extra),
        timeout=60,
    )
    return Outcome(done.returncode, done.stdout, done.stderr)
