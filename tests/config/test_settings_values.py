"""Yes/no settings, database URLs and timeouts: a value the CRM cannot use is named, never guessed."""

import os
import secrets
import subprocess
import sys

import pytest

from tests.cli_support import REPO_ROOT, process_env, run_process

pytestmark = pytest.mark.cli_process


def refusal(tmp_path, **variables) -> str:
    done = run_process(["whoami"], tmp_path / "home", **variables)
    assert done.status == 1 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    return done.stderr


@pytest.mark.parametrize("value", ["ture", "2", "enabled", "true # for the demo"])
def test_a_yes_no_setting_that_is_not_true_or_false_is_named(tmp_path, value):
    said = refusal(tmp_path, DEBUG=value)
    expected = f"The CRM cannot start: DEBUG must be true or false (or yes/no, on/off, 1/0), not '{value[:20]}"
    assert said.startswith(expected)
    assert ("a comment after the value?" in said) == ("#" in value)


PRODUCTION = "config.settings.production"


@pytest.mark.parametrize(
    # The production settings chosen as Django lets one choose them: the variable, or manage.py's option.
    "chosen", [{"DJANGO_SETTINGS_MODULE": PRODUCTION}, [f"--settings={PRODUCTION}"], ["--settings", PRODUCTION]]
)
@pytest.mark.parametrize("value", ["ture", "False # behind the proxy"])
def test_production_refuses_a_misspelt_https_redirect_instead_of_turning_it_off(tmp_path, value, chosen):
    """SECURE_SSL_REDIRECT=ture was read as false: HTTPS redirect silently off in production."""
    key = secrets.token_urlsafe(64)
    variables, options = (chosen, []) if isinstance(chosen, dict) else ({}, chosen)
    done = subprocess.run(
        [sys.executable, "crm_events/manage.py", "check", "--deploy", *options],
        cwd=REPO_ROOT,
        env=process_env(
            tmp_path, SECRET_KEY=key, JWT_SECRET_KEY=key[::-1],
            DATABASE_URL="postgres://crm@127.0.0.1:5432/epicevents", SECURE_SSL_REDIRECT=value, **variables,
        ),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "SECURE_SSL_REDIRECT must be true or false" in done.stderr


@pytest.mark.parametrize("word", ["TRUE", "off", "1", "No"])
def test_the_usual_words_are_read(tmp_path, word):
    done = run_process(["whoami"], tmp_path / "home", DEBUG=word)
    assert done.status == 3  # started; nobody is logged in


@pytest.mark.parametrize("password", ["pa/ss", "pa?ss", "pa#ss"])
def test_a_password_that_breaks_the_url_gets_the_percent_encoding_hint(tmp_path, password):
    said = refusal(tmp_path, DATABASE_URL=f"postgres://crm:{password}@db.example.invalid:5432/epicevents")
    assert "DATABASE_URL seems to hold a password with '/', '?' or '#': write those characters percent-encoded" in said
    assert password not in said


def test_a_comment_after_the_database_url_is_named(tmp_path):
    said = refusal(tmp_path, DATABASE_URL="postgres://crm:s3cret-pw@db.example.invalid:5432/epicevents # production")
    assert "DATABASE_URL contains a space" in said and "a comment after the value?" in said
    assert "s3cret-pw" not in said


def test_a_percent_encoded_password_is_fine(tmp_path):
    done = run_process(
        ["login", "--email", "x@epicevents.example", "--password-stdin"], tmp_path / "home", stdin="pw\n",
        DATABASE_URL="postgres://crm:pa%2Fss@127.0.0.1:9/epicevents", DATABASE_CONNECT_TIMEOUT="2",
    )
    assert done.status == 1 and "cannot be reached" in done.stderr  # the URL was read; only the server is absent


@pytest.mark.parametrize("name", ["DATABASE_LOCK_TIMEOUT", "DATABASE_CONNECT_TIMEOUT", "DATABASE_STATEMENT_TIMEOUT"])
def test_timeouts_are_whole_seconds(tmp_path, name):
    assert f"{name} must be a whole number of seconds from 1 to " in refusal(tmp_path, **{name: "0"})


def test_a_settings_module_that_does_not_exist_is_named_in_one_sentence(tmp_path):
    done = subprocess.run(
        [sys.executable, "crm_events/manage.py", "check", "--settings=config.settings.prodution"],
        cwd=REPO_ROOT, env=process_env(tmp_path), capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 1 and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith(
        "The CRM cannot start: the settings module 'config.settings.prodution' cannot be imported"
    )


@pytest.mark.parametrize("port", ["99999", "54x2", "notaport"])
def test_a_port_that_is_no_port_is_named_as_such(tmp_path, port):
    said = refusal(tmp_path, DATABASE_URL=f"postgres://crm:s3cret-pw@db.example:{port}/epicevents")
    assert said.startswith("The CRM cannot start: DATABASE_URL has a port that is not a number from 1 to 65535")
    assert "s3cret-pw" not in said and port not in said  # the URL is never repeated


@pytest.mark.parametrize(
    "line, said",
    [
        ("DEBUG = true", ".env line 3 (DEBUG) is not read: write it DEBUG=value, with no space before '='"),
        ("  SECRET_KEY=s3cr3t-value", ".env line 3 (SECRET_KEY) is not read: write it SECRET_KEY=value"),
        ("debug mode on", ".env line 3 is not NAME=value: write each setting as NAME=value"),
    ],
)
def test_a_dotenv_line_the_crm_would_skip_stops_it_with_its_number_and_name(
    tmp_path, monkeypatch, caplog, line, said
):
    """django-environ skips such a line with a warning: the setting silently keeps its default."""
    from django.core.exceptions import ImproperlyConfigured

    from config.variables import read_env_file

    env_file = tmp_path / ".env"
    env_file.write_text(f"# the CRM's settings\nEPICEVENTS_TEST_READ=yes\n{line}\n", encoding="utf-8")
    monkeypatch.delenv("EPICEVENTS_TEST_READ", raising=False)
    with pytest.raises(ImproperlyConfigured) as refused:
        read_env_file(env_file)
    assert str(refused.value).startswith(said)
    assert "s3cr3t" not in str(refused.value) and "true" not in str(refused.value)  # values never repeated

    env_file.write_text("# comment\n   # indented comment\n\t# tab\n\nEPICEVENTS_TEST_READ=yes\n", encoding="utf-8")
    with caplog.at_level("WARNING"):
        read_env_file(env_file)
    assert os.environ["EPICEVENTS_TEST_READ"] == "yes"
    assert caplog.records == []  # comments, indented or not, are comments: no warning of them
    monkeypatch.delenv("EPICEVENTS_TEST_READ")


def test_a_jwt_key_too_short_to_sign_with_stops_the_start_not_the_first_login(tmp_path):
    """It used to pass start-up, then every command said "ask an administrator" with status 3."""
    said = refusal(tmp_path, JWT_SECRET_KEY="short-key")
    assert said.startswith("The CRM cannot start: JWT_SECRET_KEY is too short: set it to 32 bytes at least")
    assert "short-key" not in said
