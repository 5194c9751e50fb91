"""What an import did, or would do: counts per kind of record, the differences, the bad rows.

``as_dict`` is the report as plain data, the JSON shape of issue 20 with a few more keys:

    {"file": "events.csv", "kind": "events", "dry_run": bool, "update": bool, "written": bool,
     "rows": int,
     "created":   {"clients": n, "contracts": n, "events": n},
     "updated":   {...},   # changed (with --update)
     "unchanged": {...},   # matched and agreeing with the file
     "differing": {...},   # matched, differing, left alone (without --update)
     "differences": [{"row": n, "record": "client", "id": id, "column": header,
                      "current": text, "file": text}],
     "ignored_columns": [header, ...],
     "errors": [{"row": n, "column": header | null, "message": sentence}]}

A record named on several rows (a client with several events) is counted once. On a dry
run, or when any row is refused, ``written`` is false and nothing was stored; the counts
then say what the good rows would have done.
"""

from dataclasses import dataclass, field
from pathlib import PurePath

KINDS = ("clients", "contracts", "events")
DISPOSITIONS = ("created", "updated", "unchanged", "differing")


@dataclass
class ImportReport:
    filename: str
    kind: str
    dry_run: bool
    update: bool
    rows: int = 0
    written: bool = False
    counts: dict = field(default_factory=lambda: {name: dict.fromkeys(KINDS, 0) for name in DISPOSITIONS})
    differences: list = field(default_factory=list)
    ignored_columns: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    def error(self, row: int | None, column: str | None, message: str) -> None:
        self.errors.append({"row": row, "column": column, "message": message})

    def as_dict(self) -> dict:
        return {
            "file": PurePath(self.filename).name,
            "kind": self.kind,
            "dry_run": self.dry_run,
            "update": self.update,
            "written": self.written,
            "rows": self.rows,
            **{name: dict(self.counts[name]) for name in DISPOSITIONS},
            "differences": list(self.differences),
            "ignored_columns": list(self.ignored_columns),
            "errors": sorted(self.errors, key=lambda error: (error["row"] or 0)),
        }
