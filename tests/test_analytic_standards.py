"""The analytic standards `briefing check` enforces (briefing.standards): each rule on a small project that
breaks it, with the exact one-line error; and the real book passes them all."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytic_project import EREM, EREM_2, HAFRYAT, IQOBS, JIBAL, UNATTR, analytic_project, judgment, messages, risk, write_table
from briefing.standards.confidence import stated_levels
from briefing.standards.forward import forward_phrases
from helpers import ROOT, run


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return analytic_project(tmp_path)


def page(root: Path, text: str) -> None:
    (root / "book" / "page.md").write_text(text, encoding="utf-8")


def test_the_fixture_project_passes(root: Path) -> None:
    assert messages(root) == []


def test_the_real_book_meets_every_standard() -> None:
    proc = run(ROOT, "check")
    assert proc.returncode == 0, proc.stderr


# ---- confidence follows sourcing ----------------------------------------------------------------------------

def test_one_outlet_cannot_carry_moderate_confidence(root: Path) -> None:
    write_table(root, "judgments", judgment(id="kj-one-outlet", confidence="moderate", evidence=f"{EREM};{EREM_2}"))
    assert messages(root) == [
        "data/judgments.csv:2 (confidence): judgment 'kj-one-outlet' is held with moderate confidence, but its "
        "evidence comes from one outlet (Erem News: erem-2025-09): at most low — cite a second outlet, or lower the "
        "confidence to low"]


def test_two_outlets_cannot_carry_high_confidence(root: Path) -> None:
    write_table(root, "judgments", judgment(confidence="moderate", evidence=f"{EREM};{JIBAL}"),
                judgment(id="kj-two", confidence="high", evidence=f"{EREM};{JIBAL}"))
    assert messages(root) == [
        "data/judgments.csv:3 (confidence): judgment 'kj-two' is held with high confidence, but its evidence comes "
        "from 2 outlets (Erem News: erem-2025-09; Al-Jibal: jibal-2025-08-17): at most moderate — cite a third "
        "outlet, one with named first-hand sourcing, or lower the confidence to moderate"]


def test_three_outlets_with_named_first_hand_sourcing_allow_high(root: Path) -> None:
    write_table(root, "judgments", judgment(confidence="high", evidence=f"{HAFRYAT};{UNATTR};{JIBAL}"))
    assert messages(root) == []


def test_high_needs_a_named_first_hand_source_among_three_outlets(root: Path) -> None:
    reliability = root / "data" / "reliability.csv"
    text = reliability.read_text(encoding="utf-8").replace(",mixed,named", ",second-hand,named")
    reliability.write_text(text.replace(",mixed,mixed", ",second-hand,mixed"), encoding="utf-8")
    write_table(root, "judgments", judgment(confidence="moderate", evidence=f"{HAFRYAT};{IQOBS};{JIBAL}"),
                judgment(id="kj-three", confidence="high", evidence=f"{HAFRYAT};{IQOBS};{JIBAL}"))
    assert messages(root) == [
        "data/judgments.csv:2 (confidence): judgment 'kj-test' is held with moderate confidence, but its evidence "
        "comes from 3 outlets, none with named (or mixed) informants and first-hand (or mixed) sourcing, every "
        "source second-hand (Hafryat: hafryat-2024-01-31; Iraq Observer: iraqobserver-2024; Al-Jibal: "
        "jibal-2025-08-17): at most low — cite a first-hand source, or lower the confidence to low",
        "data/judgments.csv:3 (confidence): judgment 'kj-three' is held with high confidence, but its evidence "
        "comes from 3 outlets, none with named (or mixed) informants and first-hand (or mixed) sourcing, every "
        "source second-hand (Hafryat: hafryat-2024-01-31; Iraq Observer: iraqobserver-2024; Al-Jibal: "
        "jibal-2025-08-17): at most low — cite a first-hand source, or lower the confidence to low"]


def test_anonymous_informants_weigh_one_step(root: Path) -> None:
    reliability = root / "data" / "reliability.csv"
    lines = reliability.read_text(encoding="utf-8").split("\n")
    lines = [line.rsplit(",", 1)[0] + ",anonymous" if line.startswith(("erem-", "jibal-")) else line for line in lines]
    reliability.write_text("\n".join(lines), encoding="utf-8")
    write_table(root, "judgments", judgment(confidence="moderate", evidence=f"{EREM};{JIBAL}"))
    assert messages(root) == [
        "data/judgments.csv:2 (confidence): judgment 'kj-test' is held with moderate confidence, but its evidence "
        "comes from 2 outlets, every informant anonymous (Erem News: erem-2025-09; Al-Jibal: jibal-2025-08-17): at "
        "most low — cite a source with named informants, or lower the confidence to low"]


def test_a_risk_rests_on_its_evidence_for(root: Path) -> None:
    write_table(root, "risks", risk(confidence="moderate", evidence_for=f"{HAFRYAT};{UNATTR}",
                                    evidence_against=f"{EREM};{JIBAL}"))
    assert messages(root) == [
        "data/risks.csv:2 (confidence): risk 'r-test' is held with moderate confidence, but its evidence_for comes "
        "from 2 outlets, every source second-hand (Hafryat: hafryat-2024-01-31; Unidentified outlet "
        "(unattributed-2024-q3)): at most low — cite a first-hand source, or lower the confidence to low"]


ANALYSIS = """\
# Page

