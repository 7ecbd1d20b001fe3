"""The authoring loop end to end, as a new author runs it: in a copy of the project, add two sources and
a cited sentence through the command line, then check, regenerate the notebook and build the HTML book.
Nothing here may assume that the corpus has five sources.

The copy and its build are shared with tests/test_pdf_long_titles.py (``grown_corpus`` in conftest.py,
steps in grown_corpus.py), which adds a source of its own first: the book is built once for both."""

from __future__ import annotations

import re


def test_two_sources_and_a_cited_sentence_build(grown_corpus):
    project, steps = grown_corpus.root, grown_corpus.steps
    before = grown_corpus.sources_before_authoring
    assert steps["add first"].returncode == 0, steps["add first"].stderr
    assert steps["add second"].returncode == 0, steps["add second"].stderr
    assert steps["cite"].returncode == 0, steps["cite"].stderr

    checked = steps["check stale"]  # the edited text form: its notebook is stale, and check says how to fix it
    lines = checked.stderr.strip().splitlines()
    assert checked.returncode == 1 and len(lines) == 1, checked.stderr
    assert re.fullmatch(r"error: book/overview\.ipynb: is out of date with book/_text/overview\.md \(cell \d+ differs\) — "
                        r"run \.venv/bin/python scripts/notebooks\.py overview \(`briefing build` does it for you\)",
                        lines[0]), lines[0]

    regenerated = steps["regenerate"]
    assert regenerated.returncode == 0, regenerated.stderr[-3000:]
    checked = steps["check"]
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"{before + 2} sources" in checked.stdout
    built = steps["build"]
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]

    html = project / "_build" / "html" / "book"
    for sid in ("ina-2025-10-05", "unattributed-2025-q4"):
        assert (html / "sources" / f"{sid}.html").exists()
    overview = (html / "overview.html").read_text(encoding="utf-8")
    assert 'href="sources/ina-2025-10-05.html#ev-ina-handover-new-sites"' in overview
    assert f"The {before + 2} sources of this edition" in overview
    appendix = (html / "sources" / "ina-2025-10-05.html").read_text(encoding="utf-8")
    assert 'id="ev-ina-handover-new-sites"' in appendix and "5 October 2025" in appendix
