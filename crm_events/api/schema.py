"""The OpenAPI 3 description of the API, derived from what the code already says.

Record objects come from the SPEC §5 shapes (each getter carries its JSON type, see
crm_core.serialization); create bodies from the create services' keyword parameters;
update bodies from the fields each update service accepts; list parameters from the
filters of ``api.resources``. Nothing here describes a record field by field.
``docs/api/openapi.json`` is this output, and a test fails when the two differ.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from api.inputs import parameters_of
from api.listing import DEFAULT_LIMIT
from api.operation_schema import components as operation_components
from api.resources import FLAG, ID, RESOURCES, Resource
from crm_core.pagination import COUNT_CAP, MAX_LIMIT


JSON = "application/json"


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _title(resource: Resource) -> str:
    return resource.label.capitalize()


def record_schema(shape) -> dict:
    return {
        "type": "object",
        "properties": {key: dict(getattr(getter, "json_schema", {})) for key, getter in shape.items()},
        "required": list(shape),
    }


def _input(resource: Resource, key: str) -> dict:
    """What a body may send for ``key``: the shape's type, as loosely as the services read it."""
    if key == "password":
        return {"type": "string", "format": "password", "writeOnly": True}
    schema = dict(getattr(resource.shape.get(key), "json_schema", {}))
    if schema.get("format") == "decimal":
        return {"anyOf": [{"type": "string"}, {"type": "number"}], "description": "An amount, e.g. 1500 or 1500.50."}
    if schema.get("format") == "date-time":
        return {
            "type": "string",
            "description": "ISO 8601, e.g. 2026-06-04 13:00 or 2026-06-04T13:00+02:00; "
            "without an offset, in the server's TIME_ZONE.",
        }
    schema.pop("pattern", None)
    return schema


def _components() -> dict:
    schemas = {
        "Error": {
            "type": "object",
            "properties": {
                "detail": {"type": "string", "description": "One sentence saying what went wrong and what to do."},
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "string"},
                    "description": "For 400: the sentence of each refused field.",
                },
                "reference": {"type": "string", "description": "For 500: the reference to give IT support."},
                "clients": {"type": "integer", "description": "For 409 on removal: clients a successor would take."},
                "events": {"type": "integer", "description": "For 409 on removal: events a successor would take."},
            },
            "required": ["detail"],
        },
        "Login": {
            "type": "object",
            "properties": {"email": {"type": "string"}, "password": {"type": "string", "format": "password"}},
            "required": ["email", "password"],
            "additionalProperties": False,
        },
        "Session": {
            "type": "object",
            "properties": {
                "token": {"type": "string", "description": "Send it as 'Authorization: Bearer TOKEN'."},
                "expires_at": {"type": "string", "format": "date-time"},
                "employee": _ref("Employee"),
            },
            "required": ["token", "expires_at", "employee"],
        },
        "Check": {
            "type": "object",
            "properties": {"field": {"type": "string"}, "value": {"description": "The answer as typed."}},
            "required": ["field", "value"],
            "additionalProperties": False,
        },
        "Checked": {
            "type": "object",
            "properties": {"value": {"description": "The value to send for that field, as the record's JSON has it."}},
            "required": ["value"],
        },
        "EmployeeRemoval": {
            "type": "object",
            "properties": {
                "employee": _ref("Employee"),
                "reassigned_to": {**_ref("Employee"), "nullable": True},
                "clients_moved": {"type": "integer"},
                "events_moved": {"type": "integer"},
            },
            "required": ["employee", "reassigned_to", "clients_moved", "events_moved"],
        },
    }
    for resource in RESOURCES:
        title = _title(resource)
        names, required = parameters_of(resource.creator)
        schemas[title] = record_schema(resource.shape)
        schemas[f"{title}Create"] = {
            "type": "object",
            "properties": {name: _input(resource, name) for name in names},
            "required": list(required),
            "additionalProperties": False,
        }
        schemas[f"{title}Update"] = {
            "type": "object",
            "properties": {name: _input(resource, name) for name in resource.updatable},
            "minProperties": 1,
            "additionalProperties": False,
        }
        schemas[f"{title}Page"] = {
            "type": "object",
            "properties": {
                "results": {"type": "array", "items": _ref(title)},
                "page": {"type": "integer"},
                "limit": {"type": "integer"},
                "count": {"type": "integer", "description": f"Rows counted, up to {COUNT_CAP:,}."},
                "count_is_capped": {"type": "boolean", "description": f"More than {COUNT_CAP:,} rows match."},
                "next": {"type": "string", "format": "uri", "nullable": True},
            },
            "required": ["results", "page", "limit", "count", "count_is_capped", "next"],
        }
    return schemas


