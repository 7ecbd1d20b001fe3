"""A table the chapters print names every column: an empty heading is announced as nothing by a screen
reader (axe: empty-table-header; the risk register's code column had none)."""

import pandas as pd
import pytest

from briefing.tables import Table


def test_a_column_without_a_heading_is_refused_with_the_table_and_column_named():
    frame = pd.DataFrame({"Risk": ["a"], " ": ["R1"]})
    with pytest.raises(ValueError, match=r"table 'Risk register': column 2 has no heading"):
        Table(frame, caption="Risk register")


def test_named_columns_print_their_headings():
    markdown = Table(pd.DataFrame({"No.": ["R1"], "Risk": ["a"]}), caption="c")._repr_markdown_()
    assert "| No\\. | Risk |" in markdown  # the point escaped as literal text