Erem News reports the handover {{ev}}`{first}`.

:::{{container}} bf-analysis
**Analysis.** We judge the handover *likely* (*{level}* confidence){more}.
:::
"""


def test_an_analysis_block_rests_on_its_citations_and_the_text_it_follows(root: Path) -> None:
    page(root, ANALYSIS.format(first=EREM, level="moderate", more=""))
    assert messages(root) == [
        "book/page.md:6: Analysis states moderate confidence (“We judge the handover likely (moderate confidence)”), "
        "but the block and the text it follows cite one outlet (Erem News: erem-2025-09): at most low — cite a "
        "second outlet, or lower the confidence to low"]
    # a second outlet cited inside the block allows moderate
    page(root, ANALYSIS.format(first=EREM, level="moderate", more=f", as Al-Jibal's report shows {{ev}}`{JIBAL}`"))
    assert messages(root) == []


def test_an_analysis_block_that_admits_one_source_cannot_hold_moderate(root: Path) -> None:
    page(root, ANALYSIS.format(first=f"{EREM},{JIBAL},{IQOBS}", level="moderate",
                               more="; the state of play rests on one source"))
    assert messages(root) == [
        "book/page.md:6: Analysis states moderate confidence (“We judge the handover likely (moderate confidence)”) "
        "but says it rests on “one source”: one source allows at most low — lower the confidence to low, or cite "
        "and name the corroborating outlets"]


def test_a_block_after_a_heading_follows_nothing(root: Path) -> None:
    page(root, f"# Page\n\nErem and Al-Jibal {{ev}}`{EREM},{JIBAL}`.\n\n## Judgment\n\n:::{{container}} bf-analysis\n"
               "**Analysis.** We hold this with *moderate* confidence.\n:::\n")
    assert messages(root) == [
        "book/page.md:8: Analysis states moderate confidence (“We hold this with moderate confidence”), but the block "
        "and the text it follows cite no source: at most low — cite a second outlet, or lower the confidence to low"]


@pytest.mark.parametrize("text, levels", [
    ("with *moderate* confidence", ["moderate"]),
    ("(**High** confidence: three outlets)", ["high"]),
    ("confidence is *low*, *moderate* or *high* confidence", []),
    ("low or moderate confidence", []),
    ("no confidence was stated; a confident tone", []),
])
def test_stated_levels(text: str, levels: list[str]) -> None:
    assert [level for _, level in stated_levels(text)] == levels


# ---- scenarios ----------------------------------------------------------------------------------------------

SCENARIO_EVIDENCE = {"sc-a": JIBAL, "sc-b": EREM, "sc-c": IQOBS, "sc-x": HAFRYAT, "sc-y": UNATTR}


def scenario(**fields: str) -> dict[str, str]:
    """A scenario row; each id rests on its own passage (one passage cannot rest two exclusive scenarios)."""
    sid = fields.get("id", "sc-a")
    row = {"id": sid, "set": "us-presence", "scenario": "A bilateral residual stays.", "probability": "60",
           "likelihood": "likely", "horizon": "2026-09-30", "evidence": SCENARIO_EVIDENCE.get(sid, JIBAL),
           "signposts": ""}
    return {**row, **fields}


def test_one_passage_cannot_rest_two_exclusive_scenarios(root: Path) -> None:
    """The second read found one passage cited for both 'no US force' and 'Kurdistan only'."""
    write_table(root, "scenarios", scenario(evidence=f"{UNATTR};{JIBAL}"),
                scenario(id="sc-b", probability="40", likelihood="unlikely", evidence=f"{EREM};{UNATTR}"),
                scenario(id="sc-x", set="other", probability="50", likelihood="roughly even chance", evidence=UNATTR),
                scenario(id="sc-y", set="other", probability="50", likelihood="roughly even chance", evidence=HAFRYAT))
    assert messages(root) == [  # one set's passage may serve another set
        f"data/scenarios.csv:3 (evidence): scenario 'sc-b' cites {UNATTR}, as does 'sc-a' of the same set — the "
        "scenarios of a set exclude each other: cite the passage for the one it supports, and say in the chapter "
        "how it bears on the other"]


def test_scenario_probabilities_sum_to_100_per_set(root: Path) -> None:
    write_table(root, "scenarios", scenario(), scenario(id="sc-b", probability="30", likelihood="unlikely"),
                scenario(id="sc-x", set="other", probability="50", likelihood="roughly even chance"),
                scenario(id="sc-y", set="other", probability="50", likelihood="roughly even chance"))
    assert messages(root) == [
        "data/scenarios.csv:2 (probability): scenario set 'us-presence' sums to 90 %, not 100 % (sc-a 60 + sc-b 30) "
        "— the scenarios of a set are exclusive and exhaustive: make their probabilities add up to 100"]


def test_a_scenario_term_matches_its_number(root: Path) -> None:
    write_table(root, "scenarios", scenario(probability="70", likelihood="very likely"),
                scenario(id="sc-b", probability="25", likelihood="unlikely"),
                scenario(id="sc-c", probability="5", likelihood="very unlikely"))  # a boundary takes either term
    assert messages(root) == [
        "data/scenarios.csv:2 (likelihood): scenario 'sc-a': 'very likely' means 80–95 %, not 70 % — use 'likely', "
        "or change the probability"]


def test_a_scenario_probability_is_a_whole_percent(root: Path) -> None:
    write_table(root, "scenarios", scenario(probability="0.6"), scenario(id="sc-b", probability="40",
                                                                        likelihood="unlikely"))
    assert messages(root) == [
        "data/scenarios.csv:2 (probability): scenario 'sc-a': probability '0.6' is not a whole percent from 1 to 99 "
        "— write an integer, e.g. 60"]


def test_scenario_signposts_are_indicators(root: Path) -> None:
    write_table(root, "scenarios", scenario(probability="100", likelihood="almost certain", signposts="ind-nope"))
    assert messages(root) == [
        "data/scenarios.csv:2 (probability): scenario 'sc-a': probability '100' is not a whole percent from 1 to 99 "
        "— write an integer, e.g. 60",
        "data/scenarios.csv:2 (signposts): scenario 'sc-a': signpost 'ind-nope' is not an indicator id — use an id "
        "of data/indicators.csv"]


def test_a_signpost_lists_its_scenario_in_what_it_moves(root: Path) -> None:
    """The third read found 'no US force' signposted by an indicator that moved only other ids."""
    write_table(root, "indicators", indicator(moves="sc-b"))
    write_table(root, "scenarios", scenario(signposts="ind-harir"),
                scenario(id="sc-b", probability="40", likelihood="unlikely", signposts="ind-harir"))
    assert messages(root) == [
        "data/scenarios.csv:2 (signposts): scenario 'sc-a': signpost 'ind-harir' does not list it in what it moves "
        "— add sc-a to the indicator's moves (if meeting its threshold moves the scenario in the indicator's "
        "direction), or name an indicator that does"]


def test_an_indicator_that_moves_a_scenario_is_one_of_its_signposts(root: Path) -> None:
    write_table(root, "indicators", indicator(moves="sc-b"))
    write_table(root, "scenarios", scenario(), scenario(id="sc-b", probability="40", likelihood="unlikely"))
    assert messages(root) == [
        "data/scenarios.csv:3 (signposts): scenario 'sc-b': indicator 'ind-harir' moves it but is not among its "
        "signposts — add ind-harir to the scenario's signposts"]


# ---- indicators ---------------------------------------------------------------------------------------------

def indicator(**fields: str) -> dict[str, str]:
    row = {"id": "ind-harir", "indicator": "Harir vacated", "threshold": "An official statement that US forces have "
           "left Harir base", "check_by": "2026-09-30", "moves": "kj-test", "direction": "raises", "status": "open",
           "outcome_evidence": ""}
    return {**row, **fields}


@pytest.mark.parametrize("fields, error", [
    ({"threshold": ""}, "data/indicators.csv:2 (threshold): indicator 'ind-harir' has no threshold — say what "
                        "observation counts (a number, an event, a document), concrete enough to decide"),
    ({"moves": ""}, "data/indicators.csv:2 (moves): indicator 'ind-harir' moves nothing — name the judgment, "
                    "scenario or risk ids it would move (';'-separated)"),
    ({"moves": "kj-test;kj-gone"}, "data/indicators.csv:2 (moves): indicator 'ind-harir' moves 'kj-gone', which is "
                                   "not a judgment, scenario or risk id — use an id of data/judgments.csv, "
                                   "data/scenarios.csv or data/risks.csv"),
    ({"check_by": ""}, "data/indicators.csv:2 (check_by): indicator 'ind-harir' has no horizon — write the date by "
                       "which it is resolved as YYYY-MM-DD"),
    ({"check_by": "2026-09"}, "data/indicators.csv:2 (check_by): indicator 'ind-harir' horizon '2026-09' is not a "
                              "day — write the date by which it is resolved as YYYY-MM-DD"),
    ({"status": "met"}, "data/indicators.csv:2 (outcome_evidence): indicator 'ind-harir' is met but cites no outcome "
                        "evidence — cite the evidence ids that show the outcome, or set the status back to open"),
    ({"outcome_evidence": EREM}, "data/indicators.csv:2 (status): indicator 'ind-harir' cites outcome evidence but "
                                 "is still open — set the status to met or not-met"),
    ({"rank": "first"}, "data/indicators.csv:2 (rank): indicator 'ind-harir': rank 'first' is not a whole number "
                        "from 1 — write 1 for the most decisive indicator, 2, 3 … for the next, or leave it empty"),
    ({"rank": "0"}, "data/indicators.csv:2 (rank): indicator 'ind-harir': rank '0' is not a whole number from 1 — "
                    "write 1 for the most decisive indicator, 2, 3 … for the next, or leave it empty"),
])
def test_indicator_rules(root: Path, fields: dict[str, str], error: str) -> None:
    write_table(root, "judgments", judgment())
    write_table(root, "indicators", indicator(**fields))
    assert messages(root) == [error]


def test_two_indicators_cannot_share_a_rank(root: Path) -> None:
    write_table(root, "judgments", judgment())
    write_table(root, "indicators", indicator(rank="1"), indicator(id="ind-count", rank="2"),
                indicator(id="ind-isis", rank="1"), indicator(id="ind-late"))
    assert messages(root) == [
        "data/indicators.csv:4 (rank): indicator 'ind-isis' has rank 1, as has 'ind-harir' — give each ranked "
        "indicator its own rank"]


def test_a_complete_indicator_passes(root: Path) -> None:
    write_table(root, "judgments", judgment())
    write_table(root, "indicators", indicator(status="not-met", outcome_evidence=EREM))
    assert messages(root) == []


# ---- horizons -----------------------------------------------------------------------------------------------

def test_every_judgment_and_scenario_has_a_horizon(root: Path) -> None:
    write_table(root, "judgments", judgment(horizon=""))
    write_table(root, "scenarios", scenario(probability="99", likelihood="almost certain", horizon="end of 2026"))
    assert messages(root) == [
        "data/judgments.csv:2 (horizon): judgment 'kj-test' has no horizon — write the date by which it is resolved "
        "as YYYY-MM-DD",
        "data/scenarios.csv:2 (horizon): scenario 'sc-a' horizon 'end of 2026' is not a day — write the date by "
        "which it is resolved as YYYY-MM-DD",
        "data/scenarios.csv:2 (probability): scenario set 'us-presence' sums to 99 %, not 100 % (sc-a 99) — the "
        "scenarios of a set are exclusive and exhaustive: make their probabilities add up to 100"]


# ---- positions ----------------------------------------------------------------------------------------------

TIMETABLE = {"id": "agreed-timetable", "question": "The agreed two-phase timetable", "opened": "2024-09",
             "opened_evidence": "erem-sept-2024-announced", "note": ""}


def position(**fields: str) -> dict[str, str]:
    row = {"actor": "allawi", "question": "agreed-timetable", "stance": "supports", "attribution": "on-record",
           "stated": "2025-08-17", "dated_by": "statement",
           "summary": "Hussein Allawi says the government is committed to the agreement.",
           "evidence": "jibal-allawi-committed"}
    return {**row, **fields}


def test_a_stance_dated_before_its_question_is_refused(root: Path) -> None:
    write_table(root, "questions", TIMETABLE)
    write_table(root, "positions", position(),
                position(actor="nujaba", stance="opposes", stated="2024-01-31",
                         summary="Harakat al-Nujaba rejected the talks.", evidence="hafryat-nujaba-timetable-lies"),
                position(actor="iraqi-government", stated="2024-01-25/2024-09-30",  # may postdate the opening
                         summary="The government seeks coordination.", evidence=IQOBS))
    assert messages(root) == [
        "data/positions.csv:3 (stated): nujaba on 'agreed-timetable' is dated 2024-01-31, before the question opened "
        "(2024-09, data/questions.csv:2) — a stance cannot predate its question: code the statement on a question "
        "that existed then, or drop the row"]


@pytest.mark.parametrize("fields, error", [
    ({"attribution": "outlet-inference"},
     "data/positions.csv:2 (stance): allawi on 'agreed-timetable': 'supports' means the actor is on record, but the "
     "row is coded 'outlet-inference' — use inferred-supports for an outlet's inference, or cite the actor's own "
     "words (on-record) or an outlet's report of them (reported)"),
    ({"stance": "ambiguous", "attribution": "outlet-inference"},
     "data/positions.csv:2 (stance): allawi on 'agreed-timetable': coded outlet-inference, but the stance "
     "'ambiguous' is not an inferred-* stance — use inferred-supports or inferred-opposes"),
    ({"stance": "inferred-supports", "attribution": "reported"},
     "data/positions.csv:2 (attribution): allawi on 'agreed-timetable': stance 'inferred-supports' is an outlet's "
     "inference, but the row is coded 'reported' — code it outlet-inference"),
    ({"question": "timing"},
     "data/positions.csv:2 (question): allawi on 'timing': unknown question 'timing' — use an id of "
     "data/questions.csv, or add the question"),
    ({"stated": ""}, "data/positions.csv:2 (stated): allawi on 'agreed-timetable' has no stated date — write the "
                     "date of the statement (YYYY-MM-DD, YYYY-MM, YYYY, or the source's inferred range A/B)"),
    ({"stated": "17/08/2025"}, "data/positions.csv:2 (stated): allawi on 'agreed-timetable': stated '17/08/2025' is "
                               "not a date — write YYYY-MM-DD, YYYY-MM, YYYY or a range A/B"),
])
def test_position_rules(root: Path, fields: dict[str, str], error: str) -> None:
    write_table(root, "questions", TIMETABLE)
    write_table(root, "positions", position(**fields))
    assert messages(root) == [error]


def test_an_outlets_inference_coded_on_record_is_flagged(root: Path) -> None:
    """Erem News infers the KRG's stance from unnamed 'indicators' (مؤشرات عدة ترجح); coded as on the record, the
    row is flagged even though the passage names the government (as the outlet's subject, not as a speaker)."""
    write_table(root, "questions", {**TIMETABLE, "id": "residual", "opened": ""})
    krg = position(actor="krg", question="residual", stated="2025-09", summary="The regional government's stance.",
                   evidence="erem-krg-special-deal")
    write_table(root, "positions", krg)
    assert messages(root) == [
        "data/positions.csv:2 (attribution): krg on 'residual' is coded on-record, but erem-krg-special-deal reads as "
        "Erem News's inference (“موشرات”) and no other cited passage names the actor — code it outlet-inference "
        "with an inferred-* stance, or cite the actor's own words"]
    write_table(root, "positions", {**krg, "stance": "inferred-supports", "attribution": "outlet-inference"})
    assert messages(root) == []


def test_inference_markers_on_the_real_positions() -> None:
    """Measured on the real data: of the 118 passages, only the KRG's carries a marker, and of the 32 position
    rows, only the KRG's is coded as an inference: no row on the record is flagged (no false positive)."""
    from briefing import Corpus
    from briefing.evidence import Registry
    from briefing.standards.positions import inference_marker, inference_problems

    registry = Registry.load(Corpus.load(ROOT))
    assert [e.id for e in registry if inference_marker(e.quote)] == ["erem-krg-special-deal"]
    assert inference_problems(ROOT, registry) == []


# ---- forward-looking wording --------------------------------------------------------------------------------

def test_forward_looking_wording_in_prose_is_refused(root: Path) -> None:
    page(root, f"# Page\n\nPhase two {{ev}}`{JIBAL}` is what comes next.\n")
    assert messages(root) == [
        "book/page.md:3: forward-looking wording “what comes next” outside a quotation: the passage of time "
        "falsifies it — date the statement (\"As of September 2025 …\", \"On 17 August 2025 … said\"), or mark a "
        "deliberate use with {asof}`…` or <!-- briefing: allow-forward --> on the line before"]


def test_the_authors_escape_hatches(root: Path) -> None:
    page(root, f"# Page\n\nPhase two {{ev}}`{JIBAL}` is what {{asof}}`comes next`.\n\n"
               "<!-- briefing: allow-forward -->\nThe second phase will show it.\n\nIt says “now” in quotes.\n")
    assert messages(root) == []


def test_forward_looking_wording_in_printed_data_is_refused(root: Path) -> None:
    write_table(root, "judgments", judgment(basis=f"Two outlets report it [{JIBAL}]; the outcome will show."))
    assert messages(root) == [
        "data/judgments.csv:2 (basis): forward-looking wording “will show” outside a quotation: the passage of time "
        "falsifies it — date the statement (\"as of August 2025\", \"said in January 2024\"), or quote the source if "
        "these are its words"]


@pytest.mark.parametrize("text, phrases", [
    ("Forces now have the capability.", ["now"]),
    ("The mission is winding down; the upcoming vote decides.", ["is winding down", "upcoming"]),
    ("What to watch next year, in the coming months.", ["to watch", "next year", "in the coming months"]),
    ("He told Baghdad Today that 'next month' it ends, and “currently” so.", []),
    ("Today the talks resume.", ["Today"]),
    ("The `now` code and {ev}`now-id` and {asof}`currently` and <!-- now -->.", []),
    ("Nowhere known; a snowy winter; the nowcast.", []),
])
def test_forward_phrases(text: str, phrases: list[str]) -> None:
    assert [p for _, p in forward_phrases(text)] == phrases



# ---- internal notation in what the reader sees --------------------------------------------------------------

def test_internal_notation_in_printed_data_is_refused(root: Path) -> None:
    write_table(root, "judgments", judgment(basis=f"Dated 2025-03-01..2025-06-30 in sources.yaml -> mid-2025; "
                                                  f"jibal-2025-08-17 and {JIBAL} say so, on 2025-08-17 [{JIBAL}]."))
    found = [m.split(" — ")[0] for m in messages(root) if "claim check" not in m]  # the dates: test_claims
    assert found == [
        "data/judgments.csv:2 (basis): “2025-03-01..2025-06-30” is an ISO date range, internal notation a reader sees raw",
        "data/judgments.csv:2 (basis): “sources.yaml” is a file name, internal notation a reader sees raw",
        "data/judgments.csv:2 (basis): “->” is an ASCII arrow, internal notation a reader sees raw",
        "data/judgments.csv:2 (basis): “2025-08-17” is an ISO date, internal notation a reader sees raw",
        "data/judgments.csv:2 (basis): “jibal-2025-08-17” is a project id, internal notation a reader sees raw",
        f"data/judgments.csv:2 (basis): “{JIBAL}” is a project id, internal notation a reader sees raw"]


def test_plain_dates_quotations_and_hyphenated_words_are_not_notation(root: Path) -> None:
    write_table(root, "judgments", judgment(basis="Read as July–September 2024 (mid-2025 as printed); the "
                                                  f"Iran-allied factions said “see sources.yaml -> 2024-07-01” [{JIBAL}]."))
    assert [m for m in messages(root) if "claim check" not in m] == []  # the dates are the claim checker's


# ---- each clause of a judgment's basis names its passages ---------------------------------------------------

def test_a_basis_that_cites_only_at_its_end_is_refused(root: Path) -> None:
    write_table(root, "judgments", judgment(basis="Two outlets report the timetable."))
    assert messages(root) == [
        "data/judgments.csv:2 (basis): the basis cites its passages only as a cluster at its end, so a reader cannot "
        "tell which passage backs which clause — put a marker, [id] or [id;id], after the clause each passage "
        "supports"]


def test_a_marker_must_cite_the_rows_evidence_and_place_all_of_it(root: Path) -> None:
    write_table(root, "judgments", judgment(evidence=f"{JIBAL};{EREM_2}",
                                            basis=f"Al-Jibal reports the timetable [{JIBAL}; {HAFRYAT}]."))
    assert messages(root) == [
        f"data/judgments.csv:2 (basis): marker [{HAFRYAT}] cites a passage that is not in the row's evidence column "
        f"— add {HAFRYAT} to evidence or correct the marker",
        f"data/judgments.csv:2 (basis): the basis marks its clauses but not {EREM_2} of its evidence — put a marker "
        "after the clause each passage supports, or drop the id from evidence"]


def test_each_marked_clause_is_checked_against_its_own_passages(root: Path) -> None:
    """The claim checker reads a marked basis clause by clause: a figure that one passage carries, written in
    the clause marked with another, is refused; moved to the right clause, it passes."""
    evidence = f"{JIBAL};{EREM}"
    write_table(root, "judgments", judgment(evidence=evidence, basis=(
        f"Allawi dates the second phase, with about 2,500 US soldiers [{JIBAL}]; Erem News reports the forces [{EREM}].")))
    found = messages(root)
    assert len(found) == 1 and found[0].startswith("data/judgments.csv:2 (basis): claim check [numbers]") \
        and "2,500" in found[0], found
    write_table(root, "judgments", judgment(evidence=evidence, basis=(
        f"Allawi dates the second phase [{JIBAL}]; Erem News reports about 2,500 US soldiers [{EREM}].")))
    assert messages(root) == []



def test_the_text_after_the_last_marker_is_checked_against_all_the_rows_passages(root: Path) -> None:
    """The confidence line after the last marker is still a claim: a figure no cited passage carries is refused."""
    write_table(root, "judgments", judgment(evidence=f"{JIBAL};{EREM}", basis=(
        f"Allawi dates the second phase [{JIBAL}]; Erem News reports the forces [{EREM}]. Low: about 7,000 troops.")))
    found = messages(root)
    assert len(found) == 1 and "claim check [numbers]" in found[0] and "7,000" in found[0], found


def test_a_marker_outside_a_marked_column_is_still_notation(root: Path) -> None:
    """Only a judgment's basis takes markers; a bracketed id in another printed column is an id a reader sees raw."""
    write_table(root, "risks", risk(mechanism=f"Support lapses [{JIBAL}]."))
    assert any(f"“{JIBAL}” is a project id" in m for m in messages(root))


def test_a_bracket_that_is_text_is_not_a_marker(root: Path) -> None:
    """[sic], [2] or [2026-01] are the author's brackets, not citations: the basis still needs its markers."""
    from briefing.standards.markers import marked_ids

    assert marked_ids("He said [sic] that [2] units left in [2026-01].") == []
    assert marked_ids(f"Two outlets [{JIBAL}; {EREM}].") == [JIBAL, EREM]

# ---- what the prose says of the corpus ----------------------------------------------------------------------

def _corpus_facts() -> tuple[int, str, str]:
    """The real corpus's size, first month and last month, as the rule reads them."""
    from briefing import Corpus
    corpus = Corpus.load(ROOT)
    first = min(s.published.earliest_possible for s in corpus)
    return len(corpus), f"{first:%B %Y}", f"{corpus.as_of:%B %Y}"


def test_a_description_of_the_corpus_that_agrees_passes(root: Path) -> None:
    size, first, last = _corpus_facts()
    page(root, f"# Page\n\nThe evidence is {size} Arabic news articles, from {first} to {last}. Phase two "
               f"{{ev}}`{JIBAL}`.\n\nTwo sources say so; “seven Arabic articles” is a quotation.\n")
    assert messages(root) == []


def test_a_count_of_the_corpus_that_disagrees_is_refused(root: Path) -> None:
    size, first, last = _corpus_facts()
    page(root, f"# Page\n\nPhase two {{ev}}`{JIBAL}`.\n\nThe evidence is {size + 1} Arabic news articles.\n")
    assert messages(root) == [
        f"book/page.md:5: the prose says “{size + 1} Arabic news articles”; the corpus holds {size} sources "
        f"(data/sources.yaml) — write {size}, or describe the corpus without a count"]


def test_a_date_span_of_the_corpus_that_disagrees_is_refused(root: Path) -> None:
    size, first, last = _corpus_facts()
    page(root, f"# Page\n\nPhase two {{ev}}`{JIBAL}`.\n\nThese {size} Arabic articles run from {first} to "
               "December 2026; later reporting is not here.\n")
    assert messages(root) == [
        f"book/page.md:5: the prose dates the corpus {first} to December 2026; its sources run from {first} to "
        f"{last} (the evidence horizon) — write “{first}” and “{last}”, or leave the dates out"]


# ---- the briefing's shape -----------------------------------------------------------------------------------

def _chapter(root: Path, text: str) -> None:
    """A chapter the rule reads (a Markdown chapter, so no notebook is needed)."""
    (root / "book" / "methodology.md").write_text(text, encoding="utf-8")


def test_a_bottom_line_over_120_words_is_refused(root: Path) -> None:
    long = " ".join(["word"] * 118)
    _chapter(root, f"# Overview\n\nThe finding, first. Then its reason.\n\n**Bottom line.** It was *likely* "
                               f"{long}.\n")
    assert messages(root) == [
        "book/methodology.md:5: the bottom line has 1 sentences and 121 words; a principal reads at most 4 and 120 "
        "— keep the main judgment, its likelihood and confidence, and what it means; move the evidence to the basis "
        "or the chapters"]


def test_a_bottom_line_of_five_sentences_is_refused_and_four_pass(root: Path) -> None:
    four = "It was likely. The U.S. kept forces, e.g. at Erbil. Baghdad agreed. The factions objected."
    _chapter(root, f"# Overview\n\nThe finding, first. Then its reason.\n\n**Bottom line.** {four}\n")
    assert messages(root) == []
    _chapter(root, f"# Overview\n\nThe finding, first. Then its reason.\n\n**Bottom line.** {four} It held.\n")
    assert [m.split(";")[0] for m in messages(root)] == ["book/methodology.md:5: the bottom line has 5 sentences "
                                                         "and 17 words"]


@pytest.mark.parametrize("count, refused", [(3, True), (4, False), (6, False), (7, True)])
def test_four_to_six_key_judgments(root: Path, count: int, refused: bool) -> None:
    write_table(root, "judgments", judgment(id="kj-bl", rank="bottom-line"),
                *[judgment(id=f"kj-{i}", rank=str(i)) for i in range(1, count + 1)])
    expected = [f"data/judgments.csv (rank): {count} key judgments; a briefing carries 4 to 6 — merge or drop the "
                "weakest, or move reporting that is not judgment to the background"]
    assert messages(root) == (expected if refused else [])


@pytest.mark.parametrize("opening, sentences", [("Timeline", 1), ("It moved. It slipped. It ended. It began. It paused.", 5)])
def test_a_chapter_opens_with_its_finding_in_two_to_four_sentences(root: Path, opening: str, sentences: int) -> None:
    _chapter(root, f"# Timeline\n\n{opening}\n\n## Events\n\nMore text.\n")
    assert messages(root) == [
        f"book/methodology.md:3: the chapter opens with {sentences} sentence{'s' if sentences != 1 else ''}; it "
        "should open with its finding in 2 to 4 — state the chapter's finding first (what the evidence shows, with "
        "its likelihood where it is a judgment), then the evidence"]
