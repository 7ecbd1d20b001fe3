"""A PDF's text as the four families of PDF viewers extract it, and the cited passages to look for in it.

- ``pdfjs``: pdf.js (Firefox, many web viewers): ``node tools/pdf_text.mjs`` (pdfjs-dist from tools/).
- ``pdfium``: PDFium (Chrome, Edge): the ``pypdfium2`` package.
- ``poppler``: poppler (Evince, Okular, pdftotext): Debian's ``pdftotext``.
- ``mupdf``: MuPDF (SumatraPDF, many mobile readers): the ``pymupdf`` package.

A passage counts as found when the extracted text contains it after :func:`fold`: whitespace runs become
one space, harakat and tatweel are ignored and the alef, yeh and teh-marbuta variants are folded, as a
reader's search does. Nothing else is forgiven: a word joiner or zero-width space where the passage has a
space or nothing (what a reader would paste) makes it a miss. Only the bidi embedding controls that
poppler itself wraps around right-to-left lines are dropped. :func:`written` keeps every mark and tatweel.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PDFJS_SCRIPT = ROOT / "tools" / "pdf_text.mjs"
EXTRACTORS = ("pdfjs", "pdfium", "poppler", "mupdf")
VIEWERS = {"pdfjs": "pdf.js (Firefox, web viewers)", "pdfium": "PDFium (Chrome, Edge)",
           "poppler": "poppler (Evince, Okular, pdftotext)", "mupdf": "MuPDF (SumatraPDF, mobile readers)"}

_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"))
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ـ": None})


class ExtractorMissing(RuntimeError):
    """An extractor is not installed (the message says how to install it)."""


def extract(pdf: Path, extractor: str) -> str:
    """The text of every page of ``pdf`` as ``extractor`` gives it, pages separated by newlines."""
    if extractor == "pdfjs":
        if shutil.which("node") is None or not (ROOT / "tools" / "node_modules" / "pdfjs-dist").exists():
            raise ExtractorMissing("pdf.js is not installed: scripts/setup.sh runs `npm ci` in tools/")
        return subprocess.run(["node", str(PDFJS_SCRIPT), str(pdf)], capture_output=True, text=True, check=True,
                              timeout=600).stdout
    if extractor == "pdfium":
        try:
            import pypdfium2
        except ImportError as exc:
            raise ExtractorMissing("pypdfium2 is not installed: run `make setup` (requirements.lock)") from exc
        doc = pypdfium2.PdfDocument(str(pdf))
        try:
            return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
        finally:
            doc.close()
    if extractor == "poppler":
        if shutil.which("pdftotext") is None:
            raise ExtractorMissing("pdftotext is not installed: run `make setup` (Debian's poppler-utils)")
        return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True,
                              timeout=600).stdout
    if extractor == "mupdf":
        try:
            import pymupdf
        except ImportError as exc:
            raise ExtractorMissing("pymupdf is not installed: run `make setup` (requirements.lock)") from exc
        with pymupdf.open(str(pdf)) as doc:
            return "\n".join(page.get_text() for page in doc)
    raise ValueError(f"unknown extractor {extractor!r}: one of {', '.join(EXTRACTORS)}")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).translate(_BIDI_CONTROLS)


def fold(text: str) -> str:
    """``text`` as a reader's search sees it: marks and tatweel ignored, letter variants folded, whitespace
    runs as one space. Format characters (word joiners, zero-width spaces) are kept: they are not spaces."""
    text = "".join(c for c in _nfc(text) if unicodedata.category(c) != "Mn")
    return re.sub(r"\s+", " ", text.translate(_FOLD)).strip()


def written(text: str) -> str:
    """``text`` with every letter, mark and tatweel as written; only whitespace runs folded."""
    return re.sub(r"\s+", " ", _nfc(text)).strip()


def passages(root: Path = ROOT) -> dict[str, str]:
    """Every cited passage of the project, by evidence id, as the source prints it."""
    from briefing import Corpus, Registry

    registry = Registry.load(Corpus.load(root))
    return {ev.id: registry.match(ev.id).exact for ev in registry}


def is_held_out(evidence_id: str) -> bool:
    """The fixed half of the passages that no text-layer choice was tuned on (by a hash of the id, so a new
    passage falls on one side for good)."""
    return hashlib.sha256(evidence_id.encode("utf-8")).digest()[0] % 2 == 1


def found(text: str, quotes: dict[str, str], exact: bool = False) -> list[str]:
    """The ids of ``quotes`` found in ``text``: folded (:func:`fold`), or with every mark (``exact``)."""
    norm = written if exact else fold
    flat = norm(text)
    return [eid for eid, q in quotes.items() if norm(q) in flat]
