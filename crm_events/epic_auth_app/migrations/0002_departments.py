from django.db import migrations

DEPARTMENTS = [
    ("management", "Management"),
    ("sales", "Sales"),
    ("support", "Support"),
]


def create_departments(apps, schema_editor):
    Department = apps.get_model("epic_auth_app", "Department")
    for code, name in DEPARTMENTS:
        Department.objects.using(schema_editor.connection.alias).get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("epic_auth_app", "0001_initial")]

    # Not reversible by deleting rows: employees reference them (PROTECT).
    operations = [migrations.RunPython(create_departments, migrations.RunPython.noop)]
