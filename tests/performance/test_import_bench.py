"""``manage.py bench --import-rows N``: the import section, run as docs/performance.md says, on a tiny sheet."""

import json
import os
import subprocess
import sys

import pytest

from tests.cli_support import REPO_ROOT

MANAGE = REPO_ROOT / "crm_events" / "manage.py"


@pytest.mark.cli_process
def test_the_bench_times_the_four_imports_of_a_sheet_in_a_fresh_database(tmp_path):
    unset = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SENTRY_DSN", "SECRET_KEY", "JWT_SECRET_KEY")
    env = {key: value for key, value in os.environ.items() if key not in unset}
    env.update(EPICEVENTS_DATA_DIR=str(tmp_path / "data"), LOG_FILE=str(tmp_path / "crm.log"))
    figures_file = tmp_path / "bench.json"

    for _ in range(2):  # the second time starts from a fresh database again
        done = subprocess.run(
            [sys.executable, str(MANAGE), "bench", "--events", "--import-rows", "30", "--json", str(figures_file)],
            env=env, capture_output=True, text=True, timeout=300,
        )
        assert done.returncode == 0, done.stderr

    figures = json.loads(figures_file.read_text())
    assert figures["sizes"] == {}  # no list measured: --events without a size
    runs = figures["import"]["runs"]
    assert runs["new rows, dry run"]["created"] == {"clients": 10, "contracts": 10, "events": 30}
    assert runs["new rows"]["created"] == {"clients": 10, "contracts": 10, "events": 30}
    assert runs["unchanged rows (same file again)"]["unchanged"] == {"clients": 10, "contracts": 10, "events": 30}
    assert runs["unchanged rows (same file again)"]["queries_per_row"] < 1
    assert runs["changed rows (--update)"]["updated"]["events"] == 30
    assert all(run["rows_per_second"] > 0 for run in runs.values())
    assert "import of a 30-event sheet" in done.stdout and "rows/s" in done.stdout
