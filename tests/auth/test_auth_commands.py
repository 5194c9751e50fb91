"""login / logout / whoami as SPEC §5 describes them, in-process and as real processes."""

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import jwt
import pytest
from django.conf import settings

from epic_auth_app.authentication import LOGIN_REFUSED
from epic_auth_app.models import AuthSession, Department, Employee
from cli.runner import PASSWORD_NOT_UTF8
from tests.cli_support import LOCAL, MAIN, process_env, run_cli, run_process
from tests.factories import PASSWORD, make_employee

LIVE_DB = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def home(tmp_path):
    return tmp_path / "epicevents"


def copy_session(home, to) -> None:
    """What a copy of someone's session is: the token and where it was issued, owner-only."""
    for name in ("session.jwt", "session.issuer"):
        (to / name).write_text((home / name).read_text())
        (to / name).chmod(0o600)


class TestInProcess:
    pytestmark = pytest.mark.django_db

    def test_login_with_password_stdin_then_whoami(self, home):
        make_employee("sales", email="bill@epicevents.example", full_name="Bill Boquet")
        done = run_cli(["login", "--email", "bill@epicevents.example", "--password-stdin"], home, stdin=PASSWORD + "\n")
        assert done.status == 0, done.stderr
        assert "Logged in as Bill Boquet (Sales)" in done.stdout
        whoami = run_cli(["whoami", "--format", "json"], home)
        assert whoami.status == 0
        assert json.loads(whoami.stdout)["department"] == "sales"

    def test_login_prompts_for_a_hidden_password_on_a_terminal(self, home):
        make_employee(email="bill@epicevents.example")
        prompts = []
        done = run_cli(
            ["login", "--email", "bill@epicevents.example"],
            home,
            tty=True,
            getpass=lambda prompt: prompts.append(prompt) or PASSWORD,
        )
        assert done.status == 0 and prompts == ["Password: "]

    def test_login_without_terminal_or_password_stdin_is_a_usage_error(self, home):
        done = run_cli(["login", "--email", "bill@epicevents.example"], home)
        assert done.status == 2
        assert "--password-stdin" in done.stderr

    @pytest.mark.parametrize("flag", ["--password", "--password=secret", "--pass"])
    def test_password_on_the_command_line_is_refused(self, home, flag):
        done = run_cli(["login", "--email", "bill@epicevents.example", flag, "hunter2"], home)
        assert done.status == 2
        assert "never accepted on the command line" in done.stderr
        assert "hunter2" not in done.stderr + done.stdout

    def test_wrong_password_exits_3_with_the_generic_sentence(self, home):
        make_employee(email="bill@epicevents.example")
        done = run_cli(["login", "--email", "bill@epicevents.example", "--password-stdin"], home, stdin="nope\n")
        assert (done.status, done.stderr.strip()) == (3, LOGIN_REFUSED)
        assert not (home / "session.jwt").exists()

    def test_whoami_without_session_exits_3(self, home):
        done = run_cli(["whoami"], home)
        assert done.status == 3 and "not logged in" in done.stderr

    def test_logout_without_session_is_harmless(self, home):
        done = run_cli(["logout"], home)
        assert done.status == 0 and "No open session" in done.stdout

    def test_password_change_ends_existing_sessions(self, home):
        employee = make_employee(email="bill@epicevents.example")
        run_cli(["login", "--email", "bill@epicevents.example", "--password-stdin"], home, stdin=PASSWORD + "\n")
        employee.set_password("A-Different-Passphrase-99")
        from epic_auth_app.services import employee_update

        employee_update(
            actor=make_employee("management"), employee_id=employee.pk, data={"password": "Another-Passphrase-77"}
        )
        assert run_cli(["whoami"], home).status == 3


def run_bytes(argv: list[str], home, stdin: bytes, shape=LOCAL) -> subprocess.CompletedProcess:
    """The real program with raw bytes on standard input (run_process only pipes text)."""
    return subprocess.run(
        [sys.executable, str(MAIN), *argv], input=stdin, capture_output=True, env=process_env(home, shape), timeout=60
    )


