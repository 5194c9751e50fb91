"""``manage.py bench`` run as a reader of docs/performance.md would run it, on a tiny size."""

import json
import os
import subprocess
import sys

import pytest

from tests.cli_support import REPO_ROOT

MANAGE = REPO_ROOT / "crm_events" / "manage.py"

# The lists and filters of SPEC §3, each measured on its first and its deepest page.
EXPECTED_LISTS = {
    "clients",
    "clients --mine",
    "clients --search (one match)",
    "clients --search (many matches)",
    "contracts",
    "contracts --mine",
    "contracts --unsigned",
    "contracts --unpaid",
    "events",
    "events --mine (sales)",
    "events --mine (support)",
    "events --no-support",
    "events --upcoming",
    "employees",
}
EXPECTED_PROCESSES = {
    "bare django.setup()",
    "contracts list --unsigned --format json --limit 50",
    "events list --no-support --limit 50",
    "whoami",
}


@pytest.mark.cli_process
def test_bench_builds_its_database_measures_every_list_and_writes_the_figures(tmp_path):
    # A machine with nothing configured: the bench makes its own SQLite file and secrets.
    unset = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SENTRY_DSN", "SECRET_KEY", "JWT_SECRET_KEY")
    env = {key: value for key, value in os.environ.items() if key not in unset}
    env.update(
        EPICEVENTS_DATA_DIR=str(tmp_path / "data"),
        EPICEVENTS_HOME=str(tmp_path / "home"),
        LOG_FILE=str(tmp_path / "crm.log"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    figures_file = tmp_path / "bench.json"

    done = subprocess.run(
        [sys.executable, str(MANAGE), "bench", "--events", "60", "--repeat", "1", "--json", str(figures_file)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert done.returncode == 0, done.stderr
    assert "seeding 60 events" in done.stderr
    assert (tmp_path / "data" / "bench-60.sqlite3").exists()
    figures = json.loads(figures_file.read_text())["sizes"]["60"]
    lists = figures["lists"]
    assert set(lists) == {f"{name} (page {page})" for name in EXPECTED_LISTS for page in (1, 20)}
    assert all(item["queries"] <= 4 for item in lists.values()), lists
    assert lists["events (page 1)"]["rows"] == 50
    assert lists["clients --search (one match) (page 1)"]["rows"] == 1
    assert set(figures["cli"]) == EXPECTED_PROCESSES
    # A full export as a user runs it: the first rows, then every row, of the whole process.
    exports = figures["cli_export"]
    assert set(exports) == {"events list --format json", "events list --format csv"}
    for item in exports.values():
        assert 0 < item["first_byte_ms"] <= item["total_s"] * 1000 and item["rows_per_s"] > 0
    assert "every row to a pipe" in done.stdout
    assert figures["login_ms"] > 0
    # What history weighs: one entry per record created (60 events, their 20 clients and contracts).
    history = figures["history"]
    assert history["event"]["entries"] == 60 and history["client"]["entries"] == 20
    assert all(item["bytes"] > 0 and item["mb_per_million"] > 0 for item in history.values()), history
    assert "history table" in done.stdout
    for name in EXPECTED_LISTS:
        assert f"{name} (page 1)" in done.stdout
    assert "whoami" in done.stdout
    # The remote command line beside the local one: the same commands, a server on loopback.
    remote = figures["remote_cli"]
    assert set(remote) == EXPECTED_PROCESSES - {"bare django.setup()"}
    assert all(item["local_ms"] > 0 and item["remote_ms"] > 0 for item in remote.values()), remote
    assert "local vs remote" in done.stdout
    # The API, through the server started as documented (manage.py serve), two workers by default.
    api = figures["api"]["2 workers"]
    assert set(api) == {"events", "contracts --unsigned"}
    for item in api.values():
        assert item["requests"] == 200 and item["requests_per_s"] > 0 and 0 < item["p50_ms"] <= item["p99_ms"]
    assert "events (2 workers)" in done.stdout
    # The full export of every event, in both encodings, next to the database's own time.
    exports = figures["exports"]
    for output in ("json", "csv"):
        assert exports[output]["rows"] == 60
        assert exports[output]["first_row_ms"] > 0 and exports[output]["total_s"] > 0
        assert f"events list --format {output}" in done.stdout
    assert exports["database"]["statement_ms"] > 0
