"""The chapters' renderers of the analytic data (briefing.standards.render): exact MyST, every data value
escaped, statuses judged against the edition date (never the clock)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from analytic_project import EREM, JIBAL, analytic_project, judgment, messages, write_table
from briefing.corpus import Corpus
from briefing.edition import Edition
from briefing.errors import DataError
from briefing.evidence import Registry, default_registry
from briefing.standards.data import table
from briefing.standards.render import (bottom_line, bottom_line_basis, first_checks, key_judgments, scenarios,
                                      what_to_check)

BEFORE = Edition(dt.date(2026, 6, 1), dt.date(2025, 9, 30), dt.date(2025, 9, 1))
AFTER = Edition(dt.date(2026, 12, 6), dt.date(2025, 9, 30), dt.date(2025, 9, 1))


def other_messages(root: Path) -> list[str]:
    """`briefing check`'s problems but the count of key judgments: two keep the rendering short (the four-to-six
    rule is tested in test_analytic_standards)."""
    return [m for m in messages(root) if "key judgments; a briefing carries" not in m]


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Registry]:
    root = analytic_project(tmp_path)
    write_table(root, "judgments",
                judgment(id="kj-bl", rank="bottom-line", judgment="Some US forces stay after September 2026."),
                judgment(id="kj-1", rank="1", judgment="The mission ends in two phases."),
                judgment(id="kj-2", rank="2", likelihood="", confidence="moderate", judgment="No source reports phase "
                         "one complete.", evidence=f"{EREM};{JIBAL}", horizon="2027-01-31"))
    write_table(root, "scenarios",
                {"id": "sc-stay", "set": "us-presence", "scenario": "A bilateral residual stays", "probability": "60",
                 "likelihood": "likely", "horizon": "2026-09-30", "evidence": JIBAL, "signposts": "ind-harir"},
                {"id": "sc-exit", "set": "us-presence", "scenario": "A complete exit", "probability": "40",
                 "likelihood": "unlikely", "horizon": "2026-09-30", "evidence": "", "signposts": ""})
    write_table(root, "indicators",
                {"id": "ind-harir", "indicator": "Harir vacated", "threshold": "An official statement that US forces "
                 "left Harir", "check_by": "2026-09-30", "moves": "kj-1;sc-stay", "direction": "lowers",
                 "status": "open", "outcome_evidence": ""},
                {"id": "ind-count", "indicator": "US numbers", "threshold": "A count below 500", "check_by":
                 "2027-03-31", "moves": "kj-bl", "direction": "lowers", "status": "open", "outcome_evidence": ""},
                {"id": "ind-done", "indicator": "Ain al-Asad handed over", "threshold": "A handover ceremony",
                 "check_by": "2025-09-30", "moves": "kj-2", "direction": "raises", "status": "met",
                 "outcome_evidence": EREM})
    assert other_messages(root) == []
    return root, Registry.load(Corpus.load(root))


def test_bottom_line_and_key_judgments(project: tuple[Path, Registry]) -> None:
    _, registry = project
    assert bottom_line(registry, AFTER).data == (
        "**Some US forces stay after September 2026\\.** (*likely*, low confidence; horizon {horizon}`2026-09-30`) "
        "Basis: Two outlets report the timetable {ev}`jibal-allawi-phase-two`\\.")
    assert key_judgments(registry, AFTER).data == (
        "1. **The mission ends in two phases\\.** (*likely*, low confidence; horizon {horizon}`2026-09-30`) Basis: "
        "Two outlets report the timetable {ev}`jibal-allawi-phase-two`\\.\n"
        "2. **No source reports phase one complete\\.** (moderate confidence; horizon {horizon}`2027-01-31`) Basis: "
        "Two outlets report the timetable {ev}`erem-us-2500,jibal-allawi-phase-two`\\.")


def test_the_bottom_lines_basis_alone(project: tuple[Path, Registry]) -> None:
    """The overview writes its bottom line as prose and prints the basis from the data under it."""
    _, registry = project
    assert bottom_line_basis(registry, AFTER).data == (
        "*Basis* (low confidence): Two outlets report the timetable {ev}`jibal-allawi-phase-two`\\.")


def test_scenarios_with_probability_term_horizon_and_signposts(project: tuple[Path, Registry]) -> None:
    root, registry = project
    # a horizon the set shares is printed once, under the list
    assert scenarios("us-presence", registry, AFTER).data == (
        "- **A bilateral residual stays** 60 % (*likely*). Signposts: Harir vacated. {ev}`jibal-allawi-phase-two`\n"
        "- **A complete exit** 40 % (*unlikely*). Signposts: none.\n\n"
        "Every scenario of this set has the horizon {horizon}`2026-09-30`.")
    assert scenarios(None, registry, AFTER).data.startswith("**us\\-presence** (2 scenarios)\n\n- **A bilateral")
    rows = [r for r in table(root, "scenarios")]
    rows[1]["horizon"] = "2026-12-31"
    write_table(root, "scenarios", *({k: v for k, v in r.items() if k != "_line"} for r in rows))
    assert scenarios("us-presence", Registry.load(Corpus.load(root)), AFTER).data.split("\n")[1] == (
        "- **A complete exit** 40 % (*unlikely*; horizon {horizon}`2026-12-31`). Signposts: none.")
    with pytest.raises(DataError, match="has no scenario in set 'nope'"):
        scenarios("nope", registry, AFTER)


def test_what_to_check_is_judged_against_the_edition_date(project: tuple[Path, Registry]) -> None:
    """What is still to check comes first, in full: an open indicator ends with its check-by date as a {horizon}
    role, a met one with its status, cited. One whose horizon has passed is listed after, by name only, under
    the date it lapsed."""
    _, registry = project
    harir = ("- **Harir vacated\\.** Threshold: An official statement that US forces left Harir. Lowers "
             "key judgment 1\\; scenario “A bilateral residual stays”. Check by {horizon}`2026-09-30`.")
    count = ("- **US numbers\\.** Threshold: A count below 500. Lowers the bottom line. Check by "
             "{horizon}`2027-03-31`.")
    done = ("- **Ain al\\-Asad handed over\\.** Threshold: A handover ceremony. Raises key judgment 2. "
            "Status: met {ev}`erem-us-2500`.")
    assert what_to_check(registry, BEFORE).data == "\n".join([done, harir, count])
    assert what_to_check(registry, AFTER).data.split("\n") == [
        done, count, "", "*Past their horizon, with no outcome in this corpus:*", "",
        "- horizon passed 30 September 2026: Harir vacated."]


def test_ranked_indicators_come_first_numbered(project: tuple[Path, Registry]) -> None:
    """With ranks (1 = most decisive) the checks still to make are numbered in rank order; lapsed ones follow by
    name, unnumbered, their first word lower-cased after the date."""
    root, registry = project
    rows = [
        {"id": "ind-harir", "rank": "", "indicator": "Late", "threshold": "T", "check_by": "2025-10-01",
         "moves": "kj-1;sc-stay", "direction": "raises", "status": "open", "outcome_evidence": ""},  # sc-stay's signpost
        {"id": "ind-second", "rank": "2", "indicator": "A second", "threshold": "T", "check_by": "2025-09-30",
         "moves": "kj-1", "direction": "raises", "status": "open", "outcome_evidence": ""},
        {"id": "ind-first", "rank": "1", "indicator": "First", "threshold": "T", "check_by": "2027-03-31",
         "moves": "kj-bl", "direction": "lowers", "status": "open", "outcome_evidence": ""},
    ]
    write_table(root, "indicators", *rows)
    assert other_messages(root) == []
    assert what_to_check(registry, AFTER).data.split("\n") == [
        "1. **First\\.** Threshold: T. Lowers the bottom line. Check by {horizon}`2027-03-31`.", "",
        "*Past their horizon, with no outcome in this corpus:*", "",
        "- horizon passed 30 September 2025: a second;", "- horizon passed 1 October 2025: late."]


def test_a_lapsed_indicator_leaves_no_gap_in_the_numbers(project: tuple[Path, Registry]) -> None:
    """When the second-ranked check has lapsed, the list of checks still to make runs 1, 2, 3 (one list, no
    gap), the scenario whose signpost was rank 3 cites it as item 2, and what the overview points to first
    follows the same numbers."""
    root, registry = project
    rows = [{"id": "ind-harir" if n == 3 else f"ind-{n}", "rank": str(n), "indicator": f"Check {n}", "threshold": "T",
             "check_by": day, "moves": "kj-1", "direction": "raises", "status": "open", "outcome_evidence": ""}
            for n, day in ((1, "2027-03-31"), (2, "2025-09-30"), (3, "2027-03-31"), (4, "2027-03-31"))]
    rows[2]["moves"] = "kj-1;sc-stay"  # the fixture's scenario names it as its signpost
    write_table(root, "indicators", *rows)
    assert other_messages(root) == []
    lines = what_to_check(registry, AFTER).data.split("\n")
    assert [line[:12] for line in lines[:3]] == ["1. **Check 1", "2. **Check 3", "3. **Check 4"]
    assert lines[-1] == "- horizon passed 30 September 2025: check 2."
    assert "Signposts: item 2 of What to check." in scenarios("us-presence", registry, AFTER).data
    assert first_checks(2, "below", registry, AFTER).data == (
        "To update it, check first: check 1; check 3 (items 1 and 2 of What to check below).")
    # before the second lapses, it is item 2 and the scenario's signpost is item 3
    early = Edition(dt.date(2025, 9, 20), dt.date(2025, 9, 30), dt.date(2025, 9, 1))
    assert "Signposts: item 3 of What to check." in scenarios("us-presence", registry, early).data
    assert first_checks(3, "", registry, early).data == (
        "To update it, check first: check 1; check 2; check 3 (items 1–3 of What to check).")


def test_one_observation_in_two_rows_is_listed_once(project: tuple[Path, Registry]) -> None:
    """``direction`` is one per row, so an observation that raises a scenario and lowers a judgment is two rows;
    What to check lists it once, with both effects, at the rank of its ranked row."""
    root, registry = project
    same = {"indicator": "None left", "threshold": "A statement that none remain", "check_by": "2026-12-31",
            "status": "open", "outcome_evidence": ""}
    write_table(root, "scenarios",
                {"id": "sc-stay", "set": "us-presence", "scenario": "A bilateral residual stays", "probability": "60",
                 "likelihood": "likely", "horizon": "2026-09-30", "evidence": JIBAL, "signposts": ""},
                {"id": "sc-exit", "set": "us-presence", "scenario": "A complete exit", "probability": "40",
                 "likelihood": "unlikely", "horizon": "2026-09-30", "evidence": "", "signposts": "ind-none"})
    write_table(root, "indicators",
                {"id": "ind-none", "rank": "1", **same, "moves": "sc-exit", "direction": "raises"},
                {"id": "ind-other", "rank": "2", "indicator": "Other", "threshold": "T", "check_by": "2026-09-30",
                 "moves": "kj-1", "direction": "raises", "status": "open", "outcome_evidence": ""},
                {"id": "ind-none-judgments", "rank": "", **same, "moves": "kj-bl;kj-1", "direction": "lowers"})
    assert other_messages(root) == []
    assert what_to_check(registry, AFTER).data.split("\n") == [
        "1. **None left\\.** Threshold: A statement that none remain. Raises scenario “A complete exit” "
        "and lowers the bottom line\\; key judgment 1. Check by {horizon}`2026-12-31`.", "",
        "*Past their horizon, with no outcome in this corpus:*", "", "- horizon passed 30 September 2026: other."]


def test_data_reaches_the_output_as_text_only(project: tuple[Path, Registry]) -> None:
    root, _ = project
    hostile = "x {ev}`nope` <script>alert(1)</script> :::{note}\n# y [a](javascript:z) $$ {{ z }}"
    write_table(root, "judgments", judgment(id="kj-bl", rank="bottom-line", judgment=hostile))
    registry = Registry.load(Corpus.load(root))
    assert bottom_line(registry, AFTER).data.startswith(
        "**x \\{ev\\}\\`nope\\` \\<script\\>alert\\(1\\)\\<\\/script\\> \\:\\:\\:\\{note\\} \\# y \\[a\\]\\(javascript\\:z\\) "
        "\\$\\$ \\{\\{ z \\}\\}** (")


def test_a_malformed_rank_is_a_one_line_error(project: tuple[Path, Registry]) -> None:
    root, _ = project
    write_table(root, "judgments", judgment(rank="first"))
    with pytest.raises(DataError) as err:
        key_judgments(Registry.load(Corpus.load(root)), AFTER)
    assert err.value.message == ("data/judgments.csv:2 (rank): rank 'first' is not a number — use bottom-line for the "
                                 "main judgment and 1, 2, 3 … for the key judgments")


def test_indicators_name_scenarios_by_a_distinct_short_label() -> None:
    """The full scenario wording is printed once, in the scenario list; the indicators refer to each scenario
    by its text up to the first parenthesis or comma, and the labels of the book's scenarios stay distinct."""
    from briefing.standards.render import _target_labels
    from briefing.tables import load_table

    registry = default_registry()
    labels = _target_labels(registry.corpus.root)
    rows = load_table("scenarios")
    shown = [labels[i] for i in rows["id"]]
    assert len(set(shown)) == len(shown) == len(rows)
    for label, full in zip(shown, rows["scenario"]):
        assert full.startswith(label.removeprefix("scenario “").removesuffix("”"))
        assert "(" not in label


