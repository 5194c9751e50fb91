"""A command loads only what it needs: no admin, no Sentry without a DSN, tables only for tables."""

import subprocess
import sys

import pytest

from tests.cli_support import MAIN, REPO_ROOT, process_env, run_process
from tests.factories import PASSWORD, make_employee

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def imported(argv, home) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", str(MAIN), *argv],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env=process_env(home),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-500:]
    return {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}


def test_logged_in_commands_import_only_what_they_need(tmp_path):
    employee = make_employee("management", email="mona@epicevents.example")
    home = tmp_path / "home"
    assert (
        run_process(["login", "--email", employee.email, "--password-stdin"], home, stdin=PASSWORD + "\n").status == 0
    )

    as_json = imported(["contracts", "list", "--unsigned", "--format", "json", "--limit", "50"], home)
    assert "django.db" in as_json  # the measurement works
    assert not {name for name in as_json if name.split(".")[0] in {"prettytable", "wcwidth", "sentry_sdk"}}
    assert not {name for name in as_json if name.startswith(("django.contrib.admin", "django.contrib.sessions"))}
    assert not {name for name in as_json if name.startswith("cli.menu")}
    # The local gateway loads only the app a command works on: no other selectors, no service.
    assert "epic_contracts_app.selectors" in as_json and "cli.gateway.local" in as_json
    assert not {name for name in as_json if name.endswith(".services") or name == "epic_events_app.selectors"}

    as_table = imported(["whoami"], home)
    assert "prettytable" in as_table
    assert not {name for name in as_table if name.startswith(("sentry_sdk", "django.contrib.admin"))}
