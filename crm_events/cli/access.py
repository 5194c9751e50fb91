"""What the interface offers an employee: SPEC §3 asked of ``crm_core.policy``, from the employee object.

Only a convenience: the menu hides what a department can never do, and a command stops
before asking for a password that would be refused anyway. The services decide on every
call, whatever this says.
"""

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


def may(employee: dict, action: Action) -> bool:
    """Whether the employee's department (or administrator flag) allows ``action`` at all."""
    actor = _Actor(
        employee["id"], employee["is_active"], employee.get("is_superuser", False), _Department(employee["department"])
    )
    return can(actor, action)


def ensure_may(employee: dict, action: Action) -> None:
    if not may(employee, action):
        raise PermissionDenied(DENIALS[action])
