"""Remote mode (SPEC §6) as a staff machine lives it: what it holds, what it imports, TLS, and faults.

The CLI runs as a real process with an environment holding no database URL and no
secret key, against a real ``manage.py serve`` on a loopback port; faults come from a
loopback proxy in front of that server (tests/cli/fault_proxy.py), and what the server
applied is checked in its database.
"""

import datetime as dt
import json
import re
import signal
import subprocess
import sys
import time
from zoneinfo import ZoneInfo

import pytest

from crm_core import clock
from epic_auth_app.models import AuthSession
from epic_clients_app.models import Client
from tests.api.server_support import Server, free_port
from tests.api.test_server_process import make_certificate
from tests.cli.fault_proxy import FaultProxy
from tests.cli_support import MAIN, Shape, client_data_dir, process_env, run_process, with_program_as_run
from tests.factories import PASSWORD, make_client, make_employee

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PARIS = ZoneInfo("Europe/Paris")  # the server's TIME_ZONE

SERVER_ONLY_MODULES = ("django", "psycopg2", "psycopg", "sqlite3", "environ", "config", "rest_framework", "gunicorn")
NEW_CLIENT = ["clients", "create", "--full-name", "Kevin Casey", "--email", "kevin@startup.io",
              "--phone", "+678 123 456 78", "--company", "Cool Startup LLC"]


@pytest.fixture
def remote(crm_server):
    return Shape("remote", crm_server)


@pytest.fixture
def seller_home(tmp_path, remote):
    seller = make_employee("sales", email="bill@epicevents.example", full_name="Bill Boquet")
    home = tmp_path / "bill"
    login = run_process(["login", "--email", seller.email, "--password-stdin"], home, stdin=PASSWORD + "\n",
                        shape=remote)
    assert login.status == 0, login.stderr
    return home


def imported_modules(stderr: str) -> set[str]:
    """The modules a process imported, from Python's -X importtime report (PYTHONPROFILEIMPORTTIME)."""
    return {line.rsplit("|", 1)[1].strip() for line in stderr.splitlines() if line.startswith("import time:")} - {
        "package"
    }


def server_side(modules: set[str]) -> set[str]:
    return {name for name in modules if name.split(".")[0] in SERVER_ONLY_MODULES}


def one_sentence(done) -> str:
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    return lines[0]


# -- what a staff machine holds and loads ------------------------------------------------------


def test_remote_commands_and_the_menu_never_import_django_or_a_database_driver(seller_home, remote):
    for argv, stdin in (
        (["whoami"], ""),
        (["clients", "list", "--format", "json"], ""),
        (NEW_CLIENT, ""),
        (["clients", "show", "424242"], ""),  # an error's path too
        ([], "q\n"),  # the menu
    ):
        done = run_process(argv, seller_home, stdin=stdin, shape=remote, PYTHONPROFILEIMPORTTIME="1")
        modules = imported_modules(done.stderr)
        assert "cli.gateway.remote" in modules, argv
        assert server_side(modules) == set(), argv
    assert not client_data_dir(seller_home).exists()  # no database, no secrets.json


