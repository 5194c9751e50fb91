"""Starting the real server as documented (`manage.py serve`) on a free loopback port, and talking to it."""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import urllib3

from tests.cli_support import REPO_ROOT, database_url

MANAGE = REPO_ROOT / "crm_events" / "manage.py"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(tmp_path: Path, **extra: str) -> dict:
    """Production settings (manage.py picks them for serve), fed only by the environment."""
    unset = ("DJANGO_SETTINGS_MODULE", "SENTRY_DSN", "DEBUG", "TRUSTED_PROXIES", "SECURE_SSL_REDIRECT")
    env = {key: value for key, value in os.environ.items() if key not in unset}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(64),
        JWT_SECRET_KEY=secrets.token_urlsafe(64),
        DATABASE_URL=database_url(),
        LOG_FILE=str(tmp_path / "server.log"),
        STATIC_ROOT=str(tmp_path / "static"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(extra)
    return env


def run_manage(env: dict, *argv: str, timeout: int = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(MANAGE), *argv], env=env, capture_output=True, text=True, timeout=timeout
    )


class Server:
    """``manage.py serve --bind 127.0.0.1:PORT ...`` in a process of its own."""

    def __init__(self, tmp_path: Path, *options: str, workers: int = 2, **env: str):
        self.port = free_port()
        self.tls = "--certfile" in options
        self.env = server_env(tmp_path, **env)
        self.output = tmp_path / f"server-{self.port}.out"
        argv = [sys.executable, str(MANAGE), "serve", "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers)]
        with open(self.output, "w") as out:
            self.process = subprocess.Popen([*argv, *options], env=self.env, stdout=out, stderr=subprocess.STDOUT)
        self._wait_until_listening()

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.output.read_text(errors="replace")

    def _wait_until_listening(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the server stopped at start-up:\n{self.log()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                if "Booting worker" in self.log():
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"the server did not start listening:\n{self.log()}")

    def stop(self, sig=signal.SIGTERM, timeout: float = 30) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        return self.process.wait(timeout=timeout)


class Http:
    """A real HTTP client (urllib3) speaking JSON to the server."""

    def __init__(self, server: Server, ca_certs: str | None = None):
        self.server = server
        options = {"cert_reqs": "CERT_REQUIRED", "ca_certs": ca_certs} if ca_certs else {}
        self.pool = urllib3.PoolManager(retries=False, timeout=30, **options)

    def call(self, method: str, path: str, body=None, *, token: str | None = None, headers: dict | None = None):
        sent = dict(headers or {})
        if token:
            sent["Authorization"] = f"Bearer {token}"
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            sent["Content-Type"] = "application/json"
        if not path.startswith("http"):
            path = self.server.url + (path if path.startswith("/") else "/api/v1/" + path)
        return self.pool.request(method, path, body=data, headers=sent, redirect=False)

    def login(self, email: str, password: str) -> str:
        response = self.call("POST", "session", {"email": email, "password": password})
        assert response.status == 201, response.data
        return response.json()["token"]
