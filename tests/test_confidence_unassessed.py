"""Confidence follows sourcing (briefing.standards.confidence) for sources that data/reliability.csv has not yet
assessed: such a source counts as anonymous and second-hand, so it never earns the confidence a named, first-hand
one would."""

from __future__ import annotations

from pathlib import Path

from analytic_project import EREM, JIBAL, analytic_project, judgment, messages, write_table


def _unassess(root: Path, *prefixes: str) -> None:
    reliability = root / "data" / "reliability.csv"
    lines = reliability.read_text(encoding="utf-8").split("\n")
    reliability.write_text("\n".join(line for line in lines if not line.startswith(prefixes)), encoding="utf-8")


def test_sources_without_a_reliability_row_count_as_anonymous(tmp_path: Path) -> None:
    root = analytic_project(tmp_path)
    write_table(root, "judgments", judgment(confidence="moderate", evidence=f"{EREM};{JIBAL}"))
    assert messages(root) == []  # two assessed outlets, both with named informants: moderate is allowed
    _unassess(root, "erem-", "jibal-")
    assert messages(root) == [
        "data/judgments.csv:2 (confidence): judgment 'kj-test' is held with moderate confidence, but its evidence "
        "comes from 2 outlets, every informant anonymous (Erem News: erem-2025-09; Al-Jibal: jibal-2025-08-17): at "
        "most low — cite a source with named informants, or lower the confidence to low"]


def test_one_assessed_named_source_keeps_the_basis(tmp_path: Path) -> None:
    root = analytic_project(tmp_path)
    _unassess(root, "erem-")  # Al-Jibal keeps its row: named informants, mixed sourcing
    write_table(root, "judgments", judgment(confidence="moderate", evidence=f"{EREM};{JIBAL}"))
    assert messages(root) == []
