"""Checks shared by the services on the fields of an update request."""

from crm_core.errors import InvalidInput


def reject_unknown_fields(data: dict, allowed: tuple[str, ...]) -> None:
    """Updates copy an explicit list of fields; anything else is refused, not ignored."""
    if not isinstance(data, dict):
        raise InvalidInput({"data": "The changes must be given as field names and values."})
    unknown = sorted(str(field) for field in set(data) - set(allowed))
    if unknown:
        raise InvalidInput({field: f"'{field}' cannot be changed here." for field in unknown})
    if not data:
        raise InvalidInput({"data": "Nothing to change: give at least one field to update."})
