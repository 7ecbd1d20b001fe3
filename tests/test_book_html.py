"""The built HTML book, opened in Debian's Chromium through Playwright (nothing is downloaded).

`make test` builds the book first; run `make html` before running this file on its own.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HTML = Path(os.environ.get("BRIEFING_BUILD", ROOT / "_build")) / "html"

CHAPTERS = ["overview", "background", "timeline", "positions", "risks", "methodology"]


def open_page(browser, url: str, errors: list[str]):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.on("console", lambda m: errors.append(f"{url}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"{url}: {e}"))
    page.goto(url, wait_until="networkidle")
    return page


def test_every_page_loads_without_console_errors(site, browser):
    pages = sorted(p.relative_to(HTML).as_posix() for p in (HTML / "book").rglob("*.html"))
    assert len(pages) >= len(CHAPTERS) + 6  # chapters, index, appendix index and five sources
    errors: list[str] = []
    for rel in pages:
        open_page(browser, site + rel, errors).close()
    assert errors == []


def test_citation_marker_lands_on_highlighted_passage_with_translation(site, browser):
    errors: list[str] = []
    page = open_page(browser, site + "book/overview.html", errors)
    marker = page.locator("sup.bf-cite a.bf-ref").first
    href = marker.get_attribute("href")
    evidence_id = href.split("#ev-")[1]
    # hovering shows the card with the Arabic quote and the English rendering
    marker.hover()
    card = page.locator(".bf-pop.bf-open")
    card.wait_for(state="visible", timeout=2000)
    assert card.locator('[lang="ar"]').inner_text().strip()
    assert "project translation" in card.inner_text()
    marker.click()
    page.wait_for_load_state("networkidle")
    assert "/book/sources/" in page.url and page.url.endswith(f"#ev-{evidence_id}")
    target = page.locator(f"#ev-{evidence_id}")
    assert target.evaluate("e => e.tagName") == "MARK"
    assert target.is_visible()
    assert target.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 207, 64)"  # :target colour
    gloss = page.locator(f"#gl-{evidence_id}")  # beside the paragraph, marked as the current one
    assert gloss.is_visible() and "project translation" in gloss.inner_text()
    assert "bf-current" in gloss.get_attribute("class")
    # the passage on the page is the quote of the registry entry, as anchored
    exported = json.loads((HTML / "data" / "evidence.json").read_text(encoding="utf-8"))
    entry = next(e for e in exported if e["id"] == evidence_id)
    assert target.inner_text() == entry["exact"]
    # and a backlink returns to the citation
    back = gloss.locator(".bf-back a").first
    back.click()
    page.wait_for_load_state("networkidle")
    # backlinks come in book order: the first goes to the first page, in reading order, citing it
    reading_order = ["index"] + CHAPTERS
    citing = [p for p in reading_order
              if f'id="cite-{evidence_id}-1"' in (HTML / "book" / f"{p}.html").read_text(encoding="utf-8")]
    assert citing and page.url.split("#")[0].endswith(f"/book/{citing[0]}.html")
    assert page.url.split("#")[1].startswith(f"cite-{evidence_id}-")
    assert page.locator(f"[id='{page.url.split('#')[1]}']").count() == 1
    assert errors == []


def test_arabic_is_right_to_left_everywhere(site, browser):
    errors: list[str] = []
    for rel in ["book/overview.html", "book/sources/hafryat-2024-01-31.html", "book/risks.html"]:
        page = open_page(browser, site + rel, errors)
        directions = page.eval_on_selector_all('[lang="ar"]', "els => els.map(e => getComputedStyle(e).direction)")
        assert directions and set(directions) == {"rtl"}, rel
        page.close()


def test_every_plotly_figure_has_drawn(site, browser):
    errors: list[str] = []
    drawn = 0
    for chapter in CHAPTERS:
        page = open_page(browser, site + f"book/{chapter}.html", errors)
        figures = page.locator(".plotly-graph-div")
        for i in range(figures.count()):
            fig = figures.nth(i)
            assert fig.evaluate("e => !!e._fullLayout && e.querySelectorAll('.main-svg').length > 0"), chapter
            assert fig.locator("g.trace, g.hm, .heatmaplayer image").count() > 0, chapter
            drawn += 1
        page.close()
    assert drawn >= 4  # timeline, agreement grid, positions matrix, risk matrix
    assert errors == []


def test_plotly_js_is_served_once_not_inlined():
    js = HTML / "_static" / "plotly.min.js"
    assert js.stat().st_size > 1_000_000
    for chapter in CHAPTERS:
        page = (HTML / "book" / f"{chapter}.html").read_text(encoding="utf-8")
        assert len(page) < 1_500_000, chapter  # plotly.js (~4.8 MB) is not inlined
        ids = re.findall(r'<div id="(fig-[a-z0-9-]+)" class="plotly-graph-div"', page)
        assert len(ids) == len(set(ids))


def test_data_downloads_describe_the_book():
    data = HTML / "data"
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        assert (data / resource["path"]).is_file(), resource["path"]
    annotations = json.loads((data / "annotations.jsonld").read_text(encoding="utf-8"))
    items = annotations["first"]["items"]
    evidence = json.loads((data / "evidence.json").read_text(encoding="utf-8"))
    assert annotations["total"] == len(items) == len(evidence)
    sources = {s["id"]: s for s in json.loads((data / "sources.json").read_text(encoding="utf-8"))}
    for item in items:
        quote, position = item["target"]["selector"]
        text = (data / item["target"]["source"].removeprefix("../data/")).read_text(encoding="utf-8")
        assert text[position["start"]:position["end"]] == quote["exact"]
        assert item["target"]["state"]["value"] in {s["sha256"] for s in sources.values()}


def test_screenshots_of_every_chapter(site, browser, tmp_path):
    """Not an assertion of looks: leaves PNGs in _build/screenshots for a person to look at."""
    out = ROOT / "_build" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    for chapter in CHAPTERS + ["sources/erem-2025-09"]:
        page = open_page(browser, site + f"book/{chapter}.html", errors)
        path = out / f"{chapter.replace('/', '-')}.png"
        page.screenshot(path=str(path), full_page=False)
        assert path.stat().st_size > 10_000
        page.close()
    shutil.rmtree(tmp_path, ignore_errors=True)
