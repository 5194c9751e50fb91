"""``python crm_events/manage.py serve --bind HOST:PORT [--certfile F --keyfile F] [--workers N]``.

Serves the HTTPS API (/api/v1/), Django admin (/admin/) and its static files with
gunicorn, using the production settings (manage.py selects them for this command):
SECRET_KEY, JWT_SECRET_KEY and DATABASE_URL come from the environment or .env.
Ctrl-C or SIGTERM stops it cleanly. See docs/operations.md, "Serving the API and the admin".
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from api import server
from crm_core.command_names import manage_command
from crm_core.counting import counted


class Command(BaseCommand):
    help = "Serve the HTTPS API and Django admin with gunicorn (production settings)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", required=True, metavar="HOST:PORT", help="e.g. 127.0.0.1:8000")
        parser.add_argument("--certfile", metavar="FILE", help="TLS certificate (PEM): serve HTTPS")
        parser.add_argument("--keyfile", metavar="FILE", help="its private key (PEM)")
        parser.add_argument(
            "--workers",
            type=int,
            default=server.default_workers(),
            metavar="N",
            help="worker processes (default: two per core, plus one)",
        )

    def handle(self, *args, bind, certfile, keyfile, workers, **options):
        chosen = server.plan(
            bind=bind, certfile=certfile, keyfile=keyfile, workers=workers, trusted_proxies=settings.TRUSTED_PROXIES
        )
        server.check_database()
        if not (Path(settings.STATIC_ROOT) / "admin").is_dir():
            self.stderr.write(
                f"Note: no static files in STATIC_ROOT ({settings.STATIC_ROOT}), so the admin's pages will "
                f"have no style: run {manage_command('collectstatic', '--no-input')}."
            )
        transport = "HTTPS" if chosen.tls else ("HTTP behind the trusted proxy" if chosen.trusted_proxies else "HTTP")
        self.stderr.write(
            f"Serving the API at {chosen.url}/api/v1/ and the admin at {chosen.url}/admin/ ({transport}, "
            f"{counted(chosen.workers, 'worker')}); stop with Ctrl-C or SIGTERM."
        )
        server.CrmServer(chosen).run()
