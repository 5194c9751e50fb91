"""A bad configuration value stops the program with one sentence naming the variable."""

import pytest

from tests.cli_support import run_process


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


@pytest.mark.parametrize("url", ["garbage", "postgres://crm:s3cret-pw@db.example:notaport/crm"])
def test_a_database_url_django_cannot_use_is_named_without_echoing_it(tmp_path, url):
    said = refusal(tmp_path, DATABASE_URL=url)
    assert "DATABASE_URL is not a database URL the CRM can use (expected postgres://" in said
    assert "ENGINE" not in said and "s3cret-pw" not in said and "garbage" not in said
