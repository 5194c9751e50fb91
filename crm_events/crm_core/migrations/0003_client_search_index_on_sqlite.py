"""An FTS5 trigram index for client search on SQLite (epic_clients_app/search_index.py).

External content: the table stores only the index and reads the text from the clients
table; three triggers keep it in step with every insert, update and deletion, whatever
writes the row. Skipped on PostgreSQL (migration 0002 indexes it there) and on an SQLite
library without the trigram tokenizer, where search keeps reading the table.

A later migration that makes Django rebuild the clients table on SQLite drops these
triggers with the old table and must create them again; tests/services/test_client_search.py
fails if it does not.
"""

from django.db import migrations

# The search asks the same question at run time: the index exists exactly when it is used.
from epic_clients_app.search_index import sqlite_has_trigram_search

CREATE = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS client_search USING fts5(
        full_name, email, company_name,
        content='epic_clients_app_client', content_rowid='id', tokenize='trigram'
    )""",
    """CREATE TRIGGER IF NOT EXISTS client_search_after_insert
    AFTER INSERT ON epic_clients_app_client BEGIN
        INSERT INTO client_search(rowid, full_name, email, company_name)
        VALUES (new.id, new.full_name, new.email, new.company_name);
    END""",
    """CREATE TRIGGER IF NOT EXISTS client_search_after_delete
    AFTER DELETE ON epic_clients_app_client BEGIN
        INSERT INTO client_search(client_search, rowid, full_name, email, company_name)
        VALUES ('delete', old.id, old.full_name, old.email, old.company_name);
    END""",
    """CREATE TRIGGER IF NOT EXISTS client_search_after_update
    AFTER UPDATE OF full_name, email, company_name ON epic_clients_app_client BEGIN
        INSERT INTO client_search(client_search, rowid, full_name, email, company_name)
        VALUES ('delete', old.id, old.full_name, old.email, old.company_name);
        INSERT INTO client_search(rowid, full_name, email, company_name)
        VALUES (new.id, new.full_name, new.email, new.company_name);
    END""",
    "INSERT INTO client_search(client_search) VALUES ('rebuild')",
]
DROP = [
    "DROP TRIGGER IF EXISTS client_search_after_update",
    "DROP TRIGGER IF EXISTS client_search_after_delete",
    "DROP TRIGGER IF EXISTS client_search_after_insert",
    "DROP TABLE IF EXISTS client_search",
]


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite" and sqlite_has_trigram_search():
        for statement in CREATE:
            schema_editor.execute(statement)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("crm_core", "0002_client_search_trigram_indexes"),
        ("epic_clients_app", "0001_initial"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
