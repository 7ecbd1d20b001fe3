"""The estimative standard: ICD-203 likelihood terms, three confidence levels, and the risk schema."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest

from briefing.errors import DataError
from briefing.estimative import LIKELIHOOD, impact_scales, off_standard, risk_problems, scan
from briefing.tables import ALLOWED, COLUMNS, IMPACT_ORDER, IMPACT_SCALES, read_rows
from helpers import ROOT


def test_the_seven_terms_pass_and_other_probability_language_is_flagged() -> None:
    allowed = "It is " + ", ".join(LIKELIHOOD) + "; we have moderate confidence."
    assert off_standard(allowed) == []
    phrases = [p for _, p, _ in off_standard(
        "The most likely outcome is plausible; it will probably happen, the likeliest venue, the deal was expected "
        "to hold, possibly later, it may well fail, a chance of escalation, highly likely, medium confidence.")]
    assert phrases == ["most likely", "plausible", "probably", "likeliest", "expected to", "possibly", "may well",
                       "chance of", "highly likely", "medium confidence"]


def test_scan_reads_analysis_blocks_only_with_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "book" / "_text").mkdir(parents=True)
    (tmp_path / "book" / "_text" / "x.md").write_text(
        "# X\n\nThe source says it will probably happen.\n\n:::{container} bf-analysis\n**Analysis.** A deal is "
        "*likely*;\nrepositioning is the most likely outcome.\n:::\n", encoding="utf-8")
    [w] = scan(tmp_path)
    assert (w.where, w.phrase) == ("book/_text/x.md:7", "most likely")


def test_risk_text_is_scanned(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    with (ROOT / "data" / "risks.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[0]["assessment"] = "A vacuum is plausible."
    with (tmp_path / "data" / "risks.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS["risks"])
        w.writeheader()
        w.writerows(rows)
    found = [(x.where, x.phrase) for x in scan(tmp_path)]
    assert ("data/risks.csv:2 (assessment)", "plausible") in found


def test_real_risks_carry_confidence_basis_defined_impact_and_horizon() -> None:
    assert risk_problems(ROOT) == []
    scales = impact_scales(ROOT)
    assert set(scales) == set(IMPACT_SCALES)
    assert all(set(s["levels"]) == set(IMPACT_ORDER) and s["label"] for s in scales.values())
    rows = read_rows("risks", root=ROOT)
    assert rows and all(r["confidence"] in ALLOWED[("risks", "confidence")] and r["confidence_basis"]
                        and r["impact_on"] in scales for r in rows)


def _risk_project(tmp_path: Path, change: dict[str, str]) -> Path:
    (tmp_path / "data").mkdir()
    shutil.copyfile(ROOT / "data" / "risk-scales.csv", tmp_path / "data" / "risk-scales.csv")
    with (ROOT / "data" / "risks.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[0].update(change)
    rows[-1]["assessment"] += " — عين الأسد"  # not ASCII: the file is read as UTF-8
    with (tmp_path / "data" / "risks.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS["risks"])
        w.writeheader()
        w.writerows(rows)
    return tmp_path


@pytest.mark.parametrize(("change", "where", "needle"), [
    ({"confidence_basis": ""}, "data/risks.csv:2 (confidence_basis)", "no basis"),
    ({"horizon": "soon"}, "data/risks.csv:2 (horizon)", "is not a date"),
])
def test_risk_schema_requires_basis_and_horizon(tmp_path: Path, change: dict, where: str, needle: str) -> None:
    [p] = risk_problems(_risk_project(tmp_path, change))
    assert p.where == where and needle in p.what


def test_undefined_impact_level_is_an_error(tmp_path: Path) -> None:
    root = _risk_project(tmp_path, {})
    lines = (root / "data" / "risk-scales.csv").read_text(encoding="utf-8").splitlines()
    (root / "data" / "risk-scales.csv").write_text("\n".join(line for line in lines if not (
        line.startswith("timetable,") and ",severe," in line)) + "\n", encoding="utf-8")
    [p] = risk_problems(root)
    assert "scale 'timetable' does not define level(s) severe" in p.what


def test_read_rows_rejects_a_confidence_outside_the_scale(tmp_path: Path) -> None:
    from briefing.evidence import Registry

    root = _risk_project(tmp_path, {"confidence": "medium"})
    registry = Registry.load()
    with pytest.raises(DataError) as err:
        read_rows("risks", registry, root)
    assert err.value.where == "data/risks.csv:2"
    assert "confidence 'medium' is not one of ['high', 'low', 'moderate']" in err.value.what


# --- any case, any position; the usual words outside the standard ------------------------------

# The usual probability words outside ICD-203 (this test's own list, not the code's).
USUAL = ["perhaps", "maybe", "probably", "probable", "certainly", "possibly", "in all likelihood", "plausibly",
         "surely", "undoubtedly", "chances are", "the odds", "may well", "most likely", "highly likely",
         "is expected", "improbable", "medium confidence"]
ICD = [*LIKELIHOOD, "low confidence", "moderate confidence", "high confidence"]


def _cases(phrase: str) -> list[str]:
    return sorted({phrase, phrase.lower(), phrase.upper(), phrase.capitalize(), phrase.title(),
                   "".join(c.upper() if i % 2 else c for i, c in enumerate(phrase))})


# Where a phrase can stand in Analysis prose (markup included); PHRASE is replaced.
POSITIONS = ["PHRASE the talks will fail.", "The talks will PHRASE fail.", "The talks will fail, PHRASE.",
             "The talks fail. PHRASE the deal follows.", "The talks\nPHRASE fail.", "(PHRASE) the talks fail.",
             "“PHRASE” is what officials said.", "*PHRASE* the talks fail.", "**PHRASE**, the talks fail.",
             "The talks—PHRASE—fail.", "The talks will fail;PHRASE.", "There is a PHRASE of delay.", "PHRASE"]


def _offsets(phrase: str) -> list[tuple[str, int]]:
    return [(text, text.index("PHRASE")) for text in POSITIONS]


def _phrases_of_the_code() -> list[str]:
    """One string matching each alternative of each pattern of OFF_STANDARD (drawn by hypothesis from the
    regular expression, so every pattern of the code's vocabulary is exercised)."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from briefing.estimative import OFF_STANDARD

    out: list[str] = []
    for pattern, _ in OFF_STANDARD:
        for alternative in re.split(r"\|(?![^()]*\))", pattern):
            drawn: list[str] = []

            @settings(max_examples=5, database=None, suppress_health_check=list(HealthCheck), derandomize=True)
            @given(st.from_regex(re.compile(alternative), fullmatch=True).filter(
                lambda s: re.fullmatch(r"[a-z]+(?: [a-z]+)*", s) is not None))
            def draw(s: str) -> None:
                drawn.append(s)  # noqa: B023 — drawn is called at once, inside this iteration

            draw()
            assert drawn, alternative
            out.extend(sorted(set(drawn)))
    return out


CODE_PHRASES = _phrases_of_the_code()


@pytest.mark.parametrize("phrase", sorted(set(USUAL) | set(CODE_PHRASES)))
def test_off_standard_words_are_flagged_in_any_case_and_position(phrase: str) -> None:
    missed = []
    for variant in _cases(phrase):
        for template, at in _offsets(phrase):
            text = template.replace("PHRASE", variant)
            found = [(pos, p) for pos, p, _ in off_standard(text)]
            assert all(text[pos:pos + len(p)] == p for pos, p in found), (text, found)
            if not any(at <= pos < at + len(variant) for pos, _ in found):
                missed.append(f"{text!r}: {found}")
    assert missed == [], "\n".join(missed)


@pytest.mark.parametrize("term", ICD)
def test_the_standard_terms_pass_in_any_case_and_position(term: str) -> None:
    flagged = []
    for variant in _cases(term):
        for template, _ in _offsets(term):
            text = template.replace("PHRASE", variant)
            if off_standard(text):
                flagged.append(f"{text!r}: {off_standard(text)}")
    assert flagged == [], "\n".join(flagged)


def test_scan_finds_a_capitalised_word_at_the_start_of_a_sentence_and_of_a_line(tmp_path: Path) -> None:
    (tmp_path / "book" / "_text").mkdir(parents=True)
    (tmp_path / "book" / "_text" / "x.md").write_text(
        "# X\n\n:::{container} bf-analysis\nProbably the mission ends in 2026. Perhaps not.\nMaybe later;\n"
        "IN ALL LIKELIHOOD it ends. Likely, with Roughly Even Chance of delay (Moderate Confidence).\n:::\n",
        encoding="utf-8")
    assert [(w.where, w.phrase) for w in scan(tmp_path)] == [
        ("book/_text/x.md:4", "Probably"), ("book/_text/x.md:4", "Perhaps"), ("book/_text/x.md:5", "Maybe"),
        ("book/_text/x.md:6", "IN ALL LIKELIHOOD")]


# --- what each finding says, and every branch of the risk schema -------------------------------

TERMS = "almost no chance, very unlikely, unlikely, roughly even chance, likely, very likely, almost certain"


def test_each_finding_names_file_line_phrase_and_what_to_write_instead(tmp_path: Path) -> None:
    from briefing.estimative import estimative_problems

    (tmp_path / "book" / "_text").mkdir(parents=True)
    (tmp_path / "book" / "_text" / "x.md").write_text(
        "# X — عين الأسد\n\n:::{container} bf-analysis\nA deal will probably follow, perhaps soon.\n:::\n", encoding="utf-8")
    (tmp_path / "book" / "methodology.md").write_text(
        ":::{container} bf-analysis\n\nWe have medium confidence.\n:::\n", encoding="utf-8")
    assert [(p.where, p.what, p.fix) for p in estimative_problems(tmp_path)] == [
        ("book/_text/x.md:4", "probability language outside the estimative standard: “probably”",
         f"use a likelihood term — likelihood: {TERMS}; confidence: low, moderate, high"),
        ("book/_text/x.md:4", "probability language outside the estimative standard: “perhaps”",
         f"use a likelihood term — likelihood: {TERMS}; confidence: low, moderate, high"),
        ("book/methodology.md:3", "probability language outside the estimative standard: “medium confidence”",
         f"use low, moderate or high confidence — likelihood: {TERMS}; confidence: low, moderate, high")]


def test_what_to_write_instead_is_the_advice_of_the_phrases_pattern() -> None:
    from briefing.estimative import OFF_STANDARD

    for pattern, advice in OFF_STANDARD:
        for phrase in CODE_PHRASES:
            if re.fullmatch(pattern, phrase):
                found = off_standard(f"x {phrase} y")
                assert found and found[0][2] == advice, (phrase, found)
    assert off_standard("It is certainly so.") == [(6, "certainly", "almost certain / very likely")]


def test_a_standard_term_does_not_end_the_scan() -> None:
    text = "A roughly even chance of delay; probably later. Almost no chance, perhaps."
    assert [p for _, p, _ in off_standard(text)] == ["probably", "perhaps"]


def test_risk_text_of_every_column_is_scanned_with_its_line(tmp_path: Path) -> None:
    from briefing.estimative import RISK_TEXT_COLUMNS

    (tmp_path / "data").mkdir()
    with (ROOT / "data" / "risks.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for k, col in enumerate(RISK_TEXT_COLUMNS):
        rows[k][col] = f"It will perhaps happen ({col}) — عين الأسد."
    with (tmp_path / "data" / "risks.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS["risks"])
        w.writeheader()
        w.writerows(rows)
    found = [(x.where, x.phrase, x.instead) for x in scan(tmp_path)]
    assert found == [(f"data/risks.csv:{k + 2} ({col})", "perhaps", "a likelihood term")
                     for k, col in enumerate(RISK_TEXT_COLUMNS)]


def test_no_pages_and_no_risks_mean_nothing_to_report(tmp_path: Path) -> None:
    assert scan(tmp_path) == [] and risk_problems(tmp_path) == [] and impact_scales(tmp_path) == {}


def test_impact_scales_are_read_as_written(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "risk-scales.csv").write_bytes(
        'scale,label,level,definition\r\nstability,Iraqi stability,low,"Local, brief;\r\nno spread"\r\n'
        "stability,Iraqi stability,severe,عنف واسع\r\n".encode())
    assert impact_scales(tmp_path) == {"stability": {"label": "Iraqi stability", "levels": {
        "low": "Local, brief;\r\nno spread", "severe": "عنف واسع"}}}


def test_missing_scales_file_is_one_error(tmp_path: Path) -> None:
    root = _risk_project(tmp_path, {})
    (root / "data" / "risk-scales.csv").unlink()
    [p] = risk_problems(root)
    assert (p.where, p.what, p.fix) == ("data/risk-scales.csv", "missing: the impact scales are not defined",
                                        "restore it from git (columns scale,label,level,definition)")


def test_a_scale_that_is_not_defined_at_all_lists_every_level(tmp_path: Path) -> None:
    root = _risk_project(tmp_path, {})
    lines = (root / "data" / "risk-scales.csv").read_text(encoding="utf-8").splitlines()
    (root / "data" / "risk-scales.csv").write_text("\n".join(line for line in lines if not line.startswith(
        "timetable,")) + "\n", encoding="utf-8")
    [p] = risk_problems(root)
    assert (p.where, p.what, p.fix) == ("data/risk-scales.csv", "scale 'timetable' does not define level(s) "
                                        + ", ".join(IMPACT_ORDER), "add a row with a definition for each level")


@pytest.mark.parametrize(("change", "what", "fix"), [
    ({"confidence_basis": " "}, "risk '{id}' has no basis for its confidence",
     "say in one line what the confidence rests on"),
    ({"confidence_basis": "two\nlines"}, "the basis must be one line of at most 300 characters",
     "shorten it; put the argument in the assessment"),
    ({"confidence_basis": "two\rlines"}, "the basis must be one line of at most 300 characters",
     "shorten it; put the argument in the assessment"),
    ({"confidence_basis": "two\u2028lines"}, "the basis must be one line of at most 300 characters",
     "shorten it; put the argument in the assessment"),
    ({"confidence_basis": "x" * 301}, "the basis must be one line of at most 300 characters",
     "shorten it; put the argument in the assessment"),
    ({"horizon": ""}, "horizon '' is not a date", "write the date by which the judgment holds as YYYY-MM-DD"),
    ({"horizon": "2026-13-01"}, "horizon '2026-13-01' is not a date",
     "write the date by which the judgment holds as YYYY-MM-DD"),
])
def test_each_risk_schema_error_says_where_what_and_how(tmp_path: Path, change: dict, what: str, fix: str) -> None:
    root = _risk_project(tmp_path, change)
    rows = list(csv.DictReader((root / "data" / "risks.csv").open(encoding="utf-8", newline="")))
    [p] = risk_problems(root)
    column = next(iter(change))
    assert (p.where, p.what, p.fix) == (f"data/risks.csv:2 ({column})", what.format(id=rows[0]["id"]), fix)


def test_a_basis_of_exactly_300_characters_on_one_line_is_accepted(tmp_path: Path) -> None:
    assert risk_problems(_risk_project(tmp_path, {"confidence_basis": "x" * 300, "horizon": " 2026-12-31 "})) == []
