"""The one place where errors become HTTP statuses and JSON bodies (SPEC §6, INTERFACES).

Every body is ``{"detail": sentence}``, plus ``"fields": {field: sentence}`` for invalid
input (400), ``"clients"`` and ``"events"`` (what a successor would take over) when an
employee's removal needs one (409), and ``"reference"`` for an unexpected error (500),
which says nothing else of what happened: the details go to the log and Sentry under
that reference.
"""

import logging
import math
import uuid

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, JsonResponse
from rest_framework import exceptions as drf

from crm_core import observability
from crm_core.counting import counted
from crm_core.errors import (
    CrmError,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    RuleViolation,
    SuccessorRequired,
)

logger = logging.getLogger(__name__)

STATUS_BY_ERROR = (
    (NotAuthenticated, 401),
    (PermissionDenied, 403),
    (NotFound, 404),
    (InvalidInput, 400),
    (RuleViolation, 409),
)
BEARER_CHALLENGE = 'Bearer realm="epicevents"'
# bandit B105 takes this for a password: it is the sentence telling clients how to send theirs.
NO_TOKEN = (  # nosec B105
    "No session token: send the header 'Authorization: Bearer TOKEN', with the token from POST /api/v1/session."
)
NOT_JSON = "Send the request body as JSON, with the header 'Content-Type: application/json'."
# What a status means, for errors raised outside the views (unknown paths, bad Host headers...).
SENTENCES = {
    400: "The request is malformed; check its URL, headers and JSON body.",
    401: NO_TOKEN,
    403: "You are not allowed to do that.",
    404: "There is nothing at this address; the API's paths are listed in /api/v1/openapi.json.",
    405: "This method is not allowed here; the API's methods are listed in /api/v1/openapi.json.",
    429: "Too many requests; wait a moment and try again.",
}


def error_response(
    status: int,
    detail: str,
    *,
    fields: dict | None = None,
    headers: dict | None = None,
    reference: str | None = None,
    counts: dict | None = None,
):
    body = {"detail": detail, **(counts or {})}
    if fields:
        body["fields"] = fields
    if reference:
        body["reference"] = reference
    response = JsonResponse(body, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def unexpected_error_response(error: BaseException | None):
    """500 with a reference only; the error itself goes to the log and, when configured, to Sentry."""
    event_id = observability.capture_exception(error) if error is not None else None
    reference = event_id or uuid.uuid4().hex
    logger.error(
        "unexpected error in the API: %s (reference %s)",
        type(error).__name__ if error is not None else "error response",
        reference,
        exc_info=error,
    )
    return error_response(
        500,
        f"Unexpected error on the server (reference {reference}); check whether your change was saved, "
        "and give this reference to IT support if it happens again.",
        reference=reference,
    )


def status_for(error: CrmError) -> int:
    for error_class, status in STATUS_BY_ERROR:
        if isinstance(error, error_class):
            return status
    return 400


def for_crm_error(error: CrmError):
    status = status_for(error)
    fields = error.errors if isinstance(error, InvalidInput) else None
    headers = {"WWW-Authenticate": BEARER_CHALLENGE} if status == 401 else None
    # What a successor would take over, so a client can say it before asking who (INTERFACES.md).
    counts = {"clients": error.clients, "events": error.events} if isinstance(error, SuccessorRequired) else None
    return error_response(status, error.message, fields=fields, headers=headers, counts=counts)


def exception_handler(error: Exception, context):
    """DRF's EXCEPTION_HANDLER: every exception a view raises ends here, as JSON."""
    if isinstance(error, CrmError):
        return for_crm_error(error)
    if isinstance(error, (drf.NotAuthenticated, drf.AuthenticationFailed)):
        return error_response(401, NO_TOKEN, headers={"WWW-Authenticate": BEARER_CHALLENGE})
    if isinstance(error, drf.UnsupportedMediaType):
        return error_response(400, NOT_JSON)
    if isinstance(error, drf.ParseError):
        return error_response(400, str(error.detail))
    if isinstance(error, drf.MethodNotAllowed):
        said = str(error.detail).rstrip(".")  # DRF's sentence ends with its own full stop
        return error_response(405, f"{said}; the API's methods are listed in /api/v1/openapi.json.")
    if isinstance(error, drf.Throttled):
        wait = max(1, math.ceil(error.wait or 1))
        return error_response(
            429, f"Too many failed logins; wait {counted(wait, 'second')} and try again.",
            headers={"Retry-After": str(wait)},
        )
    if isinstance(error, (Http404, drf.NotFound)):
        return error_response(404, SENTENCES[404])
    if isinstance(error, (DjangoPermissionDenied, drf.PermissionDenied)):
        return error_response(403, SENTENCES[403])
    if isinstance(error, drf.APIException) and error.status_code < 500:
        return error_response(error.status_code, SENTENCES.get(error.status_code, SENTENCES[400]))
    return unexpected_error_response(error)
