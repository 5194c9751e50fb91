"""First run on the embedded default: create the schema, then offer a manager and demo data.

Only the SQLite default is prepared automatically; a PostgreSQL database is set up
by an administrator (``manage.py migrate``), never by a staff member's command.
"""

import os
import sys
from pathlib import Path

from django.conf import settings

from cli.exit_status import ExitStatus

PROJECT_DIR = Path(__file__).resolve().parents[1]


def _new_sqlite_file() -> Path | None:
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        return None
    path = Path(database["NAME"])
    return path if not path.exists() or path.stat().st_size == 0 else None


def create_schema(path: Path, env) -> bool:
    import subprocess  # only on the first run: every other start-up skips its import

    env.err(f"First run: creating the CRM database in {path} ...")
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.touch(mode=0o600, exist_ok=True)
    if path.is_file():
        # Client data: readable by its owner only, also when another Django command
        # (check, makemigrations) already left an empty file with the default mode.
        path.chmod(0o600)
    child_env = dict(os.environ)
    if child_env.get("DJANGO_SETTINGS_MODULE", "config.settings.cli") == "config.settings.cli":
        child_env["DJANGO_SETTINGS_MODULE"] = "config.settings.default"  # admin tables too
    done = subprocess.run(
        [sys.executable, str(PROJECT_DIR / "manage.py"), "migrate", "--no-input", "--verbosity", "0"],
        env=child_env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        env.err("Creating the database failed: " + (done.stderr.strip().splitlines() or ["unknown error"])[-1])
        return False
    return True


def prepare_database(env, *, interactive: bool) -> int | None:
    """None to carry on, or the exit status to stop with."""
    path = _new_sqlite_file()
    if path is not None and not create_schema(path, env):
        return ExitStatus.ERROR
    if interactive and env.stdin_is_tty:
        from epic_auth_app.models import Employee

        if not Employee.objects.exists():
            from cli.menu.onboarding import welcome_first_manager

            welcome_first_manager(env)
    return None
