"""Create the two PostgreSQL roles of a production installation (idempotent).

- the owner role owns the database, its schema and tables; only migrations use it;
- the application role, used by the CLI and the web server, can read and write rows
  (SELECT, INSERT, UPDATE, DELETE, sequences) and nothing else: no DDL, no TRUNCATE,
  only SELECT on django_migrations, and only SELECT and INSERT on the history tables
  (what happened can be added to, never rewritten).

Run it as a PostgreSQL superuser, before and again after ``migrate``:

    DATABASE_URL=postgres://postgres@db-host/epicevents \\
    EPICEVENTS_OWNER_PASSWORD=... EPICEVENTS_APP_PASSWORD=... \\
    python crm_events/manage.py setup_db_roles

Role names and passwords are never written into SQL text: names go through
psycopg2.sql.Identifier and passwords are query parameters.
"""

import os

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from crm_core.change_history import HistoricalChanges


class Command(BaseCommand):
    help = "Create or update the owner (migrations) and application (rows only) PostgreSQL roles."

    def add_arguments(self, parser):
        parser.add_argument("--owner-role", default="epicevents_owner")
        parser.add_argument("--app-role", default="epicevents_app")

    def handle(self, *args, owner_role, app_role, **options):
        if connection.vendor != "postgresql":
            raise CommandError("setup_db_roles is for PostgreSQL; point DATABASE_URL at the database as a superuser.")
        from psycopg2 import sql

        database = connection.settings_dict["NAME"]
        owner, app = sql.Identifier(owner_role), sql.Identifier(app_role)
        passwords = {
            owner_role: os.environ.get("EPICEVENTS_OWNER_PASSWORD"),
            app_role: os.environ.get("EPICEVENTS_APP_PASSWORD"),
        }
        with connection.cursor() as cursor:
            for role in (owner_role, app_role):
                cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
                if cursor.fetchone() is None:
                    create = sql.SQL("CREATE ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE")
                    cursor.execute(create.format(sql.Identifier(role)))
                    self.stdout.write(f"Created role {role}.")
                if passwords[role]:
                    alter = sql.SQL("ALTER ROLE {} PASSWORD %s").format(sql.Identifier(role))
                    cursor.execute(alter, [passwords[role]])
            statements = [
                sql.SQL("ALTER DATABASE {} OWNER TO {}").format(sql.Identifier(database), owner),
                sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(sql.Identifier(database)),
                sql.SQL("GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}").format(sql.Identifier(database), app),
                sql.SQL("ALTER SCHEMA public OWNER TO {}").format(owner),
                sql.SQL("REVOKE ALL ON SCHEMA public FROM PUBLIC"),
                sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(app),
                sql.SQL("ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA public "
                        "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {}").format(owner, app),
                sql.SQL("ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA public "
                        "GRANT USAGE, SELECT ON SEQUENCES TO {}").format(owner, app),
            ]
            for statement in statements:
                cursor.execute(statement)
            # Django's record of migrations exists from now on, so the application role's rights
            # on it can be limited below even before the first migrate.
            MigrationRecorder(connection).ensure_schema()
            # Tables created before this ran (e.g. migrated as a superuser) change owner, then get the grants.
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            for (table,) in cursor.fetchall():
                cursor.execute(sql.SQL("ALTER TABLE public.{} OWNER TO {}").format(sql.Identifier(table), owner))
            # (their identity sequences follow the table's owner)
            cursor.execute(sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {}").format(app))
            cursor.execute(
                sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(app)
            )
            cursor.execute(sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(app))
            # Which migrations ran is the owner's business: the CRM only reads it (Django checks it at start).
            cursor.execute(
                sql.SQL("REVOKE INSERT, UPDATE, DELETE ON TABLE public.django_migrations FROM {}").format(app)
            )
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            existing = {table for (table,) in cursor.fetchall()}
            # History is appended to, never rewritten (the tables exist once migrate has run).
            for model in apps.get_models():
                table = model._meta.db_table
                if issubclass(model, HistoricalChanges) and table in existing:
                    revoke = sql.SQL("REVOKE UPDATE, DELETE ON TABLE public.{} FROM {}")
                    cursor.execute(revoke.format(sql.Identifier(table), app))
        self.stdout.write(
            f"Database {database}: {owner_role} owns the schema (use it for migrate); "
            f"{app_role} may only read and write rows (use it for the CRM)."
        )
