"""What the real programs say when the database cannot be used: one sentence, never a traceback."""

import os
import socket
import sqlite3
import stat
import subprocess
import sys

import pytest
from django.db import connection

from tests.cli_support import MAIN, REPO_ROOT, process_env, run_process, runnable_manage_hint
from tests.factories import PASSWORD, make_employee

pytestmark = pytest.mark.cli_process
MANAGE = REPO_ROOT / "crm_events" / "manage.py"
SECRET = "s3cret-pw"


def manage(home, *argv, **variables) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(MANAGE), *argv],
        cwd=REPO_ROOT,
        env=process_env(home, **variables),
        capture_output=True,
        text=True,
        timeout=60,
    )


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def login(home, **variables):
    return run_process(
        ["login", "--email", "bill@epicevents.example", "--password-stdin"], home, stdin=PASSWORD + "\n", **variables
    )


def one_sentence(text: str) -> str:
    assert text.count("\n") == 1 and "Traceback" not in text, text
    assert SECRET not in text
    return text.strip()


def test_an_unreachable_server_is_named_by_the_cli_and_by_manage_py(tmp_path):
    url = f"postgres://crm:{SECRET}@127.0.0.1:{closed_port()}/epicevents"
    done = login(tmp_path, DATABASE_URL=url)
    assert done.status == 1
    assert one_sentence(done.stderr).startswith(
        "The database server named in DATABASE_URL cannot be reached: nothing answers on that host and port"
    )
    migrate = manage(tmp_path, "migrate", DATABASE_URL=url)
    assert migrate.returncode == 1 and migrate.stdout == ""
    assert one_sentence(migrate.stderr).endswith("; run the command again with --traceback for the details.")
    assert "Traceback" in manage(tmp_path, "migrate", "--traceback", DATABASE_URL=url).stderr


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_menu_of_someone_logged_in_names_a_database_it_cannot_reach(tmp_path):
    make_employee("sales", email="bill@epicevents.example")
    assert login(tmp_path).status == 0  # a session file: the menu starts by asking who that is

    done = run_process([], tmp_path, DATABASE_URL=f"postgres://crm:{SECRET}@127.0.0.1:{closed_port()}/epicevents")

    assert done.status == 1
    assert one_sentence(done.stderr).startswith(
        "The database server named in DATABASE_URL cannot be reached: nothing answers on that host and port"
    )


def test_manage_py_on_a_database_without_tables_says_to_migrate_without_a_traceback(tmp_path):
    empty = tmp_path / "empty.sqlite3"
    sqlite3.connect(empty).close()
    done = manage(
        tmp_path, "createsuperuser", "--noinput", "--email", "boss@epicevents.example",
        DATABASE_URL=f"sqlite:///{empty}", DJANGO_SUPERUSER_PASSWORD=PASSWORD,
    )
    assert done.returncode == 1
    said, hint = one_sentence(done.stderr).split(": ", 1)
    assert said == "The database named in DATABASE_URL has no CRM tables yet; set it up with"
    hint, rest = hint.split("; ", 1)
    assert rest == "run the command again with --traceback for the details."
    assert runnable_manage_hint(hint, "migrate")  # the Python that ran manage.py, from where it ran


def test_without_database_url_the_default_file_is_named_by_its_path(tmp_path):
    """A newcomer has no DATABASE_URL to check: the sentence names the file the CRM used."""
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    sqlite3.connect(data / "epicevents.sqlite3").close()  # a file without the CRM's tables
    done = manage(
        tmp_path, "createsuperuser", "--noinput", "--email", "boss@epicevents.example",
        DATABASE_URL="", EPICEVENTS_DATA_DIR=str(data), DJANGO_SUPERUSER_PASSWORD=PASSWORD,
    )
    assert done.returncode == 1
    said = one_sentence(done.stderr)
    assert said.startswith(
        f"The database {data / 'epicevents.sqlite3'} (the default, as DATABASE_URL is not set) has no CRM tables yet"
    )


