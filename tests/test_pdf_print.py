"""The PDF as a publishable report (issue 19): its length, nothing internal in print, its document language
and metadata, the page labels, and the sources appendix set right to left — measured on the built PDF
(`make pdf` first) with poppler's word boxes (`pdftotext -bbox`), `pdfinfo` and `mutool`.
"""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from briefing import Corpus
from briefing.edition import load_edition
from briefing.sphinx import pdfmeta

ROOT = Path(__file__).resolve().parents[1]
LATEX = ROOT / "_build" / "latex"
PDF, LOG = LATEX / "briefing.pdf", LATEX / "briefing.log"

#: the most pages the PDF may have, appendix and bibliography included (119 before issue 19)
MAX_PAGES = 60

#: what readers of the print edition must never see: the project's files, commands and review machinery
INTERNAL = [
    (r"\b(?:data|book|src|tests|benchmarks|scripts|tools|_build)/[\w./-]*", "a path in the repository"),
    (r"\b[\w-]+\.(?:csv|ya?ml|md|py|ipynb|jsonld|json|lua|sty|tex|txt)\b", "a file name"),
    (r"\bbriefing (?:check|extract|locate|sources|add-source|edit-source|recover|refresh|cite|build)\b", "a command"),
    (r"\bmake (?:book|test|pdf|html|setup)\b|\bpytest\b|\bnbval\b|\.venv\b", "a build command"),
    (r"\(model\)|\bclaim-check review\b|\breviewer: ", "the review log"),
    (r"\bthe briefing (?:package|extractor)\b", "the project's code by name"),
    (r"\bsha256\b|\bCorpus id\b", "an internal identifier"),
]


def run(*args: str) -> str:
    return subprocess.run(list(args), capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def pdf() -> Path:
    if not PDF.exists():
        pytest.fail("the PDF is not built: run `make pdf` (or `make test`, which builds it) first")
    return PDF


def internal_strings(text: str) -> list[str]:
    flat = " ".join(text.split())
    return [f"{what}: {m.group()!r}" for pattern, what in INTERNAL for m in re.finditer(pattern, flat)]


def test_the_pdf_has_at_most_60_pages(pdf):
    pages = int(re.search(r"^Pages:\s+(\d+)", run("pdfinfo", str(pdf)), re.M).group(1))
    assert pages <= MAX_PAGES, f"{pages} pages (at most {MAX_PAGES})"


def test_nothing_internal_is_printed(pdf):
    found = internal_strings(run("pdftotext", "-enc", "UTF-8", str(pdf), "-"))
    assert not found, "\n".join(found[:20])


def test_the_internal_string_scan_finds_what_it_looks_for():
    planted = ("see book/_text/positions.md:37 and data/accepted-findings.yaml; run briefing extract; "
               "claim-check review (model); the briefing package; sha256 1516b2")
    found = " ".join(internal_strings(planted))
    for needle in ("book/_text/positions.md", "accepted-findings.yaml", "briefing extract", "(model)",
                   "the briefing package", "sha256"):
        assert needle in found, needle
    assert not internal_strings("Erem News reported on 17 August 2025 that 2,500 troops (about) remain. See n. 12.")


def test_the_document_language_is_english(pdf):
    assert run("mutool", "show", str(pdf), "trailer/Root/Lang").strip() == "(en)"


def _xmp(pdf: Path) -> ET.Element:
    packet = run("pdfinfo", "-meta", str(pdf))
    assert packet.strip(), "the PDF has no XMP metadata"
    return ET.fromstring(packet[packet.index("<x:xmpmeta"):packet.index("</x:xmpmeta>") + len("</x:xmpmeta>")])


def test_the_xmp_dates_say_what_they_are(pdf):
    root = _xmp(pdf)
    ns = {"b": pdfmeta.NS_BRIEFING, "dc": "http://purl.org/dc/elements/1.1/",
          "prism": "http://prismstandard.org/namespaces/basic/2.0/"}
    corpus = Corpus.load(ROOT)
    assert root.findtext(".//b:evidenceHorizon", namespaces=ns) == corpus.as_of.isoformat()
    assert f"Evidence to {corpus.as_of:%B %Y}" in root.findtext(".//dc:coverage", namespaces=ns)
    edition = load_edition(ROOT).edition_date
    assert root.findtext(".//b:editionDate", namespaces=ns) == edition.isoformat()
    assert root.findtext(".//prism:publicationDate", namespaces=ns) == edition.isoformat()
    title = root.findtext(".//dc:title/*/*", namespaces={**ns, "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"})
    assert title == yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["title"]


def test_the_xmp_packet_escapes_its_text():
    import datetime as dt

    packet = pdfmeta.xmp_packet("A <b>&</b> title", "x", "y", dt.date(2025, 9, 30), dt.date(2026, 12, 6))
    root = ET.fromstring(packet[packet.index("<x:xmpmeta"):packet.index("</x:xmpmeta>") + len("</x:xmpmeta>")])
    assert "A <b>&</b> title" in "".join(root.itertext())


def test_front_matter_is_numbered_in_roman_and_the_title_page_is_not_1(pdf):
    labels = run("mutool", "show", str(pdf), "trailer/Root/PageLabels")
    # /Nums [0 <</S/r>> k <</S/D>>]: roman from the title page, arabic from the first body page
    starts = re.findall(r"(\d+)\s*<<([^>]*)>>", labels)
    assert starts and starts[0][0] == "0" and "/S/r" in starts[0][1].replace(" ", ""), labels
    assert any("/S/D" in style.replace(" ", "") and int(at) > 0 for at, style in starts), labels


def test_no_two_pages_share_a_label(pdf):
    """A page label names one page: "go to page i" in a viewer, or a reference to it, cannot land on two
    (report's titlepage resets the page counter, which labelled the title page and the contents both "i")."""
    import pymupdf

    with pymupdf.open(pdf) as doc:
        labels = [page.get_label() for page in doc]
    repeated = sorted({label for label in labels if labels.count(label) > 1})
    assert all(labels) and not repeated, f"labels used by more than one page: {repeated} in {labels[:6]}…"


# ---- the sources appendix, right to left -----------------------------------------------------------------

def _right_edge() -> float:
    log = LOG.read_text(encoding="utf-8", errors="replace")

    def dim(name: str) -> float:
        return float(re.search(rf"^\* \\{name}=(-?[\d.]+)pt", log, re.M).group(1))

    return (72.27 + dim("hoffset") + dim("oddsidemargin") + dim("textwidth")) * 72 / 72.27


def _lines(page_html: str) -> list[list[dict]]:
    words = _words(page_html)
    lines: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (w["bottom"], w["x0"])):
        if lines and abs(w["bottom"] - lines[-1][0]["bottom"]) < 3:
            lines[-1].append(w)
        else:
            lines.append([w])
    return lines


