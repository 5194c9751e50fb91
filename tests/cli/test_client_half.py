"""The client half of the CLI (everything but the local transport) runs without Django.

A staff machine in remote mode will hold no database driver and no server settings, so
the parser, the commands, the rendering, the menu, the session file and the client
settings must import and work on plain data with Django absent from the process.
"""

import json
import subprocess
import sys
import textwrap

from cli.client_settings import REPO_ROOT, ClientSettings
from cli.columns.clients import CLIENT
from cli.columns.contracts import CONTRACT
from cli.columns.employees import DEPARTMENTS, EMPLOYEE
from cli.columns.events import EVENT

CLIENT_HALF = """
import io, json, sys
sys.path.insert(0, "crm_events")

import cli.access, cli.client_settings, cli.environment, cli.exit_status, cli.gateway, cli.parser
import cli.render, cli.results, cli.runner, cli.session_file, cli.import_report, cli.commands.history
import cli.gateway.choice, cli.gateway.http, cli.gateway.remote, cli.program
import crm_core.calendar_text, crm_core.counting, crm_core.export_text
from crm_core.export_text import Rows
import cli.columns.clients, cli.columns.contracts, cli.columns.employees, cli.columns.events, cli.columns.history
import cli.menu.app, cli.menu.browse, cli.menu.entries, cli.menu.forms, cli.menu.onboarding
import cli.menu.prompts, cli.menu.records, cli.menu.session, cli.menu.staff
from cli.commands import command_modules
from cli.environment import Environment
from cli.gateway import Gateway, Imports, LoggedIn, Page, Resource
from cli.runner import run
from cli.session_file import SessionFile

command_modules()  # every command group

EMPLOYEE = {
    "id": 1, "employee_number": "EE00001", "full_name": "Mona Manager", "email": "mona@epicevents.example",
    "phone": "", "department": "management", "department_name": "Management", "is_active": True,
    "is_superuser": False, "created_at": "2026-03-02T09:00:00+01:00", "updated_at": "2026-03-02T09:00:00+01:00",
    "deleted_at": None,
    "locked_until": None,
}
CLIENT = {
    "id": 7, "full_name": "Kevin Casey", "email": "kevin@startup.io", "phone": "+678 123 456 78",
    "company_name": "Cool Startup LLC", "created_at": "2021-04-18T11:00:00+02:00",
    "updated_at": "2023-03-29T16:30:00+02:00", "sales_contact_id": 2, "sales_contact_name": "Bill Boquet",
}


class Clients(Resource):
    # A transport that answers from memory: what is under test is everything above it.
    name = "clients"

    def list(self, *, page=1, limit=50, record_id=None, **filters):
        return Page([CLIENT], page, limit, 1, False)

    def export(self, **filters):
        return Rows([CLIENT])

    def show(self, record_id):
        return CLIENT

    def history(self, record_id, *, since=None, by=None, page=1, limit=50):
        return Page([ENTRY], page, limit, 1, False)

    def history_export(self, record_id, *, since=None, by=None):
        return iter([ENTRY])


ENTRY = {
    "at": "2026-03-02T10:00:00+01:00", "actor_id": 2, "actor_name": "Bill Boquet", "action": "updated",
    "changes": [{"field": "phone", "old": "+678 123 456 00", "new": "+678 123 456 78"}], "reason": None,
}


class SheetImports(Imports):
    def run(self, kind, *, filename, content, dry_run=False, update=False, sheet=None, progress=None):
        counts = {"clients": len(content.splitlines()) - 1, "contracts": 0, "events": 0}
        zero = dict.fromkeys(counts, 0)
        return {"file": filename, "kind": kind, "dry_run": dry_run, "update": update, "written": not dry_run,
                "rows": counts["clients"], "created": counts, "updated": zero, "unchanged": zero,
                "differing": zero, "differences": [], "ignored_columns": [], "errors": []}


class InMemory(Gateway):
    clients = Clients()
    imports = SheetImports()

    def _whoami(self, token):
        return EMPLOYEE

    def session(self):
        return LoggedIn(EMPLOYEE, "2026-03-02T17:00:00+01:00")


home = sys.argv[1]
SessionFile().save("a.token.value")  # in EPICEVENTS_HOME, read without Django
sheet = home + "/clients.csv"
with open(sheet, "w") as file:
    file.write("full_name;email;phone;company_name\\nKevin Casey;kevin@startup.io;+678 123 456 78;Cool Startup\\n")
outputs = {}
for argv in (["whoami"], ["whoami", "--format", "csv"], ["clients", "list"], ["clients", "list", "--format", "json"],
             ["clients", "show", "7", "--format", "csv"], ["events", "--help"], ["clients", "history", "7"],
             ["clients", "history", "7", "--format", "csv"], ["import", "clients", sheet, "--dry-run"]):
    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdout=out, stderr=err, stdin=io.StringIO(), gateway=InMemory(SessionFile(home)))
    outputs[" ".join(argv)] = [int(run(argv, env)), out.getvalue(), err.getvalue()]
leaked = sorted(name for name in sys.modules if name.split(".")[0] in {
    "django", "psycopg2", "psycopg", "environ", "config", "dotenv",
    "epic_auth_app", "epic_clients_app", "epic_contracts_app", "epic_events_app",
})
print(json.dumps({"leaked": leaked, "outputs": outputs}))
"""


