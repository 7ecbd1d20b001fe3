"""The {horizon} and {asof} roles and the edition line, rendered by Sphinx in HTML and LaTeX against the edition
date of the build (a small project built with the book's extension; the whole book is built in
tests/test_edition_build.py)."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import project_without_citations, run_python

PAGE = """\
# Dates

Phase two is due by {horizon}`2026-09-30`; the check falls on {horizon}`2027-03-31`.
Say {asof}`now` deliberately.
"""
PASSED = "(horizon passed; this corpus holds no outcome)"


def _build(root: Path, builder: str, edition: str, page: str = PAGE) -> subprocess.CompletedProcess:
    (root / "data" / "edition.yaml").write_text("edition_date: 2026-12-06\n", encoding="utf-8")
    book = root / "book"
    (book / "conf.py").write_text('extensions = ["myst_parser", "briefing.sphinx"]\nroot_doc = "index"\n',
                                  encoding="utf-8")
    (book / "index.md").write_text(page, encoding="utf-8")
    out = root / f"out-{builder}-{edition}"
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, BRIEFING_ROOT=str(root), BRIEFING_EDITION_DATE=edition)
    return run_python(["-m", "sphinx", "-q", "-E", "-b", builder, str(book), str(out)], env, root)


def _html(root: Path, edition: str) -> str:
    proc = _build(root, "html", edition)
    assert proc.returncode == 0, proc.stderr
    return (root / f"out-html-{edition}" / "index.html").read_text(encoding="utf-8")


def _tex(root: Path, edition: str) -> str:
    proc = _build(root, "latex", edition)
    assert proc.returncode == 0, proc.stderr
    return next((root / f"out-latex-{edition}").glob("*.tex")).read_text(encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return project_without_citations(tmp_path)


def test_html_before_and_after_a_horizon(project: Path) -> None:
    before = _html(project, "2026-06-01")
    assert ('<span class="bf-horizon" data-horizon="2026-09-30">30 September 2026</span>' in before)
    assert PASSED not in before
    after = _html(project, "2026-12-06")
    assert ('<span class="bf-horizon bf-horizon-is-passed" data-horizon="2026-09-30">30 September 2026'
            f'<span class="bf-horizon-note"> {PASSED}</span></span>') in after
    # a horizon still ahead of the edition stays open, with its date for the view-time script
    assert '<span class="bf-horizon" data-horizon="2027-03-31">31 March 2027</span>' in after
    assert '<span class="bf-asof">now</span>' in after
    assert 'src="_static/horizons.js' in after and "horizons.css" in after


def test_every_html_page_opens_with_the_edition_line(project: Path) -> None:
    page = _html(project, "2026-12-06")
    line = re.search(r'<p class="bf-edition" role="note" aria-label="Edition">(.*?)</p>', page)
    assert line, page[:2000]
    text = re.sub(r"<[^>]+>", "", line.group(1))
    assert text == "Evidence to September 2025 · Edition 6 December 2026"
    # it comes before the page's first heading
    assert page.index('class="bf-edition"') < page.index("<h1")


def test_latex_before_and_after_a_horizon(project: Path) -> None:
    before = _tex(project, "2026-06-01")
    assert "due by 30 September 2026;" in before and "horizon passed" not in before
    after = _tex(project, "2026-12-06")
    assert r"due by 30 September 2026 \emph{(horizon passed; this corpus holds no outcome)};" in after
    assert "falls on 31 March 2027." in after
    # the title page's date line names both dates
    assert r"\newcommand{\bfedition}{Evidence to September 2025 · Edition 6 December 2026}" in after
    assert r"\patchcmd{\sphinxmaketitle}{\bfasof}{\bfedition}" in after


def test_the_edition_role_prints_this_builds_edition_date(project: Path) -> None:
    """The index states the edition date in its text; it follows the build's edition, never a stale doctree."""
    page = "# Dates\n\nThis edition is dated {edition}`date`.\n"
    for edition, shown in (("2026-06-01", "1 June 2026"), ("2026-12-06", "6 December 2026")):
        assert _build(project, "html", edition, page=page).returncode == 0
        html = (project / f"out-html-{edition}" / "index.html").read_text(encoding="utf-8")
        assert f"This edition is dated {shown}." in html
        proc = _build(project, "latex", edition, page=page)
        assert proc.returncode == 0, proc.stderr
        tex = next((project / f"out-latex-{edition}").glob("*.tex")).read_text(encoding="utf-8")
        assert f"This edition is dated {shown}." in tex
    proc = _build(project, "html", "2026-12-06", page="# Dates\n\nDated {edition}`6 December 2026`.\n")
    assert "write {edition}`date`" in proc.stderr, proc.stderr


