"""Database triggers for the invariants of SPEC §2 that span two rows, safe under concurrency.

CHECK constraints cannot look at another row, so these rules are triggers, on SQLite and
PostgreSQL alike; a violation is an IntegrityError whatever wrote the row:

- a client's sales contact is in Sales and not removed; an event's support contact, when
  set, is in Support and not removed;
- an employee who owns clients or events cannot leave the department that owns them, and
  cannot be removed while owning clients or events that have not ended at the removal;
- an event can only reference a signed contract, and a contract with events cannot be unsigned;
- the department codes that the permission rules rely on never change.

**Concurrency.** Each rule reads another row, which a concurrent transaction may be
changing. Whichever of the two transactions comes second must be refused:

- PostgreSQL (READ COMMITTED): a trigger that checks the row it points to first takes a
  share lock on that row (``FOR SHARE``). The foreign key's own lock (``FOR KEY SHARE``)
  would not do: it does not conflict with the ``FOR NO KEY UPDATE`` of a department
  change, a removal or an unsigning, so both transactions would pass their checks on
  rows the other had not committed yet. With the share lock, the checking transaction
  waits for the other to commit and then checks its result (each statement of a trigger
  function sees what was committed before it started); the other way round, the update
  waits for the share lock to go and its own trigger then sees the new row.
- SQLite: one writer at a time. Every transaction of the CRM starts with BEGIN IMMEDIATE,
  which takes the write lock before anything is read, so a trigger always reads what the
  previous writer committed (and a write that does not hold the lock fails instead of
  reading old rows). Nothing more is needed; tests/models/test_invariants_under_concurrency.py
  shows both.

**Later migrations.** Django rebuilds a SQLite table to alter most of its columns, and the
rebuild drops that table's triggers. A migration that alters the employee, client,
contract or event table must end with ``migrations.RunPython(integrity_triggers.install_rules,
migrations.RunPython.noop)``: ``install`` drops and creates every rule, on both
databases, however often it runs. Adding a nullable column (``ALTER TABLE ADD COLUMN``)
keeps the triggers, but re-installing does no harm. tests/models/test_database_invariants.py
fails if one goes missing. A rule may only use columns that exist in every migration
state that installs it.
"""

from typing import NamedTuple

EMPLOYEE = "epic_auth_app_employee"
DEPARTMENT = "epic_auth_app_department"
CLIENT = "epic_clients_app_client"
CONTRACT = "epic_contracts_app_contract"
EVENT = "epic_events_app_event"


class Rule(NamedTuple):
    """A row of ``table`` is refused when ``applies`` and ``violated`` both hold.

    ``locks`` are the (table, id expression) rows the check reads; PostgreSQL share-locks
    them first. ``applies`` lets an update that does not change the column pass unchecked.
    """

    name: str
    table: str
    timing: str
    violated: str
    applies: str = "TRUE"
    locks: tuple = ()


def _active_member(employee_column: str, code: str) -> str:
    return (
        f"EXISTS (SELECT 1 FROM {EMPLOYEE} e JOIN {DEPARTMENT} d ON d.id = e.department_id "
        f"WHERE e.id = NEW.{employee_column} AND d.code = '{code}' AND e.deleted_at IS NULL)"
    )


def _department_is(department_id: str, code: str) -> str:
    return f"EXISTS (SELECT 1 FROM {DEPARTMENT} d WHERE d.id = {department_id} AND d.code = '{code}')"


def _changed(column: str) -> str:
    # IS NOT compares NULLs as values on both databases (PostgreSQL: IS DISTINCT FROM).
    return f"NEW.{column} IS DISTINCT FROM OLD.{column}"


CLIENT_OWNER_OK = _active_member("sales_contact_id", "sales")
EVENT_SUPPORT_OK = _active_member("support_contact_id", "support")
CONTRACT_SIGNED = f"EXISTS (SELECT 1 FROM {CONTRACT} c WHERE c.id = NEW.contract_id AND c.is_signed)"

