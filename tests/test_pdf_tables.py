"""The PDF's tables fit the page (issue 11): checked on the built book (`make pdf` first), its LaTeX log,
its .tex and the positions of the words on its pages; and the table layout rules on small doctrees."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from docutils import nodes

from briefing import pdfbuild
from briefing.sphinx import latex_tables

ROOT = Path(__file__).resolve().parents[1]
LATEX = ROOT / "_build" / "latex"
PDF, TEX, LOG = LATEX / "briefing.pdf", LATEX / "briefing.tex", LATEX / "briefing.log"


def built(path: Path) -> Path:
    if not path.exists():
        pytest.fail(f"{path.relative_to(ROOT)} is not built: run `make pdf` (or `make test`, which builds it) first")
    return path


# --- the built book ----------------------------------------------------------------------------------

def test_no_overfull_box_beyond_the_allowance():
    over = pdfbuild.overfull_boxes(built(LOG))
    assert len(over) <= pdfbuild.MAX_OVERFULL, "\n".join(f"{pt:.1f} pt {where}" for pt, where in over)


_TABLE = re.compile(r"\\begin\{(longtable|tabular|tabulary)\}(?:\[[a-z]\])?(?:\{[^{}]*\})?\{((?:[^{}]|\{[^{}]*\})*)\}")


def table_specs(tex: str) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in _TABLE.finditer(tex)]


def test_every_table_has_fixed_columns_that_add_up_to_at_most_the_line():
    specs = table_specs(built(TEX).read_text(encoding="utf-8"))
    assert specs, "no table found in the .tex"
    for kind, spec in specs:
        assert kind != "tabulary", f"a tabulary (natural widths, may run off the page): {spec}"
        columns = re.findall(r"\\X\{(\d+)\}\{(\d+)\}", spec)
        rest = re.sub(r"\\X\{\d+\}\{\d+\}|\|", "", spec)
        assert columns and not rest.strip(), f"{kind} with columns that are not fixed fractions of the line: {spec}"
        assert len({total for _, total in columns}) == 1, spec
        assert sum(int(w) for w, _ in columns) <= int(columns[0][1]), f"columns wider than the line: {spec}"


def text_block_right_edge_bp(log: str) -> float:
    """The right edge of the text block in PDF points, from geometry's report in the LaTeX log."""
    def dim(name: str) -> float:
        m = re.search(rf"^\* \\{name}=(-?[\d.]+)pt", log, re.M)
        assert m, f"\\{name} is not reported in the log"
        return float(m.group(1))

    tex_pt = 72.27 + dim("hoffset") + dim("oddsidemargin") + dim("textwidth")
    return tex_pt * 72 / 72.27


def test_no_text_runs_past_the_right_margin():
    edge = text_block_right_edge_bp(built(LOG).read_text(encoding="utf-8", errors="replace"))
    html = subprocess.run(["pdftotext", "-bbox", str(built(PDF)), "-"], capture_output=True, text=True,
                          check=True).stdout
    beyond = []
    for page_no, page in enumerate(html.split("<page ")[1:], start=1):
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', page):
            if float(m.group(2)) > edge + 1.0:
                beyond.append(f"page {page_no}: {m.group(3)!r} ends at x={float(m.group(2)):.1f} > {edge:.1f}")
    assert not beyond, "\n".join(beyond[:20])


