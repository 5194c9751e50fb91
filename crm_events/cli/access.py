"""What the interface offers an employee: SPEC §3 asked of ``crm_core.policy``, from the employee object.

Only a convenience: the menu hides what a department can never do, and a command stops
before asking for a password that would be refused anyway. The services decide on every
call, whatever this says.
"""

from types import SimpleNamespace
from typing import NamedTuple

from crm_core.errors import PermissionDenied
from crm_core.policy import DENIALS, Action, can


class _Department(NamedTuple):
    code: str


class _Actor(NamedTuple):
    """What the policy reads of an actor, taken from the employee object of SPEC §5."""

    pk: int
    is_active: bool
    is_superuser: bool
    department: _Department


def may(employee: dict, action: Action, record: dict | None = None, *, kind: str | None = None) -> bool:
    """Whether the employee may do ``action`` at all, or to ``record`` (a SPEC §5 object of ``kind``).

    ``kind`` is "client", "contract", "event" or "employee": the policy reads who owns the
    record from it, as the services do from the row.
    """
    actor = _Actor(
        employee["id"], employee["is_active"], employee.get("is_superuser", False), _Department(employee["department"])
    )
    return can(actor, action, None if record is None else _target(record, kind))


def refusal(employee: dict, action: Action, record: dict | None = None, *, kind: str | None = None) -> str | None:
    """The sentence the services answer when ``action`` is refused (the command's words), or None."""
    return None if may(employee, action, record, kind=kind) else DENIALS[action]


def _target(record: dict, kind: str | None):
    """What the policy reads of a record, from its SPEC §5 object: its client's sales contact, its support contact."""
    if kind == "employee":
        return SimpleNamespace(pk=record["id"], is_superuser=record.get("is_superuser", False))
    client = SimpleNamespace(pk=record.get("client_id", record["id"]), sales_contact_id=record.get("sales_contact_id"))
    if kind == "client":
        return client
    contract = SimpleNamespace(pk=record.get("contract_id", record["id"]), client=client)
    if kind == "contract":
        return contract
    if kind == "event":
        return SimpleNamespace(pk=record["id"], contract=contract, support_contact_id=record.get("support_contact_id"))
    raise ValueError(f"no policy target for a {kind!r} record")


def ensure_may(employee: dict, action: Action) -> None:
    if not may(employee, action):
        raise PermissionDenied(DENIALS[action])
