"""The PDF's text layer as a reader's viewer extracts it (pdf.js, the viewer of Chromium and Firefox).

Needs a built PDF: BRIEFING_BUILD (default ROOT/_build) / latex/briefing.pdf. Passages are compared
after removing only diacritics and tatweel and folding alef, alef-maksura/yeh and teh-marbuta variants
(and whitespace runs, since a passage may wrap across lines); nothing else is forgiven.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from briefing import Corpus, Registry

ROOT = Path(__file__).resolve().parents[1]
PDF = Path(os.environ.get("BRIEFING_BUILD", ROOT / "_build")) / "latex" / "briefing.pdf"
PDF_TEXT = ROOT / "tools" / "pdf_text.mjs"
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ـ": None})


def normal(text: str) -> str:
    text = "".join(c for c in unicodedata.normalize("NFC", text) if unicodedata.category(c) not in ("Mn", "Cf"))
    return re.sub(r"\s+", " ", text.translate(_FOLD)).strip()


@pytest.fixture(scope="module")
def pdfjs_text() -> str:
    if not PDF.exists():
        pytest.fail(f"the PDF is not built ({PDF}): run `briefing build pdf` first")
    if shutil.which("node") is None or not (ROOT / "tools" / "node_modules" / "pdfjs-dist").exists():
        pytest.fail("pdf.js is not installed: scripts/setup.sh runs `npm ci` in tools/")
    return subprocess.run(["node", str(PDF_TEXT), str(PDF)], capture_output=True, text=True, check=True,
                          timeout=300).stdout


@pytest.fixture(scope="module")
def passages() -> dict[str, str]:
    registry = Registry.load(Corpus.load(ROOT))
    return {ev.id: registry.match(ev.id).exact for ev in registry}


def test_no_arabic_letter_extracts_as_a_wrong_code_point(pdfjs_text, passages):
    """Amiri's contextual forms once extracted as U+06D0 ې and U+067A ٺ: letters that nothing printed in the
    book contains (the sources, the chapters' text, the methodology, the data)."""
    printed = [*(ROOT / "data" / "sources").glob("*.txt"), *(ROOT / "book").rglob("*.md"), *(ROOT / "data").glob("*.csv"),
               *(ROOT / "data").glob("*.yaml")]
    used = set("".join(passages.values())) | set("".join(p.read_text(encoding="utf-8") for p in printed))
    wrong = sorted({c for c in pdfjs_text if "\u0600" <= c <= "\u06ff" and c not in used
                    and unicodedata.category(c) not in ("Mn", "Cf") and c not in "؟،؛" and normal(c) == c})
    assert not wrong, [f"U+{ord(c):04X} {c}" for c in wrong]


def test_parentheses_in_arabic_come_out_in_logical_order(pdfjs_text, passages):
    """A passage «(الإطار التنسيقي)» must not extract as «)الإطار التنسيقي(» (mirrored glyphs), in a note, an
    evidence entry, the appendix or a table cell («)أكتوبر(» was one): nowhere in the text does Arabic sit
    between a closing and an opening parenthesis."""
    words = [normal(m) for q in passages.values() for m in re.findall(r"\([^()]+\)", q)]
    assert words, "no cited passage has a parenthesis: pick another check"
    flat = normal(pdfjs_text)
    for w in words:
        assert w in flat, w
    mirrored = re.findall(r"\)[\u0600-\u06ff][^()\n]{0,40}\(", pdfjs_text)
    assert not mirrored, mirrored[:5]
    cells = [m for m in re.findall(r"\([\u0600-\u06ff][^()\n]{0,40}\)", pdfjs_text)]
    assert any("أكتوبر" in c for c in cells), "the table cell «(أكتوبر)» is no longer in the PDF: pick another check"


def test_every_cited_passage_is_found_with_its_spaces(pdfjs_text, passages):
    flat = normal(pdfjs_text)
    missing = [eid for eid, q in passages.items() if normal(q) not in flat]
    assert not missing, f"{len(missing)} of {len(passages)} passages not found: {missing[:10]}"


def test_the_text_layer_pass_ran_over_every_right_to_left_run():
    """briefing-visual-order.lua reports the right-to-left runs it could not rewrite (0 on the book)."""
    log = (PDF.parent / "briefing.log").read_text(encoding="utf-8", errors="replace")
    m = re.search(r"briefing\.visual_order: (\d+) right-to-left runs left", log)
    assert m, "briefing-visual-order.lua did not run (see _config.yml's latex preamble)"
    assert m.group(1) == "0", m.group(0)