def test_codes_and_ranked_signposts_shorten_the_references(project: tuple[Path, Registry]) -> None:
    """The risks chapter names scenarios and risks by the codes it gives them, and a scenario's signposts by
    their numbers in What to check when every one is ranked (names otherwise, as above)."""
    root, _ = project
    rows = [{k: v for k, v in r.items() if k != "_line"} for r in table(root, "indicators")]
    for r, rank in zip(rows, ["2", "1", ""]):
        r["rank"] = rank
    write_table(root, "indicators", *rows)
    registry = Registry.load(Corpus.load(root))
    assert scenarios("us-presence", registry, BEFORE).data.split("\n")[0] == (
        "- **A bilateral residual stays** 60 % (*likely*). Signposts: item 2 of What to check. "
        "{ev}`jibal-allawi-phase-two`")
    # once past its horizon the signpost has no number in What to check, so it is named
    assert "Signposts: Harir vacated. {ev}" in scenarios("us-presence", registry, AFTER).data
    coded = what_to_check(registry, BEFORE, codes={"sc-stay": "S1"}).data
    assert "Lowers key judgment 1\\; scenario S1." in coded and "A bilateral" not in coded


def test_a_marked_basis_cites_each_clause_in_place(project: tuple[Path, Registry]) -> None:
    """Markers become citation roles where they stand; the text around them, brackets that are not markers
    included, stays escaped text."""
    root, _ = project
    basis = f"For it: Al-Jibal [{JIBAL}]; [see below] and *Erem* {{ev}}`x` [{EREM}; {JIBAL}]. Low: one report."
    write_table(root, "judgments", judgment(id="kj-bl", rank="bottom-line", evidence=f"{JIBAL};{EREM}", basis=basis))
    registry = Registry.load(Corpus.load(root))
    assert bottom_line_basis(registry, AFTER).data == (
        "*Basis* (low confidence): For it\\: Al\\-Jibal {ev}`jibal-allawi-phase-two`\\; \\[see below\\] and "
        "\\*Erem\\* \\{ev\\}\\`x\\` {ev}`erem-us-2500,jibal-allawi-phase-two`\\. Low\\: one report\\.")
