"""An English paragraph that holds vocalised Arabic is set with one opened leading for all its lines
(briefing.sphinx.layout.open_vocalised_leading), measured on the doctree pass and on the built PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docutils import nodes

from briefing.sphinx.layout import open_vocalised_leading

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "_build" / "latex" / "briefing.pdf"
VOCALISED = re.compile("[\u064b-\u0652\u0670]")


def _doc(*paragraphs: nodes.Element) -> nodes.document:
    doc = nodes.document(None, None)
    for p in paragraphs:
        doc += p
    return doc


def _wrapped(p: nodes.paragraph) -> bool:
    return (isinstance(p[0], nodes.raw) and "bfvocalisedleading" in p[0].astext()
            and isinstance(p[-1], nodes.raw) and p[-1].astext() == r"\par}")


def test_a_paragraph_with_vocalised_arabic_is_wrapped_and_the_others_are_not():
    vocalised = nodes.paragraph("", "distancing: ", nodes.emphasis("", "ما يُسمّى بـ"), nodes.Text(" is rendered"))
    bare = nodes.paragraph("", "the outlet ما يسمى بـ, unvocalised")
    english = nodes.paragraph("", "no Arabic at all")
    note_only = nodes.paragraph("", "a claim", nodes.raw("", r"\footnote{… يُسمّى …}", format="latex"))
    table = nodes.table("", nodes.tgroup("", nodes.tbody("", nodes.row("", nodes.entry(
        "", nodes.paragraph("", "a cell: يُسمّى"))))))
    doc = _doc(vocalised, bare, english, note_only, table)
    assert open_vocalised_leading(doc) == 1
    assert _wrapped(vocalised)
    for p in (bare, english, note_only, next(iter(table.findall(nodes.paragraph)))):
        assert not any(isinstance(c, nodes.raw) and "bfvocalisedleading" in c.astext() for c in p.children)


def test_in_the_pdf_the_lines_of_a_paragraph_with_vocalised_arabic_are_evenly_spaced():
    """Each run of body lines around a line of English with vocalised Arabic (lines closer than 1.6 body
    leadings: one paragraph, whose opened leading is 1.5) has one pitch; TeX alone opens only the lines the marks reach."""
    pymupdf = pytest.importorskip("pymupdf")
    if not PDF.exists():
        pytest.fail("the PDF is not built: run `make pdf` (or `make test`, which builds it) first")
    body_leading = 12.0
    checked = 0
    for page in pymupdf.open(PDF):
        baselines: dict[float, str] = {}
        for block in page.get_text("dict")["blocks"]:
            for line in block.get("lines", []):
                for span in line["spans"]:
                    if span["text"].strip() and span["size"] >= 9.5:  # body text, not notes
                        y = next((k for k in baselines if abs(k - span["origin"][1]) < 2.5), span["origin"][1])
                        baselines[y] = baselines.get(y, "") + span["text"]
        ys = sorted(baselines)
        for i, y in enumerate(ys):
            text = baselines[y]
            if not (VOCALISED.search(text) and sum(c.isascii() and c.isalpha() for c in text) > 15):
                continue
            lo = i
            while lo > 0 and ys[lo] - ys[lo - 1] < 1.6 * body_leading:
                lo -= 1
            hi = i
            while hi + 1 < len(ys) and ys[hi + 1] - ys[hi] < 1.6 * body_leading:
                hi += 1
            pitches = [round(b - a, 1) for a, b in zip(ys[lo:hi], ys[lo + 1:hi + 1])]
            checked += 1
            assert max(pitches, default=0) - min(pitches, default=0) <= 0.5, (
                f"page {page.number + 1}: uneven leading {pitches} around the line {text[:60]!r}")
    assert checked, "no English line with vocalised Arabic in the PDF: the methodology's examples are gone?"
