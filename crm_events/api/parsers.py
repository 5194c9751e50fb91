"""Reading request bodies: JSON only, bounded in size, refused in one sentence when malformed.

DRF's own JSON parser reads the whole body whatever its size and accepts NaN and
duplicate keys; this one reads at most API_MAX_BODY_BYTES, takes numbers with a
fraction as exact decimals (amounts are never floats), and refuses anything that is
not plain, strict UTF-8 JSON.
"""

import json
from decimal import Decimal

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import BaseParser

NOT_JSON = "The request body is not valid JSON ({reason}); send one JSON object, e.g. {{\"name\": \"value\"}}."


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def _refuse_duplicates(pairs: list) -> dict:
    body = {}
    for key, value in pairs:
        if key in body:
            raise ValueError(f"the key '{key[:40]}' appears twice")
        body[key] = value
    return body


class JsonBodyParser(BaseParser):
    media_type = "application/json"

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.API_MAX_BODY_BYTES
        parameters = (media_type or "").lower().replace(" ", "").split(";")[1:]
        charsets = {value.strip('"') for name, _, value in (p.partition("=") for p in parameters) if name == "charset"}
        if charsets - {"utf-8", "utf8"}:
            raise ParseError("The request body must be JSON encoded in UTF-8 (Content-Type: application/json).")
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise ParseError(f"The request body is larger than {limit:,} bytes; send less.")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ParseError("The request body is not UTF-8 text; send JSON encoded in UTF-8.") from None
        try:
            return json.loads(
                text, parse_float=Decimal, parse_constant=_refuse_constant, object_pairs_hook=_refuse_duplicates
            )
        except RecursionError:
            raise ParseError(NOT_JSON.format(reason="nested too deeply")) from None
        except ValueError as error:
            reason = str(error) if "JSON number" in str(error) or "appears twice" in str(error) else "malformed"
            raise ParseError(NOT_JSON.format(reason=reason)) from None


class JsonOnly(BaseContentNegotiation):
    """Always answer JSON, whatever the Accept header asks: there is nothing else to offer."""

    def select_parser(self, request, parsers):
        for parser in parsers:
            if request.content_type.split(";")[0].strip().lower() == parser.media_type:
                return parser
        return None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
