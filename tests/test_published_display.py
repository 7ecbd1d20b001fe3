"""How a publication date prints (briefing.corpus.Published.display): a whole inferred month reads as the
month, not as its first and last days."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing import Corpus
from briefing.corpus import Published
from helpers import ROOT


@pytest.mark.parametrize(("earliest", "latest", "shown"), [
    (dt.date(2025, 9, 1), dt.date(2025, 9, 30), "September 2025 (inferred)"),
    (dt.date(2024, 2, 1), dt.date(2024, 2, 29), "February 2024 (inferred)"),
    (dt.date(2024, 2, 1), dt.date(2024, 2, 28), "1–28 February 2024 (inferred)"),
    (dt.date(2025, 9, 15), dt.date(2025, 9, 30), "15–30 September 2025 (inferred)"),
    (dt.date(2025, 9, 2), dt.date(2025, 9, 30), "2–30 September 2025 (inferred)"),
    (dt.date(2024, 1, 1), dt.date(2024, 9, 30), "January–September 2024 (inferred)"),
])
def test_an_inferred_range_prints_as_its_days_or_its_whole_month(earliest, latest, shown):
    assert Published("inferred", earliest=earliest, latest=latest, reason="r").display() == shown


def test_every_source_of_the_corpus_prints_its_date_in_words():
    for source in Corpus.load(ROOT):
        p = source.published
        shown = p.display()
        assert str(p.latest_possible.year) in shown and not any(ch == "-" for ch in shown), shown
