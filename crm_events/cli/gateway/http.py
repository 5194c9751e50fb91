"""HTTP for the remote transport: the standard library's ``http.client`` over verified TLS.

Why not urllib3 (pinned for the SDK): a remote command's whole process must cost well
under half of a local one, and importing urllib3 alone takes about 60 ms, against 10 ms
for ``http.client`` with ``ssl``, which the interpreter ships and keeps. A command makes
one or two requests, so a connection pool would buy nothing; each request opens its own
connection, so a write is never sent on a connection the server may already have closed.

Certificates are verified against the system's trust store, or only against
``EPICEVENTS_CA_BUNDLE`` when set (a company CA), with the host name checked. Every
fault becomes ``crm_core.errors.Unavailable`` with one sentence that says what to do,
and whether a change may have been saved. Only reads are tried a second time, and only
when the first try could not connect: a write is never sent twice.
"""

import http.client
import json
import socket
import ssl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlencode

from crm_core.errors import InvalidInput, Unavailable
from cli.gateway.choice import API_PATH

RETRY_PAUSE = 0.3  # seconds before a read is tried again on a refused or reset connection
STREAM_READ = 64 * 1024
USER_AGENT = "epicevents-cli"


class HttpClient:
    def __init__(self, server, *, timeout: float, ca_bundle=None, source: str = "EPICEVENTS_SERVER"):
        self.server = server
        self.timeout = timeout
        self.ca_bundle = ca_bundle
        self.source = source  # where the address came from, for "check the address" sentences
        self._tls = None

    @contextmanager
    def patience(self, seconds: float) -> Iterator[None]:
        """Wait at least ``seconds`` for the answers of the requests made inside (a long import)."""
        saved = self.timeout
        self.timeout = max(saved, seconds)
        try:
            yield
        finally:
            self.timeout = saved

    # -- requests --------------------------------------------------------------------

    def request(
        self, method: str, path: str, *, params=None, body=None, data=None, content_type=None, token=None,
        read_only=None,
    ):
        """Send one request; answer the ``http.client.HTTPResponse`` (body unread) or raise Unavailable.

        ``body`` is sent as JSON; ``data`` as raw bytes of ``content_type`` (a file to import).
        ``read_only`` (default: GET) allows a second try when the first could not connect
        or was reset: it changes nothing on the server however often it arrives.
        """
        read_only = method == "GET" if read_only is None else read_only
        target = f"{self.server.base_path}{API_PATH}/{path}"
        if params:
            target += "?" + urlencode(params)
        headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
        payload = None
        if body is not None:
            payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
            headers["Content-Type"] = "application/json"
        elif data is not None:
            payload = bytes(data)
            headers["Content-Type"] = content_type or "application/octet-stream"
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        attempts = 2 if read_only else 1
        for attempt in range(1, attempts + 1):
            connection = self._connection()
            sending = False
            try:
                self._connect(connection)
                sending = True
                return self._exchange(connection, method, target, payload, headers, read_only=read_only)
            except KeyboardInterrupt:
                if read_only or not sending:
                    raise
                # Ctrl-C once the change was on its way: the server may apply it all the same.
                raise InterruptedWrite(f"Interrupted; {self.after_a_lost_answer(read_only=False)}") from None
            except _Retryable as fault:
                connection.close()
                if attempt == attempts:
                    raise fault.error from None
                time.sleep(RETRY_PAUSE)
        raise AssertionError("unreachable")  # pragma: no cover

    def _connection(self):
        host, port = self.server.host, self.server.port
        if self.server.scheme == "https":
            return http.client.HTTPSConnection(host, port, timeout=self.timeout, context=self._tls_context())
        return http.client.HTTPConnection(host, port, timeout=self.timeout)

    def _connect(self, connection) -> None:
        """Open the connection (TLS included): a fault here means nothing was sent."""
        url = self.server.url
        try:
            connection.connect()
        except ssl.SSLCertVerificationError as error:
            reason = error.verify_message or "not trusted"
            raise Unavailable(
                f"The certificate of the CRM server at {url} cannot be trusted ({reason}), so nothing was sent; "
                "if your company has its own certificate authority, set EPICEVENTS_CA_BUNDLE to its certificate "
                "file, otherwise tell IT support."
            ) from None
        except ssl.SSLError as error:
            raise Unavailable(
                f"No secure connection could be made with {url} ({error.reason or 'TLS error'}), so nothing was "
                f"sent; check that {self._check_where()} is the CRM server's https:// address."
            ) from None
        except socket.gaierror:
            raise Unavailable(
                f"The CRM server's name {self.server.host} could not be found; check {self._check_where()} "
                "and your network connection."
            ) from None
        except ConnectionRefusedError:
            raise _Retryable(
                Unavailable(
                    f"The CRM server at {url} refused the connection (is it running?), so nothing was sent; "
                    f"check {self._check_where()}, or try again in a moment and tell IT support if it persists."
                )
            ) from None
        except TimeoutError:
            raise Unavailable(
                f"The CRM server at {url} did not answer within {self.timeout:g} seconds, so nothing was sent; "
                "check your network connection and try again (EPICEVENTS_TIMEOUT sets how long to wait)."
            ) from None
        except OSError as error:
            raise Unavailable(
                f"The CRM server at {url} cannot be reached ({(error.strerror or 'network error').lower()}), so "
                "nothing was sent; check your network connection and try again."
            ) from None

    def _exchange(self, connection, method, target, payload, headers, *, read_only: bool):
        """Send the request and read the status line and headers."""
        try:
            connection.request(method, target, body=payload, headers=headers)
            return connection.getresponse()
        except TimeoutError:
            raise Unavailable(
                f"The CRM server at {self.server.url} did not answer within {self.timeout:g} seconds; "
                + self.after_a_lost_answer(read_only)
            ) from None
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            fault = Unavailable(
                f"The connection to the CRM server at {self.server.url} was cut before it answered; "
                + self.after_a_lost_answer(read_only)
            )
            if read_only:
                raise _Retryable(fault) from None
            raise fault from None
        except (OSError, http.client.HTTPException):
            raise Unavailable(
                f"The exchange with the CRM server at {self.server.url} failed; " + self.after_a_lost_answer(read_only)
            ) from None

    def after_a_lost_answer(self, read_only: bool) -> str:
        if read_only:
            return "try again in a moment, and tell IT support if it persists."
        return (
            "your change may or may not have been saved, and it was not sent again: check with a list or show "
            "command before trying again."
        )

    def _check_where(self) -> str:
        if self.source == "EPICEVENTS_SERVER":
            return "EPICEVENTS_SERVER"
        return "the address given to login --server"

    def _tls_context(self) -> ssl.SSLContext:
        if self._tls is None:
            try:
                # check_hostname and CERT_REQUIRED are the default context's; a bundle replaces the system store.
                self._tls = ssl.create_default_context(cafile=str(self.ca_bundle) if self.ca_bundle else None)
            except (OSError, ssl.SSLError, ValueError):
                raise InvalidInput(
                    {
                        "EPICEVENTS_CA_BUNDLE": f"EPICEVENTS_CA_BUNDLE: {self.ca_bundle} is not a readable file of "
                        "PEM certificates; set it to your company's CA certificate file, or leave it empty."
                    }
                ) from None
        return self._tls

    # -- answers -----------------------------------------------------------------------

    def read_body(self, response, *, read_only: bool) -> bytes:
        try:
            return response.read()
        except TimeoutError:
            raise Unavailable(
                f"The CRM server at {self.server.url} stopped answering for {self.timeout:g} seconds; "
                + self.after_a_lost_answer(read_only)
            ) from None
        except (OSError, http.client.HTTPException):
            raise Unavailable(
                f"The connection to the CRM server at {self.server.url} was cut while it answered; "
                + self.after_a_lost_answer(read_only)
            ) from None

    def json_array_items(self, response):
        """The objects of a JSON array answered in chunks, one at a time: memory stays flat."""
        decoder = json.JSONDecoder()
        buffer, position, started, finished = "", 0, False, False
        pending = b""
        while not finished:
            try:
                chunk = response.read1(STREAM_READ) if hasattr(response, "read1") else response.read(STREAM_READ)
            except (OSError, http.client.HTTPException):
                raise self._cut_list() from None
            if not chunk:
                raise self._cut_list()
            pending += chunk
            try:
                text, pending = pending.decode("utf-8"), b""
            except UnicodeDecodeError as error:  # a character split between two chunks
                text, pending = pending[: error.start].decode("utf-8"), pending[error.start:]
            buffer = buffer[position:] + text
            position = 0
            while True:
                while position < len(buffer) and buffer[position] in " \t\r\n,":
                    position += 1
                if position == len(buffer):
                    break
                if not started:
                    if buffer[position] != "[":
                        raise self.not_a_crm_server(response.status)
                    started, position = True, position + 1
                    continue
                if buffer[position] == "]":
                    finished = True
                    break
                try:
                    item, position = decoder.raw_decode(buffer, position)
                except json.JSONDecodeError:
                    break  # the object continues in the next chunk
                yield item
        response.close()

    def _cut_list(self) -> Unavailable:
        return Unavailable(
            f"The connection to the CRM server at {self.server.url} was cut while the list was being received, "
            "so what was printed is incomplete; run the command again."
        )

    def not_a_crm_server(self, status: int) -> Unavailable:
        return Unavailable(
            f"The address {self.server.url} does not answer like a CRM server (HTTP {status}); "
            f"check {self._check_where()}."
        )


class InterruptedWrite(KeyboardInterrupt):
    """Ctrl-C while a change was being sent or answered: ``message`` says it may have been saved."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class _Retryable(Exception):
    """A fault after which a read may be tried again: the connection was refused or reset."""

    def __init__(self, error: Unavailable):
        super().__init__(error.message)
        self.error = error
