"""The spreadsheet numbers were added without rebuilding a table (which would drop the triggers)."""

import subprocess
import sys

import pytest

from tests.cli_support import REPO_ROOT, process_env

MANAGE = REPO_ROOT / "crm_events" / "manage.py"


@pytest.mark.cli_process
@pytest.mark.parametrize(
    "app, migration", [("epic_contracts_app", "0002_contract_reference"), ("epic_events_app", "0002_event_reference")]
)
def test_adding_the_reference_alters_the_table_in_place(django_db_setup, tmp_path, app, migration):
    # The test database without a test transaction around it, so the process can read it.
    env = process_env(tmp_path)
    done = subprocess.run(
        [sys.executable, str(MANAGE), "sqlmigrate", app, migration], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    sql = done.stdout
    assert 'ADD COLUMN "reference" varchar(50) NULL' in sql
    assert "CREATE UNIQUE INDEX" in sql and 'WHERE "reference" IS NOT NULL' in sql
    # A rebuild copies the rows into "new__<table>" and drops the old table, with its triggers.
    assert "CREATE TABLE" not in sql and "new__" not in sql and "DROP TABLE" not in sql