def test_login_server_is_remembered_owner_only_and_whoami_says_where(tmp_path, crm_server):
    make_employee("sales", email="bill@epicevents.example", full_name="Bill Boquet")
    home = tmp_path / "laptop"
    nothing_configured = {"EPICEVENTS_DATA_DIR": str(client_data_dir(home))}
    staff_machine = Shape("remote", crm_server)
    login = run_process(
        ["login", "--email", "bill@epicevents.example", "--password-stdin", "--server", crm_server.url],
        home, stdin=PASSWORD + "\n", shape=staff_machine, EPICEVENTS_SERVER="", **nothing_configured,
    )
    assert login.status == 0, login.stderr
    assert re.fullmatch(
        rf"Logged in as Bill Boquet \(Sales\) on {crm_server.url}; the session lasts until "
        r"\d{4}-\d\d-\d\d \d\d:\d\d \(UTC[+-]\d\d:\d\d\)\.\n",
        login.stdout,
    )
    assert (home / "server").read_text() == crm_server.url
    assert oct((home / "server").stat().st_mode & 0o777) == "0o600"

    # Later commands need nothing else: no EPICEVENTS_SERVER, no database URL.
    whoami = run_process(["whoami", "--format", "json"], home, shape=staff_machine, EPICEVENTS_SERVER="",
                         **nothing_configured)
    shown = json.loads(whoami.stdout)
    assert (shown["full_name"], shown["server"]) == ("Bill Boquet", crm_server.url)
    session = AuthSession.objects.get(employee__email="bill@epicevents.example", revoked_at=None)
    assert shown["session_expires_at"][:16] == session.expires_at.astimezone(PARIS).isoformat()[:16]
    table = run_process(["whoami"], home, shape=staff_machine, EPICEVENTS_SERVER="", **nothing_configured).stdout
    assert f"| Server          | {crm_server.url}" in table and "| Session ends" in table

    # A server file others could change is refused: it would send the next password elsewhere.
    (home / "server").chmod(0o666)
    loose = run_process(["whoami"], home, shape=staff_machine, EPICEVENTS_SERVER="", **nothing_configured)
    assert loose.status == 3 and "could have been changed by someone else" in one_sentence(loose)
    (home / "server").chmod(0o600)

    out = run_process(["logout", "--forget-server"], home, shape=staff_machine, EPICEVENTS_SERVER="",
                      **nothing_configured)
    assert out.stdout == "Logged out. The server is forgotten: commands now use the local database.\n"
    assert not (home / "server").exists() and not (home / "session.jwt").exists()
    assert not AuthSession.objects.filter(revoked_at=None).exists()


def test_the_environment_wins_over_login_server(seller_home, remote):
    other = f"https://crm.example.com:{free_port()}"
    done = run_process(["login", "--email", "bill@epicevents.example", "--server", other, "--password-stdin"],
                       seller_home, stdin=PASSWORD + "\n", shape=remote)
    assert done.status == 2
    assert one_sentence(done).startswith(f"EPICEVENTS_SERVER is set to {remote.server.url}, and it wins over --server")


def test_local_mode_is_unchanged_and_says_so(tmp_path):
    make_employee("sales", email="bill@epicevents.example")
    home = tmp_path / "bill"
    assert run_process(["login", "--email", "bill@epicevents.example", "--password-stdin"], home,
                       stdin=PASSWORD + "\n").status == 0
    assert json.loads(run_process(["whoami", "--format", "json"], home).stdout)["server"] == "local database"
    assert not (home / "server").exists()


# -- a session is only ever sent where it was issued ----------------------------------------


def test_a_session_is_never_sent_to_another_server(seller_home, remote, tmp_path):
    """A mistyped or hostile EPICEVENTS_SERVER must not be handed a live session (nor a local one)."""
    elsewhere = FaultProxy(free_port(), "fail", status=200, body=b"[]", content_type="application/json")
    try:
        done = run_process(["clients", "list", "--format", "json"], seller_home, shape=remote,
                           EPICEVENTS_SERVER=elsewhere.url)
        assert done.status == 3
        assert one_sentence(done).startswith(
            f"Your session was opened on {remote.server.url}, not on {elsewhere.url}, and a session is never sent"
        )
        make_employee("support", email="kate@epicevents.example")
        local_home = tmp_path / "kate"
        assert run_process(["login", "--email", "kate@epicevents.example", "--password-stdin"], local_home,
                           stdin=PASSWORD + "\n").status == 0
        done = run_process(["whoami"], local_home, shape=remote, EPICEVENTS_SERVER=elsewhere.url)
        assert done.status == 3 and "opened on this machine's database" in one_sentence(done)
        assert elsewhere.connections == 0  # not even a connection
    finally:
        elsewhere.close()
    assert run_process(["whoami"], seller_home, shape=remote).status == 0  # still good where it was issued


def test_logout_under_another_server_ends_the_session_where_it_was_issued(seller_home, remote):
    done = run_process(["logout"], seller_home, shape=remote, EPICEVENTS_SERVER=f"http://127.0.0.1:{free_port()}")
    assert (done.status, done.stdout) == (0, "Logged out.\n")
    assert not AuthSession.objects.filter(revoked_at=None).exists()


