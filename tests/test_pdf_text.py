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


def printed_ids() -> set[str]:
    """The evidence entries the PDF cites: those its sources appendix prints (each cited passage once)."""
    from briefing.sphinx.latex import passage_label

    tex = (PDF.parent / "briefing.tex").read_text(encoding="utf-8")
    return {ev.id for ev in Registry.load(Corpus.load(ROOT)) if "\\bfsourcepassage{" + passage_label(ev.id) + "}" in tex}


@pytest.fixture(scope="module")
def passages() -> dict[str, str]:
    """The cited passages: every evidence entry the PDF cites (an entry cited only in the web edition's annex,
    or not at all, is not printed)."""
    registry = Registry.load(Corpus.load(ROOT))
    printed = printed_ids()
    assert printed, "the PDF cites no passage"
    return {ev.id: registry.match(ev.id).exact for ev in registry if ev.id in printed}


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
    assert cells, "no Arabic in parentheses left in the PDF's text: pick another check"


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


ARABIC_WORD = r"[\u0621-\u063a\u0641-\u064a\u0660-\u0669\u0671-\u06d3]+"  # letters and digits, no punctuation


def _printed_word_count() -> int:
    tex = (PDF.parent / "briefing.tex").read_text(encoding="utf-8")
    return len(re.findall(ARABIC_WORD, normal(tex[tex.index("\\begin{document}"):])))


def _printed_words() -> set[str]:
    """Every Arabic word the PDF prints: those of the LaTeX source it was set from."""
    tex = (PDF.parent / "briefing.tex").read_text(encoding="utf-8")
    return set(re.findall(ARABIC_WORD, normal(tex)))


def test_every_arabic_word_comes_out_whole(pdfjs_text):
    """Find-in-page and copy see the words the page shows: no word cut in two by a kern the viewer took
    for a space («عسكر ية»), none glued to its neighbour or to a piece of another line («إيرانعين»)."""
    printed = _printed_words()
    words = re.findall(ARABIC_WORD, normal(pdfjs_text))
    assert len(words) >= 0.95 * _printed_word_count()  # the words the LaTeX sets, nearly all read back
    broken = sorted({w for w in words if w not in printed})
    assert not broken, f"{len(broken)} words pdf.js reads that the PDF does not print: {broken[:20]}"


def test_marks_stay_with_their_letters(pdfjs_text):
    """A mark (harakat, shadda, tanween) follows a letter, not a space. Known exceptions, at most a few:
    a mark on the leftmost letter of a line that starts with a label (¶2) joins the label's text, and a
    raised mark read after pdf.js has lost track of the pen by more than a tenth of an em."""
    marks = sum(1 for c in pdfjs_text if unicodedata.category(c) == "Mn")
    detached = re.findall(r"(?:^|\s)[\u064b-\u0652]", pdfjs_text, re.M)
    tex = (PDF.parent / "briefing.tex").read_text(encoding="utf-8")
    printed = sum(1 for c in tex[tex.index("\\begin{document}"):] if "\u064b" <= c <= "\u0652")
    assert printed > 0 and marks >= 0.95 * printed, (marks, printed)  # the marks the LaTeX sets all come out
    assert len(detached) <= 5, f"{len(detached)} of {marks} marks follow a space"


# --- every viewer family (tests/pdf_extractors.py): pdf.js, PDFium, poppler, MuPDF --------------------------
import pdf_extractors  # noqa: E402

TARGET = 0.95  # of the cited passages, found with their word spaces, in logical order, by each viewer family
# What each family finds on this edition (benchmarks/README.md, "Arabic that copies"): a fall below it fails.
# pdf.js meets the target; the others do not yet, and their strict xfail below turns into a failure the day
# they do, so that the floor is raised.
# poppler: 17/118 on the December layout; 14/118 since each appendix passage carries its ¶ label at its start (the
# right): poppler reads the label into the passage's first line and moves its digits to the line's end ("…لوجود8").
# poppler: 7/65 on the 7 December edition, whose printed passages changed with the shorter chapters (9/65 before).
FLOOR = {"pdfjs": 0.95, "pdfium": 0.25, "poppler": 0.10, "mupdf": 0.30}


@pytest.fixture(scope="module")
def viewer_texts() -> dict[str, str]:
    if not PDF.exists():
        pytest.fail(f"the PDF is not built ({PDF}): run `briefing build pdf` first")
    try:
        return {ex: pdf_extractors.extract(PDF, ex) for ex in pdf_extractors.EXTRACTORS}
    except pdf_extractors.ExtractorMissing as exc:
        pytest.fail(str(exc))


@pytest.mark.parametrize("extractor", pdf_extractors.EXTRACTORS)
def test_each_viewer_finds_the_cited_passages_above_its_floor(viewer_texts, extractor):
    quotes = {k: v for k, v in pdf_extractors.passages(ROOT).items() if k in printed_ids()}
    found = pdf_extractors.found(viewer_texts[extractor], quotes)
    share = len(found) / len(quotes)
    assert share >= FLOOR[extractor], (f"{pdf_extractors.VIEWERS[extractor]}: {len(found)}/{len(quotes)} passages "
                                       f"found, below the floor {FLOOR[extractor]:.0%}")


@pytest.mark.parametrize("extractor", [pytest.param(ex, marks=pytest.mark.xfail(
    strict=True, reason="not met yet: see benchmarks/README.md")) if FLOOR[ex] < TARGET else ex
    for ex in pdf_extractors.EXTRACTORS])
def test_each_viewer_finds_95_percent_of_the_cited_passages(viewer_texts, extractor):
    quotes = {k: v for k, v in pdf_extractors.passages(ROOT).items() if k in printed_ids()}
    found = pdf_extractors.found(viewer_texts[extractor], quotes)
    assert len(found) >= TARGET * len(quotes), f"{len(found)}/{len(quotes)}"


def test_no_viewer_copies_a_word_joiner_for_a_space(viewer_texts):
    """The gap between two Arabic words copies as a space in every family, never as U+2060 alone (PDFium
    copied every Arabic word space of the December edition as a word joiner)."""
    printed = _printed_words()
    for extractor, text in viewer_texts.items():
        pairs = re.findall(f"({ARABIC_WORD})\u2060({ARABIC_WORD})", normal_keeping_joiners(text))
        glued = [f"{a} {b}" for a, b in pairs if a + b not in printed and a in printed and b in printed]
        words = re.findall(ARABIC_WORD + " " + ARABIC_WORD, normal(text))
        assert len(words) > 0.2 * _printed_word_count(), f"{extractor}: {len(words)} Arabic word pairs"
        assert len(glued) <= 0.01 * len(words), f"{extractor}: {len(glued)} word gaps copy as U+2060: {glued[:3]}"


def normal_keeping_joiners(text: str) -> str:
    """:func:`normal`, but word joiners kept (they are format characters, which it drops)."""
    return normal(text.replace("\u2060", "\ue000")).replace("\ue000", "\u2060")
