"""Stand-ins for Sentry at the edge of the system: a loopback ingest server, an in-memory transport.

Both keep exactly what the real SDK would have put on the wire, so the tests read the
envelopes Sentry would store and search their raw bytes for personal data.
"""

import gzip
import json
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from sentry_sdk.envelope import Envelope
from sentry_sdk.transport import Transport

ENVELOPE_PATH = "/api/1/envelope/"


def _decompress(body: bytes, encoding: str) -> bytes:
    encoding = (encoding or "identity").strip().lower()
    if encoding == "gzip":
        return gzip.decompress(body)
    if encoding == "deflate":
        return zlib.decompress(body)
    if encoding == "br":
        import brotli  # only present if the SDK chose it, which it does only when brotli is installed

        return brotli.decompress(body)
    if encoding == "identity":
        return body
    raise ValueError(f"unexpected Content-Encoding {encoding!r}")


class ReceivedEnvelopes:
    """What reached "Sentry": envelope bodies as bytes, and helpers to read them."""

    def __init__(self):
        self._lock = threading.Lock()
        self.bodies: list[bytes] = []

    def store(self, body: bytes) -> None:
        with self._lock:
            self.bodies.append(body)

    @property
    def raw(self) -> bytes:
        with self._lock:
            return b"\n".join(self.bodies)

    def envelopes(self) -> list[Envelope]:
        with self._lock:
            return [Envelope.deserialize(body) for body in self.bodies]

    def events(self) -> list[dict]:
        """Every error or message event, in the order received."""
        return [item.payload.json for env in self.envelopes() for item in env.items if item.type == "event"]

    def messages(self, name: str) -> list[dict]:
        return [event for event in self.events() if _message_of(event) == name]

    def errors(self) -> list[dict]:
        return [event for event in self.events() if event.get("exception")]

    def leaks(self, secrets) -> list[str]:
        """The secrets found anywhere in what was received, in any letter case."""
        haystack = self.raw.decode("utf-8", errors="replace").lower()
        return sorted({secret for secret in secrets if secret and secret.lower() in haystack})


def _message_of(event: dict) -> str | None:
    message = event.get("message")
    if isinstance(message, dict):
        return message.get("formatted") or message.get("message")
    if message is None and isinstance(event.get("logentry"), dict):
        return event["logentry"].get("formatted") or event["logentry"].get("message")
    return message


def tags_of(event: dict) -> dict:
    tags = event.get("tags") or {}
    return dict(tags) if isinstance(tags, dict) else {key: value for key, value in tags}


class LoopbackSentry(ReceivedEnvelopes):
    """An HTTP server on 127.0.0.1 (random port) answering like Sentry's envelope endpoint."""

    def __init__(self):
        super().__init__()
        self.unexpected_requests: list[str] = []
        self.auth_headers: list[str] = []
        received = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the name http.server calls
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                if self.path.split("?", 1)[0] != ENVELOPE_PATH:
                    received.unexpected_requests.append(self.path)
                    self.send_response(404)
                    self.end_headers()
                    return
                received.auth_headers.append(self.headers.get("X-Sentry-Auth", ""))
                received.store(_decompress(body, self.headers.get("Content-Encoding")))
                answer = json.dumps({}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, format, *args):  # noqa: A002 - keep the test output quiet
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, name="loopback-sentry", daemon=True)

    @property
    def dsn(self) -> str:
        return f"http://public@127.0.0.1:{self._server.server_address[1]}/1"

    def __enter__(self) -> "LoopbackSentry":
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


class MemoryTransport(Transport):
    """The SDK's transport, minus the network: keeps each envelope serialised as it would be sent."""

    def __init__(self, received: ReceivedEnvelopes):
        super().__init__()
        self.received = received

    def capture_envelope(self, envelope: Envelope) -> None:
        self.received.store(envelope.serialize())

    def flush(self, timeout, callback=None) -> None:
        pass  # nothing is ever pending

    def kill(self) -> None:
        pass
