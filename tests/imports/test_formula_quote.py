"""The import takes off exactly the quote the CSV export puts on (crm_core.spreadsheet_cells)."""

from hypothesis import given
from hypothesis import strategies as st

from crm_core.export_text import csv_cell
from crm_core.spreadsheet_cells import from_inert, inert

# Texts that start like formulas, numbers and phone numbers, quotes, and anything else.
starts = st.sampled_from(["", "=", "+", "-", "@", "\t", "\r", "'", "'=", "''+", "+1 ", "-12", " "])
texts = st.builds(lambda start, rest: start + rest, starts, st.text(max_size=12))


@given(texts)
def test_every_text_comes_back_from_its_quoted_form(text):
    assert from_inert(inert(text)) == text


@given(texts)
def test_a_text_the_csv_export_writes_is_read_back_by_the_import_as_it_was(text):
    assert from_inert(csv_cell(text)) == text
