"""Sentry starts only with a DSN, once, at program start: the terminal program and the web side."""

import json
import subprocess
import sys

import pytest

from tests.cli_support import MAIN, REPO_ROOT, process_env
from tests.observability.sentry_endpoint import LoopbackSentry

pytestmark = [pytest.mark.cli_process, pytest.mark.django_db]


@pytest.fixture
def sentry():
    with LoopbackSentry() as server:
        yield server


def _imported_modules(home, **extra) -> tuple[subprocess.CompletedProcess, set[str]]:
    """Run `whoami` (no session: exit 3) under -X importtime and list every module it imported."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", str(MAIN), "whoami"],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env=process_env(home, **extra),
        timeout=60,
    )
    modules = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    return done, modules


def test_without_a_dsn_the_program_never_imports_sentry_sdk(tmp_path):
    done, modules = _imported_modules(tmp_path / "home")
    assert done.returncode == 3
    assert "django" in modules  # the measurement works
    assert not {name for name in modules if name.startswith("sentry_sdk")}
    assert "django.contrib.admin" not in modules


def test_with_a_dsn_the_program_starts_sentry_and_reports_no_expected_refusal(tmp_path, sentry):
    done, modules = _imported_modules(tmp_path / "home", SENTRY_DSN=sentry.dsn)
    assert done.returncode == 3 and "not logged in" in done.stderr
    assert "sentry_sdk" in modules
    assert "django.contrib.admin" not in modules
    assert sentry.events() == []  # "not logged in" is an answer, not an incident


WEB_PROBE = """
import json, sys
import config.wsgi

loaded_by_wsgi = any(name.startswith("sentry_sdk") for name in sys.modules)
import sentry_sdk
from crm_core import observability

client = sentry_sdk.get_client()
event_id = observability.capture_exception(RuntimeError("probe from the web side")) if client.is_active() else None
observability.flush()
print(json.dumps({
    "sentry_sdk_loaded_by_wsgi": loaded_by_wsgi,
    "active": client.is_active(),
    "environment": client.options.get("environment") if client.is_active() else None,
    "release": client.options.get("release") if client.is_active() else None,
    "integrations": sorted(getattr(client, "integrations", {})),
    "event_id": event_id,
}))
"""


def _web_process(tmp_path, **extra) -> dict:
    env = process_env(tmp_path / "home", DJANGO_SETTINGS_MODULE="config.settings.default", **extra)
    done = subprocess.run(
        [sys.executable, "-c", WEB_PROBE],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT / "crm_events",
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_web_side_starts_sentry_from_its_wsgi_module_with_a_dsn(tmp_path, sentry):
    web = _web_process(tmp_path, SENTRY_DSN=sentry.dsn, SENTRY_ENVIRONMENT="web-test", SENTRY_RELEASE="crm@web-test")
    assert web["sentry_sdk_loaded_by_wsgi"] and web["active"]
    assert (web["environment"], web["release"]) == ("web-test", "crm@web-test")
    assert "django" in web["integrations"]  # request errors in Django admin are captured too
    [error] = sentry.errors()
    assert error["event_id"] == web["event_id"] and error["environment"] == "web-test"
    assert "server_name" not in error and "user" not in error


def test_the_web_side_without_a_dsn_does_not_import_sentry_sdk(tmp_path):
    web = _web_process(tmp_path)
    assert web == {
        "sentry_sdk_loaded_by_wsgi": False,
        "active": False,
        "environment": None,
        "release": None,
        "integrations": [],
        "event_id": None,
    }