def add_components(result, generator, request, public):
    """drf-spectacular post-processing hook: the record schemas the operations refer to."""
    result.setdefault("components", {}).setdefault("schemas", {}).update({**_components(), **operation_components()})
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if "requestBody" in operation:
                operation["requestBody"]["required"] = True  # every POST and PATCH here needs its body
    return result


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}


ERRORS = {
    400: "Invalid input: a malformed body or parameter, or a value the rules refuse.",
    401: "Not authenticated: no token, or an expired or ended session; or, on login, wrong credentials.",
    403: "Permission denied (SPEC §3).",
    404: "No record with this id.",
    409: "Refused by a business rule, or by a concurrent change.",
    429: "Too many failed logins from this address or for this account; see Retry-After.",
}


def _errors(*codes: int) -> dict:
    return {code: OpenApiResponse(response=_ref("Error"), description=ERRORS[code]) for code in codes}


ID_PARAMETER = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The record's id.")


class CrmAutoSchema(AutoSchema):
    """Describes each operation from the view's resource and method (see the module docstring)."""

    def _operation(self) -> str:
        resource = getattr(self.view, "resource", None)
        kind = type(self.view).__name__
        return f"{resource.name if resource else 'session'}:{kind}:{self.method}"

    def _resource(self) -> Resource | None:
        return getattr(self.view, "resource", None)

    def get_tags(self) -> list[str]:
        resource = self._resource()
        return [resource.name if resource else "session"]

    def get_operation_id(self) -> str:
        resource = self._resource()
        verbs = {
            "SessionView:POST": "login",
            "SessionView:GET": "whoami",
            "SessionView:DELETE": "logout",
            "RecordsView:GET": "list",
            "RecordsView:POST": "create",
            "RecordView:GET": "show",
            "RecordView:PATCH": "update",
            "RecordView:DELETE": "delete",
            "CheckView:POST": "check",
        }
        verb = verbs.get(f"{type(self.view).__name__}:{self.method}", self.method.lower())
        return f"{resource.name}_{verb}" if resource else f"session_{verb}"

    def get_description(self) -> str:
        resource = self._resource()
        if resource is None:
            return super().get_description()
        label, name = resource.label, resource.name
        return {
            "RecordsView:GET": f"List {name}: one page (page, limit) with a bounded count, or every row "
            "(all=true) as a JSON array.",
            "RecordsView:POST": f"Create a {label}. The body holds the fields of the command line's create.",
            "RecordView:GET": f"Show one {label}.",
            "CheckView:POST": f"Check one answer of a {label} form as it is typed (changes nothing): the value "
            "to send, or 400 with the sentence saying what the field expects.",
            "RecordView:PATCH": f"Change some fields of a {label}; header X-Record-Changed says whether any "
            "value differed.",
            "RecordView:DELETE": "Remove an employee, handing their clients and upcoming events to reassign_to."
            if name == "employees"
            else f"Refused for everyone: {name} are deleted by IT administrators in Django admin (SPEC §3).",
        }[f"{type(self.view).__name__}:{self.method}"]

    def get_auth(self):
        if isinstance(self.view, _session_view()) and self.method == "POST":
            return []
        return [{"bearerAuth": []}]

    def get_request_serializer(self):
        resource = self._resource()
        operation = f"{type(self.view).__name__}:{self.method}"
        if resource is None:
            return {JSON: _ref("Login")} if self.method == "POST" else None
        if operation == "RecordsView:POST":
            return {JSON: _ref(f"{_title(resource)}Create")}
        if operation == "RecordView:PATCH":
            return {JSON: _ref(f"{_title(resource)}Update")}
        if operation == "CheckView:POST":
            return {JSON: _ref("Check")}
        return None

    def get_response_serializers(self):
        resource = self._resource()
        operation = f"{type(self.view).__name__}:{self.method}"
        if resource is None:
            return {
                "SessionView:POST": {201: OpenApiResponse(_ref("Session"), "Logged in."), **_errors(400, 401, 429)},
                "SessionView:GET": {200: OpenApiResponse(_ref("Employee"), "The logged-in employee."), **_errors(401)},
                "SessionView:DELETE": {204: OpenApiResponse(None, "Logged out."), **_errors(401)},
            }[operation]
        title = _title(resource)
        record = OpenApiResponse(_ref(title), f"The {resource.label}.")
        if operation == "RecordsView:GET":
            page_or_all = {"oneOf": [_ref(f"{title}Page"), {"type": "array", "items": _ref(title)}]}
            listed = OpenApiResponse(page_or_all, "A page, or with all=true every row.")
            return {200: listed, **_errors(400, 401, 403, 409)}
        if operation == "RecordsView:POST":
            created = OpenApiResponse(_ref(title), f"The new {resource.label}.")
            return {201: created, **_errors(400, 401, 403, 404, 409)}
        if operation == "RecordView:GET":
            return {200: record, **_errors(400, 401, 403, 404)}
        if operation == "CheckView:POST":
            return {200: OpenApiResponse(_ref("Checked"), "The value to send."), **_errors(400, 401)}
        if operation == "RecordView:PATCH":
            return {200: record, **_errors(400, 401, 403, 404, 409)}
        if resource.name == "employees":
            removal = OpenApiResponse(_ref("EmployeeRemoval"), "Removed, and their work handed over.")
            return {200: removal, **_errors(400, 401, 403, 404, 409)}
        return _errors(401, 403)

    def get_override_parameters(self):
        resource = self._resource()
        operation = f"{type(self.view).__name__}:{self.method}"
        parameters = []
        if type(self.view).__name__ == "RecordView":
            parameters.append(ID_PARAMETER)
        if operation == "RecordsView:GET":
            for name, each in resource.filters.items():
                kind = {FLAG: bool, ID: int}.get(each.kind, str)
                parameters.append(
                    OpenApiParameter(name, kind, description=each.description, enum=list(each.choices) or None)
                )
            parameters += [
                OpenApiParameter("page", int, description=f"Page number, from 1 (pages stop at row {COUNT_CAP:,})."),
                OpenApiParameter(
                    "limit", int, description=f"Rows per page, 1 to {MAX_LIMIT} (default {DEFAULT_LIMIT})."
                ),
                OpenApiParameter("all", bool, description="Every matching row as one JSON array, instead of a page."),
                OpenApiParameter("id", int, description="Only this record, if it is in the list."),
            ]
        if operation == "RecordView:DELETE" and resource.name == "employees":
            parameters.append(
                OpenApiParameter(
                    "reassign_to", int, description="Active employee of the same department who takes over."
                )
            )
        if operation == "RecordView:PATCH":
            parameters.append(
                OpenApiParameter(
                    "X-Record-Changed",
                    str,
                    OpenApiParameter.HEADER,
                    response=[200],
                    enum=["true", "false"],
                    description="false when the record already had these values.",
                )
            )
        if operation == "RecordsView:POST":
            parameters.append(
                OpenApiParameter(
                    "Location", str, OpenApiParameter.HEADER, response=[201], description="The new record."
                )
            )
        if operation == "SessionView:GET":
            parameters.append(
                OpenApiParameter(
                    "X-Session-Expires-At",
                    str,
                    OpenApiParameter.HEADER,
                    response=[200],
                    description="When this session ends (ISO 8601 with offset).",
                )
            )
        if operation == "SessionView:POST":
            parameters.append(
                OpenApiParameter("Retry-After", int, OpenApiParameter.HEADER, response=[429], description="Seconds.")
            )
        return parameters


def _session_view():
    from api.views import SessionView

    return SessionView
