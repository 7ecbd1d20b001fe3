"""The whole book built (HTML and PDF, in a temporary copy of the project) with an edition date before the
horizons and with one after them: both renderings checked. Before, every horizon after the evidence is
open; after, each one the edition has passed says so, in the HTML and in the PDF's text (pdftotext), and
the reader's browser marks the rest at view time.

Horizons are read from the built pages themselves (every ``{horizon}`` role renders a span with its date),
and from data/indicators.csv when the book has one, so the test holds whatever dates the content uses.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.dates import long_date, month_year
from briefing.edition import PASSED_NOTE, edition_date, load_edition
from briefing.sphinx.horizons import BY_EVIDENCE_NOTE, COMPACT_NOTE
from briefing.standards.data import table
from helpers import build_with_kernel_retry

ROOT = Path(__file__).resolve().parents[1]
BUILT = Path(os.environ.get("BRIEFING_BUILD", ROOT / "_build"))
BEFORE = dt.date(2025, 10, 1)  # the day after the newest source: the earliest edition there can be
SPAN = re.compile(r'<span class="bf-horizon( bf-horizon-is-passed)?" data-horizon="(\d{4}-\d{2}-\d{2})"(?: data-nested)?'
                  r'(?: data-compact)?>')


def _build(copy: Path, edition: dt.date | None) -> dict[str, object]:
    env = dict(os.environ, BRIEFING_ROOT=str(copy))
    env.pop("BRIEFING_EDITION_DATE", None)
    if edition is not None:
        env["BRIEFING_EDITION_DATE"] = edition.isoformat()
    proc = build_with_kernel_retry(lambda: subprocess.run([sys.executable, "-m", "briefing.cli", "build", "all"],
                                                          capture_output=True, text=True, env=env, cwd=copy,
                                                          timeout=1800))
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    saved = copy.parent / f"html-{edition or 'file'}"
    shutil.copytree(copy / "_build" / "html", saved)
    return _read(copy / "_build", saved)


def _read(build: Path, html: Path) -> dict[str, object]:
    """The pages, the PDF's text and its title page of a built book (``build``: its _build folder)."""
    pages = {str(p.relative_to(html)): p.read_text(encoding="utf-8") for p in html.rglob("*.html")
             if p.name not in ("genindex.html", "search.html") and "_static" not in p.parts}
    pages = {name: text for name, text in pages.items() if 'http-equiv="Refresh"' not in text}  # the root redirect
    pdf = subprocess.run(["pdftotext", "-enc", "UTF-8", str(build / "latex" / "briefing.pdf"), "-"],
                         capture_output=True, text=True, check=True).stdout
    first_page = pdf.split("\f", 1)[0]
    pdf = re.sub(r"(?<=[a-z])-\s+(?=[a-z])", "", pdf)  # a word hyphenated at a line end, whole again
    return {"pages": pages, "pdf": " ".join(pdf.split()), "title_page": " ".join(first_page.split()), "html": html,
            "tex": build / "latex" / "briefing.tex"}


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    """The book built in a copy with the edition dated before every horizon, and the book as `make test` built
    it (HTML and PDF, BRIEFING_BUILD), dated by data/edition.yaml, after them: the same `briefing build`, so it
    is not built a second time here."""
    for path in (BUILT / "html" / "book" / "overview.html", BUILT / "latex" / "briefing.pdf"):
        if not path.exists():
            pytest.fail(f"{path} is not built: run `make html pdf` (or `make test`, which builds them) first, "
                        "or set BRIEFING_BUILD")
    copy = tmp_path_factory.mktemp("edition-build") / "project"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".git", "_build", ".venv", "node_modules", "tests",
                                                               "benchmarks", ".hypothesis", "__pycache__"))
    return {"before": _build(copy, BEFORE), "after": _read(BUILT, BUILT / "html")}


def _spans(pages: dict[str, str]) -> list[tuple[str, bool]]:
    return [(m.group(2), bool(m.group(1))) for text in pages.values() for m in SPAN.finditer(text)]


def _edition_line(edition: dt.date) -> str:
    from briefing import Corpus

    return f"Evidence to {month_year(Corpus.load(ROOT).as_of)} · Edition {long_date(edition)}"


@pytest.mark.parametrize("which", ["before", "after"])
def test_every_page_and_the_title_page_carry_both_dates(builds, which: str) -> None:
    edition = BEFORE if which == "before" else edition_date(ROOT)
    build = builds[which]
    line = _edition_line(edition)
    for name, text in build["pages"].items():
        found = re.search(r'<p class="bf-edition"[^>]*>(.*?)</p>', text)
        assert found and re.sub(r"<[^>]+>", "", found.group(1)) == line, name
    assert line in build["title_page"], build["title_page"][:500]


