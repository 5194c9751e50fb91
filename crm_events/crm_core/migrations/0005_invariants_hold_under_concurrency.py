"""The cross-table triggers of 0001, made safe under concurrency (crm_core/integrity_triggers.py).

On PostgreSQL each check now share-locks the row it reads, so a department change, a
removal or an unsigning racing with the insert that depends on the old value waits for it
(or makes it wait) and whichever comes second is refused. New rules: a removed employee
can neither be given clients or events nor be removed while still owning any that have
not ended. ``install`` drops and re-creates every trigger, so running it again is harmless.
"""

import importlib

from django.db import migrations

from crm_core import integrity_triggers

initial = importlib.import_module("crm_core.migrations.0001_cross_table_invariants")


def forwards(apps, schema_editor):
    integrity_triggers.uninstall(schema_editor)
    integrity_triggers.install(schema_editor)


def backwards(apps, schema_editor):
    integrity_triggers.uninstall(schema_editor)
    initial.install(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("crm_core", "0004_client_email_search_indexes"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
