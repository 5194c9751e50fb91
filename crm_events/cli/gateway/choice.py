"""Which transport runs this command: the local database, or a CRM server over HTTPS (SPEC §6).

Decided from plain text before anything imports Django, in this order:

1. ``EPICEVENTS_SERVER`` in the environment or ``.env`` (it wins over everything);
2. ``login --server URL`` on this command line (remembered after a successful login);
3. the server remembered in ``EPICEVENTS_HOME/server`` by an earlier ``login --server``;
4. otherwise the local database, exactly as without any of this.

A server address is checked before anything is sent: ``https://`` anywhere, ``http://``
only to a loopback address (the traffic and the password would cross the network in
clear), no user name or password inside the URL.
"""

import ipaddress
from urllib.parse import urlsplit

from cli.exit_status import UsageError

SERVER_VARIABLE = "EPICEVENTS_SERVER"
CA_BUNDLE_VARIABLE = "EPICEVENTS_CA_BUNDLE"
TIMEOUT_VARIABLE = "EPICEVENTS_TIMEOUT"
DEFAULT_TIMEOUT = 30.0  # seconds a connection or an answer may take before the command gives up
LOCAL = "local database"
API_PATH = "/api/v1"  # where the API lives under a server's address (docs/api.md)


class ServerAddress:
    """A checked server URL: scheme, host, port, and the path the API lives under."""

    __slots__ = ("url", "scheme", "host", "port", "base_path")

    def __init__(self, url: str, scheme: str, host: str, port: int, base_path: str):
        self.url = url
        self.scheme = scheme
        self.host = host
        self.port = port
        self.base_path = base_path

    def __eq__(self, other) -> bool:
        return isinstance(other, ServerAddress) and other.url == self.url

    __hash__ = None


def server_address(text: str, *, named: str) -> ServerAddress:
    """``text`` as a server address, or UsageError naming where it came from (``named``)."""
    text = text.strip()
    example = "e.g. https://crm.example.com"
    shown = text[:80] if "@" not in text else "this address"  # never repeat a password put in a URL
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise UsageError(f"{named}: '{shown}' is not a server address ({example}).") from None
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http") or not parts.hostname:
        raise UsageError(f"{named}: '{shown}' is not a server address; give it with https:// ({example}).")
    if parts.username is not None or parts.password is not None:
        raise UsageError(f"{named}: a server address never holds a user name or password; give only {example}.")
    if parts.query or parts.fragment:
        raise UsageError(f"{named}: a server address has no ?query or #fragment; give only {example}.")
    host = parts.hostname
    if scheme == "http" and not _is_loopback(host):
        raise UsageError(
            f"{named}: http:// sends your password and the CRM's data in clear, so it is refused for {host}; "
            "use the server's https:// address (http:// is accepted only for this machine: 127.0.0.1, localhost)."
        )
    base_path = parts.path.rstrip("/")
    if base_path.lower().endswith(API_PATH):  # the API's own address, as docs/api.md writes it
        base_path = base_path[: -len(API_PATH)]
    netloc = f"[{host}]" if ":" in host else host
    default_port = 443 if scheme == "https" else 80
    if port is not None and port != default_port:
        netloc += f":{port}"
    return ServerAddress(f"{scheme}://{netloc}{base_path}", scheme, host, port or default_port, base_path)


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Choice:
    """The transport of one run: ``server`` None means the local database."""

    __slots__ = ("server", "source", "remember")

    def __init__(self, server: ServerAddress | None = None, source: str = LOCAL, remember: bool = False):
        self.server = server
        self.source = source  # where the server came from, for whoami and the sentences
        self.remember = remember  # login --server: keep the server beside the session once logged in

    @property
    def local(self) -> bool:
        return self.server is None


def login_server_option(argv: list[str]) -> str | None:
    """The URL of ``login --server URL`` (or ``--server=URL``) in ``argv``, if that is the command."""
    words = [word for word in argv if not word.startswith("-")]
    if not words or words[0] != "login":
        return None
    for index, word in enumerate(argv):
        if word.startswith("--server="):
            return word.split("=", 1)[1]
        if word == "--server":
            if index + 1 >= len(argv):
                raise UsageError("Argument --server: expected the server's address, e.g. https://crm.example.com.")
            return argv[index + 1]
    return None


def choose(argv: list[str], *, settings, session_file) -> Choice:
    """The transport for ``argv``; UsageError for a server address that cannot be used."""
    configured = settings.text(SERVER_VARIABLE)
    given = login_server_option(argv)
    if configured:
        server = server_address(configured, named=SERVER_VARIABLE)
        if given is not None and server_address(given, named="--server") != server:
            raise UsageError(
                f"{SERVER_VARIABLE} is set to {server.url}, and it wins over --server; "
                f"log in without --server, or unset {SERVER_VARIABLE} to use another server."
            )
        return Choice(server, SERVER_VARIABLE)
    if given is not None:
        return Choice(server_address(given, named="--server"), "login --server", remember=True)
    remembered = session_file.load_server()
    if remembered:
        named = f"The server remembered in {session_file.server_path}"
        return Choice(server_address(remembered, named=named), "remembered")
    return Choice()


def timeout(settings) -> float:
    from crm_core.errors import InvalidInput

    text = settings.text(TIMEOUT_VARIABLE)
    if not text:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0
    if not 0.1 <= seconds <= 3600:
        raise InvalidInput(
            {TIMEOUT_VARIABLE: f"{TIMEOUT_VARIABLE} must be a number of seconds from 0.1 to 3600 (e.g. 30), "
             f"not '{text[:40]}'."}
        )
    return seconds


def ca_bundle(settings):
    """EPICEVENTS_CA_BUNDLE as a path (relative to the repository root, like every path setting), or None."""
    if not settings.text(CA_BUNDLE_VARIABLE):
        return None
    return settings.path(CA_BUNDLE_VARIABLE, default="")
