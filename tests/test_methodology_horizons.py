"""The methodology's horizon paragraph names exactly the indicators that run to the latest check date,
as data/indicators.csv sets them (ranks as *What to check* numbers them)."""

from __future__ import annotations

import datetime as dt
import re

from briefing.dates import long_date
from briefing.tables import read_rows
from helpers import ROOT

NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def _numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", text)]


def test_the_methodology_names_the_indicators_checked_last() -> None:
    rows = [r for r in read_rows("indicators") if r["rank"]]  # a judgment's twin repeats a ranked indicator
    last = max(r["check_by"] for r in rows)
    ranks = sorted(int(r["rank"]) for r in rows if r["check_by"] == last)
    text = re.sub(r"\s+", " ", (ROOT / "book" / "methodology.md").read_text(encoding="utf-8"))
    m = re.search(r"(\w+) indicators on what followed the second phase's deadline, numbers ([\d, and]+) in "
                  r"\*What to check\* \(([^)]+)\)", text)
    assert m, "the methodology's horizon paragraph no longer names the indicators checked last"
    assert _numbers(m[2]) == ranks, (m[2], ranks)
    assert m[1] == NUMBER_WORDS[len(ranks)], (m[1], len(ranks))
    assert m[3] == long_date(dt.date.fromisoformat(last))
