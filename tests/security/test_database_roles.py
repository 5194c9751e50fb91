"""The production database account can work with rows and nothing else (PostgreSQL).

A throwaway database is set up the documented way: setup_db_roles as superuser,
migrate as the owner role, then the whole business flow runs through real CLI
processes connected as the application role, which cannot change the schema.
"""

import json
import subprocess
import sys
import uuid

import psycopg2
import pytest
from django.db import connection

from tests.cli_support import MAIN, REPO_ROOT, process_env

pytestmark = pytest.mark.postgresql

PASSWORD = "Roles-Test-Passphrase-1"


def _url(role: str, database: str) -> str:
    settings = connection.settings_dict
    return f"postgres://{role}@{settings.get('HOST') or '127.0.0.1'}:{settings.get('PORT') or 5432}/{database}"


def _admin(database: str = "postgres"):
    settings = connection.settings_dict
    conn = psycopg2.connect(
        dbname=database,
        user=settings.get("USER") or "postgres",
        password=settings.get("PASSWORD") or None,
        host=settings.get("HOST") or "127.0.0.1",
        port=settings.get("PORT") or 5432,
    )
    conn.autocommit = True
    return conn


@pytest.fixture
def roles_database(tmp_path):
    suffix = uuid.uuid4().hex[:8]
    database, owner, app = f"roles_{suffix}", f"roles_owner_{suffix}", f"roles_app_{suffix}"
    admin = _admin()
    from psycopg2 import sql

    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    try:
        yield database, owner, app
    finally:
        with admin.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database)))
            for role in (owner, app):
                cursor.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
        admin.close()


def manage(*argv, url: str, home, **extra):
    env = {**process_env(home, **extra), "DATABASE_URL": url}
    done = subprocess.run(
        [sys.executable, "crm_events/manage.py", *argv],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done


def crm(*argv, url: str, home, stdin: str = ""):
    env = {**process_env(home), "DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, str(MAIN), *argv],
        cwd=REPO_ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_application_role_runs_the_crm_but_cannot_change_the_schema(roles_database, tmp_path):
    database, owner, app = roles_database
    superuser_url = _url(connection.settings_dict.get("USER") or "postgres", database)
    roles = ["--owner-role", owner, "--app-role", app]
    manage("setup_db_roles", *roles, url=superuser_url, home=tmp_path)
    manage("migrate", "--no-input", url=_url(owner, database), home=tmp_path)
    manage("setup_db_roles", *roles, url=superuser_url, home=tmp_path)  # idempotent, run again after migrate

    app_url = _url(app, database)
    manage(
        "createsuperuser",
        "--noinput",
        "--email",
        "boss@example.com",
        url=app_url,
        home=tmp_path,
        DJANGO_SUPERUSER_PASSWORD=PASSWORD,
    )
    boss = tmp_path / "boss"
    assert (
        crm(
            "login", "--email", "boss@example.com", "--password-stdin", url=app_url, home=boss, stdin=PASSWORD + "\n"
        ).returncode
        == 0
    )
    seller = json.loads(
        crm(
            "employees",
            "create",
            "--email",
            "bill@example.com",
            "--full-name",
            "Bill Boquet",
            "--department",
            "sales",
            "--password-stdin",
            "--format",
            "json",
            url=app_url,
            home=boss,
            stdin=PASSWORD + "x\n",
        ).stdout
    )
    bill = tmp_path / "bill"
    assert (
        crm(
            "login", "--email", "bill@example.com", "--password-stdin", url=app_url, home=bill, stdin=PASSWORD + "x\n"
        ).returncode
        == 0
    )
    client = json.loads(
        crm(
            "clients",
            "create",
            "--full-name",
            "Kevin Casey",
            "--email",
            "kevin@startup.io",
            "--phone",
            "+678 123 456 78",
            "--company",
            "Cool Startup LLC",
            "--format",
            "json",
            url=app_url,
            home=bill,
        ).stdout
    )
    contract = json.loads(
        crm(
            "contracts",
            "create",
            "--client",
            str(client["id"]),
            "--total",
            "1500",
            "--signed",
            "--format",
            "json",
            url=app_url,
            home=boss,
        ).stdout
    )
    event = crm(
        "events",
        "create",
        "--contract",
        str(contract["id"]),
        "--name",
        "Launch party",
        "--start",
        "2027-03-01 18:00",
        "--end",
        "2027-03-01 23:00",
        "--location",
        "Paris",
        "--attendees",
        "120",
        "--format",
        "json",
        url=app_url,
        home=bill,
    )
    assert event.returncode == 0, event.stderr
    assert crm("logout", url=app_url, home=bill).returncode == 0
    assert seller["department"] == "sales"

    conn = psycopg2.connect(app_url)
    try:
        with conn.cursor() as cursor:  # the application role wrote the history of what it did
            cursor.execute("SELECT count(*) FROM epic_events_app_historicalevent WHERE name = 'Launch party'")
            assert cursor.fetchone() == (1,)
        for statement in (
            "DROP TABLE epic_clients_app_client",
            "ALTER TABLE epic_clients_app_client ADD COLUMN note text",
            "CREATE TABLE intruder (id int)",
            "TRUNCATE epic_events_app_event",
            "DROP TRIGGER client_sales_contact_in_sales ON epic_clients_app_client",
            "DELETE FROM django_migrations",
            "INSERT INTO django_migrations (app, name, applied) VALUES ('crm_core', 'forged', now())",
            "UPDATE epic_clients_app_historicalclient SET full_name = 'Forged'",
            "DELETE FROM epic_events_app_historicalevent",
        ):
            with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                with conn.cursor() as cursor:
                    cursor.execute(statement)
            conn.rollback()
    finally:
        conn.close()
    other = psycopg2.connect(_url(app, "postgres"))
    try:
        with pytest.raises(psycopg2.errors.InsufficientPrivilege), other.cursor() as cursor:
            cursor.execute("CREATE TABLE intruder (id int)")
    finally:
        other.close()
