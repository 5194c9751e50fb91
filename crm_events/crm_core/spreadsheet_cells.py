"""Which text a spreadsheet would run as a formula (CSV injection), for the export and the import alike.

The CSV export puts a ``'`` before such a cell so that Excel shows it as text; the import
takes that ``'`` off again, so a record exported and imported back is unchanged. ``+``
and ``-`` before a plain number or phone number ("+1 234 567 8901", "-5") are left alone:
scripts read those cells, and a spreadsheet can only do arithmetic with them.
"""

import re

FORMULA_STARTS = "=+-@\t\r"
_PLAIN_NUMBER_TAIL = r"[0-9 .]*"  # a stored phone number is digits and spaces; "-2-3" would be computed


def runs_as_formula(text: str) -> bool:
    if not text or text[0] not in FORMULA_STARTS:
        return False
    return not (text[0] in "+-" and re.fullmatch(_PLAIN_NUMBER_TAIL, text[1:]))


def inert(text: str) -> str:
    """``text`` as the CSV export writes it: with a leading ``'`` when a spreadsheet would run it.

    A text that already starts with quotes before a formula ("'=x") gets one more, so that
    ``from_inert`` can tell it from a quoted "=x".
    """
    return "'" + text if runs_as_formula(text.lstrip("'")) else text


def from_inert(text: str) -> str:
    """The inverse of ``inert``: the value before the export quoted it."""
    return text[1:] if text.startswith("'") and runs_as_formula(text.lstrip("'")) else text
