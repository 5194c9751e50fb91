"""What a command hands back for rendering; commands never print records themselves.

NamedTuples rather than dataclasses: they sit on every command's start-up path, and a
dataclass costs several times more to create at import.
"""

from typing import NamedTuple


class Shown(NamedTuple):
    """One record (its SPEC §5 object), with an optional sentence for people (e.g. "Client 12 created.")."""

    view: object  # cli.columns.Layout
    record: dict
    message: str | None = None
    extra: dict | None = None


class Listed(NamedTuple):
    """A list to render: fetched by the renderer, a page or every row, as the format asks."""

    view: object  # cli.columns.Layout
    source: object  # the gateway resource (cli.gateway.Resource)
    filters: dict


class Said(NamedTuple):
    message: str


class HistoryListed(NamedTuple):
    """A record's history to render: fetched by the renderer, a page or every entry, as the format asks."""

    kind: str  # "client": how the record is named in sentences
    source: object  # the gateway resource (cli.gateway.Resource)
    record_id: str
    since: str | None = None
    by: str | None = None


class Imported(NamedTuple):
    """The report of a spreadsheet import (docs/import.md); any refused row makes the command fail."""

    report: dict
