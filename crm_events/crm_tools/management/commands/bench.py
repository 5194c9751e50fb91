"""``manage.py bench``: how fast the CRM is at 1,000 to 1,000,000 events, with figures.

For each size it builds (or reuses) a database of that many events, then measures
every list/filter in-process (median time and query count, session check included)
and the wall time of real CLI processes against a bare ``django.setup()`` process.
See docs/performance.md for the method and the results.
"""

import importlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

PROJECT_DIR = Path(settings.PROJECT_DIR)
MAIN = PROJECT_DIR / "main.py"
MANAGE = PROJECT_DIR / "manage.py"
# Further measurements, each a module with NAME, measure(*, actor, repeat) -> dict (run in the
# process connected to the sized database) and report(figures) -> list of printed lines.
SECTIONS = ["crm_tools.bench_exports"]
CLI_COMMANDS = [
    ["contracts", "list", "--unsigned", "--format", "json", "--limit", "50"],
    ["events", "list", "--no-support", "--limit", "50"],
    ["whoami"],
]


class Command(BaseCommand):
    help = "Benchmark lists, filters and CLI start-up at several database sizes, and the spreadsheet import."

    def add_arguments(self, parser):
        parser.add_argument(
            "--events", type=int, nargs="*", default=[1000], metavar="N", help="database sizes (none: skip the lists)"
        )
        parser.add_argument(
            "--database-url",
            help="PostgreSQL server URL (a database per size is created on it); default: SQLite files in DATA_DIR",
        )
        parser.add_argument("--repeat", type=int, default=7, help="timed runs per measurement (median reported)")
        parser.add_argument("--json", dest="json_path", help="also write the figures to this file")
        parser.add_argument(
            "--instructions",
            action="store_true",
            help="also count the CLI processes' instructions with valgrind (load-independent, slower)",
        )
        parser.add_argument(
            "--section-repeat",
            type=int,
            default=1,
            metavar="N",
            help="timed runs of each further section, e.g. full exports (median reported; default 1)",
        )
        parser.add_argument(
            "--skip", action="append", default=[], metavar="SECTION", help="leave out a section, e.g. exports"
        )
        parser.add_argument("--measure-only", action="store_true", help=UNDOCUMENTED)
        parser.add_argument(
            "--api-workers",
            type=int,
            nargs="*",
            default=[2],
            metavar="N",
            help="measure the HTTP API with manage.py serve at these worker counts (none: skip it)",
        )
        parser.add_argument("--api-requests", type=int, default=200, help="requests per API measurement")
        parser.add_argument(
            "--import-rows", type=int, default=0, metavar="N", help="also time the import of an N-event spreadsheet"
        )
        parser.add_argument("--measure-import", type=int, metavar="N", help=UNDOCUMENTED)
        parser.add_argument(
            "--no-remote", action="store_true", help="skip timing the CLI in remote mode beside local mode"
        )

    def handle(
        self, *args, events, database_url, repeat, json_path, measure_only, instructions, api_workers, api_requests,
        **options,
    ):
        sections = [path for path in SECTIONS if _section_name(path) not in options["skip"]]
        if measure_only:
            return self._measure_here(repeat, sections, options["section_repeat"])
        if options["measure_import"]:
            from crm_tools.import_bench import measure_import

            return self.stdout.write(json.dumps(measure_import(options["measure_import"])))
        self._sections = sections
        self._section_repeat = options["section_repeat"]
        report = {"database": "postgresql" if database_url else "sqlite", "sizes": {}}
        for size in events:
            url = self._url_for(size, database_url)
            self.stderr.write(f"== {size:,} events ({report['database']})")
            self._prepare(url, size)
            figures = self._run_measurer(url, repeat)
            password = figures.pop("bench_password")
            figures["cli"], figures["cli_instructions"], figures["cli_export"] = self._time_cli(
                url, password, repeat, instructions
            )
            if not options["no_remote"]:
                figures["remote_cli"] = self._time_remote_cli(url, password, repeat)
            if api_workers:
                figures["api"] = self._measure_api(url, password, api_workers, api_requests)
            report["sizes"][str(size)] = figures
            self._print(size, figures)
        if options["import_rows"]:
            from crm_tools.import_bench import bench_import

            report["import"] = bench_import(self, database_url, options["import_rows"])
        if json_path:
            Path(json_path).write_text(json.dumps(report, indent=2))
            self.stdout.write(f"Figures written to {json_path}.")

    # -- one database per size -------------------------------------------------------

    def _url_for(self, size: int, base: str | None) -> str:
        if base is None:
            return f"sqlite:///{Path(settings.DATA_DIR) / f'bench-{size}.sqlite3'}"
        parts = urlsplit(base)
        return urlunsplit(parts._replace(path=f"/epicevents_bench_{size}"))

    def _env(self, url: str, **extra) -> dict:
        # Bytecode caching stays on, as on any installation: with PYTHONDONTWRITEBYTECODE every
        # process would compile the project's modules again, while Django's come precompiled.
        ignored = ("DJANGO_SETTINGS_MODULE", "SENTRY_DSN", "PYTHONDONTWRITEBYTECODE")
        env = {key: value for key, value in os.environ.items() if key not in ignored}
        env.update(DATABASE_URL=url, LOG_FILE=str(Path(tempfile.gettempdir()) / "epicevents-bench.log"), **extra)
        # Building a million events takes statements longer than the everyday limit.
        env.setdefault("DATABASE_STATEMENT_TIMEOUT", str(24 * 3600))
        return env

    def _manage(self, url: str, *argv: str, capture: bool = False) -> str:
        done = subprocess.run(
            [sys.executable, str(MANAGE), *argv], env=self._env(url), capture_output=capture, text=True
        )
        if done.returncode != 0:
            raise CommandError(f"manage.py {' '.join(argv)} failed: {(done.stderr or '').strip()[-300:]}")
        return done.stdout if capture else ""

    def _prepare(self, url: str, size: int) -> None:
        if url.startswith("postgres"):
            self._create_postgres_database(url)
        self._manage(url, "migrate", "--no-input", "--verbosity", "0")
        count = int(self._manage(url, "shell", "-c", COUNT_EVENTS, capture=True).strip().splitlines()[-1])
        if count < size:
            self.stderr.write(f"   seeding {size - count:,} events ...")
            self._manage(url, "seed_demo", "--events", str(size - count))
        elif count > size:
            self.stderr.write(f"   note: the database holds {count:,} events (more than {size:,}); reusing it")
        if url.startswith("postgres"):
            self._analyze(url)  # what autovacuum does after a bulk load, before the planner can be fair

    def _analyze(self, url: str) -> None:
        import psycopg2

        connection = psycopg2.connect(url)
        connection.autocommit = True
        with connection.cursor() as cursor:
            # What autovacuum does after a bulk load (insert-triggered since PostgreSQL 13): statistics
            # for the planner, the visibility map for index-only scans, and the GIN pending lists of
            # the trigram indexes merged (until then every search reads them whole).
            cursor.execute("VACUUM (ANALYZE)")
        connection.close()

    def _create_postgres_database(self, url: str) -> None:
        import psycopg2
        from psycopg2 import sql

        parts = urlsplit(url)
        admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
        admin.autocommit = True
        name = parts.path.lstrip("/")
        with admin.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        admin.close()

    # -- measurements ------------------------------------------------------------------

    def _run_measurer(self, url: str, repeat: int) -> dict:
        skipped = [f"--skip={_section_name(path)}" for path in SECTIONS if path not in self._sections]
        output = self._manage(
            url, "bench", "--measure-only", "--repeat", str(repeat),
            "--section-repeat", str(self._section_repeat), *skipped, capture=True,
        )
        return json.loads(output.strip().splitlines()[-1])

    def _measure_here(self, repeat: int, sections: list[str], section_repeat: int) -> None:
        from crm_tools.benchmark import bench_manager, measure_history_storage, measure_lists, measure_login

        lists = measure_lists(repeat=repeat)
        figures = {"lists": lists, "login_ms": measure_login(), "history": measure_history_storage()}
        for module in map(importlib.import_module, sections):
            figures[module.NAME] = module.measure(actor=bench_manager()[0], repeat=section_repeat)
        figures["bench_password"] = bench_manager()[1]
        self.stdout.write(json.dumps(figures))

    def _time_cli(self, url: str, password: str, repeat: int, instructions: bool) -> tuple[dict, dict, dict]:
        from crm_tools.benchmark import BENCH_MANAGER

        with tempfile.TemporaryDirectory() as home:
            env = self._env(url, EPICEVENTS_HOME=home)
            login = subprocess.run(
                [sys.executable, str(MAIN), "login", "--email", BENCH_MANAGER, "--password-stdin"],
                input=password + "\n",
                env=env,
                capture_output=True,
                text=True,
            )
            if login.returncode != 0:
                raise CommandError(f"bench login failed: {login.stderr.strip()}")
            bare_env = {**env, "DJANGO_SETTINGS_MODULE": "config.settings.cli"}
            runs = {"bare django.setup()": ([sys.executable, "-c", "import django; django.setup()"], bare_env)}
            for argv in CLI_COMMANDS:
                runs[" ".join(argv)] = ([sys.executable, str(MAIN), *argv], env)
            results = _interleaved_walls(runs, repeat, cwd=PROJECT_DIR)
            counts = _instruction_counts(runs, cwd=PROJECT_DIR) if instructions else {}
            exports = {
                f"events list --format {output}": _whole_export(
                    [sys.executable, str(MAIN), "events", "list", "--format", output], env, repeat
                )
                for output in ("json", "csv")
            }
        return results, counts, exports

    def _time_remote_cli(self, url: str, password: str, repeat: int) -> dict:
        from crm_tools.benchmark import BENCH_MANAGER
        from crm_tools.remote_bench import measure_remote

        return measure_remote(
            main=MAIN,
            manage=MANAGE,
            env=self._env(url),
            email=BENCH_MANAGER,
            password=password,
            commands=CLI_COMMANDS,
            timer=lambda runs: _interleaved_walls(runs, repeat, cwd=PROJECT_DIR),
        )

    def _measure_api(self, url: str, password: str, workers: list[int], requests: int) -> dict:
        from crm_tools.api_bench import measure_api
        from crm_tools.benchmark import BENCH_MANAGER

        env = self._env(url)
        return measure_api(
            manage=MANAGE, env=env, email=BENCH_MANAGER, password=password, workers=workers, requests=requests
        )

    def _print(self, size: int, figures: dict) -> None:
        lines = [
            f"\n{size:,} events",
            f"  {'list / filter (page of 50)':<42}{'median ms':>10}{'min ms':>9}{'queries':>9}",
        ]
        for name, item in figures["lists"].items():
            lines.append(f"  {name:<42}{item['median_ms']:>10.2f}{item['min_ms']:>9.2f}{item['queries']:>9}")
        bare = figures["cli"]["bare django.setup()"]
        lines.append(f"  {'CLI process (median wall time)':<42}{'ms':>10}{'x bare':>9}")
        for name, wall in figures["cli"].items():
            lines.append(f"  {name[:42]:<42}{wall:>10.0f}{wall / bare:>9.2f}")
        if figures.get("cli_export"):
            heading = "CLI process, every row to a pipe (median)"
            lines.append(f"  {heading:<42}{'first ms':>10}{'total s':>9}{'rows/s':>10}")
            for name, item in figures["cli_export"].items():
                lines.append(
                    f"  {name[:42]:<42}{item['first_byte_ms']:>10.0f}{item['total_s']:>9.2f}{item['rows_per_s']:>10,}"
                )
        counts = figures.get("cli_instructions") or {}
        if counts:
            bare_count = counts["bare django.setup()"]
            lines.append(f"  {'CLI process (instructions, valgrind)':<42}{'millions':>10}{'x bare':>9}")
            for name, count in counts.items():
                lines.append(f"  {name[:42]:<42}{count / 1e6:>10.0f}{count / bare_count:>9.3f}")
        lines.append(f"  {'login (bcrypt, deliberately slow)':<42}{figures['login_ms']:>10.0f}")
        lines.append(f"  {'history table (with its index)':<42}{'entries':>10}{'MB':>9}{'MB per million':>16}")
        for name, item in figures["history"].items():
            per_million = item["mb_per_million"] if item["mb_per_million"] is not None else "-"
            lines.append(f"  {name:<42}{item['entries']:>10,}{item['bytes'] / 1e6:>9.1f}{per_million:>16}")
        for module in map(importlib.import_module, self._sections):
            if module.NAME in figures:
                lines += module.report(figures[module.NAME])
        if figures.get("remote_cli"):
            from crm_tools.remote_bench import print_lines as remote_lines

            lines += remote_lines(figures["remote_cli"])
        if figures.get("api"):
            from crm_tools.api_bench import print_lines

            lines += print_lines(figures["api"])
        self.stdout.write("\n".join(lines))


