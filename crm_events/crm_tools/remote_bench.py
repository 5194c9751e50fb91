"""The remote command line's part of ``manage.py bench``: each CLI command in both shapes, side by side.

The server is started as documented (``manage.py serve`` on a loopback port, 2 workers)
on the sized database; one session is opened in each shape, then every command of
``CLI_COMMANDS`` runs as a whole process, locally (Django and the database in-process)
and remotely (a client environment with no database URL and no secret key, one HTTPS
request's worth of work on the server), round by round so that load hits both alike.
Reported: the median wall time of each, and remote / local (the target is 0.5 or less).
The server runs on the same machine, so its share of the work is in the remote figure.
"""

import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

from crm_tools.api_bench import _Server

SERVER_SIDE = ("DATABASE_URL", "SECRET_KEY", "JWT_SECRET_KEY", "DJANGO_SETTINGS_MODULE")


def measure_remote(*, main: Path, manage: Path, env: dict, email: str, password: str, commands: list, timer) -> dict:
    """{command: {"local_ms", "remote_ms", "remote_vs_local"}}; ``timer`` is bench's interleaved median."""
    server_env = {**env, "SECRET_KEY": secrets.token_urlsafe(64), "JWT_SECRET_KEY": secrets.token_urlsafe(64)}
    server_env.pop("DJANGO_SETTINGS_MODULE", None)  # serve picks the production settings
    server = _Server(manage, server_env, workers=2)
    try:
        with tempfile.TemporaryDirectory() as local_home, tempfile.TemporaryDirectory() as remote_home:
            local_env = {**env, "EPICEVENTS_HOME": local_home}
            remote_env = {key: value for key, value in env.items() if key not in SERVER_SIDE}
            remote_env.update(EPICEVENTS_HOME=remote_home, EPICEVENTS_SERVER=server.url,
                              EPICEVENTS_DATA_DIR=os.path.join(remote_home, "no-data-here"))
            for shape_env in (local_env, remote_env):
                _login(main, shape_env, email, password)
            runs = {}
            for argv in commands:
                runs[f"local {' '.join(argv)}"] = ([sys.executable, str(main), *argv], local_env)
                runs[f"remote {' '.join(argv)}"] = ([sys.executable, str(main), *argv], remote_env)
            walls = timer(runs)
    finally:
        server.stop()
    figures = {}
    for argv in commands:
        name = " ".join(argv)
        local, remote = walls[f"local {name}"], walls[f"remote {name}"]
        figures[name] = {"local_ms": local, "remote_ms": remote, "remote_vs_local": round(remote / local, 2)}
    return figures


def _login(main: Path, env: dict, email: str, password: str) -> None:
    done = subprocess.run(
        [sys.executable, str(main), "login", "--email", email, "--password-stdin"],
        input=password + "\n", env=env, capture_output=True, text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench login failed: {done.stderr.strip()}")


def print_lines(figures: dict) -> list[str]:
    lines = [f"  {'CLI process, local vs remote (median)':<42}{'local ms':>10}{'remote ms':>10}{'ratio':>7}"]
    for name, item in figures.items():
        lines.append(f"  {name[:42]:<42}{item['local_ms']:>10.0f}{item['remote_ms']:>10.0f}"
                     f"{item['remote_vs_local']:>7.2f}")
    return lines