def test_a_plan_dated_to_the_month_is_judged_by_its_last_day(project: Path) -> None:
    """A plan due 'September 2026' is passed only after 30 September. A month that ended before the day the corpus
    surely reached (the latest of its sources' earliest possible dates) is 'passed by the newest source'; the
    month the newest source may still have been written in is not (derived from the project's sources)."""
    from briefing.corpus import Corpus
    from briefing.edition import BY_EVIDENCE_NOTE, PASSED_NOTE

    reached = Corpus.load(project).surely_reached
    before = reached.replace(day=1) - dt.timedelta(days=1)  # the last day of the month before
    note = {d: BY_EVIDENCE_NOTE if d < reached else PASSED_NOTE for d in (before, reached)}
    month = f"{reached:%Y-%m}"
    last = next(d for d in (reached + dt.timedelta(days=n) for n in range(31)) if (d + dt.timedelta(days=1)).day == 1)
    assert note[before] == BY_EVIDENCE_NOTE and last >= reached
    page = (f"# Dates\n\nPhase two by {{horizon}}`2026-09`; earlier by {{horizon}}`{before:%Y-%m}`; in the newest "
            f"source's month {{horizon}}`{month}`; after {{horizon}}`2027`.\n")
    proc = _build(project, "html", "2026-09-30", page=page)
    assert proc.returncode == 0, proc.stderr
    html = (project / "out-html-2026-09-30" / "index.html").read_text(encoding="utf-8")
    assert '<span class="bf-horizon" data-horizon="2026-09-30">September 2026</span>' in html
    assert (f'<span class="bf-horizon bf-horizon-is-passed" data-horizon="{before.isoformat()}">{before:%B %Y}'
            f'<span class="bf-horizon-note"> ({BY_EVIDENCE_NOTE})</span></span>') in html
    assert (f'<span class="bf-horizon bf-horizon-is-passed" data-horizon="{last.isoformat()}">{last:%B %Y}'
            f'<span class="bf-horizon-note"> ({PASSED_NOTE})</span></span>') in html
    assert '<span class="bf-horizon" data-horizon="2027-12-31">2027</span>' in html
    proc = _build(project, "latex", "2026-12-06", page=page)
    assert proc.returncode == 0, proc.stderr
    tex = next((project / "out-latex-2026-12-06").glob("*.tex")).read_text(encoding="utf-8")
    assert f"September 2026 \\emph{{({PASSED_NOTE})}}" in tex
    assert f"{before:%B %Y} \\emph{{({BY_EVIDENCE_NOTE})}}" in tex
    assert f"{last:%B %Y} \\emph{{({PASSED_NOTE})}}" in tex


def test_a_plans_deadline_says_no_completion_is_reported(project: Path) -> None:
    """{deadline} is a plan's scheduled step: once passed it says the corpus reports no completion (the sources
    may report the step begun), in HTML and LaTeX; open, it prints the date alone, as {horizon} does."""
    from briefing.edition import PLAN_PASSED_NOTE

    page = "# Dates\n\nPhase two by {deadline}`2026-09`; the review (due {deadline}`2026-10-31`).\n"
    assert PLAN_PASSED_NOTE == "deadline passed; this corpus reports no completion"
    proc = _build(project, "html", "2026-06-01", page=page)
    assert proc.returncode == 0, proc.stderr
    html = (project / "out-html-2026-06-01" / "index.html").read_text(encoding="utf-8")
    assert '<span class="bf-horizon" data-horizon="2026-09-30" data-scheduled>September 2026</span>' in html
    assert "deadline passed" not in html
    proc = _build(project, "html", "2026-12-06", page=page)
    assert proc.returncode == 0, proc.stderr
    html = (project / "out-html-2026-12-06" / "index.html").read_text(encoding="utf-8")
    assert ('<span class="bf-horizon bf-horizon-is-passed" data-horizon="2026-09-30" data-scheduled>September 2026'
            f'<span class="bf-horizon-note"> ({PLAN_PASSED_NOTE})</span></span>') in html
    assert f'31 October 2026<span class="bf-horizon-note"> [{PLAN_PASSED_NOTE}]</span>' in html
    proc = _build(project, "latex", "2026-12-06", page=page)
    assert proc.returncode == 0, proc.stderr
    tex = next((project / "out-latex-2026-12-06").glob("*.tex")).read_text(encoding="utf-8")
    assert f"September 2026 \\emph{{({PLAN_PASSED_NOTE})}}" in tex
    assert f"31 October 2026 \\emph{{[{PLAN_PASSED_NOTE}]}}" in tex


@pytest.mark.parametrize("role", ["{horizon}`September 2026`", "{horizon}`2026-13`", "{horizon}`2026-02-30`",
                                  "{horizon}`2024-01-25/2024-09-30`"])
