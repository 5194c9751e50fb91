"""The API's part of ``manage.py bench``: a 50-row page over HTTP, against the real server.

For each worker count, the server is started exactly as documented (``manage.py serve
--bind 127.0.0.1:PORT --workers N``) on the sized database, and as many client threads
as workers ask for the same page again and again (a session check, a bounded count, the
page, its JSON), each on a new connection as gunicorn's sync workers close them.
Reported: requests per second over the run, and the median (p50) and 99th percentile
(p99) latency of one request. The client runs on the same machine as the server, so on
a small machine it takes a share of the cores: the figures compare sizes and worker
counts, they are not a capacity plan.
"""

import json
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import urllib3

# What is measured: a first page of 50, as the remote CLI asks for it.
PAGES = {"events": "events?limit=50", "contracts --unsigned": "contracts?unsigned=true&limit=50"}
WARM_UP_PER_WORKER = 3


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Server:
    def __init__(self, manage: Path, env: dict, workers: int):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = Path(env["LOG_FILE"]).with_suffix(".serve.out")
        with open(self.log, "w") as out:
            self.process = subprocess.Popen(
                [sys.executable, str(manage), "serve", "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers)],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        self._wait(workers)

    def _wait(self, workers: int, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"manage.py serve stopped: {self.log.read_text()[-300:]}")
            if self.log.read_text().count("Booting worker") >= workers:
                try:
                    socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                    return
                except OSError:
                    pass
            time.sleep(0.2)
        raise RuntimeError("manage.py serve did not start listening")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _load(url: str, token: str, clients: int, requests: int) -> dict:
    pool = urllib3.PoolManager(maxsize=clients, retries=False, timeout=60)
    headers = {"Authorization": f"Bearer {token}"}
    latencies: list[float] = []
    failures: list[int] = []
    lock = threading.Lock()
    remaining = [requests + WARM_UP_PER_WORKER * clients]

    def client() -> None:
        while True:
            with lock:
                if remaining[0] == 0:
                    return
                remaining[0] -= 1
                counted = remaining[0] < requests
            started = time.perf_counter()
            response = pool.request("GET", url, headers=headers)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                if response.status != 200:
                    failures.append(response.status)
                elif counted:
                    latencies.append(elapsed)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    if failures:
        raise RuntimeError(f"the API answered {sorted(set(failures))} during the bench")
    total = requests + WARM_UP_PER_WORKER * clients
    return {
        "requests_per_s": round(total / wall, 1),
        "p50_ms": round(statistics.median(latencies), 1),
        "p99_ms": round(_percentile(latencies, 0.99), 1),
        "requests": len(latencies),
    }


def measure_api(*, manage: Path, env: dict, email: str, password: str, workers: list[int], requests: int) -> dict:
    """{"N workers": {page: figures}} for each worker count, each against a freshly started server."""
    env = {**env, "SECRET_KEY": secrets.token_urlsafe(64), "JWT_SECRET_KEY": secrets.token_urlsafe(64)}
    env.pop("DJANGO_SETTINGS_MODULE", None)  # serve picks the production settings
    results = {}
    for count in workers:
        server = _Server(manage, env, count)
        try:
            login = urllib3.request(
                "POST",
                f"{server.url}/api/v1/session",
                body=json.dumps({"email": email, "password": password}),
                headers={"Content-Type": "application/json"},
                retries=False,
            )
            if login.status != 201:
                raise RuntimeError(f"bench login over the API failed ({login.status})")
            token = login.json()["token"]
            results[f"{count} workers"] = {
                name: _load(f"{server.url}/api/v1/{page}", token, clients=count, requests=requests)
                for name, page in PAGES.items()
            }
        finally:
            server.stop()
    return results


def print_lines(figures: dict) -> list[str]:
    lines = [f"  {'API, page of 50 over HTTP (manage.py serve)':<42}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}"]
    for workers, pages in figures.items():
        for page, item in pages.items():
            name = f"{page} ({workers})"[:42]
            rate, p50, p99 = item["requests_per_s"], item["p50_ms"], item["p99_ms"]
            lines.append(f"  {name:<42}{rate:>10.1f}{p50:>9.1f}{p99:>9.1f}")
    return lines
