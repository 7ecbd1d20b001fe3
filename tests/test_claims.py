"""Claim checks: constructed bad claims over real evidence are caught with the right message; correct ones pass."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from briefing.claims import check_claims, claims_command
from briefing.claims_english import dates, numbers
from briefing.corpus import Corpus
from briefing.evidence import Registry
from helpers import ROOT, make_project, run

HEADER = "---\njupytext:\n  text_representation:\n    extension: .md\n---\n\n# Test chapter\n\n"


def _project(tmp_path: Path, prose: str, claims_csv: str | None = None) -> Path:
    root = make_project(tmp_path)
    shutil.copyfile(ROOT / "data" / "evidence.yaml", root / "data" / "evidence.yaml")
    shutil.copyfile(ROOT / "data" / "gazetteer.csv", root / "data" / "gazetteer.csv")
    (root / "book" / "page.md").unlink()
    (root / "book" / "_text").mkdir()
    (root / "book" / "_text" / "test.md").write_text(HEADER + prose + "\n", encoding="utf-8")
    if claims_csv is not None:
        (root / "data" / "claims.csv").write_text(claims_csv, encoding="utf-8")
    return root


def _findings(tmp_path: Path, prose: str, claims_csv: str | None = None):  # noqa: ANN202
    root = _project(tmp_path, prose, claims_csv)
    return check_claims(root, Registry.load(Corpus.load(root)))


def test_real_correct_claims_pass(tmp_path: Path) -> None:
    report = _findings(tmp_path, (
        "Hafryat (January 2024) gives 2,500 US military personnel {ev}`hafryat-us-2500`.\n"
        "Erem News reported in September 2025 that the coalition was founded in 2014 with more than 80 states "
        "{ev}`erem-coalition-2014-80-states`.\n"
        "Kurdistan Democratic Party member Rebin Salam warned against repeating \"the mistakes of 2011\", when ISIS "
        "seized a third of Iraq \"only two years later\" {ev}`unattr-rebin-2011-mistakes`.\n"
        "Committee member Yasser Watwut told Al-Jibal on 17 August 2025 that the withdrawal will have no substantial "
        "impact on internal security {ev}`jibal-wtwt-no-impact`."))
    assert report.findings == []
    counts = report.chapters["book/_text/test.md"]
    assert counts.claims == 4
    assert counts.facets_verified >= 12  # 2,500 + hedge, report dates, 2014, 80 + hedge, 2011, fraction, names …


def test_changed_number(tmp_path: Path) -> None:
    report = _findings(tmp_path, "Hafryat gives 2,400 US military personnel {ev}`hafryat-us-2500`.")
    [f] = report.findings
    assert (f.facet, f.item) == ("numbers", "2,400")
    assert "the passages carry 2500" in f.message
    assert f.where == "book/_text/test.md:9"


def test_added_hedge(tmp_path: Path) -> None:
    report = _findings(tmp_path, "Hafryat gives about 2,500 US military personnel {ev}`hafryat-us-2500`.")
    [f] = report.findings
    assert (f.facet, f.item) == ("hedges", "about 2,500")
    assert "hedge added: the passage prints 2500 unhedged" in f.message


def test_dropped_hedge(tmp_path: Path) -> None:
    report = _findings(tmp_path, "The coalition was founded in 2014 with 80 states {ev}`erem-coalition-2014-80-states`.")
    [f] = report.findings
    assert (f.facet, f.item) == ("hedges", "80")
    assert "hedge dropped: the passage has 80 (more than)" in f.message


def test_wrong_year(tmp_path: Path) -> None:
    report = _findings(tmp_path, "The coalition was founded in 2015 with more than 80 states "
                                 "{ev}`erem-coalition-2014-80-states`.")
    [f] = report.findings
    assert (f.facet, f.item) == ("dates", "2015")
    assert "the passages carry 2014" in f.message
    assert "not the report date (Erem News published" in f.message


def test_wrong_actor(tmp_path: Path) -> None:
    report = _findings(tmp_path, "Hussein Allawi said the United States deploys 2,500 military personnel in Iraq "
                                 "{ev}`hafryat-us-2500`.")
    [f] = report.findings
    assert (f.facet, f.item) == ("names", "Hussein Allawi")
    assert "no cited passage (or its paragraph) names it" in f.message
    assert "united-states" in f.message


def test_wrong_outlet(tmp_path: Path) -> None:
    report = _findings(tmp_path, "Erem News gives 2,500 US military personnel {ev}`hafryat-us-2500`.")
    [f] = report.findings
    assert (f.facet, f.item) == ("names", "Erem News")
    assert "not the outlet of a cited passage (Hafryat)" in f.message


def test_computed_date(tmp_path: Path) -> None:
    report = _findings(tmp_path, "Rebin Salam said ISIS seized a third of Iraq in 2013 "
                                 "{ev}`unattr-rebin-2011-mistakes`.")
    [f] = report.findings
    assert (f.facet, f.item) == ("dates", "2013")
    assert "looks computed (2011 + 2 years)" in f.message
    assert "never a fact" in f.message


def test_wrong_report_date(tmp_path: Path) -> None:
    report = _findings(tmp_path, "Hafryat (March 2024) gives 2,500 US military personnel {ev}`hafryat-us-2500`.")
    [f] = report.findings
    assert (f.facet, f.item) == ("dates", "March 2024")
    assert "Hafryat published 31 January 2024" in f.message


def test_report_date_within_an_inferred_range(tmp_path: Path) -> None:
    ok = _findings(tmp_path / "a", "In 2024 the unattributed article reported that Rebin Salam warned against "
                                   "the mistakes of 2011 {ev}`unattr-rebin-2011-mistakes`.")
    assert ok.findings == []
    narrow = _findings(tmp_path / "b", "In August 2024 the unattributed article reported that Rebin Salam warned "
                                       "against the mistakes of 2011 {ev}`unattr-rebin-2011-mistakes`.")
    [f] = narrow.findings
    assert (f.facet, f.item) == ("dates", "August 2024")
    assert "July–September 2024 (inferred)" in f.message


def test_resolved_relative_date_counts_and_says_so(tmp_path: Path) -> None:
    report = _findings(tmp_path, "In January 2024 Washington and Baghdad agreed to launch working groups "
                                 "{ev}`hafryat-working-groups`.")
    assert report.findings == []
    assert any("resolved relative date" in note and "2024-01" in note for _, _, note in report.verified)


def test_table_cell_finding_names_file_line_and_column(tmp_path: Path) -> None:
    csv_text = ("topic,value_key,value,evidence\n"
                "US force level,2500,\"2,500 US military personnel\",hafryat-us-2500\n"
                "US force level,2500,\"about 2,500 US military personnel\",hafryat-us-2500\n")
    report = _findings(tmp_path, "No citations here.", csv_text)
    [f] = report.findings
    assert f.where == "data/claims.csv:3 (value)"
    assert f.facet == "hedges"


def test_list_markers_and_source_counts_are_not_numbers() -> None:
    assert numbers("KJ3 and R1 in ¶14 say phase two of the timetable, in two others") == []
    assert [n.value for n in numbers("from about 2,000 to fewer than 500 troops, a third")] == [2000, 500, "ثلث"]
    assert [d.key for d in dates("On 31 January 2024, by September 2025 and mid-2025, in the 2014-style collapse")] \
        == ["2024-01-31", "2025-09", "2025", "2014"]


def test_acceptance_and_stale_acceptance(tmp_path: Path) -> None:
    root = _project(tmp_path, "Hafryat gives about 2,500 US military personnel {ev}`hafryat-us-2500`.")
    registry = Registry.load(Corpus.load(root))
    [f] = check_claims(root, registry).findings
    (root / "data" / "accepted-findings.yaml").write_text(
        f"- where: book/_text/test.md\n  facet: hedges\n  fingerprint: {f.fingerprint}\n"
        "  reason: constructed for the test\n  reviewer: test\n  date: 2026-01-01\n"
        "- where: book/_text/test.md\n  facet: dates\n  fingerprint: 0123456789ab\n"
        "  reason: no longer matches anything\n  reviewer: test\n  date: 2026-01-01\n", encoding="utf-8")
    report = check_claims(root, registry)
    assert report.findings == []
    assert report.chapters["book/_text/test.md"].accepted == 1
    [stale] = report.problems
    assert stale.where == "data/accepted-findings.yaml:7"
    assert "matches no current finding" in stale.what


def test_cli_claims_json_and_exit_code(tmp_path: Path) -> None:
    root = _project(tmp_path, "Hafryat gives about 2,500 US military personnel {ev}`hafryat-us-2500`.")
    proc = run(root, "check", "--claims", "--json")
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)
    assert report["chapters"]["book/_text/test.md"]["findings"] == 1
    assert report["findings"][0]["facet"] == "hedges"
    text = run(root, "check", "--claims")
    assert text.returncode == 1
    assert "book/_text/test.md" in text.stdout and "Traceback" not in text.stderr
    assert "hedge added" in text.stderr


def test_real_book_has_no_unaccepted_findings() -> None:
    report = check_claims(ROOT, Registry.load(Corpus.load(ROOT)))
    assert sum(c.claims for c in report.chapters.values()) > 200
    assert report.problems == [], [p.message for p in report.problems]
    assert report.findings == [], "\n".join(f.text() for f in report.findings)


def test_claims_command_runs_on_real_book(capsys: pytest.CaptureFixture[str]) -> None:
    """The real book passes: exit 0, one line per chapter with the counts of ``check_claims``, OK."""
    code = claims_command(ROOT)
    captured = capsys.readouterr()
    assert code == 0, captured.err
    lines = captured.out.splitlines()
    report = check_claims(ROOT, Registry.load(Corpus.load(ROOT)))
    assert {"book/_text/overview.md", "data/events.csv"} <= set(report.chapters)
    rows = {line.split()[0]: [int(x) for x in line.split()[1:]] for line in lines[1:-1]}
    for name, c in report.chapters.items():
        assert rows[name] == [c.claims, c.facets_verified, c.findings, c.accepted], name
    assert rows["total"] == [sum(r[i] for k, r in rows.items() if k != "total") for i in range(4)]
    assert rows["total"][0] > 200 and rows["total"][2] == 0
    assert lines[-1].startswith("OK: 0 unaccepted finding(s), 0 stale or invalid acceptance(s), "
                                "0 estimative-standard problem(s)"), lines[-1]


def test_claims_command_fails_on_a_finding_and_on_off_standard_language(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    root = _project(tmp_path / "finding", "Hafryat gives about 2,500 US military personnel {ev}`hafryat-us-2500`.")
    assert claims_command(root) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines()[-1].startswith("FAILED: 1 unaccepted finding(s), 0 stale")
    assert "finding: book/_text/test.md:9: [hedges]" in captured.err
    root = _project(tmp_path / "wording", "Hafryat gives 2,500 US military personnel {ev}`hafryat-us-2500`.\n\n"
                                          ":::{container} bf-analysis\nA deal will probably follow.\n:::")
    assert claims_command(root) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines()[-1].startswith("FAILED: 0 unaccepted finding(s), 0 stale or invalid "
                                                    "acceptance(s), 1 estimative-standard problem(s)")
    assert "“probably”" in captured.err
