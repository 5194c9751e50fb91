"""The domain exceptions every service raises.

Each entry point maps them in one place: the CLI to an exit status and a sentence,
the admin to a form error. Messages are complete sentences meant for the user, and
never contain secrets.
"""


class CrmError(Exception):
    """Base of every refusal a user should see as a sentence, not a traceback."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotAuthenticated(CrmError):
    """No session, an expired or revoked one, wrong credentials or a locked account."""


class PermissionDenied(CrmError):
    """The employee is authenticated but their department or ownership does not allow it."""


class NotFound(CrmError):
    """The record asked for does not exist."""

    @classmethod
    def for_record(cls, label: str, record_id) -> "NotFound":
        return cls(f"No {label} with id {record_id}; check the id in the list of {label}s.")


class InvalidInput(CrmError):
    """One or more values were refused; ``errors`` maps each field to its sentence."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__(" ".join(self.errors.values()))


class RuleViolation(CrmError):
    """The values are well formed but a business rule refuses the operation."""


class SuccessorRequired(RuleViolation):
    """Removing this employee would orphan their clients or upcoming events: name a successor."""

    def __init__(self, message: str, *, clients: int, events: int):
        super().__init__(message)
        self.clients = clients
        self.events = events


class Unavailable(CrmError):
    """The CRM server could not be reached, or failed to answer (remote command line only).

    The sentence says what to do, and whether a change may have been saved: a write
    whose answer was lost is never sent twice.
    """