def test_the_apis_own_address_is_taken_as_the_servers(seller_home, remote):
    """docs/api.md writes the API's address (https://crm.example.com/api/v1/): that works too."""
    for address in (f"{remote.server.url}/api/v1", f"{remote.server.url}/api/v1/"):
        done = run_process(["whoami", "--format", "json"], seller_home, shape=remote, EPICEVENTS_SERVER=address)
        assert done.status == 0, done.stderr
        assert json.loads(done.stdout)["server"] == remote.server.url


# -- transport security ------------------------------------------------------------------


def test_tls_with_a_company_ca_works_and_an_untrusted_certificate_is_refused(tmp_path):
    make_employee("sales", email="bill@epicevents.example", full_name="Bill Boquet")
    cert, key = make_certificate(tmp_path)
    server = Server(tmp_path, "--certfile", cert, "--keyfile", key)
    try:
        https = Shape("remote", server)
        home = tmp_path / "bill"
        login = ["login", "--email", "bill@epicevents.example", "--password-stdin"]
        trusted = run_process(login, home, stdin=PASSWORD + "\n", shape=https, EPICEVENTS_CA_BUNDLE=cert)
        assert trusted.status == 0, trusted.stderr
        whoami = run_process(["whoami", "--format", "json"], home, shape=https, EPICEVENTS_CA_BUNDLE=cert)
        assert json.loads(whoami.stdout)["server"] == server.url.replace("http://", "https://")

        refused = run_process(["whoami"], home, shape=https)  # the system store does not know this certificate
        assert refused.status == 1
        sentence = one_sentence(refused)
        assert sentence.startswith(f"The certificate of the CRM server at {server.url} cannot be trusted")
        assert "nothing was sent" in sentence and "EPICEVENTS_CA_BUNDLE" in sentence
        assert AuthSession.objects.filter(revoked_at=None).count() == 1  # nor a login attempted without trust
    finally:
        assert server.stop() == 0


@pytest.mark.parametrize(
    "address", ["http://crm.example.com", "http://192.0.2.10:8443", "http://[2001:db8::1]/crm"]
)
def test_plain_http_to_another_machine_is_refused_before_any_connection(tmp_path, address):
    done = run_process(
        ["login", "--email", "bill@epicevents.example", "--password-stdin"], tmp_path / "home", stdin="x\n",
        shape=Shape("remote"), EPICEVENTS_SERVER=address, PYTHONPROFILEIMPORTTIME="1",
    )
    assert done.status == 2
    modules = imported_modules(done.stderr)
    assert "http.client" not in modules and "cli.gateway.http" not in modules  # nothing could connect
    sentence = [line for line in done.stderr.splitlines() if not line.startswith("import time:")]
    assert len(sentence) == 1 and sentence[0].startswith("EPICEVENTS_SERVER: http:// sends your password")


def test_login_server_with_a_malformed_address_is_a_usage_error(tmp_path):
    done = run_process(["login", "--email", "a@b.example", "--server", "crm.example.com"], tmp_path / "h",
                       EPICEVENTS_SERVER="")
    assert done.status == 2
    assert one_sentence(done).startswith("--server: 'crm.example.com' is not a server address; give it with https://")


# -- faults ----------------------------------------------------------------------------------


@pytest.fixture
def proxy(crm_server, seller_home, remote):
    """A failing proxy in front of the server, through which the seller logged in: a session is
    only ever sent to the address that issued it, so the faults are met at that address."""
    proxies = []

    def start(mode: str, **options) -> FaultProxy:
        proxies.append(FaultProxy(crm_server.port, "pass", **options))
        front = proxies[-1]
        login = run_process(["login", "--email", "bill@epicevents.example", "--password-stdin"], seller_home,
                            stdin=PASSWORD + "\n", shape=remote, EPICEVENTS_SERVER=front.url)
        assert login.status == 0, login.stderr
        front.requests.clear()
        front.connections = 0
        front.mode = mode
        return front

    yield start
    for each in proxies:
        each.close()