def test_the_tables_keep_their_captions_and_cite_with_readable_calls():
    text = subprocess.run(["pdftotext", "-layout", str(built(PDF)), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = re.sub(r"\s+", " ", text)
    for caption in ("The figures the sources give, with who gives them", "Dates reported more than once",
                    "Risk register (project assessment"):
        assert caption in flat
    # the timeline's entries are printed once, as the figure's list; their table is in the web annex only
    assert "Timeline entries, with the passages" not in flat
    annex = (Path(__file__).resolve().parents[1] / "book" / "annex.ipynb").read_text(encoding="utf-8")
    timeline = (Path(__file__).resolve().parents[1] / "book" / "timeline.ipynb").read_text(encoding="utf-8")
    assert "Timeline entries, with the passages" in annex and "Timeline entries, with the passages" not in timeline
    # Issue 18's shorter chapters print no table wide enough to be stacked (the full positions and timeline
    # tables are in the web edition's annex); the stacking rules are tested on small doctrees below.
    # a table's note call is "n. 12" at the cell's size, not a cluster of superscripts (tests/test_pdf_notes.py):
    # at least one printed call per table note in the LaTeX
    tex = (PDF.parent / "briefing.tex").read_text(encoding="utf-8")
    table_notes = tex.count("\\bftablenote{")
    assert table_notes and len(re.findall(r"(?:^|\s)n\. \d+", flat)) >= table_notes


# --- the layout rules ---------------------------------------------------------------------------------

def make_table(header: list[str], rows: list[list[str]]) -> nodes.table:
    table = nodes.table()
    group = nodes.tgroup(cols=len(header))
    table += group
    group += [nodes.colspec(colwidth=1) for _ in header]
    group += nodes.thead("", nodes.row("", *[nodes.entry("", nodes.paragraph("", h)) for h in header]))
    group += nodes.tbody("", *[nodes.row("", *[nodes.entry("", nodes.paragraph("", c)) for c in r]) for r in rows])
    return table


def fit(table: nodes.table) -> nodes.document:
    doc = nodes.document(None, None)
    doc += table
    latex_tables.fit_tables(doc)
    return doc


def test_a_narrow_table_keeps_its_grid_with_widths_that_fill_the_line():
    table = make_table(["Source", "Date", "Paragraphs"], [["Hafryat", "31 January 2024", "25"],
                                                          ["Erem News", "1–30 September 2025", "19"]])
    fit(table)
    widths = [s["colwidth"] for s in table.findall(nodes.colspec)]
    assert len(widths) == 3 and "colwidths-given" in table["classes"]
    assert abs(sum(widths) - latex_tables.LINE_PT * 10) < 10
    # each column holds its longest word, header included, with its padding
    pad = 2 * latex_tables.TABCOLSEP_PT
    assert widths[2] / 10 >= latex_tables.text_em("Paragraphs") * latex_tables.FONT_PT + pad


def test_a_table_of_long_text_columns_is_stacked_with_labelled_lines():
    long = "the government is reported to treat ending the coalition mission as part of its programme " * 3
    table = make_table(["Actor", "Question", "Stance", "Summary", "Note"],
                       [["Iraqi government", "Timing", "supports", long, long]] * 3)
    doc = fit(table)
    assert "bf-stacked" in table["classes"] and len(list(table.findall(nodes.colspec))) == 1
    assert isinstance(table.parent, nodes.container) and "bf-stacked" in table.parent["classes"]
    block = next(table.findall(nodes.entry))
    paragraphs = [p.astext() for p in block.findall(nodes.paragraph)]
    assert paragraphs[0] == "Iraqi government \u2014 Timing"
    assert paragraphs[1] == "Stance: supports"
    assert paragraphs[2].startswith("Summary: the government") and paragraphs[3].startswith("Note: ")
    assert "longtable" in table["classes"]
    assert not list(doc.findall(nodes.raw))  # data stays docutils text: Sphinx escapes it


def test_short_fields_of_a_stacked_block_share_a_line():
    long = "a long assessment of what could happen and why, with the reasoning spelled out " * 3
    table = make_table(["", "Risk", "Likelihood", "Confidence", "Horizon", "Indicators", "Assessment"],
                       [["R1", "Armed factions keep attacking", "likely", "moderate", "2026-09-30", long, long]] * 2)
    fit(table)
    lines = [p.astext() for p in next(table.findall(nodes.entry)).findall(nodes.paragraph)]
    assert lines[0] == "R1 \u2014 Armed factions keep attacking"
    assert lines[1] == "Likelihood: likely \u00b7 Confidence: moderate \u00b7 Horizon: 2026-09-30"


def test_breaks_are_allowed_after_slashes_and_dashes_only_through_a_constant_macro():
    table = make_table(["Where", "What"], [["book/_text/positions.md:37", "2024-01-25..2024-09-30 \\input{x}"]])
    doc = fit(table)
    raws = list(doc.findall(nodes.raw))
    assert raws and {r.astext() for r in raws} == {r"\bftablebreak{}"}
    assert "\\input{x}" in table.astext()  # the data itself is still text, for Sphinx to escape


def test_a_table_whose_words_cannot_fit_side_by_side_is_stacked():
    word = "Internationalisation" * 2
    table = make_table([f"C{i}" for i in range(6)], [[word] * 6, [word] * 6])
    fit(table)
    assert "bf-stacked" in table["classes"]
