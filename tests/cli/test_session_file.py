"""The token on disk: owner-only, written atomically, harmless when corrupt, never a pipe to wait on."""

import os
import stat

import pytest

from cli.session_file import SessionFile
from crm_core.errors import InvalidInput, NotAuthenticated
from tests.cli_support import MAIN, run_process, with_program_as_run
from tests.factories import PASSWORD, make_employee


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_saved_token_is_owner_only_in_an_owner_only_directory(tmp_path):
    home = tmp_path / "epicevents"
    SessionFile(home).save("header.payload.signature")
    assert mode(home) == 0o700
    assert mode(home / "session.jwt") == 0o600
    assert SessionFile(home).load() == "header.payload.signature"


def test_loosened_directory_is_secured_again(tmp_path):
    home = tmp_path / "epicevents"
    home.mkdir(mode=0o755)
    home.chmod(0o755)
    SessionFile(home).save("token")
    assert mode(home) == 0o700


def test_replacing_the_token_leaves_no_temporary_file(tmp_path):
    session = SessionFile(tmp_path / "epicevents")
    session.save("first")
    session.save("second")
    assert session.load() == "second"
    assert [path.name for path in session.home.iterdir()] == ["session.jwt"]


def test_missing_file_means_no_session(tmp_path):
    assert SessionFile(tmp_path / "nowhere").load() is None


def test_binary_or_oversized_content_is_not_a_token(tmp_path):
    session = SessionFile(tmp_path)
    session.path.write_bytes(b"\xff\xfe\x00garbage")
    assert session.load() == ""
    session.path.write_text("x" * 100_000)
    assert session.load() == ""


def test_clear_removes_the_file(tmp_path):
    session = SessionFile(tmp_path)
    session.save("token")
    session.clear()
    session.clear()
    assert session.load() is None


@pytest.mark.parametrize("kind", ["named pipe", "directory"])
def test_a_session_file_that_is_not_a_regular_file_is_refused_at_once(tmp_path, kind):
    session = SessionFile(tmp_path)
    if kind == "named pipe":
        os.mkfifo(session.path, 0o600)  # opening it for reading would wait for a writer forever
    else:
        session.path.mkdir()
    with pytest.raises(NotAuthenticated, match=f"is a {kind}, not a file this program wrote; remove it"):
        session.load()
    assert session.token_to_replace() is None  # a login replaces it


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_command_on_a_named_pipe_exits_3_without_waiting(tmp_path):
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    os.mkfifo(home / "session.jwt", 0o600)
    done = run_process(["whoami"], home)  # would time out, never exit, before the fix
    assert done.status == 3 and done.stdout == ""
    assert with_program_as_run(done.stderr) == (
        f"Your session file {home / 'session.jwt'} is a named pipe, not a file this program wrote; "
        f"remove it, then log in again with: PYTHON {MAIN} login --email YOUR_EMAIL.\n"
    )
    employee = make_employee(email="bill@epicevents.example")
    login = run_process(["login", "--email", employee.email, "--password-stdin"], home, stdin=PASSWORD + "\n")
    assert login.status == 0, login.stderr
    assert (home / "session.jwt").is_file() and run_process(["whoami"], home).status == 0


class UnwritableAfterTheCheck(SessionFile):
    """A disk that fills up between the check and the write."""

    def save(self, token: str) -> None:
        raise self._unwritable(OSError(28, "No space left on device"))


@pytest.mark.django_db
def test_a_session_whose_token_cannot_be_kept_is_ended_at_once(tmp_path):
    from cli.gateway.local import LocalGateway
    from epic_auth_app.models import AuthSession

    employee = make_employee(email="bill@epicevents.example")
    gateway = LocalGateway(UnwritableAfterTheCheck(tmp_path / "home"))
    with pytest.raises(InvalidInput, match="no space left on device"):
        gateway.login(email=employee.email, password=PASSWORD)
    assert not AuthSession.objects.filter(revoked_at__isnull=True).exists()


def test_the_last_email_is_owner_only_and_only_offered_from_an_owner_only_file(tmp_path):
    session = SessionFile(tmp_path / "epicevents")
    session.save_email("kate@epicevents.example")
    assert mode(session.email_path) == 0o600
    assert session.load_email() == "kate@epicevents.example"
    session.email_path.chmod(0o644)  # someone loosened it: it may have been written by another user
    assert session.load_email() is None
    session.clear_email()
    assert session.load_email() is None
