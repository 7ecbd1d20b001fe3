"""The methodology's horizon paragraph states the date the last indicators are checked by, as
data/indicators.csv sets it (the rule, not a list of indicator numbers, which the risks chapter gives)."""

from __future__ import annotations

import re

from briefing.tables import read_rows
from helpers import ROOT


def test_the_methodology_states_the_last_check_date() -> None:
    last = max(r["check_by"] for r in read_rows("indicators") if r["rank"])
    text = re.sub(r"\s+", " ", (ROOT / "book" / "methodology.md").read_text(encoding="utf-8"))
    m = re.search(r"the indicators on what followed the second phase's deadline of [^:]+: \{horizon\}`([^`]+)`", text)
    assert m, "the methodology's horizon paragraph no longer states when the last indicators are checked"
    assert m[1] == last, (m[1], last)


def test_the_methodology_lists_no_indicator_numbers() -> None:
    """Numbers in *What to check* change with the ranking; the methodology states rules, not numbers."""
    text = re.sub(r"\s+", " ", (ROOT / "book" / "methodology.md").read_text(encoding="utf-8"))
    assert not re.search(r"numbers? [\d, and]+ in \*What to check\*", text)
