"""A small project for the analytic-standards tests: the real corpus, evidence registry, reliability notes,
actors and gazetteer, a one-line page, and whatever analytic tables a test writes."""

from __future__ import annotations

import copy
import csv
import shutil
from pathlib import Path

import pytest

import briefing.claims
from briefing.checks import check
from briefing.corpus import Source
from briefing.extract import Fact, extract
from briefing.tables import COLUMNS
from helpers import ROOT, make_project

# one evidence id per source (and a second for Erem News), all in the real registry
HAFRYAT, IQOBS, JIBAL, EREM, EREM_2, UNATTR = ("hafryat-awadi-pledge", "iqobs-gov-coordinated", "jibal-allawi-phase-two",
                                               "erem-us-2500", "erem-gov-bilateral-agreements",
                                               "unattr-advisory-residual")


def analytic_project(tmp_path: Path) -> Path:
    root = make_project(tmp_path)
    for name in ("evidence.yaml", "reliability.csv", "actors.csv", "gazetteer.csv", "risk-scales.csv"):
        shutil.copyfile(ROOT / "data" / name, root / "data" / name)
    (root / "book" / "page.md").write_text(f"# Page\n\nPhase two {{ev}}`{JIBAL}`.\n", encoding="utf-8")
    return root


def write_table(root: Path, name: str, *rows: dict[str, str]) -> None:
    """data/NAME.csv with the given rows (missing columns left empty)."""
    with (root / "data" / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS[name], lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in COLUMNS[name]})


#: the facts extracted from a source, by everything extraction reads: the source's text and its blocks, its
#: publication date (relative dates) and the bytes of the project's gazetteer (places and actors)
_FACTS: dict[tuple, list[Fact]] = {}


def _extract_once(source: Source) -> list[Fact]:
    """``briefing.extract.extract``, worked out once per test process for each distinct input: every project of
    these tests holds the same corpus, and the claim check extracts each cited source again (about half the time
    of a check). A copy each time, so no check can change another's facts."""
    gazetteer = source.path.parent.parent / "gazetteer.csv"
    key = (source.text, source.blocks, source.published, gazetteer.read_bytes() if gazetteer.exists() else None)
    if key not in _FACTS:
        _FACTS[key] = extract(source)
    return copy.deepcopy(_FACTS[key])


def messages(root: Path) -> list[str]:
    """Every problem `briefing check` finds in the project, as printed."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(briefing.claims, "extract", _extract_once)
        problems, _ = check(root)
    return [p.message for p in problems]


def judgment(**fields: str) -> dict[str, str]:
    """A judgment row; unless given, its basis marks the row's evidence after its one clause."""
    evidence = fields.get("evidence", JIBAL)
    row = {"id": "kj-test", "rank": "1", "judgment": "The mission ends in two phases.", "likelihood": "likely",
           "confidence": "low", "basis": f"Two outlets report the timetable [{evidence}].", "horizon": "2026-09-30",
           "evidence": evidence}
    return {**row, **fields}


def risk(**fields: str) -> dict[str, str]:
    row = {"id": "r-test", "risk": "A security vacuum", "mechanism": "Support lapses.", "likelihood": "likely",
           "confidence": "low", "confidence_basis": "Analysts' warnings.", "impact": "high",
           "impact_on": "iraqi-stability", "horizon": "2026-09-30", "indicators": "", "evidence_for": JIBAL,
           "evidence_against": "", "assessment": "The warnings come from analysts.",
           "against_bears": "directly"}
    return {**row, **fields}