def _section_name(path: str) -> str:
    """``crm_tools.bench_exports`` -> ``exports``, the name ``--skip`` takes."""
    return path.rsplit(".", 1)[-1].removeprefix("bench_")


UNDOCUMENTED = "internal: measure the database of DATABASE_URL and print JSON"
COUNT_EVENTS = "from epic_events_app.models import Event; print(Event.objects.count())"


def _whole_export(argv: list[str], env: dict, repeat: int) -> dict:
    """A full export as a user runs it (``events list --format json > all.json``): the whole process,
    from its start to its first byte of rows on stdout and to its exit; medians of ``repeat`` runs."""
    runs = []
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        process = subprocess.Popen(argv, env=env, cwd=PROJECT_DIR, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        head = process.stdout.read(2)  # "[\n" or the CSV header's first bytes: written once rows are on their way
        first = time.perf_counter() - started
        lines = head.count(b"\n")
        while piece := process.stdout.read(1 << 20):
            lines += piece.count(b"\n")
        if process.wait() != 0:
            raise CommandError(f"{' '.join(argv[2:])} failed (exit {process.returncode})")
        runs.append((first, time.perf_counter() - started, lines))
    first, total = statistics.median(run[0] for run in runs), statistics.median(run[1] for run in runs)
    rows = max(runs[0][2] - 2, 0) if argv[-1] == "json" else max(runs[0][2] - 1, 0)  # "[" and "]" lines, or the header
    return {"first_byte_ms": round(first * 1000), "total_s": round(total, 3), "rows_per_s": round(rows / total)}


def _interleaved_walls(runs: dict, repeat: int, cwd) -> dict:
    """Median wall time of each command, run round by round so load changes hit all alike."""
    timings = {name: [] for name in runs}
    for round_number in range(repeat + 1):  # round 0 warms the OS file cache and is dropped
        for name, (argv, env) in runs.items():
            started = time.perf_counter()
            done = subprocess.run(argv, env=env, cwd=cwd, capture_output=True)
            elapsed = (time.perf_counter() - started) * 1000
            if done.returncode != 0:
                raise CommandError(f"{name} failed: {done.stderr.decode()[-300:]}")
            if round_number:
                timings[name].append(elapsed)
    return {name: round(statistics.median(values), 1) for name, values in timings.items()}


def _instruction_counts(runs: dict, cwd) -> dict:
    """Instructions executed by each command under callgrind: the same figure whatever the load."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        raise CommandError("--instructions needs valgrind (Debian package valgrind).")
    counts = {}
    with tempfile.TemporaryDirectory() as scratch:
        for name, (argv, env) in runs.items():
            out = Path(scratch) / "callgrind.out"
            done = subprocess.run(
                [valgrind, "--tool=callgrind", f"--callgrind-out-file={out}", *argv],
                env=env,
                cwd=cwd,
                capture_output=True,
            )
            if done.returncode != 0:
                raise CommandError(f"{name} under valgrind failed: {done.stderr.decode()[-300:]}")
            totals = [line for line in out.read_text().splitlines() if line.startswith(("summary:", "totals:"))]
            counts[name] = int(totals[-1].split()[1])
    return counts
