"""The OpenAPI description of the history, unlock and import operations.

``api.schema`` describes the record operations from ``api.resources``; the views of
``api.history``, ``api.unlock`` and ``api.imports`` name their schema class here, and the
objects they answer are the components below, added by ``api.schema``'s post-processing
hook. History entries are those of ``crm_core.history``; the import's report that of
``epic_imports_app.report``; the body limit the import's own ``MAX_FILE_BYTES``.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from api.listing import DEFAULT_LIMIT
from crm_core.pagination import COUNT_CAP, MAX_LIMIT
from epic_imports_app.reading import MAX_FILE_BYTES
from epic_imports_app.report import DISPOSITIONS, KINDS

ERRORS = {
    400: "Invalid input: a malformed parameter or body, or a value the rules refuse.",
    401: "Not authenticated: no token, or an expired or ended session.",
    403: "Permission denied (SPEC §3).",
    404: "No record with this id.",
    409: "Refused by a business rule, or by a concurrent change.",
}
ID_PARAMETER = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The record's id.")
ANY_VALUE = {"description": "A value as the record's JSON shows it (string, number, boolean or null)."}
BINARY = {"type": "string", "format": "binary"}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def errors(*codes: int) -> dict:
    return {code: OpenApiResponse(response=ref("Error"), description=ERRORS[code]) for code in codes}


def _counts(description: str) -> dict:
    return {
        "type": "object",
        "properties": {kind: {"type": "integer"} for kind in KINDS},
        "required": list(KINDS),
        "description": description,
    }


def components() -> dict:
    return {
        "HistoryChange": {
            "type": "object",
            "properties": {
                "field": {"type": "string", "nullable": True, "description": "A key of the record's JSON."},
                "old": ANY_VALUE,
                "new": ANY_VALUE,
            },
            "required": ["field", "old", "new"],
        },
        "HistoryEntry": {
            "type": "object",
            "properties": {
                "at": {"type": "string", "format": "date-time"},
                "actor_id": {"type": "integer", "nullable": True, "description": "Null: the installation acted."},
                "actor_name": {"type": "string", "nullable": True, "description": "Stays readable once removed."},
                "action": {"type": "string", "enum": ["created", "updated", "removed"]},
                "changes": {"type": "array", "items": ref("HistoryChange")},
                "reason": {
                    "type": "string",
                    "nullable": True,
                    "description": 'Why, when known: "imported from FILE row N", a handover, "password changed".',
                },
            },
            "required": ["at", "actor_id", "actor_name", "action", "changes", "reason"],
        },
        "HistoryPage": {
            "type": "object",
            "properties": {
                "results": {"type": "array", "items": ref("HistoryEntry")},
                "page": {"type": "integer"},
                "limit": {"type": "integer"},
                "count": {"type": "integer", "description": f"Entries counted, up to {COUNT_CAP:,}."},
                "count_is_capped": {"type": "boolean", "description": f"More than {COUNT_CAP:,} entries match."},
                "next": {"type": "string", "format": "uri", "nullable": True},
            },
            "required": ["results", "page", "limit", "count", "count_is_capped", "next"],
        },
        "AccountUnlock": {
            "type": "object",
            "properties": {
                "employee": ref("Employee"),
                "was_locked": {"type": "boolean", "description": "False: it was not locked, and nothing changed."},
            },
            "required": ["employee", "was_locked"],
        },
        "ImportReport": {
            "type": "object",
            "properties": {
                "file": {"type": "string"},
                "kind": {"type": "string", "enum": ["clients", "events"]},
                "dry_run": {"type": "boolean"},
                "update": {"type": "boolean"},
                "written": {"type": "boolean", "description": "True only when the import was kept."},
                "rows": {"type": "integer"},
                **{name: _counts(f"Records {name}, per kind.") for name in DISPOSITIONS},
                "differences": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "row": {"type": "integer"},
                            "record": {"type": "string", "enum": ["client", "contract", "event"]},
                            "id": {"type": "integer"},
                            "column": {"type": "string", "nullable": True},
                            "current": {"type": "string"},
                            "file": {"type": "string"},
                        },
                        "required": ["row", "record", "id", "column", "current", "file"],
                    },
                },
                "ignored_columns": {"type": "array", "items": {"type": "string"}},
                "errors": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "row": {"type": "integer", "nullable": True},
                            "column": {"type": "string", "nullable": True},
                            "message": {"type": "string"},
                        },
                        "required": ["row", "column", "message"],
                    },
                    "description": "Each refused row: when there is any, nothing was written.",
                },
            },
            "required": [
                "file", "kind", "dry_run", "update", "written", "rows", *DISPOSITIONS,
                "differences", "ignored_columns", "errors",
            ],
        },
    }


class HistorySchema(AutoSchema):
    """GET /{resource}/{id}/history (the view's ``resource``)."""

    def get_tags(self) -> list[str]:
        return [self.view.resource.name]

    def get_operation_id(self) -> str:
        return f"{self.view.resource.name}_history"

    def get_description(self) -> str:
        label = self.view.resource.label
        access = "Management only." if self.view.resource.name == "employees" else "Everyone."
        return (
            f"The history of one {label}, newest first: who created, changed or removed it, when, and each "
            f"field's value before and after. One page (page, limit), or every entry (all=true). {access}"
        )

    def get_request_serializer(self):
        return None

    def get_response_serializers(self):
        page_or_all = {"oneOf": [ref("HistoryPage"), {"type": "array", "items": ref("HistoryEntry")}]}
        listed = OpenApiResponse(page_or_all, "A page, or with all=true every entry.")
        return {200: listed, **errors(400, 401, 403, 404)}

    def get_override_parameters(self):
        return [
            ID_PARAMETER,
            OpenApiParameter("since", str, description="Only entries from this day on (YYYY-MM-DD, in TIME_ZONE)."),
            OpenApiParameter("by", int, description="Only what this employee did (an employee id)."),
            OpenApiParameter("page", int, description=f"Page number, from 1 (pages stop at entry {COUNT_CAP:,})."),
            OpenApiParameter(
                "limit", int, description=f"Entries per page, 1 to {MAX_LIMIT} (default {DEFAULT_LIMIT})."
            ),
            OpenApiParameter("all", bool, description="Every entry as one JSON array, instead of a page."),
        ]


class UnlockSchema(AutoSchema):
    """POST /employees/{id}/unlock."""

    def get_tags(self) -> list[str]:
        return ["employees"]

    def get_operation_id(self) -> str:
        return "employees_unlock"

    def get_description(self) -> str:
        return (
            "Lift the lockout that failed logins put on an account, so the employee can log in at once with "
            "their unchanged password (management). No body."
        )

    def get_request_serializer(self):
        return None

    def get_response_serializers(self):
        unlocked = OpenApiResponse(ref("AccountUnlock"), "The employee, and whether the account was locked.")
        return {200: unlocked, **errors(400, 401, 403, 404, 409)}

    def get_override_parameters(self):
        return [ID_PARAMETER]


class ImportSchema(AutoSchema):
    """POST /import/{clients,events} (the view's ``kind``)."""

    def get_tags(self) -> list[str]:
        return ["import"]

    def get_operation_id(self) -> str:
        return f"import_{self.view.kind}"

    def get_description(self) -> str:
        return (
            f"Import {self.view.kind} from a spreadsheet, all or nothing (docs/import.md): the body is the .csv or "
            f".xlsx file itself, at most {MAX_FILE_BYTES:,} bytes. The report answers with 200 also when rows "
            "were refused (then nothing was written, and errors lists them); 400 refuses the whole file (too "
            "large, unreadable, a required column missing). Management (for any sales contact) and sales "
            "(their own clients)."
        )

    def get_request_serializer(self):
        # Any content type is read the same: the bytes of the file, at most MAX_FILE_BYTES.
        return {"application/octet-stream": BINARY, "text/csv": BINARY}

    def get_response_serializers(self):
        return {200: OpenApiResponse(ref("ImportReport"), "The report."), **errors(400, 401, 403)}

    def get_override_parameters(self):
        return [
            OpenApiParameter(
                "filename",
                str,
                required=True,
                description="The file's name, ending in .csv or .xlsx (it tells the format).",
            ),
            OpenApiParameter(
                "dry_run", bool, description="Check every row and report what would happen; write nothing."
            ),
            OpenApiParameter("update", bool, description="Change the records that differ from their row."),
            OpenApiParameter("sheet", str, description="The workbook's sheet to read (default: the first)."),
        ]
