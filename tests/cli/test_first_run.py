"""A newcomer's first run on the embedded SQLite default (README quick start)."""

import stat
import subprocess
import sys
from pathlib import Path

import pexpect

from tests.cli_support import MAIN, REPO_ROOT, process_env


def test_first_run_creates_the_schema_the_first_manager_and_demo_data(tmp_path):
    env = process_env(tmp_path / "home", EPICEVENTS_DATA_DIR=str(tmp_path / "data"))
    env.pop("DATABASE_URL")
    child = pexpect.spawn(sys.executable, [str(MAIN)], cwd=str(REPO_ROOT), env=env, encoding="utf-8", timeout=60)
    child.expect_exact("First run: creating the CRM database")
    child.expect_exact("Create the first manager account now? [Y/n]")
    child.sendline("")
    child.expect_exact("Email:")
    child.sendline("boss@epicevents.example")
    child.expect_exact("Full name:")
    child.sendline("Mathilde Boss")
    child.expect_exact("Password (12 characters or more):")
    child.sendline("short")
    child.expect_exact("too short")
    child.expect_exact("Password (12 characters or more):")
    child.sendline("First-Manager-Passphrase-26")
    child.expect_exact("Repeat the password:")
    child.sendline("First-Manager-Passphrase-26")
    child.expect_exact("Make Mathilde Boss the CRM's administrator as well? [Y/n]")
    child.sendline("n")
    child.expect_exact("you are logged in")
    child.expect_exact("createsuperuser --noinput --email ADMIN_EMAIL")  # how to make one later
    child.expect_exact("Load the demo data (staff, clients, contracts and events)? [y/N]")
    child.sendline("y")
    child.expect_exact("the passwords are shown only now")
    child.expect_exact("bill.boquet@demo.epicevents.example")
    child.expect_exact("seed_demo --new-passwords")
    child.expect_exact("Press Enter once you have noted them.")  # not scrolled away by the menu
    assert "Choose:" not in child.before
    child.send("\r")
    child.expect_exact("Epic Events CRM — Mathilde Boss (Management)")
    child.expect_exact("Choose:")
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    database = tmp_path / "data" / "epicevents.sqlite3"
    assert stat.S_IMODE(database.stat().st_mode) == 0o600

    # The next start finds the schema and the employees: straight to the menu, no setup questions.
    again = pexpect.spawn(sys.executable, [str(MAIN)], cwd=str(REPO_ROOT), env=env, encoding="utf-8", timeout=30)
    index = again.expect_exact(["First run", "Finishing the set-up", "Create the first manager", "Choose:"])
    assert index == 3
    again.sendline("q")
    again.expect(pexpect.EOF)


def test_a_database_file_manage_py_creates_is_private_too(tmp_path):
    """Not only the first run: migrate on a new path (an administrator's set-up) holds client data too."""
    database = tmp_path / "crm.sqlite3"
    env = process_env(tmp_path / "home", DATABASE_URL=f"sqlite:///{database}")
    done = subprocess.run(
        [sys.executable, str(REPO_ROOT / "crm_events" / "manage.py"), "migrate", "-v", "0"],
        cwd=REPO_ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "config.settings.default"},
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(database.stat().st_mode) == 0o600


def test_first_run_makes_an_empty_database_left_by_another_command_private(tmp_path):
    # Any Django command (check, makemigrations) opening the default path leaves an empty file.
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    database = data / "epicevents.sqlite3"
    database.touch(mode=0o644)
    database.chmod(0o644)
    env = process_env(tmp_path / "home", EPICEVENTS_DATA_DIR=str(data))
    env.pop("DATABASE_URL")

    done = subprocess.run(
        [sys.executable, str(MAIN), "whoami"], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=60
    )

    assert "First run: creating the CRM database" in done.stderr
    assert done.returncode == 3  # the schema is there; nobody is logged in yet
    assert stat.S_IMODE(database.stat().st_mode) == 0o600


def _first_run_env(tmp_path):
    env = process_env(tmp_path / "home", EPICEVENTS_DATA_DIR=str(tmp_path / "data"))
    env.pop("DATABASE_URL")
    return env


def _start(env):
    return pexpect.spawn(sys.executable, [str(MAIN)], cwd=str(REPO_ROOT), env=env, encoding="utf-8", timeout=60)


def _leaves(child, status):
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == status
    assert "Traceback" not in child.before and "Please log in" not in child.before


