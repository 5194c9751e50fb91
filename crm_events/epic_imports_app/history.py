"""The one place where an imported record's history is told why it changed.

Every write the import makes for one row (a client, a contract, an event, created or
updated with ``--update``) goes through the services inside ``recorded_as_imported``, so
each of those records' history entries reads "imported from FILE row N"
(``crm_core.change_history.change_reason``). Only the file's name is kept, never its folder.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePath

from crm_core.change_history import change_reason


def import_reason(*, filename: str, row: int) -> str:
    return f"imported from {PurePath(filename).name} row {row}"


@contextmanager
def recorded_as_imported(*, filename: str, row: int) -> Iterator[str]:
    """Around the services called for one row: their history entries carry the import's reason."""
    reason = import_reason(filename=filename, row=row)
    with change_reason(reason):
        yield reason
