"""A loopback proxy in front of the real server that fails on purpose, as networks and servers do.

Each connection carries one HTTP request (the remote CLI opens one per request). The
proxy reads it, then, by its ``mode``:

- ``pass``: forwards it and returns the server's answer;
- ``cut``: forwards it, lets the server finish (and commit), then closes the client's
  connection without a byte of the answer: a server killed between its commit and its reply;
- ``cut_first``: closes the first connection before forwarding anything, then passes;
- ``fail``: answers ``status`` with ``body`` itself, never forwarding (a failing server or proxy);
- ``slow``: forwards it, then holds the answer back for ``delay`` seconds.

``requests`` counts the requests the server was given, per method.
"""

import socket
import threading
import time
from collections import Counter


class FaultProxy:
    def __init__(self, upstream_port: int, mode: str = "pass", *, status: int = 500, body: bytes = b"",
                 content_type: str = "text/html", delay: float = 0.0):
        self.upstream_port = upstream_port
        self.mode = mode
        self.status = status
        self.body = body
        self.content_type = content_type
        self.delay = delay
        self.requests = Counter()
        self.connections = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port = self._listener.getsockname()[1]
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=10)
        self._listener.close()

    def _serve(self) -> None:
        while not self._stopping.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self._handle, args=(client,), daemon=True).start()

    def _handle(self, client: socket.socket) -> None:
        with client:
            client.settimeout(30)
            self.connections += 1
            request = _read_request(client)
            if not request:
                return
            method = request.split(b" ", 1)[0].decode()
            if self.mode == "cut_first" and self.connections == 1:
                return
            if self.mode == "fail":
                head = (
                    f"HTTP/1.1 {self.status} Failing\r\nContent-Type: {self.content_type}\r\n"
                    f"Content-Length: {len(self.body)}\r\nConnection: close\r\n\r\n"
                )
                client.sendall(head.encode() + self.body)
                return
            self.requests[method] += 1
            answer = _forward(request, self.upstream_port)
            if self.mode == "cut":
                return
            if self.mode == "slow":
                deadline = time.monotonic() + self.delay
                while time.monotonic() < deadline and not self._stopping.is_set():
                    time.sleep(0.05)
            try:
                client.sendall(answer)
            except OSError:
                pass  # the client gave up waiting: what a slow server's client does


def _read_request(connection: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            return b""
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        body += connection.recv(65536)
    # One request per connection: the server closes once it has answered.
    head = b"\r\n".join(line for line in head.split(b"\r\n") if not line.lower().startswith(b"connection:"))
    return head + b"\r\nConnection: close\r\n\r\n" + body


def _forward(request: bytes, port: int) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as upstream:
        upstream.sendall(request)
        answer = b""
        while chunk := upstream.recv(65536):
            answer += chunk
    return answer
