"""The built HTML book, opened in Debian's Chromium through Playwright (nothing is downloaded).

`make test` builds the book first; run `make html` before running this file on its own.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

from helpers import notebook_figures

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
    assert errors == []


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
    assert drawn == sum(notebook_figures().values())  # every figure the notebooks draw: timeline, positions, risks
    assert errors == []


def test_plotly_js_is_the_vendored_partial_bundle_served_once_not_inlined():
    js = HTML / "_static" / "vendor" / "plotly" / "plotly-briefing.min.js"
    assert 500_000 < js.stat().st_size < 1_500_000  # the partial bundle, not the full 4.8 MB one
    assert not (HTML / "_static" / "plotly.min.js").exists()
    for chapter in CHAPTERS:
        page = (HTML / "book" / f"{chapter}.html").read_text(encoding="utf-8")
        assert len(page) < 1_000_000, chapter  # plotly.js is not inlined
        assert "plotly.min.js" not in page and "cdn.plot.ly" not in page, chapter
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


SHOTS = {"390-light": ({"width": 390, "height": 844}, "light"), "390-dark": ({"width": 390, "height": 844}, "dark"),
         "1366-light": ({"width": 1366, "height": 900}, "light"), "1366-dark": ({"width": 1366, "height": 900}, "dark")}


def test_screenshots_of_every_chapter(site, browser):
    """Leaves PNGs of each chapter's first screen in _build/screenshots (phone and desktop, light and dark) for a
    person to look at, and checks what a first screen must show: the chapter's title in view, the page in the
    requested theme, nothing wider than the screen, and no console error."""
    out = ROOT / "_build" / "screenshots"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    errors: list[str] = []
    for chapter in CHAPTERS + ["sources/erem-2025-09"]:
        for name, (viewport, mode) in SHOTS.items():
            phone = viewport["width"] < 600
            ctx = browser.new_context(viewport=viewport, has_touch=phone, is_mobile=phone)
            ctx.add_init_script(f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');")
            page = ctx.new_page()
            url = site + f"book/{chapter}.html"
            page.on("console", lambda m, u=url: errors.append(f"{u}: {m.text}") if m.type == "error" else None)
            page.on("pageerror", lambda e, u=url: errors.append(f"{u}: {e}"))
            page.goto(url, wait_until="networkidle")
            assert page.evaluate("document.documentElement.dataset.theme") == mode, (chapter, name)
            title = page.locator("main article h1").first.bounding_box()
            assert title is not None and 0 <= title["y"] < viewport["height"] / 2, (chapter, name, title)
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"] + 1, (chapter, name)
            path = out / f"{chapter.replace('/', '-')}-{name}.png"
            page.screenshot(path=str(path), full_page=False)
            assert path.stat().st_size > 10_000
            ctx.close()
    assert errors == []


def test_only_the_icons_used_and_no_font_awesome_kit():
    from briefing.sphinx import icons

    css = (HTML / "_static" / icons.ICONS_CSS).read_text(encoding="utf-8")
    assert (HTML / "_static" / icons.KIT).read_text(encoding="utf-8") == icons.STUB
    used = icons.used_classes(HTML)
    assert {"bars", "list", "magnifying-glass", "sun", "moon"} <= used
    for name in ("bars", "list", "magnifying-glass", "sun", "moon", "circle-half-stroke"):
        assert f".fa-{name}::before{{--bf-icon:url(" in css, name
    assert ".fa-rocket::before" not in css and len(css) < 40_000
    theme = (HTML / "_static" / icons.THEME_CSS).read_text(encoding="utf-8")
    assert not re.search(r'\.fa-[a-z0-9-]+:before\{content:"', theme)  # the glyph rules are gone
    assert "@font-face" in theme and ".bd-sidebar" in theme  # the rest of the theme is not


def test_glyph_rules_stripped_and_nothing_else():
    from briefing.sphinx.icons import strip_glyph_rules

    css = ('a{b:c}.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}.x{y:z}'
           '.fa-x:before,.other:before{content:"q"}.fa-y::before{content:"\\f1";color:red}')
    assert strip_glyph_rules(css) == 'a{b:c}.x{y:z}.fa-x:before,.other:before{content:"q"}.fa-y::before{content:"\\f1";color:red}'


def test_icons_css_draws_what_the_kit_holds():
    from briefing.sphinx import icons

    kit = {"solid": {"bars": (448, 512, "M0 96h448")}, "regular": {"bars": (448, 512, "M1 1"), "file": (384, 512, "M2 2")}}
    css = icons.icons_css(kit, {"bars", "file", "lg", "solid"})
    assert ".fa-bars::before{--bf-icon:url(\"data:image/svg+xml,%3Csvg" in css and "viewBox='0 0 448 512'" in css
    assert ".fa-regular.fa-bars::before" in css and ".fa-file::before" in css
    assert ".fa-lg" not in css and ".fa-solid::before" not in css
    assert "width:0.8750em" in css and "width:0.7500em" in css


def test_theme_icons_drawn_by_css_become_masks_where_their_classes_are_used():
    """An admonition's title icon is the theme's webfont glyph through a CSS variable chain
    (--pst-icon-admonition-default -> --pst-icon-bell): it is drawn as a mask, only for selectors whose
    classes the pages use, so no page downloads the webfont for it."""
    from briefing.sphinx.icons import theme_icon_rules

    kit = {"solid": {"bell": (448, 512, "M1 1"), "circle-info": (512, 512, "M2 2")}}
    css = (':root{--pst-icon-bell:"\\f0f3";--pst-icon-admonition-default:var(--pst-icon-bell);'
           '--pst-icon-admonition-note:var(--pst-icon-circle-info)}'
           '.admonition>.admonition-title:after,div.admonition>.admonition-title:after{content:var(--pst-icon-admonition-default);font:var(--fa-font-solid)}'
           '.admonition.note>.admonition-title:after{content:var(--pst-icon-admonition-note)}'
           '.x{content:var(--pst-icon-missing)}')
    rules = theme_icon_rules(css, kit, {"admonition", "admonition-title"})
    assert rules.startswith(".admonition>.admonition-title:after,div.admonition>.admonition-title:after{content:\"\"!important;font:inherit!important")
    assert "viewBox='0 0 448 512'" in rules and "M1 1" in rules
    assert ".note" not in rules and "M2 2" not in rules  # no page has a note admonition
    assert "M2 2" in theme_icon_rules(css, kit, {"admonition", "admonition-title", "note"})


def test_default_extensions_files_only_where_used():
    from types import SimpleNamespace

    from briefing.sphinx.page_weight import drop_unused

    js = [SimpleNamespace(filename="_static/design-tabs.js", attributes={}),
          SimpleNamespace(filename=None, attributes={"body": 'const THEBE_JS_URL = "https://cdn.example/thebe.js"'}),
          SimpleNamespace(filename="_static/briefing.js", attributes={}),
          SimpleNamespace(filename="_static/copybutton.js", attributes={})]
    context = {"body": "<p>text</p>", "script_files": list(js), "css_files": ["_static/sphinx-design.min.css",
                                                                             "_static/briefing.css"]}
    drop_unused(None, "page", "page.html", context, None)
    assert [s.filename for s in context["script_files"]] == ["_static/briefing.js"]
    assert context["css_files"] == ["_static/briefing.css"]
    context = {"body": "<pre>code</pre>", "script_files": list(js), "css_files": []}
    drop_unused(None, "page", "page.html", context, None)
    assert "_static/copybutton.js" in [s.filename for s in context["script_files"]]


TEXT_PAGE_LIMIT, FIGURE_PAGE_LIMIT = 1_000_000, 2_500_000
# Sphinx's search scripts and index, which the theme loads on every page for a search-as-you-type the book
# does not enable (about 115 kB): only the search page may request them
SEARCH_ONLY = ("searchtools.js", "language_data.js", "searchindex.js")


def test_page_weight_within_budget(site, browser):
    """Every byte a page requests until it has loaded (the book is served uncompressed): text pages at most
    1 MB, pages with figures at most 2.5 MB, on a phone (390 px) and on a desktop (1366 px, plots drawn);
    no page but the search page requests Sphinx's search scripts and index."""
    pages = sorted(p.relative_to(HTML).as_posix() for p in (HTML / "book").rglob("*.html"))
    over = []
    for width, height in ((390, 844), (1366, 900)):
        for rel in pages:
            ctx = browser.new_context(viewport={"width": width, "height": height})
            page = ctx.new_page()
            sizes: dict[str, int] = {}
            page.on("requestfinished", lambda r, s=sizes: s.__setitem__(r.url, len(r.response().body())))
            page.goto(site + rel, wait_until="networkidle")
            figure = 'class="plotly-graph-div"' in (HTML / rel).read_text(encoding="utf-8")
            if figure and width > 600:
                page.locator(".bf-figure .main-svg").first.wait_for()
                page.wait_for_load_state("networkidle")
                assert any("plotly-briefing" in u for u in sizes), rel
            total = sum(sizes.values())
            limit = FIGURE_PAGE_LIMIT if figure else TEXT_PAGE_LIMIT
            if total > limit:
                over.append(f"{rel} at {width} px: {total:,} bytes ({'figure' if figure else 'text'} page)")
            heavy = [u for u in sizes if u.split("?")[0].endswith(("fontawesome.js", ".woff2", "plotly.min.js")) and sizes[u] > 1000]
            assert heavy == [], heavy
            search_files = [u for u in sizes if u.split("?")[0].rsplit("/", 1)[-1] in SEARCH_ONLY]
            assert search_files == [], (rel, search_files)
            ctx.close()
    assert over == []
