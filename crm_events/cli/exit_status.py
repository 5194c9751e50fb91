"""Exit statuses of SPEC §5, and the one mapping from domain errors to them."""

from enum import IntEnum

from crm_core.errors import InvalidInput, NotAuthenticated, NotFound, PermissionDenied, RuleViolation


class ExitStatus(IntEnum):
    SUCCESS = 0
    ERROR = 1  # invalid input, a business rule refused it, or an unexpected error
    USAGE = 2
    NOT_AUTHENTICATED = 3
    PERMISSION_DENIED = 4
    NOT_FOUND = 5
    INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT


class UsageError(Exception):
    """The command line itself is wrong (unknown option, missing argument...)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


STATUS_BY_ERROR = (
    (NotAuthenticated, ExitStatus.NOT_AUTHENTICATED),
    (PermissionDenied, ExitStatus.PERMISSION_DENIED),
    (NotFound, ExitStatus.NOT_FOUND),
    (InvalidInput, ExitStatus.ERROR),
    (RuleViolation, ExitStatus.ERROR),
    (UsageError, ExitStatus.USAGE),
)


def status_for(error: Exception) -> ExitStatus:
    for error_class, status in STATUS_BY_ERROR:
        if isinstance(error, error_class):
            return status
    return ExitStatus.ERROR
