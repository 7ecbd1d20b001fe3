"""The extractor on the project's sentence sets (benchmarks/extraction/): floors per kind, and the
negative sentences where a rule must stay silent."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "extraction"
_spec = importlib.util.spec_from_file_location("extraction_score", BENCH / "score.py")
score_mod = importlib.util.module_from_spec(_spec)
sys.modules["extraction_score"] = score_mod  # dataclasses look their module up while it loads
_spec.loader.exec_module(score_mod)  # type: ignore[union-attr]

# Floors for the development set (the rules were tuned on it, so they are high) and for the held-out
# set (written after the rules and never tuned on; floors at the targets or just under what was
# reached, see benchmarks/extraction/README.md). Never lower them to make a change pass.
FLOORS = {
    "dev.yaml": {"date, absolute": (0.95, 0.95), "date, relative": (0.95, 0.95), "quantity": (0.95, 0.95),
                 "place": (None, 0.95), "actor": (None, 0.95)},
    "held_out.yaml": {"date, absolute": (0.95, 0.90), "date, relative": (0.95, 0.85), "quantity": (0.95, 0.85),
                      "place": (None, 0.95), "actor": (None, 0.95)},
}
HEDGE_FLOOR = {"dev.yaml": 0.95, "held_out.yaml": 0.90}


@pytest.fixture(scope="module")
def reports():
    return {name: score_mod.score(BENCH / name) for name in FLOORS}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_precision_and_recall_per_kind_stay_above_the_floor(reports, name):
    report = reports[name]
    for kind, (p_floor, r_floor) in FLOORS[name].items():
        tally = report.by_kind[kind]
        assert tally.tp > 0, (name, kind, "no expected items of this kind")
        if p_floor is not None:
            assert tally.precision >= p_floor, (name, kind, tally.precision, report.errors)
        assert tally.recall >= r_floor, (name, kind, tally.recall, report.errors)
    assert report.by_kind["quantity"].hedge >= HEDGE_FLOOR[name], (name, report.errors)


def _negative_cases():
    _, cases = score_mod.load(BENCH / "dev.yaml")
    return [pytest.param(c, id=f"{c['rule']}:{c['text'][:30]}") for c in cases if c.get("rule")]


@pytest.mark.parametrize("case", _negative_cases())
def test_each_negative_sentence_yields_nothing_for_its_rule(case):
    import datetime as dt

    from briefing.corpus import Published
    from briefing.extract import extract_text

    on = dt.date(2025, 11, 12)
    facts = extract_text(case["text"], Published("printed", date=on, as_printed="12/11/2025"))
    gold = score_mod.gold_items(case)
    fired = [(f.exact, f.value) for f in facts if score_mod._fires(f, case["rule"])
             and not any(score_mod._matches(f, g) for g in gold)]
    assert fired == [], case["text"]


def test_the_negative_sentences_cover_every_new_rule():
    _, cases = score_mod.load(BENCH / "dev.yaml")
    rules = {c["rule"] for c in cases if c.get("rule")}
    assert {"rel-today", "rel-weekday", "rel-yesterday", "rel-tomorrow", "day-month", "quantity", "place"} <= rules


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_every_expected_span_is_in_its_sentence(name):
    path = BENCH / name
    assert path.is_file(), f"{path} is missing: the extraction benchmark cannot be scored"
    _, cases = score_mod.load(path)
    assert len(cases) >= 50, f"{name}: only {len(cases)} cases"
    missing = []
    for case in cases:
        try:
            gold = score_mod.gold_items(case)
        except ValueError as exc:
            missing.append(str(exc))
            continue
        for item in gold:
            assert case["text"][item["start"]:item["end"]] == item["text"]
    assert missing == [], "\n".join(missing)


def test_a_span_missing_from_its_sentence_is_reported():
    case = {"text": "في أيلول 2026", "expect": [{"kind": "date", "text": "أيلول 2025", "value": "2025-09"}]}
    with pytest.raises(ValueError, match="expected span 'أيلول 2025' is not in the text"):
        score_mod.gold_items(case)
    twice = {"text": "2 ثم 2", "expect": [{"kind": "quantity", "text": "2", "value": 2, "occurrence": 3}]}
    with pytest.raises(ValueError):
        score_mod.gold_items(twice)
