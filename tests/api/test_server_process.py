"""The real server, started by the documented command, driven by a real HTTP client.

`python crm_events/manage.py serve --bind 127.0.0.1:PORT [--certfile F --keyfile F] [--workers N]`
on a free loopback port, with the production settings and only the environment for
configuration: the brief's whole flow, logout, removal, throttling, TLS, proxies, stopping.
"""

import signal
import socket
import subprocess

import pytest

from tests.api.server_support import Http, Server, free_port, run_manage, server_env
from tests.cli_support import runnable_manage_hint
from tests.factories import PASSWORD, make_employee

pytestmark = [pytest.mark.cli_process, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NEW_PASSWORD = "Correct-Horse-Battery-Staple-26"


@pytest.fixture
def server(tmp_path):
    running = Server(tmp_path)
    yield running
    assert running.stop(signal.SIGTERM) == 0, running.log()


def test_the_whole_business_flow_over_http(server):
    manager = make_employee("management", email="mona@epicevents.example", full_name="Mona Manager")
    http = Http(server)
    boss = http.login(manager.email, PASSWORD)

    hires = {}
    staff = (("bill", "sales", "Bill Boquet"), ("sally", "sales", "Sally Seller"), ("kate", "support", "Kate Hastroff"))
    for key, department, name in staff:
        body = {"email": f"{key}@epicevents.example", "full_name": name, "department": department}
        hired = http.call("POST", "employees", {**body, "password": NEW_PASSWORD}, token=boss)
        assert hired.status == 201, hired.data
        hires[key] = hired.json()
    bill = http.login("bill@epicevents.example", NEW_PASSWORD)

    kevin = {"full_name": "Kevin Casey", "email": "kevin@startup.io", "phone": "+678 123 456 78"}
    client = http.call("POST", "clients", {**kevin, "company_name": "Cool Startup LLC"}, token=bill)
    assert client.status == 201 and client.json()["sales_contact_id"] == hires["bill"]["id"]
    client_id = client.json()["id"]

    contract = http.call("POST", "contracts", {"client_id": client_id, "total_amount": "1500"}, token=boss)
    assert contract.status == 201 and contract.json()["amount_due"] == "1500.00"
    contract_id = contract.json()["id"]
    mine = http.call("GET", "contracts?mine=true&unsigned=true", token=bill).json()
    assert [row["id"] for row in mine["results"]] == [contract_id]

    signed = http.call("PATCH", f"contracts/{contract_id}", {"is_signed": True}, token=bill)
    assert signed.status == 200 and signed.json()["is_signed"] and signed.headers["X-Record-Changed"] == "true"
    again = http.call("PATCH", f"contracts/{contract_id}", {"is_signed": True}, token=bill)
    assert again.headers["X-Record-Changed"] == "false"

    wedding = {
        "contract_id": contract_id,
        "name": "John Ouick Wedding",
        "start": "2027-06-04 13:00",
        "end": "2027-06-05 02:00",
        "location": "53 Rue du Château, 41120 Candé-sur-Beuvron, France",
        "attendees": 75,
    }
    event = http.call("POST", "events", wedding, token=bill)
    assert event.status == 201, event.data
    assert event.json()["start"] == "2027-06-04T13:00:00+02:00"
    event_id = event.json()["id"]

    unstaffed = http.call("GET", "events?no_support=true&all=true", token=boss).json()
    assert [row["id"] for row in unstaffed] == [event_id]
    assigned = http.call("PATCH", f"events/{event_id}", {"support_contact_id": hires["kate"]["id"]}, token=boss)
    assert assigned.status == 200 and assigned.json()["support_contact_name"] == "Kate Hastroff"

    kate = http.login("kate@epicevents.example", NEW_PASSWORD)
    assert [row["id"] for row in http.call("GET", "events?mine=true", token=kate).json()["results"]] == [event_id]
    notes = "Kate needs to organize the DJ for after party."
    assert http.call("PATCH", f"events/{event_id}", {"notes": notes}, token=kate).status == 200
    assert http.call("GET", f"events/{event_id}", token=bill).json()["notes"] == notes
    assert http.call("PATCH", f"events/{event_id}", {"notes": "mine now"}, token=bill).status == 403

    # Logout ends the session on the server: the old token is refused.
    assert http.call("DELETE", "session", token=kate).status == 204
    assert http.call("GET", "session", token=kate).status == 401

    # A removal needs a successor, then ends the employee's sessions at once.
    refused = http.call("DELETE", f"employees/{hires['bill']['id']}", token=boss)
    assert refused.status == 409 and "reassign" in refused.json()["detail"]
    removal = http.call("DELETE", f"employees/{hires['bill']['id']}?reassign_to={hires['sally']['id']}", token=boss)
    assert removal.status == 200, removal.data
    assert removal.json()["clients_moved"] == 1 and removal.json()["reassigned_to"]["id"] == hires["sally"]["id"]
    assert http.call("GET", "clients", token=bill).status == 401
    assert http.call("GET", f"clients/{client_id}", token=boss).json()["sales_contact_id"] == hires["sally"]["id"]


def test_throttling_holds_across_worker_processes(tmp_path):
    seller = make_employee("sales")
    server = Server(tmp_path, workers=3, API_LOGIN_FAILURES_PER_ADDRESS="3")
    try:
        http = Http(server)
        for _ in range(3):
            assert http.call("POST", "session", {"email": seller.email, "password": "Wrong-Password-1"}).status == 401
        refused = http.call("POST", "session", {"email": seller.email, "password": PASSWORD})
        assert refused.status == 429
        assert int(refused.headers["Retry-After"]) > 0
    finally:
        assert server.stop() == 0


def make_certificate(tmp_path) -> tuple[str, str]:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    ec_key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", str(key)]
    subject = ["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]
    command = ["openssl", "req", "-x509", *ec_key, "-out", str(cert), "-days", "1", *subject]
    subprocess.run(command, check=True, capture_output=True, timeout=60)
    return str(cert), str(key)


def test_tls_with_a_self_signed_certificate(tmp_path):
    seller = make_employee("sales")
    cert, key = make_certificate(tmp_path)
    server = Server(tmp_path, "--certfile", cert, "--keyfile", key)
    try:
        https = Http(server, ca_certs=cert)
        token = https.login(seller.email, PASSWORD)
        whoami = https.call("GET", "session", token=token)
        assert whoami.status == 200 and whoami.json()["id"] == seller.pk
        assert whoami.headers["Strict-Transport-Security"].startswith("max-age=")
        with pytest.raises(Exception):  # plain HTTP is not spoken on the TLS port
            Http(server).pool.request("GET", f"http://127.0.0.1:{server.port}/api/v1/session", retries=False)
    finally:
        assert server.stop() == 0


def test_x_forwarded_proto_is_believed_only_from_a_configured_proxy(tmp_path):
    plain = Server(tmp_path)
    try:
        spoofed = Http(plain).call("GET", "/admin/login/", headers={"X-Forwarded-Proto": "https"})
        assert spoofed.status == 200 and "Strict-Transport-Security" not in spoofed.headers
    finally:
        assert plain.stop() == 0
    proxied = Server(tmp_path, TRUSTED_PROXIES="127.0.0.1")
    try:
        http = Http(proxied)
        secure = http.call("GET", "/admin/login/", headers={"X-Forwarded-Proto": "https"})
        assert secure.status == 200 and "Strict-Transport-Security" in secure.headers
        insecure = http.call("GET", "/admin/login/")
        assert insecure.status == 301 and insecure.headers["Location"].startswith("https://")
    finally:
        assert proxied.stop() == 0


def test_the_admin_and_its_static_files_are_served(tmp_path):
    collected = run_manage(server_env(tmp_path), "collectstatic", "--no-input", "-v0")
    assert collected.returncode == 0, collected.stderr
    server = Server(tmp_path)
    try:
        http = Http(server)
        page = http.call("GET", "/admin/login/")
        assert page.status == 200 and b"<form" in page.data
        css = http.call("GET", "/static/admin/css/base.css")
        assert css.status == 200 and css.headers["Content-Type"].startswith("text/css")
    finally:
        assert server.stop() == 0


def test_ctrl_c_stops_the_server_cleanly(tmp_path):
    server = Server(tmp_path)
    assert server.stop(signal.SIGINT) == 0, server.log()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", server.port), timeout=1)


@pytest.mark.parametrize(
    "argv, expected",
    [
        (["--bind", "0.0.0.0:{port}"], "Refusing to serve plain HTTP on 0.0.0.0"),
        (["--bind", "127.0.0.1:{port}", "--certfile", "cert.pem"], "Give both --certfile and --keyfile"),
        (["--bind", "127.0.0.1:{port}", "--certfile", "none.pem", "--keyfile", "none.pem"], "no readable file"),
        (["--bind", "localhost"], "--bind must be HOST:PORT"),
        (["--bind", "127.0.0.1:{port}", "--workers", "0"], "--workers must be from 1 to 64"),
    ],
)
def test_what_cannot_be_served_safely_is_refused_in_one_sentence(tmp_path, argv, expected):
    port = free_port()
    done = run_manage(server_env(tmp_path), "serve", *[arg.format(port=port) for arg in argv])
    assert done.returncode == 1
    assert expected in done.stderr
    assert "Traceback" not in done.stderr


def test_missing_secrets_or_an_unmigrated_database_stop_it_at_once(tmp_path):
    env = server_env(tmp_path)
    del env["JWT_SECRET_KEY"]
    done = run_manage(env, "serve", "--bind", f"127.0.0.1:{free_port()}")
    assert done.returncode == 1 and "JWT_SECRET_KEY must be set" in done.stderr
    empty = server_env(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    done = run_manage(empty, "serve", "--bind", f"127.0.0.1:{free_port()}")
    assert done.returncode == 1 and "The database is not up to date: run " in done.stderr
    hint = done.stderr.split("The database is not up to date: run ")[1].split(" first.")[0]
    assert runnable_manage_hint(hint, "migrate")
