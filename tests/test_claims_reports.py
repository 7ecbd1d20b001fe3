"""What the claim check reports, asserted whole and in-process (briefing.claims): the findings as data
(``ClaimReport.as_dict``, the JSON of `briefing check --claims --json`), as `briefing check` errors
(``claim_problems``), per chapter, and the explanations of a date finding (a relative date resolved, a
year computed forwards or backwards from a passage's year with a number of years in words)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from briefing.claims import check_claims, claim_problems, per_chapter
from briefing.claims_english import plain
from briefing.corpus import Corpus
from briefing.evidence import Registry
from test_claims import _findings, _project

COMPUTED = "{} {} — a date computed from rhetoric is never a fact (passages carry 2011)"


def _fingerprint(file: str, facet: str, item: str, claim: str) -> str:
    """The documented key of a finding: stable across line moves (file, facet, item and claim text)."""
    return hashlib.sha1(f"{file}|{facet}|{item}|{claim}".encode()).hexdigest()[:12]


def test_the_report_as_data_and_as_errors(tmp_path: Path) -> None:
    long = ("Hafryat, in an article about the talks between Washington and Baghdad on the future of the coalition, "
            "gives 2,400 US military personnel {ev}`hafryat-us-2500`.")
    root = _project(tmp_path, "Rebin Salam said ISIS seized a third of Iraq in 2013 "
                              "{ev}`unattr-rebin-2011-mistakes`.\n" + long)
    registry = Registry.load(Corpus.load(root))
    report = check_claims(root, registry)
    file = "book/_text/test.md"
    first = "Rebin Salam said ISIS seized a third of Iraq in 2013 ."
    second = plain(long.replace("{ev}`hafryat-us-2500`", " "))
    assert len(second) > 90
    computed = ("not printed in the passages; it looks computed (2011 + 2 years) — a date computed from rhetoric is "
                "never a fact (passages carry 2011)")
    counts = report.as_dict()["chapters"][file]
    assert counts["facets_verified"] >= 5  # outlet, names, the fraction, the report date …
    assert report.as_dict() == {
        "chapters": {file: {"claims": 2, "facets_verified": counts["facets_verified"], "findings": 2, "accepted": 0}},
        "findings": [
            {"file": file, "where": f"{file}:9", "facet": "dates", "item": "2013", "claim": first,
             "message": computed, "fingerprint": _fingerprint(file, "dates", "2013", first)},
            {"file": file, "where": f"{file}:10", "facet": "numbers", "item": "2,400", "claim": second,
             "message": "the passages carry 2500", "fingerprint": _fingerprint(file, "numbers", "2,400", second)}],
        "accepted": [], "problems": [], "notes": []}
    assert per_chapter(report) == {file: counts}
    shortened = second[:89].rstrip() + "…"  # a long claim is cut to 90 characters in messages
    fix = "fix the sentence or its citation, or accept it in data/accepted-findings.yaml (fingerprint {})"
    assert [p.as_dict() for p in claim_problems(root, registry)] == [
        {"where": f"{file}:9", "kind": "BriefingError", "fix": fix.format(_fingerprint(file, "dates", "2013", first)),
         "problem": f"claim check [dates] “{first}” states '2013'; {computed}"},
        {"where": f"{file}:10", "kind": "BriefingError",
         "fix": fix.format(_fingerprint(file, "numbers", "2,400", second)),
         "problem": f"claim check [numbers] “{shortened}” states '2,400'; the passages carry 2500"}]
    assert report.findings[1].text() == (f"{file}:10: [numbers] “{shortened}” states '2,400'; the passages carry "
                                         f"2500 ({_fingerprint(file, 'numbers', '2,400', second)})")


def test_accepted_findings_and_stale_acceptances_in_the_report(tmp_path: Path) -> None:
    root = _project(tmp_path, "Hafryat gives about 2,500 US military personnel {ev}`hafryat-us-2500`.")
    registry = Registry.load(Corpus.load(root))
    [f] = check_claims(root, registry).findings
    (root / "data" / "accepted-findings.yaml").write_text(
        f"- where: book/_text/test.md:9\n  facet: hedges\n  fingerprint: {f.fingerprint}\n"
        "  reason: the article rounds elsewhere\n  reviewer: test\n  date: 2026-01-01\n"
        "- where: book/_text/test.md\n  facet: dates\n  fingerprint: 0123456789ab\n"
        "  reason: no longer matches anything\n  reviewer: test\n  date: 2026-01-01\n", encoding="utf-8")
    data = check_claims(root, registry).as_dict()
    assert data["findings"] == [] and data["chapters"]["book/_text/test.md"]["accepted"] == 1
    assert data["accepted"] == [{**f.as_dict(), "reason": "the article rounds elsewhere"}]
    assert data["problems"] == [{
        "where": "data/accepted-findings.yaml:7", "kind": "DataError",
        "problem": "acceptance 0123456789ab (dates, book/_text/test.md) matches no current finding",
        "fix": "remove it: the claim changed or the finding is fixed"}]
    assert [p.as_dict() for p in claim_problems(root, registry)] == data["problems"]


def test_a_date_finding_explains_a_resolved_relative_date(tmp_path: Path) -> None:
    report = _findings(tmp_path, "In March 2024 Washington and Baghdad agreed to launch working groups "
                                 "{ev}`hafryat-working-groups`.")
    [f] = report.findings
    assert (f.facet, f.item) == ("dates", "March 2024")
    assert f.message == ("the passages carry 2024-01 (resolved from ‘الأسبوع الماضي’ against 2024-01-31), and it is not "
                         "the report date (Hafryat published 31 January 2024)")


def test_a_year_computed_backwards_or_with_a_number_word_is_named(tmp_path: Path) -> None:
    earlier = _findings(tmp_path / "a", "Rebin Salam said ISIS seized a third of Iraq in 2009, two years earlier "
                                        "{ev}`unattr-rebin-2011-mistakes`.")
    assert [(f.item, f.message) for f in earlier.findings if f.facet == "dates"] == [
        ("2009", COMPUTED.format("not printed in the passages; it looks computed", "(2011 − 2 years)"))]
    later = _findings(tmp_path / "b", "Rebin Salam said ISIS seized a third of Iraq in 2021, ten years later "
                                      "{ev}`unattr-rebin-2011-mistakes`.")
    assert [(f.item, f.message) for f in later.findings if f.facet == "dates"] == [
        ("2021", COMPUTED.format("not printed in the passages; it looks computed", "(2011 + 10 years)"))]


def test_a_horizon_role_reads_as_its_month() -> None:
    assert plain("due by {horizon}`2026-09-30` at the latest") == "due by September 2026 at the latest"
    assert plain("in {horizon}`2026-12-31` and {horizon}`2027-01-01`") == "in December 2026 and January 2027"
    # not a month: left as written, so the code span is dropped like any other and nothing is invented
    assert plain("a typo {horizon}`2026-13-30` stays") == "a typo {horizon} stays"
    assert plain("as of {asof}`August 2025`, *the* [plan](overview.md)") == "as of August 2025, the plan"
