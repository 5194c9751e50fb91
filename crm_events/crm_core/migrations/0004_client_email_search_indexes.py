"""B-tree indexes for client searches with an "@" on PostgreSQL (epic_clients_app/search_index.py).

A term such as ``client12@`` holds no rare trigram when every address ends with the
same domain, so the trigram index of 0002 had to look at many candidates. An address
with one "@" contains ``X@Y`` exactly when its reversed, upper-cased local part starts
with ``X`` reversed: a range of the first index below. Addresses with a second "@" (a
quoted local part) are found through the second, partial index. The expressions are
written as Django writes them in the search, so that the planner matches them. SQLite
keeps its FTS5 index (0003).
"""

from django.db import migrations

CLIENT = "epic_clients_app_client"
CREATE = [
    f"CREATE INDEX IF NOT EXISTS client_email_local_reversed ON {CLIENT} "
    "(REVERSE(UPPER(SPLIT_PART(email::text, '@', 1))) text_pattern_ops)",
    f"CREATE INDEX IF NOT EXISTS client_email_two_at ON {CLIENT} (id) WHERE email::text ~ '@.*@'",
    # Statistics on the new expression: without them the planner guesses 0.5 % of the
    # clients match a prefix and mixes in the trigram index it was meant to spare.
    f"ANALYZE {CLIENT}",
]
DROP = [
    "DROP INDEX IF EXISTS client_email_two_at",
    "DROP INDEX IF EXISTS client_email_local_reversed",
]


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("crm_core", "0003_client_search_index_on_sqlite")]

    operations = [migrations.RunPython(install, uninstall)]