def test_before_the_horizons_nothing_is_passed(builds) -> None:
    spans = _spans(builds["before"]["pages"])
    assert spans, "no {horizon} role in the book"
    for day, passed in spans:
        assert passed == (dt.date.fromisoformat(day) < BEFORE), day
    assert any(not passed for _, passed in spans)


def test_after_the_horizons_each_passed_one_says_so_in_html_and_pdf(builds) -> None:
    edition = edition_date(ROOT)
    spans = _spans(builds["after"]["pages"])
    for day, passed in spans:
        assert passed == (dt.date.fromisoformat(day) < edition), day
    passed = [d for d, p in spans if p]
    assert passed, "no horizon before the edition date"
    # a passed date the corpus may not have seen end (on or after the latest of the sources' earliest possible
    # dates) says the corpus holds no outcome; one that ended before it says the newest source passed it
    reached = load_edition(ROOT).evidence_reached
    after_evidence = [d for d in passed if dt.date.fromisoformat(d) >= reached]
    assert after_evidence, "no horizon between the newest source and the edition"
    # a note inside a parenthesis of its sentence takes brackets ("(low confidence; horizon … [horizon passed; …])")
    def notes(text: str) -> int:
        return sum(page.count(f'<span class="bf-horizon-note"> ({text})</span>')
                   + page.count(f'<span class="bf-horizon-note"> [{text}]</span>') for page in builds["after"]["pages"].values())

    # a compact horizon (the key judgments' list, whose introduction says what it means) says only "passed"
    assert notes(PASSED_NOTE) + notes(COMPACT_NOTE) == len(after_evidence)
    assert notes(COMPACT_NOTE) > 0
    assert notes(BY_EVIDENCE_NOTE) == len(passed) - len(after_evidence)
    # the PDF prints the same note after each passed horizon (its text, whitespace folded), in print as many
    # times as the print edition has passed horizons: the web-only annex tables are left out of the count.
    # Counted by the note's opening words, which a page break cannot separate from the next line's footnotes.
    opening = PASSED_NOTE.split(";")[0] + ";"
    tex = builds["after"]["tex"].read_text(encoding="utf-8")
    in_print = tex.count(PASSED_NOTE.split(";")[0] + ";")
    assert 0 < in_print <= len(after_evidence)
    assert builds["after"]["pdf"].count(opening) == in_print, builds["after"]["pdf"].count(opening)
    # before: the horizons due from the day the corpus surely reached to that edition (30 September 2025: the
    # annex's indicator check-by dates, web-only tables, so none in print)
    printed = {name: text for name, text in builds["before"]["pages"].items() if not name.endswith("annex.html")}
    assert builds["before"]["pdf"].count(opening) == sum(1 for d, _ in _spans(printed)
                                                         if reached <= dt.date.fromisoformat(d) < BEFORE)


def test_indicators_are_open_before_and_passed_after(builds) -> None:
    edition = edition_date(ROOT)
    rows = [r for r in table(ROOT, "indicators") if r["status"] == "open"]
    if not rows:
        pytest.skip("this edition has no data/indicators.csv yet")
    for row in rows:
        day = dt.date.fromisoformat(row["check_by"])
        text = f"horizon passed {long_date(day)}: "  # What to check's list of the lapsed, under their dates
        after = any(text in page for page in builds["after"]["pages"].values())
        before = any(text in page for page in builds["before"]["pages"].values())
        assert after == (day < edition), row["id"]
        assert before == (day < BEFORE), row["id"]


def test_the_browser_marks_horizons_passed_at_view_time(builds, browser) -> None:
    """The book built for the early edition, read on 15 November 2026: every horizon before that day gains the
    view-time note; later ones stay as built."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from screenshot import serve

    server, base = serve(Path(builds["before"]["html"]))
    try:
        ctx = browser.new_context(viewport={"width": 390, "height": 844})
        page = ctx.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.clock.install(time=dt.datetime(2026, 11, 15, 12, 0))
        page.goto(base + "book/overview.html", wait_until="networkidle")
        marks = page.eval_on_selector_all(
            "span.bf-horizon", "els => els.map(e => [e.dataset.horizon, e.classList.contains('bf-horizon-is-passed'),"
            " e.textContent, e.hasAttribute('data-compact')])")
        assert marks and any(compact for *_, compact in marks)
        for day, passed, text, compact in marks:
            due = day < "2026-11-15"
            assert passed == due, (day, text)
            # a compact horizon (the key judgments) says only that; its list's introduction says the rest
            note = "passed by your visit" if compact else "horizon passed by your visit; this corpus holds no outcome"
            assert (note in text) == (due and day >= "2025-10-01"), (day, text)
        # the edition line is read as a note, and fits a phone's width
        line = page.locator("p.bf-edition")
        assert line.get_attribute("role") == "note" and line.is_visible()
        box = line.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert errors == []
        ctx.close()
    finally:
        server.shutdown()