def test_the_client_half_imports_and_renders_without_django(tmp_path):
    home = tmp_path / "home"
    environment = {"EPICEVENTS_HOME": str(home), "NO_COLOR": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", CLIENT_HALF, str(home)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env=environment,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["leaked"] == []
    outputs = result["outputs"]
    assert outputs["whoami"][0] == 0 and "| Department      | Management" in outputs["whoami"][1]
    assert outputs["whoami --format csv"][1].startswith("id,employee_number,full_name,")
    listed = outputs["clients list"][1]
    assert "| 7  | Kevin Casey | Cool Startup LLC" in listed and "Bill Boquet (#2)" in listed
    assert "2023-03-29 16:30" in listed and listed.endswith("Clients 1–1 of 1.\n")
    assert json.loads(outputs["clients list --format json"][1])[0]["company_name"] == "Cool Startup LLC"
    assert outputs["clients show 7 --format csv"][1].splitlines()[1].startswith("7,Kevin Casey,kevin@startup.io")
    assert outputs["events --help"][0] == 0 and "list events by start date" in outputs["events --help"][1]
    history = outputs["clients history 7"][1]
    assert "Bill Boquet (#2)" in history and "+678 123 456 00 → +678 123 456 78" in history
    history_csv = outputs["clients history 7 --format csv"][1].splitlines()
    assert history_csv[1].endswith(",phone,+678 123 456 00,+678 123 456 78,")
    [imported] = [output for argv, output in outputs.items() if argv.startswith("import clients")]
    assert imported[0] == 0 and "clients.csv: 1 row checked; dry run" in imported[1], imported


def test_client_settings_come_from_the_environment_then_the_env_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("# local settings\nEPICEVENTS_HOME='relative/home'\nLOG_LEVEL=DEBUG\n")
    assert ClientSettings(environ={}, env_file=env_file).home == REPO_ROOT / "relative" / "home"
    assert ClientSettings(environ={"EPICEVENTS_HOME": "/srv/crm"}, env_file=env_file).home.as_posix() == "/srv/crm"
    assert ClientSettings(environ={"EPICEVENTS_HOME": " "}, env_file=env_file).home.name == ".epicevents"  # empty
    assert ClientSettings(environ={}, env_file=tmp_path / "missing").home.name == ".epicevents"


def test_a_dotenv_that_names_no_client_setting_is_not_parsed(tmp_path):
    """Start-up cost: the .env parser is loaded only when the file sets something the client reads."""
    env_file = tmp_path / ".env"
    env_file.write_text("LOG_LEVEL=DEBUG\n")
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, "crm_events")
        from pathlib import Path
        from cli.client_settings import ClientSettings
        home = ClientSettings(environ={{}}, env_file=Path({str(env_file)!r})).home
        print(home.name, "dotenv" in sys.modules)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO_ROOT, timeout=60, env={}
    )
    assert done.stdout.split() == [".epicevents", "False"], done.stderr


def test_the_client_copies_of_server_vocabulary_match_it():
    """Field lists (the CSV header of an empty list) and department codes, kept client-side."""
    from epic_auth_app.models import DepartmentCode
    from epic_auth_app.serializers import EMPLOYEE_SHAPE
    from epic_clients_app.serializers import CLIENT_SHAPE
    from epic_contracts_app.serializers import CONTRACT_SHAPE
    from epic_events_app.serializers import EVENT_SHAPE

    for layout, shape in ((EMPLOYEE, EMPLOYEE_SHAPE), (CLIENT, CLIENT_SHAPE), (CONTRACT, CONTRACT_SHAPE)):
        assert layout.fields == tuple(shape), layout.kind
    assert EVENT.fields == tuple(EVENT_SHAPE)
    assert list(DEPARTMENTS) == DepartmentCode.choices
