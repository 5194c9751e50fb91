"""What Sentry receives for a database error: its class and code, never the row it quotes."""

from pathlib import Path
from types import SimpleNamespace

import django
import pytest
from django.db import IntegrityError, connection

from crm_core import observability
from crm_core.scrubbing import mask, relative_path
from epic_clients_app.models import Client
from tests.factories import make_employee
from tests.observability import personal_data as pd
from tests.observability.sentry_endpoint import MemoryTransport, ReceivedEnvelopes

pytestmark = pytest.mark.django_db
RELEASE = "epicevents-crm@0.1.0"
REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def sentry():
    received = ReceivedEnvelopes()
    settings = SimpleNamespace(
        SENTRY_DSN="http://public@127.0.0.1:9/1", SENTRY_ENVIRONMENT="test", SENTRY_RELEASE=RELEASE
    )
    assert observability.init_sentry(settings, transport=MemoryTransport(received))
    try:
        yield received
    finally:
        observability.stop_sentry()


def test_a_refused_row_reaches_sentry_as_its_class_and_code_only(sentry):
    seller = make_employee("sales")
    # A client without a phone: PostgreSQL's message quotes the whole failing row (name, company...).
    with pytest.raises(IntegrityError) as caught:
        Client.objects.create(sales_contact=seller, phone=None, **{k: v for k, v in pd.CLIENT.items() if k != "phone"})
    observability.capture_exception(caught.value)

    [event] = sentry.errors()
    values = {value["type"]: value["value"] for value in event["exception"]["values"]}
    code = "SQLSTATE 23502" if connection.vendor == "postgresql" else "SQLITE_CONSTRAINT_NOTNULL"
    assert values["IntegrityError"] == code
    assert set(values.values()) == {code}
    assert sentry.leaks([pd.CLIENT["full_name"], pd.CLIENT["email"], pd.CLIENT["company_name"]]) == []


def test_the_release_is_sent_as_configured_and_not_taken_for_an_email(sentry):
    observability.capture_business_event("contract.signed", 20, {"release_note": RELEASE})
    [event] = sentry.messages("contract.signed")
    assert event["release"] == RELEASE and event["tags"]["release_note"] == RELEASE
    assert mask(f"running {RELEASE}") == f"running {RELEASE}"
    assert mask("write to kevin@startup.io") == "write to [Filtered]"


def test_frame_paths_are_cut_to_the_project_or_the_installed_libraries():
    assert relative_path(str(REPO_ROOT / "crm_events" / "cli" / "runner.py")) == "crm_events/cli/runner.py"
    assert relative_path(django.__file__) == "django/__init__.py"
    assert relative_path("/home/alice/scripts/crm_helper.py") == "crm_helper.py"
    assert relative_path("<stdin>") == "<stdin>"