def test_a_horizon_that_is_not_a_day_fails_the_build(project: Path, role: str) -> None:
    proc = _build(project, "html", "2026-12-06", page=f"# Dates\n\nDue by {role}.\n")
    assert "not a date; write the horizon as YYYY-MM-DD" in proc.stderr, proc.stderr


def test_the_browser_marks_a_horizon_passed_at_view_time(project: Path, browser) -> None:
    """Built for an edition before both horizons, read on 15 November 2026: the first has passed by the visit and
    is marked so; the second (March 2027) stays as built. Read before the first: nothing changes."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    from screenshot import serve

    assert _build(project, "html", "2026-06-01").returncode == 0
    server, base = serve(project / "out-html-2026-06-01")
    errors: list[str] = []
    try:
        for now, expected in ((dt.datetime(2026, 11, 15, 12), [True, False]),
                              (dt.datetime(2026, 7, 1, 12), [False, False])):
            ctx = browser.new_context(viewport={"width": 390, "height": 844})
            page = ctx.new_page()
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.clock.install(time=now)
            page.goto(base + "index.html", wait_until="networkidle")
            marks = page.eval_on_selector_all("span.bf-horizon", "els => els.map(e => [e.dataset.horizon, "
                                              "e.classList.contains('bf-horizon-is-passed'), e.textContent])")
            assert [m[1] for m in marks] == expected, marks
            if expected[0]:
                assert marks[0][2] == "30 September 2026 (horizon passed by your visit; this corpus holds no outcome)"
            assert marks[1][2] == "31 March 2027" and errors == []
            ctx.close()
    finally:
        server.shutdown()


def test_at_view_time_a_note_inside_a_parenthesis_takes_brackets(project: Path, browser) -> None:
    """The view-time note follows the build's rule: inside a parenthesis of its sentence, brackets."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    from screenshot import serve

    page_text = ("# Dates\n\nThe plan (due by {horizon}`2026-09-30`) and the review, by {horizon}`2026-10-31`; "
                 "phase two by {deadline}`2026-09`.\n")
    proc = _build(project, "html", "2026-06-01", page=page_text)
    assert proc.returncode == 0, proc.stderr
    server, base = serve(project / "out-html-2026-06-01")
    try:
        ctx = browser.new_context(viewport={"width": 390, "height": 844})
        page = ctx.new_page()
        page.clock.install(time=dt.datetime(2026, 11, 15, 12))
        page.goto(base + "index.html", wait_until="networkidle")
        notes = page.eval_on_selector_all("span.bf-horizon-note", "els => els.map(e => e.textContent)")
        assert notes == [" [horizon passed by your visit; this corpus holds no outcome]",
                         " (horizon passed by your visit; this corpus holds no outcome)",
                         " (deadline passed by your visit; this corpus reports no completion)"], notes
        ctx.close()
    finally:
        server.shutdown()


def test_a_compact_horizon_says_passed_once_its_list_explains_it(project: Path) -> None:
    """{horizon-short} (the key judgments' list, whose introduction says what "passed" means): "(passed)"
    once the edition is after it, in HTML and LaTeX, with data-compact for the view-time script; nothing
    before it. A full {horizon} beside it keeps the full note."""
    page = "# Dates\n\nA judgment (low confidence; horizon {horizon-short}`2026-09-30`), due {horizon}`2026-09-30`.\n"
    for builder in ("html", "latex"):
        proc = _build(project, builder, "2026-06-01", page)
        assert proc.returncode == 0, proc.stderr
    before = (project / "out-html-2026-06-01" / "index.html").read_text(encoding="utf-8")
    assert ('<span class="bf-horizon" data-horizon="2026-09-30" data-nested data-compact>30 September 2026</span>'
            in before) and "passed" not in before
    for builder in ("html", "latex"):
        proc = _build(project, builder, "2026-12-06", page)
        assert proc.returncode == 0, proc.stderr
    after = (project / "out-html-2026-12-06" / "index.html").read_text(encoding="utf-8")
    assert ('<span class="bf-horizon bf-horizon-is-passed" data-horizon="2026-09-30" data-nested data-compact>'
            '30 September 2026<span class="bf-horizon-note"> [passed]</span></span>') in after
    assert after.count(PASSED) == 1  # the full role's note only
    tex = next((project / "out-latex-2026-12-06").glob("*.tex")).read_text(encoding="utf-8")
    assert r"horizon 30 September 2026 \emph{{[}passed{]}})" in tex or r"horizon 30 September 2026 \emph{[passed]})" in tex
    assert tex.count("horizon passed; this corpus holds no outcome") == 1
