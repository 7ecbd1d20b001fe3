"""A grown corpus keeps the PDF right (issue 23): in a copy of the project, an author adds through the
command line a source whose Arabic title is 250 characters long and whose Arabic outlet name is long too,
then builds the PDF. The title must wrap inside its bibliography entry with its words in order across the
lines, nothing of the English part among them; the appendix must carry the new source's section.
Builds a whole PDF in a temporary copy (several minutes): the copy and its build are shared with
tests/test_add_sources_end_to_end.py (``grown_corpus`` in conftest.py, steps in grown_corpus.py)."""

from __future__ import annotations

import subprocess

from briefing import Corpus
from grown_corpus import TITLE


def test_a_250_character_arabic_title_wraps_in_order_in_the_pdf(grown_corpus):
    project, steps = grown_corpus.root, grown_corpus.steps
    assert len(TITLE) >= 250
    added = steps["add long title"]
    assert added.returncode == 0, added.stderr
    assert grown_corpus.title_ar_after_add == TITLE
    built = steps["build"]
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    pdf = project / "_build" / "latex" / "briefing.pdf"

    from test_pdf_layout import _bibliography_pages, arabic_title_problems

    pages = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    bib = _bibliography_pages([p for p in pages if p.strip()]).start
    titles = {s.id: s.title_ar for s in Corpus.load(project)}
    problems = arabic_title_problems(pdf, bib, len(pages), titles)
    assert not problems, problems
    # the long title takes more than one line, each line inside the text block
    assert "Independent Iraqi Network" in " ".join(pages[bib - 1:])
