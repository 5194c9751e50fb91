"""``POST /api/v1/import/{clients,events}``: a spreadsheet into the CRM, as ``import`` does (docs/import.md).

The body is the file itself, any content type, at most the import's ``MAX_FILE_BYTES``
(the API's 64 KB JSON limit does not apply here): a body announced larger is refused
from its Content-Length before it is read, and no more than one byte past the limit is
ever read. ``?filename=NAME`` tells the format (.csv or .xlsx) and names the records'
history ("imported from NAME row N"); ``dry_run``, ``update`` and ``sheet`` are the
command's options. The answer is the report, 200 also when rows were refused (they are
in ``errors``, and nothing was written).
"""

from rest_framework.response import Response
from rest_framework.views import APIView

from api.inputs import flag, query
from api.operation_schema import ImportSchema
from crm_core.policy import Action, authorize
from epic_imports_app.services import IMPORTS, MAX_FILE_BYTES, refuse_oversized, spreadsheet_import

OPTIONS = ("filename", "dry_run", "update", "sheet")
KINDS = tuple(IMPORTS)  # clients, events: a path each


class ImportView(APIView):
    http_method_names = ["post"]
    parser_classes = []  # the body is read raw, never as JSON
    schema = ImportSchema()
    kind = ""  # "clients" or "events"

    def post(self, request):
        values = query(request, allowed=OPTIONS)
        dry_run, update = flag(values, "dry_run"), flag(values, "update")
        # Before reading a file the import would refuse anyway (support may not import).
        authorize(request.user, Action.IMPORT_RECORDS)
        filename = values.get("filename", "")
        report = spreadsheet_import(
            actor=request.user,
            kind=self.kind,
            filename=filename,
            content=file_body(request, filename),
            dry_run=dry_run,
            update=update,
            sheet=values.get("sheet"),
        )
        return Response(report)


def file_body(request, filename: str) -> bytes:
    name = filename or "The file"
    declared = request.META.get("CONTENT_LENGTH") or ""
    if declared.isascii() and declared.isdigit():
        refuse_oversized(filename=name, size=int(declared))
    stream = request.stream  # None for an empty body
    content = stream.read(MAX_FILE_BYTES + 1) if stream is not None else b""
    refuse_oversized(filename=name, size=len(content))
    return content
