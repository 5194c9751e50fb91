"""``manage.py load_test``: the CRM under several staff at once, parallel logins and kill -9.

Everything runs as real CLI processes against a fresh database of its own (a SQLite file
in DATA_DIR, or a PostgreSQL database on the server of ``--database-url``):

- staff: N employees (sales, support, management) each run commands back to back for T
  seconds, reading lists and writing their own records; afterwards every value they saved
  is looked up: a value missing or different is a lost write. Commands, errors (any exit
  status but 0) and tracebacks are counted.
- logins: bursts of K logins of one account started at once, K-1 wrong and the right one
  among them; the audit log says how many passwords were really checked.
- kills: write commands killed with SIGKILL at a random moment of their run; afterwards
  each record is either wholly as before or wholly as after (else: half-written).

See docs/performance.md, "Concurrency and faults", for the figures and how to read them.
"""

import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings

PROJECT_DIR = Path(settings.PROJECT_DIR)
MAIN = PROJECT_DIR / "main.py"
MANAGE = PROJECT_DIR / "manage.py"
PASSWORD = "Load-Test-Passphrase-2026"  # nosec B105 - the password of throw-away load-test accounts


@dataclass
class Tally:
    commands: int = 0
    errors: list = field(default_factory=list)
    tracebacks: int = 0
    seconds: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, argv, done, seconds) -> None:
        with self.lock:
            self.commands += 1
            self.seconds.append(seconds)
            if "Traceback" in done.stderr:
                self.tracebacks += 1
            if done.returncode != 0:
                self.errors.append(f"{' '.join(argv[:2])}: exit {done.returncode}: {done.stderr.strip()[:200]}")


