"""A log file that cannot be written: said once in one sentence, and the command carries on."""

import pytest

from tests.cli_support import run_process
from tests.factories import PASSWORD, make_employee

pytestmark = [pytest.mark.cli_process, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
EMAIL = "bill@epicevents.example"
FULL = "The log file /dev/full cannot be written (No space left on device); the CRM carries on without it"


def login(home, password):
    return run_process(
        ["login", "--email", EMAIL, "--password-stdin"], home, stdin=password + "\n", LOG_FILE="/dev/full"
    )


def test_a_successful_command_says_it_once_and_succeeds(tmp_path):
    make_employee("sales", email=EMAIL)
    done = login(tmp_path, PASSWORD)
    assert done.status == 0, done.stderr
    assert done.stderr.count(FULL) == 1
    assert "Logging error" not in done.stderr and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1


def test_a_refused_command_says_it_once_then_its_own_sentence(tmp_path):
    make_employee("sales", email=EMAIL)
    done = login(tmp_path, "Wrong-Guess-Passphrase-11")
    assert done.status == 3
    [log_sentence, refusal] = done.stderr.splitlines()
    assert log_sentence.startswith(FULL) and refusal.startswith("Login refused:")