def test_server_down_reads_and_writes_say_so_and_nothing_is_sent(seller_home, remote, proxy):
    front = proxy("pass")
    front.close()  # the server that issued the session is gone: nothing listens there any more
    closed = front.url
    for argv in (["clients", "list"], NEW_CLIENT):
        done = run_process(argv, seller_home, shape=remote, EPICEVENTS_SERVER=closed)
        assert done.status == 1
        assert one_sentence(done).startswith(f"The CRM server at {closed} refused the connection (is it running?), "
                                             "so nothing was sent; check EPICEVENTS_SERVER")
    assert not Client.objects.exists()


def test_a_server_killed_after_applying_a_write_is_reported_and_the_write_is_not_repeated(seller_home, remote, proxy):
    cutting = proxy("cut")
    done = run_process(NEW_CLIENT, seller_home, shape=remote, EPICEVENTS_SERVER=cutting.url)
    assert done.status == 1
    assert one_sentence(done) == (
        f"The connection to the CRM server at {cutting.url} was cut before it answered; your change may or may "
        "not have been saved, and it was not sent again: check with a list or show command before trying again."
    )
    assert cutting.requests["POST"] == 1
    assert Client.objects.filter(email="kevin@startup.io").count() == 1  # applied once, never twice


def test_a_read_cut_before_the_server_saw_it_is_tried_once_more(seller_home, remote, proxy):
    flaky = proxy("cut_first")
    done = run_process(["clients", "list", "--format", "json"], seller_home, shape=remote, EPICEVENTS_SERVER=flaky.url)
    assert done.status == 0, done.stderr
    assert json.loads(done.stdout) == [] and flaky.connections == 2


@pytest.mark.parametrize("method_argv", [["clients", "list"], NEW_CLIENT], ids=["read", "write"])
def test_a_failing_server_or_proxy_gets_one_sentence(seller_home, remote, proxy, method_argv):
    failing = proxy("fail", status=502, body=b"<html>Bad gateway</html>")
    done = run_process(method_argv, seller_home, shape=remote, EPICEVENTS_SERVER=failing.url)
    assert done.status == 1
    sentence = one_sentence(done)
    assert sentence.startswith(f"The CRM server at {failing.url} failed (HTTP 502); ")
    assert ("try again in a moment" in sentence) == (method_argv[1] == "list")
    assert not Client.objects.exists()


def test_the_servers_own_500_sentence_is_shown_as_it_is(seller_home, remote, proxy):
    detail = ("Unexpected error on the server (reference 4f2a); check whether your change was saved, "
              "and give this reference to IT support if it happens again.")
    failing = proxy("fail", status=500, body=json.dumps({"detail": detail, "reference": "4f2a"}).encode(),
                    content_type="application/json")
    done = run_process(NEW_CLIENT, seller_home, shape=remote, EPICEVENTS_SERVER=failing.url)
    assert (done.status, one_sentence(done)) == (1, detail)


def test_a_slow_answer_past_the_timeout_is_reported_once_and_the_write_applied_once(seller_home, remote, proxy):
    slow = proxy("slow", delay=4)
    done = run_process(NEW_CLIENT, seller_home, shape=remote, EPICEVENTS_SERVER=slow.url, EPICEVENTS_TIMEOUT="1")
    assert done.status == 1
    assert one_sentence(done).startswith(f"The CRM server at {slow.url} did not answer within 1 seconds; your change "
                                         "may or may not have been saved, and it was not sent again")
    assert slow.requests["POST"] == 1
    assert Client.objects.filter(email="kevin@startup.io").count() == 1


def test_an_expired_session_is_exit_3_with_this_machines_login_command(seller_home, remote):
    AuthSession.objects.update(expires_at="2000-01-01T00:00:00Z")
    done = run_process(["clients", "list"], seller_home, shape=remote)
    assert done.status == 3
    assert with_program_as_run(one_sentence(done)) == (
        f"Your session has expired; log in again with: PYTHON {MAIN} login --email YOUR_EMAIL."
    )