ARABIC = re.compile("[\u0600-\u06ff]")


def _bibliography_heading(page_html: str) -> float | None:
    """The top of the "Bibliography" heading on this page (a word set larger than the text), if it is here."""
    for line in _lines(page_html):
        if len(line) == 1 and line[0]["text"] == "Bibliography" and line[0]["bottom"] - line[0]["top"] > 12:
            return line[0]["top"]
    return None


def _words(page_html: str) -> list[dict]:
    return [{"text": m.group(5), "x0": float(m.group(1)), "top": float(m.group(2)), "x1": float(m.group(3)),
             "bottom": float(m.group(4))}
            for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                                 page_html)]


def _right_column(page_html: str, edge: float) -> str:
    """The page's words right of the translation column, as a page of word boxes (so lines are grouped
    within the column: a raised mark is never taken into the English line beside it)."""
    keep = [w for w in _words(page_html) if w["x0"] > edge - 0.42 * 453]
    return "".join(f'<word xMin="{w["x0"]}" yMin="{w["top"]}" xMax="{w["x1"]}" yMax="{w["bottom"]}">{w["text"]}</word>'
                   for w in keep)


def _source_fields(page_html: str) -> list[dict]:
    """The field names of a source's metadata block (their lines hold an Arabic outlet or title run)."""
    return [w for w in _words(page_html) if w["text"] in ("Outlet", "Title", "Published") and w["x0"] < 100]


