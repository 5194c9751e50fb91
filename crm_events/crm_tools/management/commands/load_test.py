"""``manage.py load_test``: staff at work in parallel, login bursts and kill -9 trials, with figures."""

import json
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

LOAD_DATABASE = "epicevents_load"
INTERNAL = "internal: run inside the load-test database's process"


class Command(BaseCommand):
    help = (
        "Run N staff in parallel for T seconds, parallel-login bursts and kill -9 trials on a fresh database, "
        "and print commands, errors, tracebacks, lost writes, password checks per burst and half-written rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("--staff", type=int, default=20, metavar="N", help="employees working at once (20)")
        parser.add_argument("--seconds", type=float, default=60, metavar="T", help="how long they work (60)")
        parser.add_argument("--bursts", type=int, default=5, help="login bursts, one account each (5)")
        parser.add_argument("--burst-size", type=int, default=30, help="logins started at once per burst (30)")
        parser.add_argument("--kills", type=int, default=90, help="write commands killed with SIGKILL (90)")
        parser.add_argument(
            "--database-url",
            help=f"PostgreSQL server URL: a database {LOAD_DATABASE} is created afresh on it; "
            "default: a fresh SQLite file in DATA_DIR",
        )
        parser.add_argument("--json", dest="json_path", help="also write the figures to this file")
        parser.add_argument("--seed", action="store_true", help=INTERNAL)
        parser.add_argument("--verify", metavar="FILE", help=INTERNAL)

    def handle(self, *args, **options):
        if options["seed"]:
            from crm_tools.load_data import seed

            plan = seed(staff=options["staff"], bursts=options["bursts"], kills=options["kills"],
                        password=_password())
            return self.stdout.write(json.dumps(plan))
        if options["verify"]:
            from crm_tools.load_data import verify

            return self.stdout.write(json.dumps(verify(json.loads(Path(options["verify"]).read_text()))))
        if min(options["staff"], options["bursts"], options["kills"]) < 0 or options["burst_size"] < 2:
            raise CommandError("--staff, --bursts and --kills must be 0 or more, --burst-size 2 or more.")
        url = self._fresh_database(options["database_url"])
        from crm_tools.load_test import run

        self.stderr.write(f"== load test on {'PostgreSQL' if options['database_url'] else 'SQLite'}")
        try:
            figures = run(
                url=url, staff=options["staff"], seconds=options["seconds"], bursts=options["bursts"],
                burst_size=options["burst_size"], kills=options["kills"], out=self.stderr.write,
            )
        except RuntimeError as error:  # a set-up step failed (migrate, seed, a login): say which
            raise CommandError(str(error)) from None
        figures["database"] = "postgresql" if options["database_url"] else "sqlite"
        self.stdout.write(report(figures))
        if options["json_path"]:
            Path(options["json_path"]).write_text(json.dumps(figures, indent=2))
        if figures.get("lost_writes") or figures.get("half_written") or figures.get("tracebacks") or figures.get(
            "integrity"
        ):
            sys.exit(1)

    def _fresh_database(self, server_url: str | None) -> str:
        if server_url is None:
            path = Path(settings.DATA_DIR) / "load.sqlite3"
            path.parent.mkdir(parents=True, exist_ok=True)
            for stale in (path, path.with_name(path.name + "-journal")):
                stale.unlink(missing_ok=True)
            path.touch(mode=0o600)
            return f"sqlite:///{path}"
        import psycopg2
        from psycopg2 import sql

        parts = urlsplit(server_url)
        admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(LOAD_DATABASE)))
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(LOAD_DATABASE)))
        admin.close()
        return urlunsplit(parts._replace(path=f"/{LOAD_DATABASE}"))


def _password() -> str:
    from crm_tools.load_test import PASSWORD

    return PASSWORD


def report(figures: dict) -> str:
    lines = [f"\nLoad test on {figures['database']}"]
    if "commands" in figures:
        lines += [
            f"  staff at work               {figures['staff']} for {figures['seconds']:g} s",
            f"  commands                    {figures['commands']:,} (median {figures['median_command_s']} s each)",
            f"  errors (exit status not 0)  {len(figures['errors'])}",
            f"  tracebacks                  {figures['tracebacks']}",
            f"  saved values checked        {figures['saved_writes_checked']:,}",
            f"  lost writes                 {len(figures['lost_writes'])}",
        ]
        lines += [f"    {line}" for line in (figures["errors"] + figures["lost_writes"])[:10]]
    for number, burst in enumerate(figures.get("bursts", []), start=1):
        lines.append(
            f"  login burst {number}: {burst['logins']} at once, {burst['password_checks']} passwords checked "
            f"({burst['wrong_passwords_checked']} wrong), right one accepted: "
            f"{'yes' if burst['right_password_accepted'] else 'no'}, tracebacks {burst['tracebacks']}"
        )
    if "bursts" in figures:
        locked = len(figures["locked_bursts"])
        lines.append(f"  accounts locked after their burst: {locked} of {len(figures['bursts'])}")
    if "kills" in figures:
        landed = figures["kills_landed"]
        lines += [
            f"  kill -9 trials              {figures['kills']} ({landed['before the end']} killed mid-command, "
            f"{landed['after the end']} finished first)",
            f"  half-written records        {len(figures['half_written'])}",
        ]
        lines += [f"    {line}" for line in figures["half_written"][:10]]
    lines.append(f"  integrity check             {'ok' if not figures['integrity'] else figures['integrity']}")
    return "\n".join(lines)
