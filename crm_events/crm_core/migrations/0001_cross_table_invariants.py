"""Database triggers for the invariants of SPEC §2 that span two tables.

CHECK constraints cannot look at another row, so these rules are enforced by
triggers, on SQLite and on PostgreSQL alike, and a violation surfaces as an
IntegrityError whatever wrote the row (service, admin, shell or raw client):

- a client's sales contact is in Sales; an event's support contact, when set, is in Support;
- an employee who owns clients or events cannot leave the department that owns them;
- an event can only reference a signed contract, and a contract with events cannot be unsigned;
- the department codes that the permission rules rely on never change.

Superseded by migration 0004, which installs the rules of ``crm_core/integrity_triggers.py``
(the same rules, safe under concurrency, and re-runnable): later migrations that need the
triggers back call ``integrity_triggers.install_rules``, not this module's ``install``.
"""

from django.db import migrations

EMPLOYEE = "epic_auth_app_employee"
DEPARTMENT = "epic_auth_app_department"
CLIENT = "epic_clients_app_client"
CONTRACT = "epic_contracts_app_contract"
EVENT = "epic_events_app_event"


def _department_is(department_id: str, code: str) -> str:
    return f"EXISTS (SELECT 1 FROM {DEPARTMENT} d WHERE d.id = {department_id} AND d.code = '{code}')"


def _in_department(employee_column: str, code: str) -> str:
    return (
        f"EXISTS (SELECT 1 FROM {EMPLOYEE} e JOIN {DEPARTMENT} d ON d.id = e.department_id "
        f"WHERE e.id = NEW.{employee_column} AND d.code = '{code}')"
    )


# (name, table, timing, condition): the row is refused when the condition holds.
RULES = [
    ("client_sales_contact_in_sales", CLIENT, "INSERT", f"NOT {_in_department('sales_contact_id', 'sales')}"),
    ("client_sales_contact_in_sales_upd", CLIENT, "UPDATE OF sales_contact_id", f"NOT {_in_department('sales_contact_id', 'sales')}"),
    (
        "event_support_contact_in_support",
        EVENT,
        "INSERT",
        f"NEW.support_contact_id IS NOT NULL AND NOT {_in_department('support_contact_id', 'support')}",
    ),
    (
        "event_support_contact_in_support_upd",
        EVENT,
        "UPDATE OF support_contact_id",
        f"NEW.support_contact_id IS NOT NULL AND NOT {_in_department('support_contact_id', 'support')}",
    ),
    (
        "event_contract_signed",
        EVENT,
        "INSERT",
        f"NOT EXISTS (SELECT 1 FROM {CONTRACT} c WHERE c.id = NEW.contract_id AND c.is_signed)",
    ),
    (
        "event_contract_signed_upd",
        EVENT,
        "UPDATE OF contract_id",
        f"NOT EXISTS (SELECT 1 FROM {CONTRACT} c WHERE c.id = NEW.contract_id AND c.is_signed)",
    ),
    (
        "contract_with_events_stays_signed",
        CONTRACT,
        "UPDATE OF is_signed",
        f"NOT NEW.is_signed AND EXISTS (SELECT 1 FROM {EVENT} ev WHERE ev.contract_id = NEW.id)",
    ),
    (
        "employee_keeps_department_of_owned_records",
        EMPLOYEE,
        "UPDATE OF department_id",
        f"(EXISTS (SELECT 1 FROM {CLIENT} c WHERE c.sales_contact_id = NEW.id)"
        f" AND NOT {_department_is('NEW.department_id', 'sales')})"
        f" OR (EXISTS (SELECT 1 FROM {EVENT} ev WHERE ev.support_contact_id = NEW.id)"
        f" AND NOT {_department_is('NEW.department_id', 'support')})",
    ),
    ("department_code_is_fixed", DEPARTMENT, "UPDATE OF code", "NEW.code <> OLD.code"),
]


def _sqlite_statements():
    for name, table, timing, condition in RULES:
        yield (
            f"CREATE TRIGGER {name} BEFORE {timing} ON {table} FOR EACH ROW WHEN {condition} "
            f"BEGIN SELECT RAISE(ABORT, 'violates {name}'); END"
        )


def _postgresql_statements():
    for name, table, timing, condition in RULES:
        yield (
            f"CREATE FUNCTION {name}_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF {condition} THEN RAISE EXCEPTION 'violates {name}' USING ERRCODE = 'check_violation'; "
            f"END IF; RETURN NEW; END $$"
        )
        yield f"CREATE TRIGGER {name} BEFORE {timing} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}_fn()"


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": _sqlite_statements, "postgresql": _postgresql_statements}.get(vendor)
    if statements is None:
        raise NotImplementedError(f"No integrity triggers written for the {vendor} database.")
    for statement in statements():
        schema_editor.execute(statement)


def uninstall(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    for name, table, _timing, _condition in RULES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if postgresql else ""))
        if postgresql:
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}_fn()")


class Migration(migrations.Migration):
    dependencies = [
        ("epic_auth_app", "0002_departments"),
        ("epic_clients_app", "0001_initial"),
        ("epic_contracts_app", "0001_initial"),
        ("epic_events_app", "0001_initial"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
