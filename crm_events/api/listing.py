"""Lists: one page with a bounded count, or every row streamed as a JSON array.

``?page=N&limit=M`` (default page 1, 50 rows; ``&id=N`` keeps that one record) answers an object with the page and the
same bounded count as the CLI's tables (crm_core.pagination: counted up to 1,000,
"count_is_capped" beyond). ``?all=true`` streams every matching row as one JSON array,
a batch of rows at a time, so memory stays flat however long the list.
"""

from django.http import StreamingHttpResponse
from rest_framework.response import Response

from api.inputs import flag, query, whole_number
from api.resources import FLAG, Resource
from crm_core.errors import InvalidInput
from crm_core.export import Export
from crm_core.export_text import json_texts
from crm_core.lookups import filter_by_id, record_pk
from crm_core.pagination import COUNT_CAP, paginate
from crm_core.serialization import to_dict

PAGING = ("page", "limit", "all")
ONLY = "id"  # ?id=N: that record, if it is in the list (how the menu picks a record by its id)
DEFAULT_LIMIT = 50
STREAM_BATCH = 500  # rows per database fetch and per chunk written


def list_response(request, resource: Resource, actor):
    values = query(request, allowed=(*resource.filters, ONLY, *PAGING))
    filters = {}
    for name, each in resource.filters.items():
        if each.kind == FLAG:
            if flag(values, name):
                filters[each.keyword] = True
        elif name in values:
            filters[each.keyword] = values[name]
    everything = flag(values, "all")
    if everything and ("page" in values or "limit" in values):
        raise InvalidInput({"all": "All: ask for every row (all=true) or for one page (page, limit), not both."})
    records = resource.lister(actor=actor, **filters)
    if ONLY in values:
        records = filter_by_id(records, "pk", record_pk(values[ONLY], label=resource.label))
    if everything:
        return StreamingHttpResponse(_json_array(records, resource), content_type="application/json")
    page = paginate(records, page=whole_number(values, "page", 1), limit=whole_number(values, "limit", DEFAULT_LIMIT))
    return Response(
        {
            "results": [to_dict(resource.shape, record) for record in page.items],
            "page": page.number,
            "limit": page.limit,
            "count": page.total,
            "count_is_capped": page.total_is_capped,
            # Pages stop at COUNT_CAP rows, like the CLI's: past that, a filter or all=true.
            "next": next_page_url(request, page) if page.has_next and page.last_row < COUNT_CAP else None,
        }
    )


def next_page_url(request, page) -> str:
    params = request._request.GET.copy()
    params["page"] = str(page.number + 1)
    params["limit"] = str(page.limit)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def _json_array(records, resource: Resource):
    """The rows as one compact JSON array, a batch per piece: read and encoded like the CLI's exports
    (crm_core.export: a cursor inside a transaction on PostgreSQL, which writes each row's JSON text),
    so the first bytes leave at once at any size."""
    opening = "["
    for texts in json_texts(Export(records, resource.shape, chunk_size=STREAM_BATCH), separators=(",", ":")):
        yield (opening + ",".join(texts)).encode()
        opening = ","
    yield b"]" if opening == "," else b"[]"
