"""What the command line tells people to type next must work when typed (issue 13, items 4, 8, 14, 15).

Every hint names the program as it was run, repeats every option the next step needs,
shows how to give a value that starts with '-', counts in words, dates its examples in
the future and says which part of an impossible date is wrong.
"""

import datetime as dt
import os
import re
import subprocess

import pytest

from crm_core.calendar_text import example_datetime
from epic_auth_app.models import AuthSession
from tests.cli_support import REPO_ROOT, process_env, run_cli, run_process
from tests.factories import PASSWORD, make_client, make_contract, make_employee, make_event

pytestmark = pytest.mark.django_db
WEDDING = ["--name", "John Ouick Wedding", "--end", "2030-06-05 02:00", "--location", "Candé", "--attendees", "75"]


def future_examples(text: str) -> list[dt.date]:
    return [dt.date.fromisoformat(day) for day in re.findall(r"e\.g\. (\d{4}-\d\d-\d\d)", text)]


# -- item 4: the program as it was run ------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_hints_name_the_wrapper_when_the_crm_runs_through_it(tmp_path):
    env = process_env(tmp_path / "home")
    env.pop("EPICEVENTS_PROGRAM", None)
    run = subprocess.run(["./crm", "whoami"], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert (run.returncode, run.stderr) == (3, "You are not logged in; log in with: ./crm login --email YOUR_EMAIL.\n")
    usage = subprocess.run(["./crm", "clients", "list", "--bogus"], cwd=REPO_ROOT, env=env, capture_output=True,
                           text=True, timeout=120)
    assert usage.returncode == 2 and usage.stderr.endswith("see './crm clients list --help'.\n")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_wrapper_works_through_a_symbolic_link_and_hints_name_the_link(tmp_path):
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "crm").symlink_to(REPO_ROOT / "crm")  # e.g. ~/bin/crm, to run it from anywhere
    (tmp_path / "crm").symlink_to("bin/crm")  # a relative link to that link
    env = process_env(tmp_path / "home")
    env.pop("EPICEVENTS_PROGRAM", None)
    for link in ("bin/crm", "./crm"):
        run = subprocess.run([link, "whoami"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
        hint = f"You are not logged in; log in with: {link} login --email YOUR_EMAIL.\n"
        assert (run.returncode, run.stderr) == (3, hint)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_session_the_server_ended_gets_the_login_command_of_this_machine(tmp_path):
    make_employee("sales", email="bill@epicevents.example")
    home = tmp_path / "bill"
    run_process(["login", "--email", "bill@epicevents.example", "--password-stdin"], home, stdin=PASSWORD + "\n")
    AuthSession.objects.update(expires_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    done = run_process(["whoami"], home, EPICEVENTS_PROGRAM="crm")
    expected = "Your session has expired; log in again with: crm login --email YOUR_EMAIL.\n"
    assert (done.status, done.stderr) == (3, expected)


# -- item 8: values that start with '-' ---------------------------------------------------------------


@pytest.mark.parametrize(
    "argv, hint",
    [
        (["events", "update", "1", "--notes", "-x"], "--notes=-x"),
        (["clients", "list", "--search", "-Wedding"], "--search=-Wedding"),
        (["events", "create", "--contract", "1", *WEDDING[:1], "-Wedding", *WEDDING[2:], "--start", "x"],
         "--name=-Wedding"),
    ],
)
def test_a_value_starting_with_a_dash_gets_the_way_to_give_it(home, argv, hint):
    done = run_cli(argv, home)
    assert done.status == 2
    assert f"(a value starting with '-' is written with '=': {hint})" in done.stderr
    assert done.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "argv, rewritten",
    [
        (["import", "clients", "-sheet.csv"], "import clients -- -sheet.csv"),
        (["import", "events", "-sheet.xlsx", "--dry-run"], "import events --dry-run -- -sheet.xlsx"),
    ],
)
def test_a_positional_value_starting_with_a_dash_gets_the_command_with_double_dash(home, argv, rewritten):
    done = run_cli(argv, home)
    assert done.status == 2
    assert f"(a value starting with '-' goes after '--': main.py {rewritten})" in done.stderr
    assert done.stderr.count("\n") == 1


def test_an_option_without_a_value_gets_no_such_hint(home):
    done = run_cli(["events", "update", "1", "--notes"], home)
    assert done.status == 2 and "written with '='" not in done.stderr


def test_the_hinted_form_works(home, log_in, manager):
    log_in(manager)
    event = make_event()
    done = run_cli(["events", "update", str(event.pk), "--notes=-x", "--format", "json"], home)
    assert done.status == 0 and '"notes": "-x"' in done.stdout


# -- item 14: the next page repeats every option ------------------------------------------------


def test_the_next_page_hint_is_the_whole_command_with_its_limit_and_filters(home, log_in, manager):
    log_in(manager)
    for _ in range(3):
        make_event(support_contact=None)
    done = run_cli(["events", "list", "--no-support", "--limit", "2"], home)
    footer = done.stdout.splitlines()[-1]
    assert footer == "Events 1–2 of 3. Next page: main.py events list --no-support --limit 2 --page 2"
    second = run_cli(["events", "list", "--no-support", "--limit", "2", "--page", "2"], home)
    assert "Events 3–3 of 3." in second.stdout  # what the hint gives shows the rest
    third = run_cli(["events", "list", "--limit=1", "--page=2", "--debug"], home)
    assert third.stdout.splitlines()[-1].endswith("Next page: main.py events list --limit=1 --page 3")


# -- item 15: counts, session ends, examples, impossible dates ---------------------------------------


def test_counts_are_worded_in_the_singular_and_the_plural(home, log_in, manager, seller, other_seller):
    log_in(manager)
    make_client(seller)
    refused = run_cli(["employees", "delete", str(seller.pk)], home)
    assert "still owns 1 client and 0 upcoming events;" in refused.stderr
    done = run_cli(["employees", "delete", str(seller.pk), "--reassign-to", str(other_seller.pk)], home)
    assert "1 client and 0 upcoming events now belong to Sally Seller." in done.stdout
    assert "(s)" not in refused.stderr + done.stdout


def test_login_and_whoami_say_when_the_session_ends_with_its_zone(home, seller):
    login = run_cli(["login", "--email", seller.email, "--password-stdin"], home, stdin=PASSWORD + "\n")
    ends = re.search(r"lasts until (\d{4}-\d\d-\d\d \d\d:\d\d) \((UTC[+-]\d\d:\d\d)\)\.$", login.stdout.strip())
    assert ends, login.stdout
    whoami = run_cli(["whoami"], home)
    assert f"| Session ends    | {ends.group(1)} ({ends.group(2)})" in whoami.stdout
    assert "| Server          | local database" in whoami.stdout


def test_date_examples_in_help_and_refusals_are_in_the_future(home, log_in, seller):
    today = dt.date.today()
    help_text = run_cli(["events", "create", "--help"], home).stdout
    assert future_examples(help_text) and all(day > today for day in future_examples(help_text))
    log_in(seller)
    contract = make_contract(make_client(seller))
    done = run_cli(["events", "create", "--contract", str(contract.pk), "--start", "next tuesday", *WEDDING], home)
    assert done.status == 1 and f"(e.g. {example_datetime()})" in done.stderr
    assert all(day > today for day in future_examples(done.stderr))


@pytest.mark.parametrize(
    "typed, reason",
    [
        ("2027-02-30 13:00", "February 2027 has no 30th (it has 28 days)"),
        ("2027-04-31 09:00", "April 2027 has no 31st (it has 30 days)"),
        ("2027-13-02 09:00", "there is no month 13 (months go from 01 to 12)"),
        ("2027-06-04 25:00", "25:00 is not a time of day (hours go from 00 to 23)"),
    ],
)
def test_an_impossible_date_says_which_part_is_wrong(home, log_in, seller, typed, reason):
    log_in(seller)
    contract = make_contract(make_client(seller))
    done = run_cli(["events", "create", "--contract", str(contract.pk), "--start", typed, *WEDDING], home)
    assert done.status == 1
    assert f"'{typed}': {reason}." in done.stderr and "not a date-time" not in done.stderr


def test_no_example_in_the_code_is_a_date_that_has_passed():
    """The kind, not the case: every 'e.g.' date the programs print comes from crm_core.calendar_text."""
    sources = [path for path in (REPO_ROOT / "crm_events").rglob("*.py") if "migrations" not in path.parts]
    stale = []
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for day in re.findall(r"e\.g\. (\d{4}-\d\d-\d\d)", text):
            if dt.date.fromisoformat(day) <= dt.date.today() and "schema.py" not in path.name:
                stale.append(f"{os.path.relpath(path, REPO_ROOT)}: {day}")
    assert stale == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("argv", [["login", "--email", "bill@epicevents.example"],
                                  ["login", "--email", "bill@epicevents.example", "--password-stdin"]])
def test_a_password_with_no_terminal_to_ask_it_gets_this_command_piped(home, argv):
    """Without a terminal (a script, a cron job) the hint is the same command with the password piped in."""
    make_employee("sales", email="bill@epicevents.example")
    done = run_process(argv, home, stdin="")
    assert done.status == 2
    said, hint = done.stderr.strip().split(": ", 1)
    assert said in ("No terminal to ask for the password; pipe it", "No password on standard input; pipe one line")
    assert hint.startswith("printf '%s\\n' \"$PW\" | ") and hint.endswith(" --password-stdin")
    piped = subprocess.run(
        ["sh", "-c", hint], cwd=REPO_ROOT, env={**process_env(home), "PW": PASSWORD},
        capture_output=True, text=True, timeout=60,
    )
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout.startswith("Logged in as ")
