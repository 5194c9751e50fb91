"""A bad configuration value stops the program with one sentence naming the variable."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.cli_support import REPO_ROOT, Outcome, process_env, run_process
from tests.factories import PASSWORD, make_employee


def refusal(tmp_path, **variables) -> str:
    done = run_process(["whoami"], tmp_path / "home", **variables)
    assert done.status == 1 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr and "Warning" not in done.stderr
    return done.stderr


@pytest.mark.parametrize("value", ["abc", "0", "-5", "2.5", "１"])
def test_a_session_lifetime_that_is_not_a_number_of_minutes_is_named_and_explained(tmp_path, value):
    said = refusal(tmp_path, JWT_LIFETIME_MINUTES=value)
    assert said.startswith("The CRM cannot start: JWT_LIFETIME_MINUTES must be a whole number of minutes from 1 ")
    assert f"not '{value}'" in said and "int()" not in said


def test_a_zero_lockout_or_failure_count_is_refused_too(tmp_path):
    assert "LOGIN_MAX_FAILURES must be a whole number of failed logins" in refusal(tmp_path, LOGIN_MAX_FAILURES="0")
    assert "LOGIN_LOCKOUT_MINUTES must be a whole number of minutes" in refusal(tmp_path, LOGIN_LOCKOUT_MINUTES="x")


LIVE_DB = pytest.mark.django_db(transaction=True, serialized_rollback=True)
EMAIL = "bill@epicevents.example"


def login(home: Path, **variables) -> Outcome:
    return run_process(["login", "--email", EMAIL, "--password-stdin"], home, stdin=PASSWORD + "\n", **variables)


def from_the_repository(path: Path) -> str:
    """``path`` relative to the repository root, as someone would write it in .env."""
    return os.path.relpath(path, REPO_ROOT)


@LIVE_DB
def test_empty_home_and_data_dir_mean_the_defaults_never_the_current_directory(tmp_path):
    """EPICEVENTS_HOME= once put session.jwt where the command ran (EPICEVENTS_DATA_DIR= the keys)."""
    make_employee(email=EMAIL)
    user_home, cwd = tmp_path / "user", tmp_path / "elsewhere"
    cwd.mkdir()
    empty = dict(EPICEVENTS_HOME="", EPICEVENTS_DATA_DIR="", SECRET_KEY="", JWT_SECRET_KEY="", HOME=str(user_home))
    assert login(tmp_path / "unused", cwd=cwd, **empty).status == 0
    assert (user_home / ".epicevents" / "session.jwt").is_file()
    assert list(cwd.iterdir()) == []
    # TIME_ZONE= is Europe/Paris: it once made every logged-in command an "Unexpected error".
    whoami = run_process(["whoami", "--format", "json"], tmp_path / "unused", cwd=cwd, TIME_ZONE="", **empty)
    assert whoami.status == 0 and json.loads(whoami.stdout)["email"] == EMAIL, whoami.stderr
    assert list(cwd.iterdir()) == []


def test_other_empty_values_mean_their_defaults(tmp_path):
    data = tmp_path / "data"
    empty = dict(DATABASE_URL="", LOG_FILE="", LOG_LEVEL="", SENTRY_DSN="", SENTRY_ENVIRONMENT="", TIME_ZONE="")
    done = run_process(["whoami"], tmp_path / "home", cwd=tmp_path, EPICEVENTS_DATA_DIR=str(data), **empty)
    assert done.status == 3, done.stderr
    assert f"creating the CRM database in {data / 'epicevents.sqlite3'}" in done.stderr
    refused = login(tmp_path / "home", cwd=tmp_path, EPICEVENTS_DATA_DIR=str(data), **empty)
    assert refused.status == 3 and "Logging error" not in refused.stderr
    assert "auth.login_failed" in (data / "epicevents.log").read_text()  # LOG_FILE= is DATA_DIR/epicevents.log


@LIVE_DB
@pytest.mark.parametrize("cwd", [REPO_ROOT, REPO_ROOT / "crm_events"], ids=["repository root", "crm_events"])
def test_relative_paths_are_taken_from_the_repository_root_wherever_the_crm_runs(tmp_path, cwd):
    """SPEC §5: the same data from the repository root and from inside crm_events/."""
    make_employee(email=EMAIL)
    relative = dict(
        EPICEVENTS_DATA_DIR=from_the_repository(tmp_path / "data"),
        LOG_FILE=from_the_repository(tmp_path / "logs" / "crm.log"),
        EPICEVENTS_HOME=from_the_repository(tmp_path / "home"),
        SECRET_KEY="",
        JWT_SECRET_KEY="",
    )
    if connection.vendor == "sqlite":
        relative["DATABASE_URL"] = "sqlite:///" + from_the_repository(Path(connection.settings_dict["NAME"]))
    done = login(tmp_path / "unused", cwd=cwd, **relative)
    assert done.status == 0, done.stderr  # the employee was found: the same database
    assert (tmp_path / "home" / "session.jwt").is_file()
    assert (tmp_path / "data" / "secrets.json").is_file()
    assert "auth.login" in (tmp_path / "logs" / "crm.log").read_text()


@pytest.mark.parametrize("url", ["postgres://", "postgres://crm:s3cret-pw@db.example:5432/", "postgres://db.example"])
def test_a_postgresql_url_without_a_database_name_is_refused_at_start_up(tmp_path, url):
    said = refusal(tmp_path, DATABASE_URL=url)
    assert "DATABASE_URL names no PostgreSQL database (expected sqlite:///" in said and "s3cret-pw" not in said


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///", "sqlite:///:memory:", "sqlite:///crm.sqlite3?mode=memory"])
def test_an_in_memory_sqlite_database_is_refused_instead_of_created_then_lost(tmp_path, url):
    said = refusal(tmp_path, DATABASE_URL=url)
    assert "DATABASE_URL must name a SQLite file without options, not an in-memory database" in said
    assert not (REPO_ROOT / ":memory:").exists()


@pytest.mark.parametrize(
    "url",
    [
        "garbage",
        "http://x",
        "mysql://crm:s3cret-pw@db.example/crm",
        "postgis://crm@db.example/crm",
        "oracle://x/y",
    ],
)
def test_only_sqlite_files_and_postgresql_are_accepted_in_one_sentence(tmp_path, url):
    said = refusal(tmp_path, DATABASE_URL=url)
    assert "DATABASE_URL is not a database URL the CRM can use (expected sqlite:///path/to/file.sqlite3 or " in said
    assert "only SQLite files and PostgreSQL are supported" in said
    assert "s3cret-pw" not in said and "garbage" not in said and "ENGINE" not in said
    assert "mysqlclient" not in said and "Check the above" not in said


@pytest.mark.parametrize("zone", ["Mars/Base", "europe/paris", "../etc/passwd", "/etc/localtime", "CET+1"])
def test_an_unknown_time_zone_is_named_with_an_example(tmp_path, zone):
    said = refusal(tmp_path, TIME_ZONE=zone)
    assert said.startswith("The CRM cannot start: TIME_ZONE must be a time zone name such as Europe/Paris")
    assert "Unexpected" not in said


@pytest.mark.parametrize("level", ["LOUD", "5", "info,debug"])
def test_an_unknown_log_level_is_named_with_the_levels_there_are(tmp_path, level):
    said = refusal(tmp_path, LOG_LEVEL=level)
    assert "LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, not " in said


@pytest.mark.parametrize(
    "dsn",
    [
        "garbage",
        "https://sentry.example.invalid/42",  # no public key
        "https://secretkey@sentry.example.invalid/project",  # project id not a number
        "ftp://secretkey@sentry.example.invalid/42",
        "https://secretkey@sentry.example.invalid:port/42",
    ],
)
def test_a_sentry_dsn_of_the_wrong_shape_is_named_without_echoing_the_key(tmp_path, dsn):
    said = refusal(tmp_path, SENTRY_DSN=dsn)
    assert "SENTRY_DSN must look like https://PUBLIC_KEY@HOST/PROJECT_ID" in said
    assert "garbage" not in said and "secretkey" not in said and "scheme" not in said


def test_a_data_directory_that_cannot_be_created_is_named(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("notes")
    said = refusal(tmp_path, EPICEVENTS_DATA_DIR=str(blocker), SECRET_KEY="", JWT_SECRET_KEY="")
    assert f"EPICEVENTS_DATA_DIR ({blocker}) cannot hold the CRM's data (it is not a directory)" in said


@pytest.mark.parametrize("content", ["", "[1]", '{"SECRET_KEY": 5}'])
def test_a_damaged_secrets_file_says_which_file_and_what_to_do(tmp_path, content):
    data = tmp_path / "data"
    data.mkdir()
    (data / "secrets.json").write_text(content)
    said = refusal(tmp_path, EPICEVENTS_DATA_DIR=str(data), SECRET_KEY="", JWT_SECRET_KEY="")
    assert str(data / "secrets.json") in said and "delete it to have new keys generated" in said


def test_manage_py_names_a_bad_variable_in_one_sentence_too(tmp_path):
    done = subprocess.run(
        [sys.executable, "crm_events/manage.py", "migrate"],
        cwd=REPO_ROOT,
        env=process_env(tmp_path / "home", JWT_LIFETIME_MINUTES="abc", DATABASE_URL=f"sqlite:///{tmp_path}/x.sqlite3"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("The CRM cannot start: JWT_LIFETIME_MINUTES must be a whole number of minutes")
    assert not (tmp_path / "x.sqlite3").exists()  # refused before anything was written
