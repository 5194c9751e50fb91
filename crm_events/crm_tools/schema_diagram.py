"""The database schema as a Mermaid entity-relationship diagram, generated from the models.

``manage.py schema_diagram`` writes it to docs/schema.md; a test fails when the
committed file no longer matches the models, so the diagram cannot drift.
"""

from django.apps import apps
from django.db import models

APPS = ("epic_auth_app", "epic_clients_app", "epic_contracts_app", "epic_events_app")
TYPES = {
    "BigAutoField": "bigint",
    "BigIntegerField": "bigint",
    "AutoField": "int",
    "CharField": "varchar",
    "EmailField": "varchar",
    "TextField": "text",
    "DecimalField": "decimal",
    "DateTimeField": "timestamptz",
    "BooleanField": "boolean",
    "PositiveIntegerField": "int",
    "PositiveSmallIntegerField": "smallint",
    "ForeignKey": "bigint",
}
SKIPPED_FIELDS = {"last_login", "is_superuser"}  # Django auth bookkeeping, shown as admin flags below


def _entity(model) -> str:
    return model.__name__.upper()


def _constrained(field) -> bool:
    """A relation the database enforces (history tables keep the ids of related rows without one)."""
    return field.is_relation and getattr(field, "db_constraint", True)


def _key(field) -> str:
    if field.primary_key:
        return " PK"
    if _constrained(field):
        return " FK"
    if field.unique:
        return " UK"
    return ""


def _columns(model) -> list[str]:
    lines = []
    for field in model._meta.concrete_fields:
        if field.name in SKIPPED_FIELDS and model._meta.model_name == "employee":
            continue
        kind = TYPES.get(field.get_internal_type(), field.get_internal_type().lower())
        if isinstance(field, models.DecimalField):
            kind = f"decimal_{field.max_digits}_{field.decimal_places}"
        notes = []
        if field.is_relation and not _constrained(field):
            notes.append(f"{field.related_model.__name__.lower()} id, unconstrained")
        if field.null:
            notes.append("nullable")
        if isinstance(field, models.CharField) and field.max_length and not isinstance(field, models.EmailField):
            notes.append(f"max {field.max_length}")
        comment = f' "{", ".join(notes)}"' if notes else ""
        lines.append(f"        {kind} {field.column}{_key(field)}{comment}")
    return lines


def _relations(model) -> list[str]:
    lines = []
    for field in model._meta.concrete_fields:
        if not _constrained(field):
            continue
        target = field.related_model
        left = "|o" if field.null else "||"
        on_delete = field.remote_field.on_delete.__name__
        lines.append(f'    {_entity(target)} {left}--o{{ {_entity(model)} : "{field.name} ({on_delete})"')
    return lines


def _constraints(model) -> list[str]:
    rows = []
    for constraint in model._meta.constraints:
        condition = getattr(constraint, "condition", None)
        text = str(condition) if condition is not None else ", ".join(getattr(constraint, "fields", ()))
        rows.append(f"| `{model._meta.db_table}` | `{constraint.name}` | `{text}` |")
    return rows


def models_in_order():
    found = []
    for label in APPS:
        found.extend(sorted(apps.get_app_config(label).get_models(), key=lambda model: model._meta.db_table))
    return found


def render() -> str:
    all_models = models_in_order()
    lines = [
        "# Database schema",
        "",
        "Generated from the models by `python crm_events/manage.py schema_diagram`; do not edit by hand",
        "(`tests/docs/test_schema_diagram.py` fails when this file and the models disagree).",
        "",
        "```mermaid",
        "erDiagram",
    ]
    for model in all_models:
        lines.extend(_relations(model))
    for model in all_models:
        lines.append(f"    {_entity(model)} {{")
        lines.extend(_columns(model))
        lines.append("    }")
    lines += [
        "```",
        "",
        "## Constraints checked by the database",
        "",
        "| table | constraint | rule |",
        "|---|---|---|",
    ]
    for model in all_models:
        lines.extend(_constraints(model))
    lines += [
        "",
        "Rules that span two tables are enforced by triggers (SQLite and PostgreSQL), see",
        "`crm_events/crm_core/migrations/0001_cross_table_invariants.py`: a client's sales contact is in",
        "Sales; an event's support contact, when set, is in Support; an event references a signed",
        "contract and a contract with events stays signed; an employee who owns clients or events keeps",
        "the department that owns them; department codes never change.",
        "",
        "Each `HISTORICAL…` table (django-simple-history) keeps one row per creation, change or",
        "removal of a record: a copy of its columns (without the password hash and login bookkeeping),",
        "with `history_date`, `history_type` (+ created, ~ changed, - deleted), `history_user_id` (who)",
        "and `history_change_reason`. The ids it copies are not foreign keys, so history outlives the rows.",
        "",
        "Employees also carry Django's admin flags (`is_superuser`, group and permission tables of",
        "`django.contrib.auth`), and `last_login`; they are left out of the diagram for readability.",
        "",
    ]
    return "\n".join(lines)