def test_a_folder_named_as_the_database_file_is_called_a_folder(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    done = login(tmp_path, DATABASE_URL=f"sqlite:///{folder}")
    assert done.status == 1
    assert one_sentence(done.stderr).startswith("The database file named in DATABASE_URL is a folder, not a file")


@pytest.fixture
def read_only_folder(tmp_path):
    """A folder nobody may write in, not even root: immutable where the file system allows it
    (chattr), else without write permission (for a user that is not root)."""
    folder = tmp_path / "shared"
    folder.mkdir()
    state = {}

    def lock():
        if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0:
            state["unlock"] = ["chattr", "-i", str(folder)]
        elif os.geteuid() != 0:
            folder.chmod(0o555)
        else:
            pytest.skip("neither chattr nor a user that permissions bind: no read-only folder to try")

    yield folder, lock
    if "unlock" in state:
        subprocess.run(state["unlock"], check=True)
    folder.chmod(0o755)


def test_a_database_in_a_folder_the_user_cannot_write_is_read_only_not_missing(tmp_path, read_only_folder):
    folder, lock = read_only_folder
    database = folder / "crm.sqlite3"
    assert manage(tmp_path, "migrate", "-v", "0", DATABASE_URL=f"sqlite:///{database}").returncode == 0
    lock()  # the file stays writable; the journal of a change cannot be made beside it
    done = manage(tmp_path, "createsuperuser", "--noinput", "--email", "boss@epicevents.example",
                  DATABASE_URL=f"sqlite:///{database}", DJANGO_SUPERUSER_PASSWORD=PASSWORD)
    assert done.returncode == 1
    assert one_sentence(done.stderr).startswith(
        "The database file named in DATABASE_URL is in a folder you cannot write"
    )


def test_a_sqlite_file_that_does_not_exist_is_refused_not_created(tmp_path):
    typo = tmp_path / "data" / "epicevnets.sqlite3"
    done = login(tmp_path, DATABASE_URL=f"sqlite:///{typo}")
    assert done.status == 1
    said, hint = one_sentence(done.stderr).split(" there with: ")
    assert said == (
        f"DATABASE_URL names a SQLite file that does not exist ({typo}): check the path, or create the database"
    )
    assert not typo.exists() and not typo.parent.exists()
    assert hint.startswith(f"mkdir -p -m 700 {typo.parent} && DATABASE_URL=")  # migrate makes no folder
    # Copied as it is into a shell, from where the CLI ran, the hint makes the database the command then uses,
    # however DATABASE_URL was set (a prefix on the command line is not inherited by the next one).
    env = {name: value for name, value in process_env(tmp_path).items() if name != "DATABASE_URL"}
    made = subprocess.run(["sh", "-c", hint], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    assert login(tmp_path, DATABASE_URL=f"sqlite:///{typo}").status == 3  # a database: no such account yet
    assert stat.S_IMODE(typo.parent.stat().st_mode) == 0o700


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class TestPostgreSQL:
    def url(self, **parts) -> str:
        settings = {**connection.settings_dict, **parts}
        return (
            f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/"
            f"{settings['NAME']}"
        )

    def test_a_database_that_does_not_exist(self, tmp_path):
        done = login(tmp_path, DATABASE_URL=self.url(NAME="epicevents_typo"))
        assert done.status == 1
        said = one_sentence(done.stderr)
        assert said.startswith("The database named in DATABASE_URL does not exist on its server")
        assert "epicevents_typo" not in said

    def test_a_login_the_server_refuses(self, tmp_path):
        done = login(tmp_path, DATABASE_URL=self.url(USER="nobody_of_epicevents"))
        assert done.status == 1
        assert one_sentence(done.stderr).startswith(
            "The database server refused the user and password of DATABASE_URL"
        )

    def test_a_database_without_the_crm_tables(self, tmp_path):
        with connection.cursor() as cursor:
            cursor.execute("DROP DATABASE IF EXISTS epicevents_concurrency_empty")
        try:
            with connection.cursor() as cursor:
                cursor.execute("CREATE DATABASE epicevents_concurrency_empty")
            done = login(tmp_path, DATABASE_URL=self.url(NAME="epicevents_concurrency_empty"))
        finally:
            with connection.cursor() as cursor:
                cursor.execute("DROP DATABASE IF EXISTS epicevents_concurrency_empty")
        assert done.status == 1
        said, hint = one_sentence(done.stderr).split(": ", 1)
        assert said == "The database named in DATABASE_URL has no CRM tables yet; set it up with"
        assert hint.endswith("; nothing was changed.")
        assert runnable_manage_hint(hint.removesuffix("; nothing was changed."), "migrate")


def test_ten_first_starts_at_once_take_turns_and_all_carry_on(tmp_path):
    """Nine used to fail with "table ... already exists"; now one creates the schema, the others wait."""
    env = process_env(tmp_path / "home", EPICEVENTS_DATA_DIR=str(tmp_path / "data"))
    env.pop("DATABASE_URL")
    starts = [
        subprocess.Popen(
            [sys.executable, str(MAIN), "whoami"], cwd=REPO_ROOT, env=env, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        for _ in range(10)
    ]
    outcomes = [(start.wait(timeout=120), start.stderr.read()) for start in starts]
    for start in starts:
        start.stdout.close()
        start.stderr.close()
    assert [status for status, _ in outcomes] == [3] * 10, outcomes  # the schema is there; nobody is logged in
    said = "".join(err for _, err in outcomes)
    assert "already exists" not in said and "Traceback" not in said and "failed" not in said
    assert said.count("First run: creating the CRM database") == 1
