"""The PDF's notes (issue 19): one footnote per citation, on the page of its call, numbered in order per
chapter and never reused; each gives outlet, date, ¶ and the first words of the passage, linked to the
passage in the sources appendix, which carries each cited passage once and links back to its notes.

Checks the built ``_build/latex/briefing.tex`` and ``briefing.pdf`` (`make pdf` first). A note is
``\\bfnote{bf-n-K}{\\bfpassage{bf-src-…}{outlet, date, ¶}{\\foreignlanguage{arabic}{first words}}; …}``
(``\\bftablenote`` in a table cell); an appendix entry is
``\\bfsourcepassage{bf-src-…}{¶}{Arabic}{translation}{\\bfnoteref{bf-n-K}, …}``. Pages are read as word boxes
(``pdftotext -bbox``): a note call is a number set smaller and higher than its line (or "n. 12" in a
table), a note is a line at the foot of the page that opens with "12.".
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from briefing import Corpus, Registry
from briefing.sphinx.notes import first_words, short_date

ROOT = Path(__file__).resolve().parents[1]
LATEX = ROOT / "_build" / "latex"
PDF = LATEX / "briefing.pdf"


def group(text: str, start: int) -> tuple[str, int]:
    """The brace group opening at ``text[start] == '{'``: its content and the index after it."""
    depth, i = 0, start
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        depth += ch == "{"
        depth -= ch == "}"
        i += 1
        if depth == 0:
            return text[start + 1:i - 1], i
    raise ValueError(f"unbalanced group at {start}")


def commands(tex: str, name: str, nargs: int) -> list[tuple[int, list[str]]]:
    """Every ``\\name{..}{..}`` with ``nargs`` brace arguments: (position, arguments)."""
    found = []
    for m in re.finditer(re.escape("\\" + name) + r"(?=\{)", tex):
        args, i = [], m.end()
        for _ in range(nargs):
            arg, i = group(tex, i)
            args.append(arg)
        found.append((m.start(), args))
    return found


@pytest.fixture(scope="module")
def tex() -> str:
    path = LATEX / "briefing.tex"
    if not path.exists():
        pytest.fail("the PDF is not built: run `make pdf` (or `make test`, which builds it) first")
    body = path.read_text(encoding="utf-8")
    return body[body.index("\\begin{document}"):]


def notes_in(tex: str) -> list[tuple[int, str, str]]:
    """Every note in document order: (position, label, passages)."""
    found = [(p, a[0], a[1]) for name in ("bfnote", "bftablenote") for p, a in commands(tex, name, 2)]
    return sorted(found)


# ---- the LaTeX: one note per citation, linked both ways ------------------------------------------------

def test_each_citation_is_one_note_with_a_new_number(tex):
    notes = notes_in(tex)
    assert notes, "the book cites evidence"
    labels = [label for _, label, _ in notes]
    assert labels == [f"bf-n-{k}" for k in range(1, len(notes) + 1)], "notes are labelled 1..N in reading order"
    assert "\\ref{bf-n-" not in tex.split("\\begin{bfpassages}")[0], "a citation refers back to an earlier note"
    assert "textsuperscript{," not in tex, "no clusters of note calls"


def test_each_note_gives_outlet_date_paragraph_and_first_words_linked_to_the_appendix(tex):
    anchors = {a[0] for _, a in commands(tex, "bfsourcepassage", 5)}
    corpus = Corpus.load(ROOT)
    outlets = {s.outlet_en for s in corpus}
    for _, label, body in notes_in(tex):
        passages = commands(body, "bfpassage", 3)
        assert passages, (label, body)
        for _, (target, where, arabic) in passages:
            assert target in anchors, f"{label} links to {target!r}, which is not a passage in the appendix"
            outlet, date, para = where.rsplit(", ", 2) if where.count(", ") >= 2 else (where, "", "")
            assert outlet.split(", ")[0] in outlets or any(where.startswith(o + ",") for o in outlets), where
            assert re.search(r"\d{4}", date) and re.fullmatch(r"¶\d+|title", para), where
            assert re.fullmatch(r"\\foreignlanguage\{arabic\}\{[^{}]+\}", arabic), arabic


def test_the_appendix_gives_each_cited_passage_once_and_links_back_to_every_note_citing_it(tex):
    entries = commands(tex, "bfsourcepassage", 5)
    anchors = [a[0] for _, a in entries]
    assert len(anchors) == len(set(anchors)), "a passage is printed twice in the appendix"
    cited: dict[str, list[str]] = {}
    for _, label, body in notes_in(tex):
        for _, (target, _, _) in commands(body, "bfpassage", 3):
            cited.setdefault(target, []).append(label)
    assert set(anchors) == set(cited), "the appendix prints exactly the passages the notes cite"
    for _, (anchor, where, arabic, english, back) in entries:
        assert re.fullmatch(r"¶\d+|title", where) and arabic and english
        assert re.findall(r"\\bfnoteref\{(bf-n-\d+)\}", back) == cited[anchor], anchor
    assert "Evidence cited in" not in tex and "bfevidence" not in tex, "no per-chapter evidence lists"


def test_notes_in_tables_are_readable_calls(tex):
    """A table cell's call is "n. 12" at the cell's size (briefing-notes.sty), never a cluster of superscripts."""
    assert commands(tex, "bftablenote", 2), "the book's tables cite evidence"
    sty = (ROOT / "src" / "briefing" / "static" / "latex" / "briefing-notes.sty").read_text(encoding="utf-8")
    assert r"\def\bf@inlinefnmark{\ \hbox{\upshape\mdseries n.\,\@thefnmark}}" in sty


# ---- the PDF: word boxes --------------------------------------------------------------------------------

def _words(first: int = 1, last: int | None = None) -> dict[int, list[dict]]:
    """page -> its words: text, x0, x1, top, bottom (pt from the top of the page)."""
    args = ["pdftotext", "-bbox", "-f", str(first)] + (["-l", str(last)] if last else []) + [str(PDF), "-"]
    html = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    out = {}
    for n, page in enumerate(html.split("<page ")[1:], start=first):
        out[n] = [{"text": m.group(5), "x0": float(m.group(1)), "top": float(m.group(2)), "x1": float(m.group(3)),
                   "bottom": float(m.group(4))}
                  for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                                       page)]
    return out


def _after_page_number(word: dict, words: list[dict]) -> bool:
    """True for the "n." of an appendix back-link, "p. 12 n. 4": a page number stands just before it."""
    def just_before(a: dict, b: dict) -> bool:
        return 0 < b["x0"] - a["x1"] < 6 and abs(a["bottom"] - b["bottom"]) < 1

    return any(re.fullmatch(r"\d{1,3}", v["text"]) and just_before(v, word)
               and any(u["text"] == "p." and just_before(u, v) for u in words) for v in words)


def calls_and_notes(words: list[dict]) -> tuple[list[int], list[int]]:
    """A page's note calls (in reading order) and its notes' numbers (top to bottom).

    A note is a word "12." at the foot of the page, the first of its line, set at the notes' size. A call is
    a number set smaller than the text of its line and raised above it, or a number after "n." (a table)."""
    lines: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (round(w["bottom"]), w["x0"])):
        if lines and abs(w["bottom"] - lines[-1][0]["bottom"]) < 4.5:
            lines[-1].append(w)
        else:
            lines.append([w])
    notes, calls = [], []
    heights = sorted(w["bottom"] - w["top"] for w in words if w["text"].isalpha())
    body = heights[len(heights) // 2] if heights else 11.0
    note_top = None
    for line in lines:
        first = min(line, key=lambda w: w["x0"])
        if re.fullmatch(r"\d{1,3}\.", first["text"]) and first["bottom"] - first["top"] < body - 0.8 \
                and (note_top is None or first["top"] >= note_top):
            notes.append(int(first["text"][:-1]))
            note_top = note_top if note_top is not None else first["top"]
    for w in sorted(words, key=lambda w: (round(w["bottom"]), w["x0"])):
        # a call may carry the punctuation that follows it ("n. 32;"): poppler keeps it in the same word
        number = re.fullmatch(r"(\d{1,3})[;,.:)]?", w["text"])
        if not number or (note_top is not None and w["top"] >= note_top - 1):
            continue
        height = w["bottom"] - w["top"]
        # a superscript sits on the word before it (no space), smaller and higher than that word
        raised = any(abs(v["x1"] - w["x0"]) < 1.5 and v["bottom"] - w["bottom"] > 1.5 and v["top"] - w["top"] > 0.8
                     and w["bottom"] > v["top"] + 2 and (v["bottom"] - v["top"]) - height > 1 for v in words)
        after_n = any(v["text"] == "n." and 0 < w["x0"] - v["x1"] < 6 and abs(v["bottom"] - w["bottom"]) < 1
                      and not _after_page_number(v, words) for v in words)
        if raised or after_n:
            calls.append(int(number.group(1)))
    return calls, notes


@pytest.fixture(scope="module")
def pages() -> dict[int, list[dict]]:
    if not PDF.exists():
        pytest.fail("the PDF is not built: run `make pdf` (or `make test`, which builds it) first")
    return _words()


def test_every_note_call_has_its_note_on_the_same_page_numbered_in_order(pages, tex):
    seen_notes = 0
    previous = 0
    for n, words in pages.items():
        calls, notes = calls_and_notes(words)
        if not notes and not calls:
            continue
        assert sorted(set(calls)) == sorted(set(notes)) == sorted(calls), (
            f"page {n}: calls {calls} but notes {notes} at its foot")
        assert notes == list(range(notes[0], notes[0] + len(notes))), f"page {n}: notes {notes} not consecutive"
        assert notes[0] == previous + 1 or notes[0] == 1, f"page {n}: notes start at {notes[0]} after {previous}"
        previous = notes[-1]
        seen_notes += len(notes)
    assert seen_notes == len(notes_in(tex)), f"{seen_notes} notes found on the pages, {len(notes_in(tex))} in the book"


def test_a_note_with_arabic_has_the_leading_of_one_without(pages):
    """Consecutive note lines sit the same distance apart whether or not they hold Arabic (the Arabic of a
    note is a box of the strut's height, briefing-notes.sty)."""
    pitches = []
    for words in pages.values():
        _, notes = calls_and_notes(words)
        if len(notes) < 2:
            continue
        starts = sorted(w["bottom"] for w in words if re.fullmatch(r"\d{1,3}\.", w["text"])
                        and int(w["text"][:-1]) in notes)
        pitches += [round(b - a, 1) for a, b in zip(starts, starts[1:]) if b - a < 14]
    assert len(pitches) >= 20, f"only {len(pitches)} pairs of consecutive notes to measure"
    assert max(pitches) - min(pitches) <= 0.6, f"note lines from {min(pitches)} to {max(pitches)} pt apart"


# ---- the helpers ----------------------------------------------------------------------------------------

def test_first_words_are_whole_words_with_balanced_brackets():
    assert first_words("واحد اثنان", 30) == "واحد اثنان"
    assert first_words("تنشر الولايات المتحدة (2500) عسكري في العراق", 24) == "تنشر الولايات المتحدة…"
    assert first_words("قيادة تكتل (الإطار التنسيقي) المقرّب", 18) == "قيادة تكتل…"
    assert first_words("كلمة، ثانية ثالثة رابعة", 6) == "كلمة…"


def test_dates_in_notes_abbreviate_months_only():
    assert short_date("31 January 2024") == "31 Jan. 2024"
    assert short_date("1–30 September 2025 (inferred)") == "1–30 Sept. 2025 (inferred)"
    assert short_date("July–September 2024 (inferred)") == "July–Sept. 2024 (inferred)"
    assert short_date("May 2025") == "May 2025"


def test_a_note_mark_sits_on_the_word_it_follows():
    """The space typed before a citation goes, and only that one; after a label ("Cited:") it stays."""
    from docutils import nodes

    from briefing.sphinx.markup import ev_node
    from briefing.sphinx.notes import _no_space_before

    para = nodes.paragraph("", "", nodes.Text("the defence"), nodes.Text("\n"), nodes.Text("committee"),
                           nodes.Text("\n"))
    mark = ev_node()
    para += mark
    _no_space_before(mark)
    assert [t.astext() for t in para.children[:4]] == ["the defence", "\n", "committee", ""]
    label = nodes.paragraph("", "", nodes.strong("", "Cited:"), nodes.Text(" "))
    mark = ev_node()
    label += mark
    _no_space_before(mark)
    assert label.children[1].astext() == " "


def test_citations_side_by_side_make_one_note():
    from docutils import nodes

    from briefing.sphinx.markup import ev_node
    from briefing.sphinx.notes import _groups

    doc = nodes.document(None, None)
    a, b, c = ev_node(evidence="a"), ev_node(evidence="b"), ev_node(evidence="c")
    doc += nodes.paragraph("", "", nodes.Text("one"), a, b, nodes.Text(" two"), c)
    assert [[n["evidence"] for n in g] for g in _groups(doc)] == [["a", "b"], ["c"]]


def test_no_internal_ids_in_the_notes(tex):
    ids = [ev.id for ev in Registry.load(Corpus.load(ROOT))]
    visible = re.sub(r"\\(?:label|bfnote|bftablenote|bfpassage|bfnoteref|bfsourcepassage|hyperref)(\[[^]]*\])?\{[^}]*\}",
                     "", tex)
    assert not [i for i in ids if i in visible]
