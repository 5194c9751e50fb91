"""The import takes off exactly the quote the CSV export puts on (crm_core.spreadsheet_cells)."""

from hypothesis import given
from hypothesis import strategies as st

from cli.render import _csv_cell
from crm_core.spreadsheet_cells import from_inert, inert

# Texts that start like formulas, numbers and phone numbers, quotes, and anything else.
starts = st.sampled_from(["", "=", "+", "-", "@", "\t", "\r", "'", "'=", "''+", "+1 ", "-12", " "])
texts = st.builds(lambda start, rest: start + rest, starts, st.text(max_size=12))


@given(texts)
def test_every_text_comes_back_from_its_quoted_form(text):
    assert from_inert(inert(text)) == text


@given(texts.filter(lambda text: not text.startswith("'")))
def test_the_export_quotes_as_the_import_expects(text):
    # The export (cli/render.py) has its own copy of the rule; they agree except for a text that
    # already starts with a quote before a formula ("'=x"), which only crm_core's rule can tell apart.
    assert _csv_cell(text) == inert(text)