@LIVE_DB
class TestRealProcess:
    """Every test here runs in both shapes of SPEC §6 (``shape``): local, and through a real server."""

    @pytest.fixture(autouse=True)
    def _in_shape(self, shape):
        self.shape = shape

    def run(self, argv, home, **options):
        return run_process(argv, home, shape=self.shape, **options)

    def local_only(self, why: str) -> None:
        if self.shape.remote:
            pytest.skip(why)

    @pytest.fixture
    def manager_home(self, tmp_path):
        make_employee("management", email="mona@epicevents.example")
        assert self.login(tmp_path / "mona", email="mona@epicevents.example").status == 0
        return tmp_path / "mona"

    def login(self, home, email="bill@epicevents.example", password=PASSWORD):
        return self.run(["login", "--email", email, "--password-stdin"], home, stdin=password + "\n")

    def test_login_then_whoami_in_a_new_process_then_logout(self, home):
        make_employee("sales", email="bill@epicevents.example", full_name="Bill Boquet")
        assert self.login(home).status == 0
        whoami = self.run(["whoami", "--format", "json"], home)
        assert whoami.status == 0, whoami.stderr
        assert json.loads(whoami.stdout)["full_name"] == "Bill Boquet"
        assert self.run(["logout"], home).stdout.strip() == "Logged out."
        assert self.run(["whoami"], home).status == 3

    def test_saved_copy_of_the_token_is_useless_after_logout(self, home, tmp_path):
        make_employee(email="bill@epicevents.example")
        self.login(home)
        thief_home = tmp_path / "thief"
        thief_home.mkdir()
        copy_session(home, thief_home)
        self.run(["logout"], home)
        done = self.run(["whoami"], thief_home)
        assert done.status == 3 and "session has ended" in done.stderr

    def test_logging_in_over_a_session_ends_the_session_it_replaces(self, home, tmp_path):
        make_employee("management", email="mona@epicevents.example")
        make_employee("sales", email="bill@epicevents.example", full_name="Bill Boquet")
        self.login(home, email="mona@epicevents.example")
        copy_of_mona = tmp_path / "copy"
        copy_of_mona.mkdir(mode=0o700)
        copy_session(home, copy_of_mona)
        assert self.run(["whoami"], copy_of_mona).status == 0

        assert self.login(home).status == 0  # Bill, in the same EPICEVENTS_HOME
        stale = self.run(["employees", "list"], copy_of_mona)
        assert stale.status == 3 and "session has ended" in stale.stderr
        whoami = self.run(["whoami", "--format", "json"], home)
        assert json.loads(whoami.stdout)["full_name"] == "Bill Boquet"

    @pytest.mark.parametrize("place", ["a regular file", "/proc/nope"])
    def test_login_where_the_session_cannot_be_saved_says_where_and_leaves_no_session(self, tmp_path, place):
        make_employee(email="bill@epicevents.example")
        unwritable = tmp_path / "not-a-directory" if place == "a regular file" else Path(place)
        if place == "a regular file":
            unwritable.write_text("notes")
        done = self.login(unwritable)
        assert done.status == 1
        assert done.stderr.count("\n") == 1 and "Unexpected" not in done.stderr
        assert str(unwritable) in done.stderr and "set EPICEVENTS_HOME to a directory you can write" in done.stderr
        assert not AuthSession.objects.exists()

    def test_menu_login_where_the_session_cannot_be_saved_stops_with_the_same_sentence(self, tmp_path):
        make_employee(email="bill@epicevents.example")
        unwritable = tmp_path / "not-a-directory"
        unwritable.write_text("notes")
        done = self.run([], unwritable, stdin=f"bill@epicevents.example\n{PASSWORD}\n")
        assert done.status == 1, done.stdout + done.stderr
        assert "set EPICEVENTS_HOME to a directory you can write" in done.stdout
        assert "Traceback" not in done.stderr and not AuthSession.objects.exists()

    def test_session_file_and_directory_modes(self, home):
        make_employee(email="bill@epicevents.example")
        self.login(home)
        assert oct(home.stat().st_mode & 0o777) == "0o700"
        assert oct((home / "session.jwt").stat().st_mode & 0o777) == "0o600"

    @pytest.mark.parametrize("loose_mode", [0o644, 0o666, 0o640], ids=["0644", "0666", "0640"])
    def test_a_session_file_others_can_read_is_refused_and_its_session_ended(self, home, tmp_path, loose_mode):
        make_employee(email="bill@epicevents.example")
        self.login(home)
        saved_copy = tmp_path / "copy"
        saved_copy.mkdir(mode=0o700)
        copy_session(home, saved_copy)
        (home / "session.jwt").chmod(loose_mode)

        done = self.run(["whoami"], home)
        assert done.status == 3 and done.stdout == ""
        assert done.stderr.count("\n") == 1
        assert f"was readable by other users (mode {loose_mode:04o}), so that session has been ended" in done.stderr
        assert "log in again" in done.stderr
        assert not (home / "session.jwt").exists()
        copy_used = self.run(["whoami"], saved_copy)
        assert copy_used.status == 3 and "session has ended" in copy_used.stderr
        assert self.login(home).status == 0 and self.run(["whoami"], home).status == 0

    def test_the_menu_refuses_a_session_file_others_can_read_and_asks_to_log_in(self, home):
        make_employee(email="bill@epicevents.example", full_name="Bill Boquet")
        self.login(home)
        (home / "session.jwt").chmod(0o644)
        done = self.run([], home, stdin=f"bill@epicevents.example\n{PASSWORD}\nq\n")
        assert done.status == 0, done.stderr
        assert "was readable by other users (mode 0644), so that session has been ended." in done.stdout
        assert "Please log in." in done.stdout and "Welcome, Bill Boquet" in done.stdout
        assert oct((home / "session.jwt").stat().st_mode & 0o777) == "0o600"

    def test_expired_session_says_so_and_exits_3(self, home):
        self.local_only("the token is re-signed with the test settings' key, which a server does not share")
        make_employee(email="bill@epicevents.example")
        self.login(home)
        claims = jwt.decode((home / "session.jwt").read_text(), options={"verify_signature": False})
        claims["exp"] = int((dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)).timestamp())
        (home / "session.jwt").write_text(jwt.encode(claims, settings.JWT_SECRET_KEY, algorithm="HS256"))
        done = self.run(["whoami"], home)
        assert done.status == 3
        assert "Your session expired at" in done.stderr and "Traceback" not in done.stderr

    def test_logout_of_a_session_this_crm_does_not_accept_says_so_and_removes_the_file(self, home):
        """A token signed with another key (a shell with another JWT_SECRET_KEY): not "nothing to do"."""
        make_employee(email="bill@epicevents.example")
        self.login(home)
        claims = jwt.decode((home / "session.jwt").read_text(), options={"verify_signature": False})
        (home / "session.jwt").write_text(jwt.encode(claims, "another-key-of-at-least-32-bytes-long", "HS256"))
        done = self.run(["logout"], home)
        assert done.status == 0
        assert done.stdout.startswith("The session in your session file was not open any more")
        assert not (home / "session.jwt").exists()
        assert self.run(["logout"], home).stdout == "No open session; nothing to do.\n"

    @pytest.mark.parametrize("content", ["garbage", "", "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.", "\x00\x01"])
    def test_garbage_session_file_exits_3_without_traceback(self, home, content):
        home.mkdir(mode=0o700)
        (home / "session.jwt").write_text(content)
        (home / "session.jwt").chmod(0o600)
        done = self.run(["whoami"], home)
        assert done.status == 3
        assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1

    def test_tampered_token_is_refused(self, home):
        make_employee(email="bill@epicevents.example")
        manager = make_employee("management")
        self.login(home)
        header, payload, signature = (home / "session.jwt").read_text().split(".")
        claims = jwt.decode(f"{header}.{payload}.{signature}", options={"verify_signature": False})
        claims["sub"] = str(manager.pk)
        forged_payload = jwt.encode(claims, "x" * 32, algorithm="HS256").split(".")[1]
        (home / "session.jwt").write_text(f"{header}.{forged_payload}.{signature}")
        assert self.run(["employees", "list"], home).status == 3

    def test_lockout_after_five_failures_then_expiry(self, home):
        employee = make_employee(email="bill@epicevents.example")
        for _ in range(5):
            assert self.login(home, password="wrong-password-123").status == 3
        locked = self.login(home)
        assert (locked.status, locked.stderr.strip()) == (3, LOGIN_REFUSED)
        Employee.objects.filter(pk=employee.pk).update(locked_until=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
        assert self.login(home).status == 0

    def test_unknown_email_reads_like_a_wrong_password(self, home):
        make_employee(email="bill@epicevents.example")
        unknown = self.login(home, email="nobody@epicevents.example")
        wrong = self.login(home, password="wrong-password-123")
        assert unknown.status == wrong.status == 3
        assert unknown.stderr == wrong.stderr

    def test_deactivated_and_deleted_employees_are_refused_at_the_next_command(self, home):
        employee = make_employee(email="bill@epicevents.example")
        self.login(home)
        Employee.objects.filter(pk=employee.pk).update(is_active=False)
        assert self.run(["whoami"], home).status == 3
        Employee.objects.filter(pk=employee.pk).update(is_active=True)
        assert self.run(["whoami"], home).status == 0  # same session, reactivated by an admin
        Employee.objects.filter(pk=employee.pk).delete()
        assert self.run(["whoami"], home).status == 3

    def test_department_change_takes_effect_on_the_next_command(self, home):
        employee = make_employee("support", email="kate@epicevents.example")
        self.login(home, email="kate@epicevents.example")
        assert self.run(["employees", "list"], home).status == 4
        Employee.objects.filter(pk=employee.pk).update(department=Department.objects.get(code="management"))
        assert self.run(["employees", "list"], home).status == 0
        Employee.objects.filter(pk=employee.pk).update(department=Department.objects.get(code="sales"))
        assert self.run(["employees", "list"], home).status == 4

    def test_a_password_piped_in_another_encoding_is_refused_in_a_sentence(self, home, manager_home):
        make_employee(email="bill@epicevents.example")
        argv = ["login", "--email", "bill@epicevents.example", "--password-stdin"]
        login = run_bytes(argv, home, b"caf\xe9-latin1\n", self.shape)
        assert login.returncode == 1
        assert login.stderr.decode().strip() == PASSWORD_NOT_UTF8
        assert not AuthSession.objects.filter(employee__email="bill@epicevents.example").exists()

        create = ["employees", "create", "--email", "new@epicevents.example", "--full-name", "New Hire"]
        create += ["--department", "sales", "--password-stdin"]
        created = run_bytes(create, manager_home, b"Caf\xe9-Passphrase-99\n", self.shape)
        assert created.returncode == 1
        assert created.stderr.decode().strip() == PASSWORD_NOT_UTF8
        assert not Employee.objects.filter(email="new@epicevents.example").exists()

    def test_the_menu_asks_again_for_a_password_typed_in_another_encoding(self, home):
        make_employee(email="bill@epicevents.example", full_name="Bill Boquet")
        typed = b"bill@epicevents.example\ncaf\xe9-latin1\n" + PASSWORD.encode() + b"\nq\n"
        done = run_bytes([], home, typed, self.shape)
        assert done.returncode == 0, done.stderr
        assert "not valid UTF-8 text" in done.stdout.decode() and "Welcome, Bill Boquet" in done.stdout.decode()

    def test_password_option_is_a_usage_error(self, home):
        done = self.run(["login", "--email", "bill@epicevents.example", "--password", "hunter2"], home)
        assert done.status == 2 and "hunter2" not in done.stderr
