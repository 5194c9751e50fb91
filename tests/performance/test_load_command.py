"""``manage.py load_test`` as a reader of docs/performance.md would run it, on a tiny load.

It proves the command measures what it says (and fails on what it must not see); the
figures themselves come from a full run, in docs/performance.md.
"""

import json
import os
import subprocess
import sys

import pytest
from django.db import connection

from tests.cli_support import REPO_ROOT

pytestmark = pytest.mark.cli_process
MANAGE = REPO_ROOT / "crm_events" / "manage.py"
LOGIN_MAX_FAILURES = 5


def test_load_test_runs_staff_bursts_and_kills_and_finds_nothing_lost(tmp_path):
    unset = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SENTRY_DSN")
    env = {key: value for key, value in os.environ.items() if key not in unset}
    env.update(EPICEVENTS_DATA_DIR=str(tmp_path / "data"), LOG_FILE=str(tmp_path / "crm.log"))
    argv = ["load_test", "--staff", "3", "--seconds", "4", "--bursts", "1", "--burst-size", "8", "--kills", "3"]
    if connection.vendor == "postgresql":
        settings = connection.settings_dict
        argv += ["--database-url", f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
                                   f"{settings['PORT'] or 5432}/postgres"]
    figures_file = tmp_path / "load.json"

    done = subprocess.run(
        [sys.executable, str(MANAGE), *argv, "--json", str(figures_file)],
        env=env, capture_output=True, text=True, timeout=600,
    )

    assert done.returncode == 0, done.stdout + done.stderr
    figures = json.loads(figures_file.read_text())
    assert figures["commands"] >= 3 and figures["errors"] == [] and figures["tracebacks"] == 0
    assert figures["saved_writes_checked"] >= 0 and figures["lost_writes"] == []
    [burst] = figures["bursts"]
    assert burst["logins"] == 8 and burst["tracebacks"] == 0 and burst["other_errors"] == 0
    # At most LOGIN_MAX_FAILURES wrong passwords checked per window; a success may open a second one.
    assert burst["wrong_passwords_checked"] <= LOGIN_MAX_FAILURES * (1 + burst["accepted"])
    assert figures["locked_bursts"] != [] or burst["wrong_passwords_checked"] < LOGIN_MAX_FAILURES
    assert figures["kills"] == 3 and figures["half_written"] == [] and figures["integrity"] == []
    assert "lost writes                 0" in done.stdout and "half-written records        0" in done.stdout