def test_ctrl_c_while_the_database_is_created_waits_for_it_then_leaves(tmp_path):
    env = _first_run_env(tmp_path)
    child = _start(env)
    child.expect_exact("First run: creating the CRM database")
    child.sendcontrol("c")
    child.expect_exact("Please wait a few seconds")
    child.expect_exact("the database is ready for the next start")
    _leaves(child, 130)

    again = _start(env)  # the schema is whole: no "no such table", straight to the setup questions
    assert again.expect_exact(["First run", "Finishing the set-up", "Create the first manager"]) == 2
    again.sendcontrol("c")
    again.expect_exact("Setup skipped")
    _leaves(again, 130)


def test_a_database_left_half_made_is_finished_then_setup_can_be_skipped(tmp_path):
    env = _first_run_env(tmp_path)
    # What an interrupted first run left before: some tables, not the employees'.
    subprocess.run(
        [sys.executable, str(REPO_ROOT / "crm_events" / "manage.py"), "migrate", "contenttypes", "--verbosity", "0"],
        cwd=REPO_ROOT, env=env, check=True, timeout=60,
    )
    child = _start(env)
    child.expect_exact("Finishing the set-up of the CRM database")
    child.expect_exact("Create the first manager account now? [Y/n]")
    child.sendline("n")
    child.expect_exact("Load the demo data (staff, clients, contracts and events)? [y/N]")
    child.sendline("n")
    child.expect(r"Setup skipped; run (\S+) (\S+) again")
    python, script = child.match.group(1), child.match.group(2)
    # The command as it ran: the script as typed, after the Python that ran it (by its path from here).
    assert script == str(MAIN) and (REPO_ROOT / python).resolve() == Path(sys.executable).resolve()
    _leaves(child, 0)

    done = subprocess.run(
        [sys.executable, str(MAIN), "whoami"], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stderr.count("set-up"), done.stderr.count("First run")) == (3, 0, 0)


def test_a_name_the_terminal_garbles_is_asked_again_and_ctrl_d_after_the_manager_keeps_it(tmp_path):
    env = _first_run_env(tmp_path)
    env["PYTHONIOENCODING"] = "ascii"  # a terminal that cannot carry "Ł": Python reads it as undecodable bytes
    child = _start(env)
    child.expect_exact("Create the first manager account now? [Y/n]")
    child.sendline("")
    child.expect_exact("Email:")
    child.sendline("boss@epicevents.example")
    child.expect_exact("Full name:")
    child.sendline("Łucja Wróbel")
    child.expect_exact("Full name: is not valid text")
    child.expect_exact("Full name:")  # asked again at once, not after the passwords
    child.sendcontrol("u")  # the answer is offered again for editing: erase it
    child.sendline("Lucja Wrobel")
    child.expect_exact("Password (12 characters or more):")
    child.sendline("First-Manager-Passphrase-26")
    child.expect_exact("Repeat the password:")
    child.sendline("First-Manager-Passphrase-26")
    child.expect_exact("[Y/n]")
    child.sendline("n")
    child.expect_exact("Load the demo data (staff, clients, contracts and events)? [y/N]")
    child.sendeof()
    child.expect_exact("Cancelled; the manager account is ready")
    child.expect_exact("seed_demo loads it.")
    _leaves(child, 130)

    again = _start(env)  # the manager stays, logged in: the next start opens the menu, not the setup
    assert again.expect_exact(["Create the first manager", "Lucja Wrobel (Management)"]) == 1
    again.expect_exact("Choose:")
    again.sendline("q")
    _leaves(again, 0)


def test_ctrl_d_while_the_demo_passwords_are_shown_says_the_demo_data_is_there(tmp_path):
    """Cancelled after the demo data was written: say it stays, and how to get passwords again."""
    env = _first_run_env(tmp_path)
    child = _start(env)
    child.expect_exact("Create the first manager account now? [Y/n]")
    child.sendline("n")
    child.expect_exact("Load the demo data (staff, clients, contracts and events)? [y/N]")
    child.sendline("y")
    child.expect_exact("Press Enter once you have noted them.")
    child.sendeof()
    child.expect_exact("Cancelled; the demo data is loaded")
    child.expect_exact("seed_demo --new-passwords")
    _leaves(child, 130)
    assert "without the demo data" not in child.before

    again = _start(env)  # the demo accounts are there: the next start asks who logs in, no setup
    assert again.expect_exact(["Create the first manager", "Email:"]) == 1
    again.sendeof()
    _leaves(again, 130)
