"""SQLite's LIKE with Unicode case folding, as PostgreSQL compares in Django.

SQLite folds only ASCII letters in LIKE: ``'Émilie' LIKE '%émilie%'`` is false. Django
turns ``icontains`` (client search, admin search) and ``iexact`` into LIKE on SQLite, so
a French name typed in lower case was not found. Each SQLite connection replaces the
built-in ``like()`` with this one, which compares ``str.casefold()`` of both sides.
"""

import re
from functools import lru_cache


def unicode_like(pattern, value, escape=None):
    """SQLite's ``like(pattern, value[, escape])``: ``%`` any run, ``_`` one character."""
    if pattern is None or value is None:
        return None
    return _compiled(pattern, escape).fullmatch(str(value).casefold()) is not None


@lru_cache(maxsize=256)
def _compiled(pattern: str, escape: str | None) -> re.Pattern:
    parts, index = [], 0
    while index < len(pattern):
        char = pattern[index]
        if char == escape and index + 1 < len(pattern):
            parts.append(re.escape(pattern[index + 1].casefold()))
            index += 2
            continue
        parts.append(".*" if char == "%" else "." if char == "_" else re.escape(char.casefold()))
        index += 1
    return re.compile("".join(parts), re.DOTALL)


def install(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: give each new SQLite connection the folding LIKE."""
    if connection.vendor != "sqlite":
        return
    for arguments in (2, 3):  # "x LIKE p" and "x LIKE p ESCAPE e"
        connection.connection.create_function("like", arguments, unicode_like, deterministic=True)
