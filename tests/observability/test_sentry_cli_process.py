"""The real program, the real SDK, and a Sentry ingest endpoint on 127.0.0.1.

What an administrator would see in Sentry after staff used the CRM: one message per staff
change and contract signature, warnings for failed logins, one event per unexpected error
with the reference the user was given, and none of the personal data typed or stored.
"""

import json
import re
import socket

import pytest

from epic_contracts_app.models import Contract
from tests.cli_support import run_process
from tests.factories import PASSWORD, make_client, make_contract, make_employee
from tests.observability import personal_data as pd
from tests.observability.sentry_endpoint import LoopbackSentry, tags_of

pytestmark = [pytest.mark.cli_process, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ENVIRONMENT = "observability-test"
RELEASE = "epicevents-crm@observability-test"
EVENT_ID = re.compile(r"\(reference ([0-9a-f]{32})\)")


@pytest.fixture
def sentry():
    with LoopbackSentry() as server:
        yield server


@pytest.fixture
def home(tmp_path):
    return tmp_path / "epicevents"


class Staff:
    """The manager's terminal, reporting to the loopback Sentry."""

    def __init__(self, home, sentry):
        self.home = home
        self.sentry = sentry

    def run(self, *argv, stdin="", home=None, **extra):
        sentry = {"SENTRY_DSN": self.sentry.dsn, "SENTRY_ENVIRONMENT": ENVIRONMENT, "SENTRY_RELEASE": RELEASE}
        return run_process(list(argv), home or self.home, stdin=stdin, **{**sentry, **extra})

    def login(self, email, password, *, home=None):
        return self.run("login", "--email", email, "--password-stdin", stdin=password + "\n", home=home)

    def token(self) -> str:
        return (self.home / "session.jwt").read_text().strip()


@pytest.fixture
def staff(home, sentry):
    return Staff(home, sentry)


@pytest.fixture
def manager(db):
    return make_employee("management", email=pd.MANAGER_EMAIL, full_name=pd.MANAGER_NAME, phone=pd.MANAGER_PHONE)


@pytest.fixture
def unsigned_contract(db):
    seller = make_employee("sales", email=pd.SELLER_EMAIL, phone=pd.SELLER_PHONE)
    return make_contract(make_client(seller, **pd.CLIENT), signed=False)


def test_staff_changes_and_a_signature_reach_sentry_and_the_log_without_personal_data(
    staff, sentry, manager, unsigned_contract, tmp_path
):
    stranger = tmp_path / "stranger"
    assert staff.login(pd.INTRUDER_EMAIL, pd.WRONG_PASSWORD, home=stranger).status == 3
    assert staff.login(pd.MANAGER_EMAIL, pd.WRONG_PASSWORD, home=stranger).status == 3
    assert staff.login(pd.MANAGER_EMAIL, PASSWORD).status == 0

    created = staff.run(
        "employees", "create", "--email", pd.NEW_EMAIL, "--full-name", pd.NEW_NAME, "--department", "support",
        "--phone", pd.NEW_PHONE_TYPED, "--password-stdin", "--format", "json",
        stdin=pd.NEW_PASSWORD + "\n",
    )
    assert created.status == 0, created.stderr
    new_id = json.loads(created.stdout)["id"]
    updated = staff.run(
        "employees", "update", str(new_id), "--full-name", pd.RENAMED, "--phone", pd.CHANGED_PHONE,
        "--password-stdin", stdin=pd.CHANGED_PASSWORD + "\n",
    )
    assert updated.status == 0, updated.stderr
    deleted = staff.run("employees", "delete", str(new_id))
    assert deleted.status == 0, deleted.stderr
    signed = staff.run("contracts", "update", str(unsigned_contract.pk), "--signed")
    assert signed.status == 0, signed.stderr
    assert Contract.objects.get(pk=unsigned_contract.pk).is_signed
    seller_home = tmp_path / "seller"
    assert staff.login(pd.SELLER_EMAIL, PASSWORD, home=seller_home).status == 0
    assert staff.run("employees", "list", home=seller_home).status == 4  # denied: a breadcrumb, not an event

    # Sentry: one message per staff change and signature, with ids and field names only.
    [hired] = sentry.messages("employee.created")
    assert _tags(hired, "actor_id", "actor_department", "employee_id", "department") == {
        "actor_id": str(manager.pk),
        "actor_department": "management",
        "employee_id": str(new_id),
        "department": "support",
    }
    [changed] = sentry.messages("employee.updated")
    assert _tags(changed, "employee_id", "changed_fields") == {
        "employee_id": str(new_id),
        "changed_fields": "full_name,password,phone",  # which fields, never their values
    }
    [removed] = sentry.messages("employee.deleted")
    assert _tags(removed, "employee_id", "actor_id") == {"employee_id": str(new_id), "actor_id": str(manager.pk)}
    [signature] = sentry.messages("contract.signed")
    assert _tags(signature, "contract_id", "client_id", "actor_id") == {
        "contract_id": str(unsigned_contract.pk),
        "client_id": str(unsigned_contract.client_id),
        "actor_id": str(manager.pk),
    }
    failures = sentry.messages("auth.login_failed")
    assert [event["level"] for event in failures] == ["warning", "warning"]
    assert {tags_of(event).get("reason") for event in failures} == {"unknown or inactive account", "wrong password"}
    for event in (hired, changed, removed, signature, *failures):
        assert (event["environment"], event["release"]) == (ENVIRONMENT, RELEASE)
        assert "user" not in event and "server_name" not in event
    assert hired["level"] == signature["level"] == "info"
    assert sentry.errors() == []  # nothing went wrong, so no error was reported
    assert sentry.messages("policy.denied") == []
    assert sentry.unexpected_requests == []
    assert all("sentry_key=public" in header for header in sentry.auth_headers)
    assert hired["extra"]["sys.argv"] == ["main.py", "employees", "create"]

    secrets = pd.scenario_secrets(staff.token(), (seller_home / "session.jwt").read_text().strip())
    assert sentry.leaks(secrets) == []

    # The log file: the same business events, and problems, with ids only.
    log = (tmp_path / "crm-test.log").read_text()
    for line in (
        "auth.login_failed reason=unknown or inactive account",
        f"auth.login_failed employee_id={manager.pk} reason=wrong password",
        f"auth.login actor_department=management actor_id={manager.pk}",
        f"employee.created actor_department=management actor_id={manager.pk} department=support employee_id={new_id}",
        f"changed_fields=full_name,password,phone department=support employee_id={new_id}",
        f"employee.deleted actor_department=management actor_id={manager.pk}",
        f"contract.signed actor_department=management actor_id={manager.pk} client_id={unsigned_contract.client_id} "
        f"contract_id={unsigned_contract.pk}",
        f"WARNING crm.audit policy.denied action=view employees actor_department=sales "
        f"actor_id={unsigned_contract.client.sales_contact_id}",
    ):
        assert line in log, line
    assert re.search(r"^\d{4}-\d{2}-\d{2}T\S+[+-]\d{2}:\d{2} WARNING crm\.audit auth\.login_failed", log, re.MULTILINE)
    assert re.search(r"^\d{4}-\d{2}-\d{2}T\S+[+-]\d{2}:\d{2} INFO crm\.audit employee\.created", log, re.MULTILINE)
    assert [secret for secret in secrets if secret.lower() in log.lower()] == []
    # The terminal showed one sentence per command, never an audit line.
    assert "crm.audit" not in created.stderr + updated.stderr + deleted.stderr + signed.stderr


def _tags(event: dict, *names: str) -> dict:
    tags = tags_of(event)
    return {name: tags.get(name) for name in names}


def test_an_unexpected_error_reaches_sentry_and_the_user_gets_its_reference(staff, sentry, manager, tmp_path):
    assert staff.login(pd.MANAGER_EMAIL, PASSWORD).status == 0
    token = staff.token()
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"this is not an SQLite database, " * 64)

    done = staff.run("whoami", DATABASE_URL=f"sqlite:///{damaged}")

    assert done.status == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert lines[0].startswith("The file named in DATABASE_URL is not a CRM database or is damaged: check the path")
    assert lines[0].endswith("; nothing was changed (reference " + EVENT_ID.search(lines[0]).group(1) + ").")
    assert str(damaged) not in lines[0]
    event_id = EVENT_ID.search(lines[0]).group(1)

    [error] = sentry.errors()
    assert error["event_id"] == event_id
    assert error["level"] == "error"
    assert (error["environment"], error["release"]) == (ENVIRONMENT, RELEASE)
    chain = error["exception"]["values"]  # the cause first: sqlite3's error, then Django's
    exception = chain[-1]
    # A database error's text may quote the row it refused: only its class and code are sent.
    assert (exception["type"], exception["value"]) == ("DatabaseError", "SQLITE_NOTADB")
    assert exception["module"] == "django.db.utils"
    assert [value["value"] for value in chain] == ["SQLITE_NOTADB", "SQLITE_NOTADB"]
    frames = [frame for value in chain for frame in value.get("stacktrace", {}).get("frames", [])]
    assert frames and all("vars" not in frame for frame in frames)  # no local variables leave the machine
    # Paths from the project or from site-packages, never from the home directory they are installed in.
    assert "crm_events/cli/runner.py" in {frame["abs_path"] for frame in frames}
    assert all(not frame["abs_path"].startswith("/") for frame in frames), [f["abs_path"] for f in frames]
    assert error["extra"]["sys.argv"] == ["main.py", "whoami"]
    assert sentry.leaks(pd.scenario_secrets(token)) == []

    log = (tmp_path / "crm-test.log").read_text()
    assert f"ERROR cli.runner database damaged: DatabaseError (reference {event_id})" in log
    assert "Traceback" in log  # the details stay on the machine, for IT support
    assert [secret for secret in pd.token_forms(token) if secret in log] == []


def test_when_sentry_cannot_be_reached_the_user_still_gets_one_sentence(staff, manager, tmp_path):
    assert staff.login(pd.MANAGER_EMAIL, PASSWORD).status == 0
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"this is not an SQLite database, " * 64)
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]

    unreachable = f"http://public@127.0.0.1:{closed_port}/1"
    done = staff.run("whoami", DATABASE_URL=f"sqlite:///{damaged}", SENTRY_DSN=unreachable)

    assert done.status == 1
    [sentence] = done.stderr.strip().splitlines()
    event_id = EVENT_ID.search(sentence).group(1)
    log = (tmp_path / "crm-test.log").read_text()
    assert f"database damaged: DatabaseError (reference {event_id})" in log  # IT can still find it
