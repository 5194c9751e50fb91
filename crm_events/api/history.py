"""``GET /api/v1/{resource}/{id}/history``: who changed a record, when, and from what.

``?since=YYYY-MM-DD&by=ID&page=N&limit=M`` answers a page object as lists do (the entries
of ``crm_core.history``, newest first); ``?all=true`` streams every entry as one JSON
array, read a chunk at a time. Whoever may show the record may read its history, and is
refused with show's status and sentence; the filters are checked by the selector.
"""

import json

from django.http import StreamingHttpResponse
from rest_framework.response import Response
from rest_framework.views import APIView

from api.inputs import flag, query, whole_number
from api.listing import DEFAULT_LIMIT, PAGING, STREAM_BATCH, next_page_url
from api.operation_schema import HistorySchema
from api.resources import Resource
from crm_core.errors import InvalidInput
from crm_core.history import iter_record_history, record_history
from crm_core.pagination import COUNT_CAP

FILTERS = ("since", "by")


class HistoryView(APIView):
    http_method_names = ["get"]
    resource: Resource | None = None
    schema = HistorySchema()

    def get(self, request, id):  # noqa: A002 - the path's {id}
        values = query(request, allowed=(*FILTERS, *PAGING))
        options = {"actor": request.user, "resource": self.resource.name, "record_id": id}
        options.update(since=values.get("since"), by=values.get("by"))
        if flag(values, "all"):
            if "page" in values or "limit" in values:
                raise InvalidInput(
                    {"all": "All: ask for every entry (all=true) or for one page (page, limit), not both."}
                )
            entries = iter_record_history(**options, chunk=STREAM_BATCH)  # refusals raise here, before streaming
            return StreamingHttpResponse(_json_array(entries), content_type="application/json")
        page = record_history(
            **options, page=whole_number(values, "page", 1), limit=whole_number(values, "limit", DEFAULT_LIMIT)
        )
        return Response(
            {
                "results": page.items,
                "page": page.number,
                "limit": page.limit,
                "count": page.total,
                "count_is_capped": page.total_is_capped,
                "next": next_page_url(request, page) if page.has_next and page.last_row < COUNT_CAP else None,
            }
        )


def _json_array(entries):
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    batch, opening = [], "["
    for entry in entries:
        batch.append(encode(entry))
        if len(batch) == STREAM_BATCH:
            yield (opening + ",".join(batch)).encode()
            batch, opening = [], ","
    yield (opening + ",".join(batch) + "]").encode() if batch or opening == "[" else b"]"
