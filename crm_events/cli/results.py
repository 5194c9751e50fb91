"""What a command hands back for rendering; commands never print records themselves."""

from dataclasses import dataclass

from django.db.models import QuerySet

from cli.views import View


@dataclass(frozen=True)
class Shown:
    """One record, with an optional sentence for people (e.g. "Client 12 created.")."""

    view: View
    record: object
    message: str | None = None
    extra: dict | None = None


@dataclass(frozen=True)
class Listed:
    view: View
    records: QuerySet


@dataclass(frozen=True)
class Said:
    message: str
