"""Trigram indexes so that client search (a "contains" match) uses an index on PostgreSQL.

Django turns ``full_name__icontains`` into ``UPPER("full_name"::text) LIKE UPPER(%s)``;
a GIN index with ``gin_trgm_ops`` on exactly that expression serves it. pg_trgm is a
trusted extension (PostgreSQL 13+), so the database owner that runs migrations can
create it. On SQLite, migration 0003 builds an FTS5 trigram index instead.
"""

from django.db import migrations

CLIENT = "epic_clients_app_client"
COLUMNS = ("full_name", "email", "company_name")


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS client_{column}_trgm ON {CLIENT} "
            f"USING gin (UPPER({column}::text) gin_trgm_ops)"
        )


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS client_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("crm_core", "0001_cross_table_invariants")]

    operations = [migrations.RunPython(install, uninstall)]
