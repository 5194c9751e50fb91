"""Reading what a request carries: a JSON object body and query parameters, well-formed or refused.

Only the form is checked here (a JSON object, known keys, required keys present,
true/false flags); every value is then handed as it came to the service or selector,
which validates it like the CLI's, so a rule is never written twice.
"""

import inspect
from collections.abc import Callable, Iterable

from rest_framework.exceptions import UnsupportedMediaType

from crm_core.errors import InvalidInput

TRUE, FALSE = "true", "false"


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def body_object(request) -> dict:
    if not request.content_type and _has_body(request):
        # DRF would read a body without a Content-Type as no body at all: refuse it instead.
        raise UnsupportedMediaType("")
    data = request.data
    if not isinstance(data, dict):
        raise InvalidInput({"body": "The request body must be one JSON object, e.g. {\"name\": \"value\"}."})
    return data


def _has_body(request) -> bool:
    meta = request.META
    return meta.get("CONTENT_LENGTH", "0") not in ("", "0") or "HTTP_TRANSFER_ENCODING" in meta


def body_fields(request, *, allowed: Iterable[str], required: Iterable[str] = ()) -> dict:
    """The body's fields, refusing unknown ones and reporting missing ones, every one at once."""
    data = body_object(request)
    allowed = tuple(allowed)
    errors = {
        str(key)[:60]: f"'{str(key)[:60]}' is not a field here; expected {', '.join(allowed)}."
        for key in data
        if key not in allowed
    }
    errors.update({key: f"{_label(key)}: this value is required." for key in required if key not in data})
    if errors:
        raise InvalidInput(errors)
    return data


def parameters_of(service: Callable) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The keyword parameters a create service takes (the body's keys), and which are required."""
    parameters = [p for p in inspect.signature(service).parameters.values() if p.name != "actor"]
    return tuple(p.name for p in parameters), tuple(p.name for p in parameters if p.default is inspect.Parameter.empty)


def query(request, *, allowed: Iterable[str]) -> dict:
    """Query parameters, each given once, none unknown (a misspelt filter must not list everything)."""
    allowed = tuple(allowed)
    params = request.query_params
    errors = {}
    for name in params:
        if name not in allowed:
            errors[name[:60]] = f"'{name[:60]}' is not a parameter here; expected {', '.join(allowed) or 'none'}."
        elif len(params.getlist(name)) > 1:
            errors[name] = f"{_label(name)}: give it once."
    if errors:
        raise InvalidInput(errors)
    return {name: params[name] for name in params}


def flag(values: dict, name: str) -> bool:
    value = values.get(name, FALSE)
    if value not in (TRUE, FALSE):
        raise InvalidInput({name: f"{_label(name)}: expected true or false."})
    return value == TRUE


def whole_number(values: dict, name: str, default: int) -> int:
    """A page number or a row count: ASCII digits (the range is checked by crm_core.pagination)."""
    value = values.get(name)
    if value is None:
        return default
    if not (value.isascii() and value.isdigit()) or len(value) > 18:
        raise InvalidInput({name: f"{_label(name)}: expected a whole number such as 1."})
    return int(value)
