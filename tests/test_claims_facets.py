"""Claim checks that a second sabotage round (docs/reviews/sabotage-2026-12-07.md) found unguarded: a number
restated with another hedge, and a name found in the cited article but far from the cited passage."""

from __future__ import annotations

from pathlib import Path

from test_claims import _findings


def test_a_number_restated_with_another_hedge_is_checked_again(tmp_path: Path) -> None:
    # the passage says "more than 80 states"; "at most 80" later in the sentence contradicts it
    report = _findings(tmp_path, "The coalition was founded in 2014 with more than 80 states, and at most 80 "
                                 "remain {ev}`erem-coalition-2014-80-states`.")
    assert [(f.facet, f.item) for f in report.findings] == [("hedges", "at most 80")]
    assert "hedge differs: the passage has 80 (more than)" in report.findings[0].message


def test_an_unhedged_back_reference_to_a_hedged_number_is_not_a_finding(tmp_path: Path) -> None:
    report = _findings(tmp_path, "The coalition was founded in 2014 with more than 80 states; the 80 are "
                                 "listed {ev}`erem-coalition-2014-80-states`.")
    assert report.findings == []


def test_a_name_elsewhere_in_the_article_does_not_carry_a_claim_about_the_passage(tmp_path: Path) -> None:
    # Basim al-Awadi is quoted in Hafryat's article, but not in the cited passage (¶5) or the paragraphs before it
    report = _findings(tmp_path / "a", "Basim al-Awadi said the United States deploys 2,500 military personnel "
                                       "in Iraq {ev}`hafryat-us-2500`.")
    [f] = report.findings
    assert (f.facet, f.item) == ("names", "Basim al-Awadi")
    assert "no cited passage (or its paragraph) names it" in f.message
    # a claim about the article as a whole may name anyone the article names
    whole = _findings(tmp_path / "b", "The article, which also quotes Basim al-Awadi, gives 2,500 US military "
                                      "personnel {ev}`hafryat-us-2500`.")
    assert whole.findings == []
