"""Which transport a command uses, decided before anything is sent or Django is imported (SPEC §6)."""

import pytest

from cli.client_settings import ClientSettings
from cli.exit_status import UsageError
from cli.gateway.choice import choose, server_address
from cli.session_file import SessionFile


def settings(**values) -> ClientSettings:
    return ClientSettings(environ=values, env_file=None)


@pytest.mark.parametrize(
    "given, url, port, base",
    [
        ("https://crm.example.com", "https://crm.example.com", 443, ""),
        ("https://crm.example.com:8443/", "https://crm.example.com:8443", 8443, ""),
        ("HTTPS://crm.example.com/epic/", "https://crm.example.com/epic", 443, "/epic"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000", 8000, ""),
        ("http://localhost:8000", "http://localhost:8000", 8000, ""),
        ("http://[::1]:8000", "http://[::1]:8000", 8000, ""),
        ("http://127.8.9.10", "http://127.8.9.10", 80, ""),
    ],
)
def test_usable_addresses(given, url, port, base):
    server = server_address(given, named="--server")
    assert (server.url, server.port, server.base_path) == (url, port, base)


@pytest.mark.parametrize(
    "given, sentence",
    [
        ("crm.example.com", "is not a server address; give it with https://"),
        ("ftp://crm.example.com", "is not a server address; give it with https://"),
        ("http://crm.example.com", "http:// sends your password and the CRM's data in clear"),
        ("http://10.0.0.5:8000", "http:// sends your password and the CRM's data in clear"),
        ("https://bill:secret@crm.example.com", "never holds a user name or password"),
        ("https://crm.example.com/?next=1", "has no ?query or #fragment"),
        ("https://crm.example.com:99999", "is not a server address"),
    ],
)
def test_unusable_addresses_are_usage_errors_that_never_repeat_a_password(given, sentence):
    with pytest.raises(UsageError) as refused:
        server_address(given, named="EPICEVENTS_SERVER")
    assert sentence in refused.value.message and "secret" not in refused.value.message


def test_the_environment_wins_then_login_server_then_the_remembered_server(tmp_path):
    session_file = SessionFile(tmp_path / "home")
    assert choose(["whoami"], settings=settings(), session_file=session_file).local

    given = choose(["login", "--email", "a@b.example", "--server=https://b.example"], settings=settings(),
                   session_file=session_file)
    assert (given.server.url, given.remember) == ("https://b.example", True)

    session_file.save_server("https://remembered.example")
    assert choose(["whoami"], settings=settings(), session_file=session_file).server.url == "https://remembered.example"
    configured = choose(["whoami"], settings=settings(EPICEVENTS_SERVER="https://env.example"),
                        session_file=session_file)
    assert (configured.server.url, configured.source, configured.remember) == ("https://env.example",
                                                                               "EPICEVENTS_SERVER", False)
    # --server is read for login only: elsewhere it is argparse's to refuse.
    assert choose(["whoami", "--server", "https://x.example"], settings=settings(),
                  session_file=session_file).server.url == "https://remembered.example"
