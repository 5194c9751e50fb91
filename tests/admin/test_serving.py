"""Serving the admin in production: DEBUG off, hosts and CSRF origins from the environment, static files collectable."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.core.management import call_command

from tests.cli_support import REPO_ROOT

PRINT_SETTINGS = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({name: getattr(s, name) for name in "
    "('DEBUG', 'ALLOWED_HOSTS', 'CSRF_TRUSTED_ORIGINS', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE')}))"
)


def web_env(tmp_path, settings_module: str, **extra: str) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in ("DEBUG", "DJANGO_SETTINGS_MODULE")}
    env.update(
        DJANGO_SETTINGS_MODULE=settings_module,
        EPICEVENTS_DATA_DIR=str(tmp_path),
        LOG_FILE=str(tmp_path / "web.log"),
        PYTHONDONTWRITEBYTECODE="1",
        **extra,
    )
    env.pop("SENTRY_DSN", None)
    return env


def production_env(tmp_path, **extra: str) -> dict:
    return web_env(
        tmp_path,
        "config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        JWT_SECRET_KEY=secrets.token_urlsafe(64),
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
        **extra,
    )


def run_python(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=REPO_ROOT / "crm_events", env=env, capture_output=True, text=True, timeout=60
    )


def test_production_takes_hosts_and_csrf_origins_from_the_environment_and_never_debugs(tmp_path):
    env = production_env(
        tmp_path,
        ALLOWED_HOSTS="crm.epicevents.example",
        CSRF_TRUSTED_ORIGINS="https://crm.epicevents.example",
        DEBUG="true",  # a leftover in the environment must not switch debug pages on in production
    )
    done = run_python(env, "-c", PRINT_SETTINGS)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "DEBUG": False,
        "ALLOWED_HOSTS": ["crm.epicevents.example"],
        "CSRF_TRUSTED_ORIGINS": ["https://crm.epicevents.example"],
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
    }


def test_production_settings_pass_the_django_deployment_checklist(tmp_path):
    done = run_python(production_env(tmp_path), "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.skipif((REPO_ROOT / ".env").exists(), reason="a local .env may set DEBUG; this checks the default")
def test_debug_is_off_unless_asked_for(tmp_path):
    done = run_python(web_env(tmp_path, "config.settings.default"), "-c", PRINT_SETTINGS)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["DEBUG"] is False


def test_static_files_are_collected_into_static_root(tmp_path, settings):
    settings.STATIC_ROOT = str(tmp_path / "static")
    call_command("collectstatic", "--noinput", verbosity=0)
    for path in ("admin/css/base.css", "admin/js/autocomplete.js", "admin/js/vendor/select2/select2.full.min.js"):
        assert (tmp_path / "static" / path).is_file(), path


@pytest.mark.parametrize("missing", ["SECRET_KEY", "JWT_SECRET_KEY", "DATABASE_URL"])
def test_production_refuses_a_missing_variable_before_writing_anything(tmp_path, missing):
    env = {**production_env(tmp_path), "EPICEVENTS_DATA_DIR": str(tmp_path / "data")}
    del env[missing]
    done = run_python(env, "-c", "import django; django.setup()")
    assert done.returncode != 0
    assert f"ImproperlyConfigured: {missing} must be set" in done.stderr
    assert not (tmp_path / "data").exists()  # no generated secrets.json, no data directory at all
