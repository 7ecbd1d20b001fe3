"""The PDF's notes (issue 11): one-line footnotes, and each chapter's "Evidence cited in this chapter" list.

Checks the built ``_build/latex/briefing.tex`` and ``briefing.pdf`` (`make pdf` first). A footnote is
``\\footnote{\\label{bf-fn-C-N}outlet, date, ¶: “first words” — see EC.N}``; the list entry is
``\\bfevidenceitem{bf-ev-C-N}{EC.N}{label}{links}{Arabic quote}{translation}``.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from briefing import Corpus, Registry
from briefing.sphinx.latex import escape
from briefing.sphinx.notes import first_words

ROOT = Path(__file__).resolve().parents[1]
LATEX = ROOT / "_build" / "latex"

#: the longest footnote a reader sees, in characters (one line at footnote size is about 100)
MAX_NOTE_CHARS = 100


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


def visible(latex: str) -> str:
    """Roughly the text a reader sees of a LaTeX fragment: labels dropped, commands and braces removed."""
    latex = re.sub(r"\\(?:label|ref|pageref\*?)\{[^}]*\}", "", latex)
    latex = re.sub(r"\\hyperref\[[^]]*\]", "", latex)
    latex = re.sub(r"\\[a-zA-Z@]+\*?", "", latex)
    return " ".join(latex.replace("{", "").replace("}", "").replace("~", " ").split())


def footnote_share(tex: str) -> float:
    """Characters a reader sees inside footnotes, as a share of those in the document body."""
    body = tex[tex.index("\\begin{document}"):]
    notes = sum(len(visible(args[0])) for _, args in commands(body, "footnote", 1))
    return notes / max(1, len(visible(body)))


@pytest.fixture(scope="module")
def tex() -> str:
    path = LATEX / "briefing.tex"
    if not path.exists():
        pytest.fail("the PDF is not built: run `make pdf` (or `make test`, which builds it) first")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pdf_text() -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(LATEX / "briefing.pdf"), "-"],
                         capture_output=True, text=True, check=True)
    return out.stdout


def chapters(tex: str) -> list[tuple[int, int]]:
    """(start, end) of each part of the body: the introduction (0) before the first \\chapter, then each chapter."""
    body = tex.index("\\begin{document}")
    starts = [body] + [m.start() for m in re.finditer(r"\\chapter\{", tex)]
    return list(zip(starts, starts[1:] + [len(tex)]))


def test_footnotes_are_one_short_line(tex):
    notes = commands(tex, "footnote", 1)
    assert len(notes) > 100
    lengths = sorted((len(visible(args[0])), visible(args[0])) for _, args in notes)
    assert lengths[-1][0] <= MAX_NOTE_CHARS, lengths[-3:]
    for _, args in notes:
        assert re.fullmatch(r"\\label\{bf-fn-\d+-\d+\}.+: “\\foreignlanguage\{arabic\}\{[^{}]+\}” —~see~"
                            r"\\hyperref\[bf-ev-\d+-\d+\]\{E\d+\.\d+\}", args[0]), args[0]


def test_each_chapter_lists_each_cited_passage_once_and_its_notes_point_there(tex):
    items = commands(tex, "bfevidenceitem", 6)
    notes = commands(tex, "footnote", 1)
    again = [(m.start(), m.group(1)) for m in re.finditer(r"\\textsuperscript\{\\ref\{(bf-fn-\d+-\d+)\}\}", tex)]
    sections = [m.start() for m in re.finditer(r"\\bfevidencesection\{", tex)]
    with_notes = 0
    for ch, (start, end) in enumerate(chapters(tex)):
        mine = [(p, a) for p, a in items if start <= p < end]
        fns = [(p, a) for p, a in notes if start <= p < end]
        if not fns:
            assert not mine, f"chapter {ch} lists evidence it never cites"
            continue
        with_notes += 1
        assert sum(start <= p < end for p in sections) == 1, f"chapter {ch}: one evidence section"
        # one entry per passage, numbered 1..n in order of first citation, after the chapter's last note
        numbers = [a[1] for _, a in mine]
        assert numbers == [f"E{ch}.{n}" for n in range(1, len(mine) + 1)], numbers
        assert len({a[4] for _, a in mine}) == len(mine), f"chapter {ch}: a passage is listed twice"
        assert min(p for p, _ in mine) > max(p for p, _ in fns), f"chapter {ch}: the list must follow the text"
        # each passage gets one footnote in the chapter, linked to its entry; repeats reuse its number
        labels = [re.match(r"\\label\{(bf-fn-\d+-\d+)\}", a[0]).group(1) for _, a in fns]
        assert labels == [f"bf-fn-{ch}-{n}" for n in range(1, len(mine) + 1)]
        for (_, fn), (_, item) in zip(fns, mine):
            assert fn[0].endswith(r"\hyperref[" + item[0] + "]{" + item[1] + "}")
            assert r"\ref{" + re.match(r"\\label\{([^}]+)\}", fn[0]).group(1) + "}" in item[3]  # entry -> note
        for pos, label in again:
            if start <= pos < end:
                assert label in labels, f"chapter {ch}: {label} refers to another chapter's note"
    assert with_notes >= 5, "every briefing chapter cites evidence"


def test_every_note_refers_to_an_entry_printed_in_the_pdf(pdf_text):
    flat = " ".join(pdf_text.split())
    cited = set(re.findall(r"see (E\d+\.\d+)", flat))
    heads = set(re.findall(r"(?:^|\s)(E\d+\.\d+) [A-Z]", flat))
    assert len(cited) > 150  # the shorter chapters of issue 18 cite 170-odd passages on paper
    assert cited <= heads, sorted(cited - heads)[:10]
    assert flat.count("Evidence cited in this chapter") >= 5


def test_no_internal_ids_in_the_pdf(pdf_text):
    flat = " ".join(pdf_text.split())
    ids = [ev.id for ev in Registry.load(Corpus.load(ROOT))]
    assert not [i for i in ids if i in flat]
    assert "bf-fn-" not in flat and "bf-ev-" not in flat and "bf-src-" not in flat


def test_arabic_with_parentheses_is_set_inside_an_arabic_run(tex):
    """Brackets in a quote are mirrored only when babel sets them as Arabic: a footnote's first words and an
    entry's quote (fifth argument, set by \\bfrtlpar) are inside \\foreignlanguage{arabic}, brackets too."""
    registry = Registry.load(Corpus.load(ROOT))
    with_brackets = [registry.match(ev.id).exact for ev in registry if "(" in registry.match(ev.id).exact]
    assert with_brackets, "the corpus has quotes with parentheses"
    entries = {a[4] for _, a in commands(tex, "bfevidenceitem", 6)}
    assert all(escape(q) in entries for q in with_brackets)
    in_notes = [re.search(r"“\\foreignlanguage\{arabic\}\{([^{}]+)\}”", a[0]).group(1)
                for _, a in commands(tex, "footnote", 1)]
    assert any("(" in run and ")" in run for run in in_notes), "no note's first words have brackets"
    outside = [a[0] for _, a in commands(tex, "footnote", 1) if "(" in re.sub(r"\\foreignlanguage\{arabic\}\{[^{}]+\}", "",
                                                                     a[0].split(": “", 1)[1])]
    assert not outside, outside[:3]
    assert "\\newcommand{\\bfrtlpar}[1]{{\\pardir TRT\\textdir TRT\\noindent\\foreignlanguage{arabic}{#1}\\par}}" \
        in (ROOT / "src" / "briefing" / "static" / "latex" / "briefing-notes.sty").read_text(encoding="utf-8")


def test_first_words_are_whole_words_with_balanced_brackets():
    assert first_words("واحد اثنان", 30) == "واحد اثنان"
    assert first_words("تنشر الولايات المتحدة (2500) عسكري في العراق", 24) == "تنشر الولايات المتحدة…"
    assert first_words("قيادة تكتل (الإطار التنسيقي) المقرّب", 18) == "قيادة تكتل…"
    assert first_words("كلمة، ثانية ثالثة رابعة", 6) == "كلمة…"


def test_footnotes_take_a_small_share_of_the_text(tex):
    """Before issue 11 each note carried the full quote and translation: 22.5% of the body text (118 notes);
    one-line notes: 9.2% (309 notes, the evidence lists now in the body)."""
    assert footnote_share(tex) < 0.15


def test_a_note_mark_sits_on_the_word_it_follows():
    """The space typed before a citation goes, and only that one: another soft line break or space in the
    paragraph (docutils Text nodes compare equal by value) stays; after a label ("Cited:") it stays too."""
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
