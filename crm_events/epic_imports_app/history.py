"""The one place where an imported record's history is told why it changed.

Each record an import writes should later read, in its history, "imported from FILE row N".
Record history is being built in parallel with this app; until it lands, nothing records
the reason: this context manager only names it, around every write the import makes for
one row, so that attaching it is a change to this function alone.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePath


def import_reason(*, filename: str, row: int) -> str:
    return f"imported from {PurePath(filename).name} row {row}"


@contextmanager
def recorded_as_imported(*, filename: str, row: int) -> Iterator[str]:
    """Around the services called for one row. Not yet attached to any history (see the module)."""
    yield import_reason(filename=filename, row=row)