RULES = [
    Rule(
        "client_sales_contact_in_sales", CLIENT, "INSERT", f"NOT {CLIENT_OWNER_OK}",
        locks=((EMPLOYEE, "NEW.sales_contact_id"),),
    ),
    Rule(
        "client_sales_contact_in_sales_upd", CLIENT, "UPDATE OF sales_contact_id", f"NOT {CLIENT_OWNER_OK}",
        applies=_changed("sales_contact_id"), locks=((EMPLOYEE, "NEW.sales_contact_id"),),
    ),
    Rule(
        "event_support_contact_in_support", EVENT, "INSERT", f"NOT {EVENT_SUPPORT_OK}",
        applies="NEW.support_contact_id IS NOT NULL", locks=((EMPLOYEE, "NEW.support_contact_id"),),
    ),
    Rule(
        "event_support_contact_in_support_upd", EVENT, "UPDATE OF support_contact_id", f"NOT {EVENT_SUPPORT_OK}",
        applies=f"NEW.support_contact_id IS NOT NULL AND {_changed('support_contact_id')}",
        locks=((EMPLOYEE, "NEW.support_contact_id"),),
    ),
    Rule(
        "event_contract_signed", EVENT, "INSERT", f"NOT {CONTRACT_SIGNED}",
        locks=((CONTRACT, "NEW.contract_id"),),
    ),
    Rule(
        "event_contract_signed_upd", EVENT, "UPDATE OF contract_id", f"NOT {CONTRACT_SIGNED}",
        applies=_changed("contract_id"), locks=((CONTRACT, "NEW.contract_id"),),
    ),
    # The updated row itself is locked by the UPDATE; the event or client rows are read
    # after any transaction holding its share lock has committed.
    Rule(
        "contract_with_events_stays_signed", CONTRACT, "UPDATE OF is_signed",
        f"EXISTS (SELECT 1 FROM {EVENT} ev WHERE ev.contract_id = NEW.id)",
        applies="NOT NEW.is_signed",
    ),
    Rule(
        "employee_keeps_department_of_owned_records", EMPLOYEE, "UPDATE OF department_id",
        f"(EXISTS (SELECT 1 FROM {CLIENT} c WHERE c.sales_contact_id = NEW.id)"
        f" AND NOT {_department_is('NEW.department_id', 'sales')})"
        f" OR (EXISTS (SELECT 1 FROM {EVENT} ev WHERE ev.support_contact_id = NEW.id)"
        f" AND NOT {_department_is('NEW.department_id', 'support')})",
    ),
    # Removal hands clients and the events that have not ended over first, at the removal's
    # own time (deleted_at), in the same transaction.
    Rule(
        "employee_removed_owns_nothing_current", EMPLOYEE, "UPDATE OF deleted_at",
        f"EXISTS (SELECT 1 FROM {CLIENT} c WHERE c.sales_contact_id = NEW.id)"
        f" OR EXISTS (SELECT 1 FROM {EVENT} ev WHERE ev.support_contact_id = NEW.id AND ev.\"end\" > NEW.deleted_at)",
        applies="NEW.deleted_at IS NOT NULL",
    ),
    Rule("department_code_is_fixed", DEPARTMENT, "UPDATE OF code", "NEW.code <> OLD.code"),
]


def _sqlite_statements(rules):
    for rule in rules:
        condition = f"({rule.applies}) AND ({rule.violated})".replace("IS DISTINCT FROM", "IS NOT")
        yield f"DROP TRIGGER IF EXISTS {rule.name}"
        yield (
            f"CREATE TRIGGER {rule.name} BEFORE {rule.timing} ON {rule.table} FOR EACH ROW WHEN {condition} "
            f"BEGIN SELECT RAISE(ABORT, 'violates {rule.name}'); END"
        )


def _postgresql_statements(rules):
    for rule in rules:
        locks = "".join(f"PERFORM 1 FROM {table} WHERE id = {key} FOR SHARE; " for table, key in rule.locks)
        yield (
            f"CREATE OR REPLACE FUNCTION {rule.name}_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF {rule.applies} THEN {locks}"
            f"IF {rule.violated} THEN RAISE EXCEPTION 'violates {rule.name}' USING ERRCODE = 'check_violation'; "
            f"END IF; END IF; RETURN NEW; END $$"
        )
        yield f"DROP TRIGGER IF EXISTS {rule.name} ON {rule.table}"
        yield (
            f"CREATE TRIGGER {rule.name} BEFORE {rule.timing} ON {rule.table} "
            f"FOR EACH ROW EXECUTE FUNCTION {rule.name}_fn()"
        )


def install(schema_editor, rules=RULES) -> None:
    """Create (or re-create) every rule's trigger; safe to run any number of times."""
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": _sqlite_statements, "postgresql": _postgresql_statements}.get(vendor)
    if statements is None:
        raise NotImplementedError(f"No integrity triggers written for the {vendor} database.")
    for statement in statements(rules):
        schema_editor.execute(statement)


def uninstall(schema_editor, rules=RULES) -> None:
    postgresql = schema_editor.connection.vendor == "postgresql"
    for rule in rules:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {rule.name}" + (f" ON {rule.table}" if postgresql else ""))
        if postgresql:
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {rule.name}_fn()")


def install_rules(apps, schema_editor) -> None:
    """``RunPython`` form of ``install``, for the migrations that need the triggers back."""
    install(schema_editor)