def test_every_line_of_an_appendix_passage_ends_at_the_right_margin(pdf):
    """Each cited passage's Arabic (the right-hand column of the appendix) is set right to left: every line,
    the last included, ends at the right margin, and the ¶ label is the rightmost word of the first line.
    The right-hand column is every word right of the translation's column (Arabic, digits, brackets), from
    the first appendix page to the bibliography's heading."""
    html = run("pdftotext", "-bbox", str(pdf), "-")
    pages = html.split("<page ")[1:]
    start = min(n for n, page in enumerate(pages)  # the first source's metadata block: its field names in the margin
                if {"Outlet", "Reliability"} <= {w["text"] for w in _words(page) if w["x0"] < 100})
    edge = _right_edge()
    checked, labels, off = 0, 0, []
    for n, page in enumerate(pages[start:], start=start + 1):
        stop = _bibliography_heading(page)
        column = _right_column(page, edge)
        for right in _lines(column):
            if stop is not None and right[0]["top"] >= stop - 1:
                break
            if not any(ARABIC.search(w["text"]) for w in right):
                continue
            if any(abs(w["bottom"] - right[0]["bottom"]) < 3 for w in _source_fields(page)):
                continue
            end = max(w["x1"] for w in right)
            checked += 1
            if abs(end - edge) > 1.5:
                off.append(f"page {n}: line ends at {end:.1f}, margin at {edge:.1f}: {' '.join(w['text'] for w in right)[:60]}")
            pilcrows = [w for w in right if re.fullmatch(r"¶\d+", w["text"])]
            if pilcrows:
                labels += 1
                assert max(right, key=lambda w: w["x1"]) is pilcrows[0], f"page {n}: ¶ label not at the line's start"
        if stop is not None:
            break
    # as many ¶ labels as the appendix prints passages from a numbered paragraph, and at least a line each
    tex = pdf.with_suffix(".tex").read_text(encoding="utf-8")
    printed = tex.count("}{¶")
    assert printed and labels == printed and checked >= printed, (checked, labels, printed)
    assert not off, "\n".join(off[:10])


# ---- a source's metadata block, whole ------------------------------------------------------------------

FIELDS = ("Outlet", "Title", "Published", "Reliability")


def broken_source_blocks(pages: list[list[dict]]) -> list[str]:
    """Pages where a source's metadata block (its field names in the margin) is not whole, or is not followed
    on the same page by its first passage (a ¶ label or the note that none is cited)."""
    out = []
    for n, words in enumerate(pages, start=1):
        fields = sorted((w for w in words if w["text"] in FIELDS and w["x0"] < 100), key=lambda w: w["top"])
        names = [w["text"] for w in fields]
        if not names:
            continue
        if names != list(FIELDS) * (len(names) // len(FIELDS)) or len(names) % len(FIELDS):
            out.append(f"page {n}: a source's fields split across pages: {names}")
            continue
        last = fields[-1]["top"]
        if not any(w["top"] > last and (re.fullmatch(r"¶\d+|title", w["text"]) or w["text"] == "passage")
                   for w in words if w["x0"] > 100):
            out.append(f"page {n}: the last source's fields end the page, its first passage on the next")
    return out


def test_a_sources_metadata_block_is_whole_and_with_its_first_passage(pdf):
    """Outlet, title, date and reliability of a source are on one page with its first cited passage: a page
    ended on "Published" with the reliability alone at the top of the next (Al-Jibal, 7 December)."""
    html = run("pdftotext", "-bbox", str(pdf), "-")
    pages = [_words(page) for page in html.split("<page ")[1:]]
    assert sum(w["text"] == "Reliability" and w["x0"] < 100 for page in pages for w in page) == len(Corpus.load(ROOT))
    assert not broken_source_blocks(pages)


def test_the_block_check_finds_a_split_block():
    def word(text, x0, top):
        return {"text": text, "x0": x0, "top": top, "x1": x0 + 20, "bottom": top + 8}

    whole = [word("Outlet", 60, 100), word("Title", 60, 120), word("Published", 60, 160), word("Reliability", 60, 180),
             word("¶1", 520, 300)]
    assert broken_source_blocks([whole]) == []
    split = [whole[:3], [whole[3], whole[4]]]
    assert broken_source_blocks(split) == ["page 1: a source's fields split across pages: ['Outlet', 'Title', 'Published']",
                                           "page 2: a source's fields split across pages: ['Reliability']"]
    assert broken_source_blocks([whole[:4]]) == [
        "page 1: the last source's fields end the page, its first passage on the next"]