class LoadTest:
    def __init__(self, url: str, workdir: Path, out):
        self.url, self.workdir, self.out = url, workdir, out

    # -- processes -------------------------------------------------------------------

    def env(self, home: Path | None = None, **extra) -> dict:
        ignored = ("DJANGO_SETTINGS_MODULE", "SENTRY_DSN")
        env = {key: value for key, value in os.environ.items() if key not in ignored}
        env.update({"DATABASE_URL": self.url, "LOG_FILE": str(self.workdir / "crm.log"), "NO_COLOR": "1", **extra})
        if home is not None:
            env["EPICEVENTS_HOME"] = str(home)
        return env

    def manage(self, *argv, **extra) -> str:
        done = subprocess.run(
            [sys.executable, str(MANAGE), *argv], env=self.env(**extra), capture_output=True, text=True
        )
        if done.returncode != 0:
            raise RuntimeError(f"manage.py {argv[0]} failed: {done.stderr.strip()[-300:]}")
        return done.stdout

    def cli(self, home: Path, argv: list[str], stdin: str = "", **extra) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, str(MAIN), *argv], input=stdin, env=self.env(home, **extra),
            capture_output=True, text=True, timeout=300,
        )

    def login(self, home: Path, email: str) -> None:
        done = self.cli(home, ["login", "--email", email, "--password-stdin"], stdin=PASSWORD + "\n")
        if done.returncode != 0:
            raise RuntimeError(f"login of {email} failed: {done.stderr.strip()}")

    def seed(self, *, staff: int, bursts: int, kills: int) -> dict:
        output = self.manage(
            "load_test", "--seed", "--staff", str(staff), "--bursts", str(bursts), "--kills", str(kills)
        )
        return json.loads(output.strip().splitlines()[-1])

    def verify(self, expected: dict) -> dict:
        path = self.workdir / "expected.json"
        path.write_text(json.dumps(expected))
        return json.loads(self.manage("load_test", "--verify", str(path)).strip().splitlines()[-1])

    # -- staff at work -----------------------------------------------------------------

    def staff(self, plan: dict, seconds: float) -> tuple[Tally, dict]:
        tally, expected = Tally(), {"writes": [], "created_clients": {}, "created_events": {}}
        hot = {"id": plan["hot_contract"], "saved": []}
        lock = threading.Lock()
        homes = [self.workdir / f"staff-{index}" for index in range(len(plan["staff"]))]
        self._in_parallel(self.login, [(home, person["email"]) for home, person in zip(homes, plan["staff"])])
        deadline = time.monotonic() + seconds  # the clock starts once everyone is logged in
        self._in_parallel(
            self._work,
            [(index, home, person, deadline, tally, expected, hot, lock)
             for index, (home, person) in enumerate(zip(homes, plan["staff"]))],
        )
        expected["hot_contract"] = hot
        return tally, expected

    @staticmethod
    def _in_parallel(function, argument_lists) -> None:
        """``function`` on each argument list at once, in threads; the first failure is raised here."""
        failures = []

        def call(arguments):
            try:
                function(*arguments)
            except Exception as error:  # noqa: BLE001 - handed to the main thread below
                failures.append(error)

        threads = [threading.Thread(target=call, args=(arguments,)) for arguments in argument_lists]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if failures:
            raise failures[0]

    def _work(self, index, home, person, deadline, tally, expected, hot, lock) -> None:
        chooser = random.Random(index)  # nosec B311 - a workload mix, not a secret
        step = 0
        while step == 0 or time.monotonic() < deadline:  # at least one command each
            step += 1
            argv, record = getattr(self, f"_{person['role']}_step")(person, index, step, chooser, hot)
            started = time.monotonic()
            done = self.cli(home, argv)
            tally.add(argv, done, time.monotonic() - started)
            if done.returncode == 0 and record is not None:
                with lock:
                    record(expected)

    def _sales_step(self, person, index, step, chooser, hot):
        kind = chooser.choice(["list", "create", "update", "event", "list"])
        if kind == "create":
            email = f"new-{index}-{step}@load.epicevents.example"
            fields = {"full_name": f"Load Client {index} {step}", "company_name": f"Load {index}"}
            argv = ["clients", "create", "--full-name", fields["full_name"], "--email", email,
                    "--phone", "+33 1 23 45 67 89", "--company", fields["company_name"]]
            saved = {**fields, "sales_contact_id": person["id"]}
            return argv, lambda e: e["created_clients"].__setitem__(email, saved)
        if kind == "update":
            client, value = chooser.choice(person["clients"]), f"Company {index}-{step}"
            argv = ["clients", "update", str(client), "--company", value]
            return argv, lambda e: e["writes"].append(("client", client, "company_name", value))
        if kind == "event":
            contract, name = chooser.choice(person["contracts"]), f"Load Event {index} {step}"
            argv = ["events", "create", "--contract", str(contract), "--name", name, "--start", "2030-06-04 13:00",
                    "--end", "2030-06-04 18:00", "--location", "Paris", "--attendees", "20"]
            return argv, lambda e: e["created_events"].__setitem__(name, contract)
        return ["clients", "list", "--mine", "--format", "json", "--limit", "20"], None

    def _support_step(self, person, index, step, chooser, hot):
        if chooser.random() < 0.5:
            event, notes = chooser.choice(person["events"]), f"Notes {index}-{step}"
            argv = ["events", "update", str(event), "--notes", notes]
            return argv, lambda e: e["writes"].append(("event", event, "notes", notes))
        return ["events", "list", "--mine", "--format", "json", "--limit", "20"], None

    def _management_step(self, person, index, step, chooser, hot):
        kind = chooser.choice(["due", "contended", "assign", "list"])
        if kind in ("due", "contended"):
            contract = hot["id"] if kind == "contended" else chooser.choice(person["contracts"])
            due = f"{Decimal(chooser.randrange(0, 100001)) / 100:.2f}"  # the totals are 1000.00
            argv = ["contracts", "update", str(contract), "--due", due]
            if kind == "contended":
                return argv, lambda e: hot["saved"].append(due)
            return argv, lambda e: e["writes"].append(("contract", contract, "amount_due", due))
        if kind == "assign":
            event, supporter = chooser.choice(person["events"]), chooser.choice(person["supporters"])
            argv = ["events", "update", str(event), "--support", str(supporter)]
            return argv, lambda e: e["writes"].append(("event", event, "support_contact_id", supporter))
        return ["contracts", "list", "--unpaid", "--format", "json", "--limit", "20"], None

    # -- parallel logins ---------------------------------------------------------------

    def bursts(self, emails: list[str], size: int) -> list[dict]:
        results = []
        for number, email in enumerate(emails):
            log = self.workdir / f"burst-{number}.log"
            passwords = [f"Wrong-Guess-{n:02}-Passphrase" for n in range(size)]
            right = random.Random(number).randrange(size)  # nosec B311 - where the right one stands
            passwords[right] = PASSWORD
            starts = [
                subprocess.Popen(
                    [sys.executable, str(MAIN), "login", "--email", email, "--password-stdin"],
                    env=self.env(self.workdir / f"burst-{number}-{n}", LOG_FILE=str(log)),
                    stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                )
                for n in range(size)
            ]
            outcomes = [start.communicate(password + "\n", timeout=300) for start, password in zip(starts, passwords)]
            statuses = [start.returncode for start in starts]
            lines = log.read_text().splitlines() if log.exists() else []
            results.append({
                "logins": size,
                "password_checks": sum("reason=wrong password" in line for line in lines)
                + sum(" auth.login " in line for line in lines),
                "wrong_passwords_checked": sum("reason=wrong password" in line for line in lines),
                "right_password_accepted": statuses[right] == 0,
                "accepted": statuses.count(0),
                "tracebacks": sum("Traceback" in err for _, err in outcomes),
                "other_errors": sum(status not in (0, 3) for status in statuses),
            })
        return results

    # -- kill -9 -----------------------------------------------------------------------

    def kills(self, plan: dict, trials: int) -> tuple[list[dict], dict]:
        """``plan``: the kill-trial records made by ``load_data.seed``."""
        home = self.workdir / "kill-manager"
        self.login(home, plan["manager"])
        chooser = random.Random(9)  # nosec B311 - when to kill, not a secret
        commands = self._kill_commands(plan, trials)
        durations = self._typical_durations(home, commands)
        records, landed = [], {"before the end": 0, "after the end": 0}
        for kind, argv, record in commands:
            process = subprocess.Popen(
                [sys.executable, str(MAIN), *argv], env=self.env(home),
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            time.sleep(chooser.uniform(0, durations[kind]))
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                landed["before the end"] += 1
            else:
                landed["after the end"] += 1
            process.wait()
            records.append(record)
        return records, landed

    def _kill_commands(self, kills: dict, trials: int) -> list:
        commands = []
        for n in range(trials):
            kind = ("contract", "removal", "client")[n % 3]
            slot = n // 3
            if kind == "contract":
                contract = kills["contracts"][slot]
                argv = ["contracts", "update", str(contract), "--total", "2000", "--due", "1500"]
                record = {
                    "kind": kind, "id": contract, "before": ["1000.00", "500.00"], "after": ["2000.00", "1500.00"]
                }
            elif kind == "removal":
                leaver = kills["leavers"][slot]
                argv = ["employees", "delete", str(leaver), "--reassign-to", str(kills["successor"])]
                record = {"kind": kind, "id": leaver, "n": slot, "successor": kills["successor"]}
            else:
                email = f"killed-{slot}@load.epicevents.example"
                fields = {
                    "full_name": f"Killed Client {slot}", "company_name": "Killed Ltd", "phone": "+33 1 23 45 67 89"
                }
                argv = ["clients", "create", "--full-name", fields["full_name"], "--email", email,
                        "--phone", fields["phone"], "--company", fields["company_name"]]
                record = {"kind": kind, "email": email, "fields": fields}
            commands.append((kind, argv, record))
        return commands

    def _typical_durations(self, home: Path, commands: list) -> dict:
        """How long a command of each kind runs here: kills land anywhere in such a run."""
        durations = {}
        for kind in ("contract", "removal", "client"):
            argv = {
                "contract": ["contracts", "list", "--format", "json", "--limit", "1"],
                "removal": ["employees", "list", "--format", "json"],
                "client": ["clients", "list", "--format", "json", "--limit", "1"],
            }[kind]
            runs = []
            for _ in range(3):
                started = time.monotonic()
                self.cli(home, argv)
                runs.append(time.monotonic() - started)
            durations[kind] = statistics.median(runs) * 1.2
        return durations


def run(*, url: str, staff: int, seconds: float, bursts: int, burst_size: int, kills: int, out) -> dict:
    """The whole load test against the fresh database at ``url``; returns the figures."""
    with tempfile.TemporaryDirectory(prefix="epicevents-load-") as scratch:
        test = LoadTest(url, Path(scratch), out)
        test.manage("migrate", "--no-input", "--verbosity", "0")
        out(f"   seeding {staff} staff, {bursts} burst accounts, {kills} kill trials ...")
        plan = test.seed(staff=staff, bursts=bursts, kills=kills)
        figures = {"staff": staff, "seconds": seconds}
        expected = {"bursts": plan["bursts"]}
        if staff:
            out(f"   {staff} staff at work for {seconds:g} s ...")
            tally, writes = test.staff(plan, seconds)
            expected.update(writes)
            figures["commands"] = tally.commands
            figures["errors"] = tally.errors
            figures["tracebacks"] = tally.tracebacks
            figures["median_command_s"] = round(statistics.median(tally.seconds), 2) if tally.seconds else None
        if bursts:
            out(f"   {bursts} bursts of {burst_size} parallel logins ...")
            figures["bursts"] = test.bursts(plan["bursts"], burst_size)
        if kills:
            out(f"   {kills} kill -9 trials ...")
            expected["kills"], figures["kills_landed"] = test.kills(plan["kills"], kills)
            figures["kills"] = kills
        checked = test.verify(expected)
        figures.update(checked)
        figures["saved_writes_checked"] = (
            len(expected.get("writes", [])) + len(expected.get("created_clients", {}))
            + len(expected.get("created_events", {})) + len(expected.get("hot_contract", {}).get("saved", []))
        )
        return figures