@pytest.mark.parametrize("argv, method", [(["clients", "list"], "GET"), (NEW_CLIENT, "POST")], ids=["read", "write"])
def test_ctrl_c_during_a_request_exits_130_and_a_write_may_have_been_saved(seller_home, remote, proxy, argv, method):
    slow = proxy("slow", delay=10)
    child = subprocess.Popen(
        [sys.executable, str(MAIN), *argv],
        env=process_env(seller_home, remote, EPICEVENTS_SERVER=slow.url),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 20
    while slow.requests[method] == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=30)
    assert child.returncode == 130
    if method == "GET":
        assert err == "Interrupted.\n"
    else:  # the server got the change and may apply it: never "Interrupted." alone
        assert err == ("Interrupted; your change may or may not have been saved, and it was not sent again: check "
                       "with a list or show command before trying again.\n")


def test_each_command_is_one_request_whatever_the_number_of_rows(seller_home, remote, proxy):
    seller = AuthSession.objects.select_related("employee").get(revoked_at=None).employee
    clients = [make_client(seller) for _ in range(30)]
    counting = proxy("pass")
    for argv, method in (
        (["clients", "list"], "GET"),
        (["clients", "list", "--format", "csv"], "GET"),
        (["clients", "list", "--mine", "--limit", "5", "--format", "json"], "GET"),
        (["clients", "show", str(clients[0].pk)], "GET"),
        (["clients", "update", str(clients[0].pk), "--company", "Cool Startup LLC"], "PATCH"),
    ):
        before = sum(counting.requests.values())
        done = run_process(argv, seller_home, shape=remote, EPICEVENTS_SERVER=counting.url)
        assert done.status == 0, done.stderr
        assert sum(counting.requests.values()) - before == 1 and counting.requests[method] >= 1, argv


# -- history, import and unlock through the API ------------------------------------------------


def test_an_import_through_the_server_writes_once_and_history_says_where_it_came_from(seller_home, remote, tmp_path):
    sheet = tmp_path / "Clients Sophie.csv"
    sheet.write_text(
        "Nom;E-mail;Téléphone;Société\nKevin Casey;kevin@startup.io;+678 123 456 78;Cool Startup LLC\n",
        encoding="cp1252",
    )
    dry = run_process(["import", "clients", str(sheet), "--dry-run"], seller_home, shape=remote)
    assert dry.status == 0, dry.stderr
    assert not Client.objects.exists()

    done = run_process(["import", "clients", str(sheet), "--format", "json"], seller_home, shape=remote)
    assert done.status == 0, done.stderr
    report = json.loads(done.stdout)
    assert (report["dry_run"], report["created"]["clients"], report["errors"]) == (False, 1, [])
    kevin = Client.objects.get()
    assert kevin.sales_contact.email == "bill@epicevents.example"  # a salesperson's rows become theirs

    again = run_process(["import", "clients", str(sheet), "--format", "json"], seller_home, shape=remote)
    assert json.loads(again.stdout)["created"]["clients"] == 0 and Client.objects.count() == 1

    history = run_process(["clients", "history", str(kevin.pk), "--format", "json"], seller_home, shape=remote)
    assert history.status == 0, history.stderr
    [entry] = json.loads(history.stdout)
    assert (entry["action"], entry["actor_name"]) == ("created", "Bill Boquet")
    assert entry["reason"] == "imported from Clients Sophie.csv row 2"


def test_unlock_and_its_refusal_through_the_server(seller_home, remote, tmp_path):
    locked = make_employee("support", full_name="Kate Hastroff", locked_until=clock.now() + dt.timedelta(minutes=10))
    refused = run_process(["employees", "unlock", str(locked.pk)], seller_home, shape=remote)
    assert refused.status == 4 and "management" in one_sentence(refused).lower()

    manager = make_employee("management", email="mona@epicevents.example", full_name="Mona Manager")
    home = tmp_path / "mona"
    login = run_process(["login", "--email", manager.email, "--password-stdin"], home, stdin=PASSWORD + "\n",
                        shape=remote)
    assert login.status == 0, login.stderr
    done = run_process(["employees", "unlock", str(locked.pk)], home, shape=remote)
    assert done.status == 0, done.stderr
    locked.refresh_from_db()
    assert locked.locked_until is None
