"""The text layer's hidden layers (briefing-hidden-text.lua, ``actual_text = "hidden"``: a route of
benchmarks/pdf_text.py, not the book's default yet) move nothing, leave pdf.js's text as the book's layer gives
it, and give PDFium, poppler and MuPDF the Arabic with its spaces, in logical order, which the book's layer does
not.

The small document of test_pdf_text_layer.py (with a quote inside an English sentence added) is set three times:
without the Lua passes, with the book's layer (the visual-order layer alone), and with the hidden layers.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import pdf_extractors as px
from briefing.pdfbuild import hardened_env
from test_pdf_text_layer import LINES, LUA, TEXT_LAYER, document, glyphs

ROOT = Path(__file__).resolve().parents[1]
HIDDEN = r'\directlua{briefing_text_layer = {actual_text = "hidden"}}' + "\n" + TEXT_LAYER
# (not the highlighted line: PDFium reads its ¶ label, left of the right-to-left text, into the wrapped line)
PASSAGES = {f"line {i}": line for i, line in enumerate(LINES)}


# and a quote inside an English sentence, so that text follows a right-to-left run on its line
QUOTE = "\n\\par The source says \\foreignlanguage{arabic}{" + LINES[2] + "} (project translation), more English.\n"


def _build(tmp: Path, name: str, preamble: str | None) -> Path:
    """The document with ``preamble`` for the text layer (None: the Lua passes not loaded), and the quote."""
    for lua in LUA.glob("*.lua"):
        shutil.copy(lua, tmp / lua.name)
    tex = document(preamble is not None).replace(TEXT_LAYER, preamble or "")
    (tmp / f"{name}.tex").write_text(tex.replace("\\end{document}", QUOTE + "\\end{document}"), encoding="utf-8")
    run = subprocess.run(["lualatex", "-interaction=nonstopmode", f"{name}.tex"], cwd=tmp, env=hardened_env(),
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-2000:]
    return tmp / f"{name}.pdf"


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> tuple[Path, Path, Path]:
    for tool in ("lualatex", "mutool", "node"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is not installed: run `make setup`")
    tmp = tmp_path_factory.mktemp("hidden-text")
    return _build(tmp, "plain", None), _build(tmp, "layer", TEXT_LAYER), _build(tmp, "hidden", HIDDEN)


def test_every_glyph_is_drawn_where_it_was(pdfs):
    plain, _, hidden = (glyphs(p) for p in pdfs)
    assert sum(len(p) for p in plain.values()) > 500, "the document did not build as intended"
    assert {g: len(p) for g, p in plain.items()} == {g: len(p) for g, p in hidden.items()}
    worst = max(abs(xa - xb) + abs(ya - yb) for g in plain for (ya, xa), (yb, xb) in zip(plain[g], hidden[g]))
    assert worst <= 0.05, f"a glyph moved by {worst:.3f} pt"


def test_pdfjs_reads_exactly_what_it_read_before(pdfs):
    _, layer, hidden = pdfs
    assert px.extract(hidden, "pdfjs") == px.extract(layer, "pdfjs")


@pytest.mark.parametrize("extractor", ["pdfium", "poppler", "mupdf"])
def test_pdfium_poppler_and_mupdf_read_the_arabic_with_its_spaces_in_order(pdfs, extractor):
    _, layer, hidden = pdfs
    assert sorted(px.found(px.extract(hidden, extractor), PASSAGES)) == sorted(PASSAGES)
    # and the book's layer does not give them all: what the hidden layers are for
    assert len(px.found(px.extract(layer, extractor), PASSAGES)) < len(PASSAGES)
