"""The printed attribution of a quoted passage (``briefing.cite.attribution``): the speaker, if any, then
the outlet and the source's date; and the chapters that print passages as quotations use it."""

from __future__ import annotations

import json

from briefing.cite import attribution, cite
from briefing.evidence import default_registry
from briefing.myst import md_text
from briefing.tables import load_table
from briefing.usage import split_ids
from helpers import ROOT


def test_a_speakers_passage_names_the_speaker_then_the_outlet_and_date():
    c = cite("jibal-allawi-phase-two")
    assert c.attribution() == ("Hussein Allawi, the Prime Minister's adviser, via the official news agency; "
                               "Al-Jibal, 17 August 2025")
    assert attribution(c.evidence, c.source) == c.attribution()


def test_the_outlets_own_narration_names_the_outlet_and_date_only():
    assert cite("erem-phase-two-harir").attribution() == "Erem News, September 2025, date inferred"
    assert cite("hafryat-us-2500").attribution() == "Hafryat, 31 January 2024"
    assert cite("unattr-experts-fragile").attribution() == ("unnamed security experts; Unidentified outlet, "
                                                            "July–September 2024, date inferred")


def _markdown_outputs(notebook: str) -> str:
    cells = json.loads((ROOT / "book" / notebook).read_text(encoding="utf-8"))["cells"]
    return "".join("".join(out.get("data", {}).get("text/markdown", ""))
                   for cell in cells if cell["cell_type"] == "code" for out in cell.get("outputs", []))


def _printed(eid: str) -> str:
    """How a chapter prints a passage's attribution in front of its marker (MyST-escaped)."""
    return md_text("({a}) ", a=cite(eid).attribution()) + f"{{ev}}`{eid}`"


def test_the_risks_chapter_credits_the_speaker_of_each_strongest_passage():
    registry = default_registry()
    risks = load_table("risks", registry)
    output = _markdown_outputs("risks.ipynb")
    strongest = [split_ids(ids)[0] for side in ("evidence_for", "evidence_against")
                 for ids in risks[side] if split_ids(ids)]
    spoken = [eid for eid in strongest if registry[eid].speaker]
    assert spoken, "no strongest passage on the risks page has a speaker: the test would prove nothing"
    for eid in strongest:
        assert _printed(eid) in output, eid
    assert "(Hussein Allawi\\, the Prime Minister\\'s adviser\\, via the official news agency\\; Al\\-Jibal\\, " \
           "17 August 2025) {ev}`jibal-allawi-phase-two`" in output


def test_the_annex_credits_the_speaker_of_every_passage_it_lists():
    registry = default_registry()
    risks = load_table("risks", registry)
    output = _markdown_outputs("annex.ipynb")
    listed = [eid for side in ("evidence_for", "evidence_against") for ids in risks[side] for eid in split_ids(ids)]
    assert any(registry[eid].speaker for eid in listed)
    for eid in listed:
        assert _printed(eid) in output, eid
