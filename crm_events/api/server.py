"""``manage.py serve``: gunicorn serving the WSGI application (the API, the admin, static files).

Which transport is allowed is decided here, once, before anything listens:

- TLS by gunicorn itself (``--certfile`` and ``--keyfile``), on any address;
- plain HTTP behind a proxy that terminates HTTPS: only when TRUSTED_PROXIES names it,
  and then gunicorn believes X-Forwarded-Proto from those addresses only;
- plain HTTP on a loopback address, for this machine alone (a local proxy, tests, bench).

Nothing else: the API carries passwords and session tokens.
"""

import ipaddress
import os
import ssl
from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import CommandError
from gunicorn.app.base import BaseApplication

MAX_WORKERS = 64


@dataclass(frozen=True)
class Plan:
    host: str
    port: int
    workers: int
    certfile: str | None
    keyfile: str | None
    trusted_proxies: tuple[str, ...]

    @property
    def tls(self) -> bool:
        return self.certfile is not None

    @property
    def loopback(self) -> bool:
        return _is_loopback(self.host)

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{'https' if self.tls else 'http'}://{host}:{self.port}"


def default_workers() -> int:
    """gunicorn's advice: two per core, plus one."""
    return min(2 * (os.cpu_count() or 1) + 1, MAX_WORKERS)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _split_bind(bind: str) -> tuple[str, int]:
    host, _, port = bind.rpartition(":")
    host = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    if not host or not (port.isascii() and port.isdigit()) or not 0 < int(port) < 65536:
        raise CommandError(f"--bind must be HOST:PORT, e.g. 127.0.0.1:8000 or [::1]:8443, not '{bind[:60]}'.")
    return host, int(port)


def _check_tls_files(certfile: str | None, keyfile: str | None) -> None:
    if (certfile is None) != (keyfile is None):
        raise CommandError("Give both --certfile and --keyfile (the certificate and its private key), or neither.")
    if certfile is None:
        return
    for option, name in (("--certfile", certfile), ("--keyfile", keyfile)):
        if not Path(name).is_file() or not os.access(name, os.R_OK):
            raise CommandError(f"{option} {name}: no readable file there.")
    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(certfile, keyfile)
    except (ssl.SSLError, ValueError) as error:
        raise CommandError(
            f"The certificate and key cannot be used together ({error.__class__.__name__}); "
            "give a PEM certificate and its matching PEM private key, unencrypted."
        ) from None


def _trusted_proxies(values) -> tuple[str, ...]:
    for value in values:
        try:
            ipaddress.ip_network(value)
        except ValueError:
            raise CommandError(
                f"TRUSTED_PROXIES must list the IP addresses (or networks) of your HTTPS proxies, not '{value[:40]}'."
            ) from None
    return tuple(values)


def plan(*, bind: str, certfile: str | None, keyfile: str | None, workers: int, trusted_proxies) -> Plan:
    """Check the command line and the configuration; the reason in one sentence if they cannot be served."""
    host, port = _split_bind(bind)
    if not 1 <= workers <= MAX_WORKERS:
        raise CommandError(f"--workers must be from 1 to {MAX_WORKERS}.")
    _check_tls_files(certfile, keyfile)
    chosen = Plan(host, port, workers, certfile, keyfile, _trusted_proxies(trusted_proxies))
    if not chosen.tls and not chosen.loopback and not chosen.trusted_proxies:
        raise CommandError(
            f"Refusing to serve plain HTTP on {host}, where other machines could send passwords and tokens "
            "in clear: give --certfile and --keyfile, or bind to 127.0.0.1, or set TRUSTED_PROXIES to the "
            "address of the HTTPS proxy in front of this server."
        )
    return chosen


def check_database() -> None:
    """Refuse to start on a database that cannot be reached or is not migrated, in one sentence."""
    from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        raise CommandError("The database of DATABASE_URL cannot be reached or read; check it and retry.") from None
    finally:
        connections.close_all()  # workers are forked from this process: none may inherit a connection
    if pending:
        from crm_core.command_names import manage_command

        raise CommandError(f"The database is not up to date: run {manage_command('migrate')} first.")


WORKER_TIMEOUT_SECONDS = 600


class CrmServer(BaseApplication):
    """gunicorn configured from a Plan; each worker loads config.wsgi (logging and Sentry included)."""

    def __init__(self, chosen: Plan):
        self.plan = chosen
        super().__init__()

    def load_config(self) -> None:
        chosen = self.plan
        options = {
            "bind": [f"[{chosen.host}]:{chosen.port}" if ":" in chosen.host else f"{chosen.host}:{chosen.port}"],
            "workers": chosen.workers,
            "worker_class": "sync",
            "proc_name": "epicevents-crm",
            # X-Forwarded-Proto is believed from the configured proxies only (gunicorn's default
            # trusts any local process); no other header may rewrite the request.
            "forwarded_allow_ips": ",".join(chosen.trusted_proxies),
            "secure_scheme_headers": {"X-FORWARDED-PROTO": "https"},
            "forwarder_headers": "",
            # No access log: its lines would carry query strings (client searches). Errors go to stderr.
            "accesslog": None,
            "errorlog": "-",
            "loglevel": "info",
            "control_socket_disable": True,
            "graceful_timeout": 10,
            # A worker silent for longer is restarted. gunicorn's 30 s would kill the import of a
            # large sheet (10,000 events take one to two minutes; the import allows 50,000 rows),
            # and the remote CLI waits as long (cli/gateway/remote.py, IMPORT_WAIT_SECONDS).
            "timeout": WORKER_TIMEOUT_SECONDS,
        }
        if chosen.tls:
            options.update(certfile=chosen.certfile, keyfile=chosen.keyfile)
        for name, value in options.items():
            self.cfg.set(name, value)

    def load(self):
        if not self.plan.tls and not self.plan.trusted_proxies:
            # Plain HTTP for this machine only: no HTTPS listener exists to redirect to.
            from django.conf import settings

            settings.SECURE_SSL_REDIRECT = False
        from config.wsgi import application

        return application
