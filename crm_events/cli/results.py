"""What a command hands back for rendering; commands never print records themselves.

NamedTuples rather than dataclasses: they sit on every command's start-up path, and a
dataclass costs several times more to create at import.
"""

from typing import NamedTuple


class Shown(NamedTuple):
    """One record, with an optional sentence for people (e.g. "Client 12 created.")."""

    view: object  # cli.columns.Layout
    record: object
    message: str | None = None
    extra: dict | None = None


class Listed(NamedTuple):
    view: object  # cli.columns.Layout
    records: object  # a QuerySet


class Said(NamedTuple):
    message: str
