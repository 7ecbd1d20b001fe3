"""The reader's citation path on a desktop and a phone, the appendix as a reading surface, print and the
view-time notice of passed deadlines: the built HTML book in Debian's Chromium through Playwright.

The book location is BRIEFING_BUILD (default ROOT/_build/html); `make test` builds it first.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

ROOT = Path(__file__).resolve().parents[1]
HTML = Path(os.environ.get("BRIEFING_BUILD", ROOT / "_build")) / "html"

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
ARABIC = re.compile("[\u0600-\u06ff]")


def new_page(browser, url: str, viewport: dict, errors: list[str], **context):
    ctx = browser.new_context(viewport=viewport, **context)
    page = ctx.new_page()
    page.on("pageerror", lambda e: errors.append(f"{url}: {e}"))
    page.on("console", lambda m: errors.append(f"{url}: {m.text}") if m.type == "error" else None)
    page.goto(url, wait_until="networkidle")
    return page


def open_card(page):
    return page.locator(".bf-pop.bf-open")


def assert_in_viewport(page, box) -> None:
    vw, vh = page.viewport_size["width"], page.viewport_size["height"]
    assert box is not None
    assert box["x"] >= 0 and box["y"] >= 0, box
    assert box["x"] + box["width"] <= vw + 0.5 and box["y"] + box["height"] <= vh + 0.5, (box, vw, vh)


def special_markers(page) -> dict[str, int]:
    """Indexes of the first marker, the rightmost one (in page layout), one inside a table, the last."""
    page.wait_for_selector("a.bf-ref", state="attached")
    info = page.eval_on_selector_all("a.bf-ref", """els => els.map((e, i) => {
        const r = e.getBoundingClientRect(); return {i, right: r.right, table: !!e.closest('table')}; })""")
    picks = {"first": 0, "rightmost": max(info, key=lambda m: m["right"])["i"], "last": len(info) - 1}
    tables = [m["i"] for m in info if m["table"]]
    if tables:
        picks["table"] = tables[0]
    return picks


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])
def test_card_opens_by_hover_and_keyboard_and_stays_in_viewport(site, browser, viewport):
    errors: list[str] = []
    checked = set()
    # the first chapter, then every chapter until a marker inside a table has been met (chosen from the
    # built book, not a fixed list: which chapter cites in a table changes with the text)
    chapters = ["overview"] + [p.stem for p in sorted((HTML / "book").glob("*.html"))
                               if p.stem not in ("overview", "index") and 'class="bf-ref"' in p.read_text(encoding="utf-8")]
    for chapter in chapters:
        if {"first", "rightmost", "table", "last"} <= checked:
            break
        page = new_page(browser, site + f"book/{chapter}.html", viewport, errors)
        picks = special_markers(page)
        for name, i in picks.items():
            if name in checked and name != "table" and chapter != "overview":
                continue
            ref = page.locator("a.bf-ref").nth(i)
            ref.scroll_into_view_if_needed()
            ref.hover()
            card = open_card(page)
            card.wait_for(state="visible", timeout=2000)
            assert card.count() == 1 and ref.get_attribute("aria-expanded") == "true", (chapter, name)
            assert card.locator('[lang="ar"]').inner_text().strip()
            assert_in_viewport(page, card.bounding_box())
            # described for screen readers by the passage and its rendering
            described = ref.get_attribute("aria-describedby").split()
            assert all(page.locator(f"[id='{d}']").count() == 1 for d in described)
            page.locator("article h1").first.click(position={"x": 2, "y": 2})  # an outside click closes it
            card.wait_for(state="hidden", timeout=2000)
            # focus alone does not open it (one Tab stop per citation); Enter does; Escape closes it and keeps
            # focus on the marker
            ref.focus()
            page.wait_for_timeout(150)
            assert card.count() == 0, (chapter, name)
            page.keyboard.press("Enter")
            card.wait_for(state="visible", timeout=2000)
            assert_in_viewport(page, card.bounding_box())
            page.keyboard.press("Escape")
            card.wait_for(state="hidden", timeout=2000)
            assert page.evaluate("document.activeElement.classList.contains('bf-ref')")
            checked.add(name)
        page.close()
    assert {"first", "rightmost", "table", "last"} <= checked
    assert errors == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])
def test_card_stays_open_as_the_pointer_moves_into_it(site, browser, viewport):
    errors: list[str] = []
    page = new_page(browser, site + "book/overview.html", viewport, errors)
    ref = page.locator("a.bf-ref").nth(2)
    ref.scroll_into_view_if_needed()
    ref.hover()
    card = open_card(page)
    card.wait_for(state="visible", timeout=2000)
    r, c = ref.bounding_box(), card.bounding_box()
    start = (r["x"] + r["width"] / 2, r["y"] + r["height"] / 2)
    end = (c["x"] + c["width"] / 2, c["y"] + c["height"] / 2)
    page.mouse.move(*end, steps=15)  # across the gap, slowly
    page.wait_for_timeout(600)  # longer than the close delay
    assert card.is_visible() and card.bounding_box() == c
    assert start != end
    # the Arabic can be selected in the open card
    page.locator(".bf-pop.bf-open .bf-ar").click(click_count=3)  # a double click can land on a space
    assert ARABIC.search(page.evaluate("getSelection().toString()"))
    page.keyboard.press("Escape")
    card.wait_for(state="hidden", timeout=2000)
    assert errors == []


def test_tap_opens_the_card_without_navigating_then_goes_to_the_passage(site, browser):
    errors: list[str] = []
    url = site + "book/overview.html"
    page = new_page(browser, url, PHONE, errors, has_touch=True, is_mobile=True)
    ref = page.locator("a.bf-ref").nth(1)
    ref.scroll_into_view_if_needed()
    ref.tap()
    card = open_card(page)
    card.wait_for(state="visible", timeout=2000)
    assert page.url == url
    assert_in_viewport(page, card.bounding_box())
    target = ref.get_attribute("href").split("#")[1]
    go = card.locator("a.bf-go")
    assert go.inner_text() == "Go to the passage"
    with page.expect_navigation():
        go.tap()
    page.wait_for_load_state("networkidle")
    assert "/book/sources/" in page.url and page.url.endswith("#" + target)
    mark = page.locator(f"[id='{target}']")
    assert mark.evaluate("e => e.matches(':target')")
    # the passage is below the sticky header, not under it
    header = page.evaluate("(document.querySelector('.bd-header') || {getBoundingClientRect: () => ({bottom: 0})})"
                           ".getBoundingClientRect().bottom")
    assert mark.bounding_box()["y"] >= header - 1
    assert errors == []


def test_copy_citation_gives_outlet_date_paragraph_arabic_english_and_permalink(site, browser):
    errors: list[str] = []
    page = new_page(browser, site + "book/overview.html", DESKTOP, errors,
                    permissions=["clipboard-read", "clipboard-write"])
    ref = page.locator("a.bf-ref").first
    ref.hover()
    card = open_card(page)
    card.wait_for(state="visible", timeout=2000)
    head = card.locator(".bf-pop-head").inner_text()
    arabic = card.locator(".bf-ar").inner_text()
    card.locator("button.bf-copy").click()
    card.locator(".bf-copy-status", has_text="Copied").wait_for(timeout=2000)
    copied = page.evaluate("navigator.clipboard.readText()")
    permalink = site + "book/sources/" + ref.get_attribute("href").split("sources/")[1]
    assert copied.startswith(head) and re.search(r"¶\d+|title", head)
    assert arabic in copied and "project translation" in copied and copied.endswith(permalink)
    assert errors == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])
def test_markers_never_start_a_line(site, browser, viewport):
    """Each marker sits on the same line as the text before it."""
    errors: list[str] = []
    alone = []
    for chapter in ["overview", "background", "timeline"]:
        page = new_page(browser, site + f"book/{chapter}.html", viewport, errors)
        alone += page.evaluate("""() => {
          const out = [];
          for (const sup of document.querySelectorAll('sup.bf-cite')) {
            if (sup.previousElementSibling && sup.previousElementSibling.matches('sup.bf-cite')
                && !sup.previousSibling.textContent.trim()) continue;  // [1][2]: checked on the first
            const walker = document.createTreeWalker(sup.closest('p, li, td, th, dd') || document.body,
                                                     NodeFilter.SHOW_TEXT);
            let prev = null;
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              if (sup.contains(n)) break;
              if (n.textContent.trim() && !n.parentElement.closest('sup.bf-cite')) prev = n;
            }
            if (!prev) continue;
            const t = prev.textContent.replace(/\\s+$/, '');
            const range = document.createRange();
            range.setStart(prev, t.length - 1); range.setEnd(prev, t.length);
            const a = range.getClientRects(); const b = sup.querySelector('a').getBoundingClientRect();
            const last = a[a.length - 1];
            if (last && b.top > last.bottom - 2) out.push(sup.id);
          }
          return out; }""")
        page.close()
    assert alone == []


def test_appendix_reads_side_by_side_and_fits_a_phone(site, browser):
    errors: list[str] = []
    sources = sorted(p.stem for p in (HTML / "book" / "sources").glob("*.html") if p.stem != "index")
    assert len(sources) >= 5
    titles = {"Overview", "Background", "Timeline", "Positions", "Risks"}
    for sid in sources:
        for viewport in (DESKTOP, PHONE):
            page = new_page(browser, site + f"book/sources/{sid}.html", viewport, errors)
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], (sid, viewport)
            glosses = page.locator(".bf-side .bf-gloss")
            assert glosses.count() > 0
            if viewport is DESKTOP:
                # the translation is beside its Arabic paragraph, not inside it
                first = glosses.first
                assert first.evaluate("e => !e.closest('p')")
                para = first.evaluate_handle("e => e.closest('.bf-row').querySelector('.bf-para')")
                pb, gb = para.bounding_box(), first.bounding_box()
                assert gb["x"] + gb["width"] <= pb["x"] + 1  # the English column on the left
                # backlinks are the citing sentences with their page names, not letters
                sentences = page.locator(".bf-gloss .bf-back li").all_inner_texts()
                assert sentences and all(":" in s and len(s) > 20 for s in sentences)
                assert any(s.split(":")[0].split(" ")[-1] in titles or any(t in s for t in titles)
                           for s in sentences)
            page.close()
    assert errors == []


def test_clicking_a_highlight_marks_its_translation(site, browser):
    errors: list[str] = []
    page = new_page(browser, site + "book/sources/shafaq-2025-08-17.html"
                    if (HTML / "book/sources/shafaq-2025-08-17.html").exists()
                    else site + "book/sources/erem-2025-09.html", PHONE, errors)
    mark = page.locator("mark.bf-mark").nth(1)
    mark.click()
    gloss = page.locator(".bf-gloss.bf-current")
    assert gloss.count() == 1 and gloss.get_attribute("id") == mark.get_attribute("data-gloss")
    assert gloss.is_visible()
    assert errors == []


def test_every_arabic_run_is_marked_arabic_and_right_to_left(site, browser):
    errors: list[str] = []
    pages = sorted(p.relative_to(HTML).as_posix() for p in (HTML / "book").rglob("*.html"))
    untagged = []
    for rel in pages:
        page = new_page(browser, site + rel, DESKTOP, errors)
        untagged += page.evaluate("""rel => {
          const out = [];
          const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let n = w.nextNode(); n; n = w.nextNode()) {
            const el = n.parentElement;
            if (!/[\\u0600-\\u06ff]/.test(n.textContent) || el.closest('script, style, svg, .plotly-graph-div')) continue;
            const ar = el.closest('[lang]');
            if (!ar || ar.getAttribute('lang') !== 'ar' || getComputedStyle(el).direction !== 'rtl')
              out.push(rel + ': ' + n.textContent.trim().slice(0, 40));
          }
          return out; }""", rel)
        page.close()
    assert untagged == []


def test_print_has_endnotes_and_the_english_of_the_appendix(site, browser):
    errors: list[str] = []
    page = new_page(browser, site + "book/overview.html", DESKTOP, errors)
    page.emulate_media(media="print")
    notes = page.locator(".bf-endnotes li")
    assert page.locator(".bf-endnotes").is_visible()
    numbers = page.eval_on_selector_all("a.bf-ref", "els => new Set(els.map(e => e.textContent)).size")
    assert notes.count() == numbers and notes.first.locator('[lang="ar"]').inner_text().strip()
    assert not page.locator(".bf-pop").first.is_visible()
    pdf = page.pdf(format="A4")
    assert len(pdf) > 10_000
    page.close()
    page = new_page(browser, site + "book/sources/erem-2025-09.html", DESKTOP, errors)
    page.emulate_media(media="print")
    gloss = page.locator(".bf-gloss").first
    assert gloss.is_visible() and "project translation" in gloss.inner_text()
    assert errors == []


def test_passed_deadlines_are_shown_at_view_time(site, browser):
    errors: list[str] = []
    for chapter in ["overview", "timeline"]:
        ctx = browser.new_context(viewport=DESKTOP)
        page = ctx.new_page()
        page.clock.install(time=dt.datetime(2026, 11, 15, 12, 0))
        page.goto(site + f"book/{chapter}.html", wait_until="networkidle")
        box = page.locator(".bf-passed")
        assert box.is_visible()
        text = box.inner_text()
        assert "September 2026" in text and "no source in this edition (newest: September 2025) reports the outcome" in text
        if chapter == "timeline":  # the passed stretch is shaded on the figure itself
            page.wait_for_function("() => { const g = document.querySelector(\"div[id^='fig-timeline']\");"
                                   " return g && (g.layout.shapes || []).some(s => s.name === 'bf-passed'); }",
                                   timeout=10000)
            shape = page.evaluate("document.querySelector(\"div[id^='fig-timeline']\").layout.shapes"
                                  ".find(s => s.name === 'bf-passed')")
            assert shape["x0"] == "2025-09-30" or shape["x0"].startswith("2025-09"), shape
            assert shape["x1"] == "2026-11-15", shape
        ctx.close()
        # a reader before the first deadline sees nothing
        ctx = browser.new_context(viewport=DESKTOP)
        page = ctx.new_page()
        page.clock.install(time=dt.datetime(2025, 9, 20, 12, 0))
        page.goto(site + f"book/{chapter}.html", wait_until="networkidle")
        assert not page.locator(".bf-passed").is_visible()
        ctx.close()
    assert errors == []


# --- menus, keyboard, typography, print (light and dark, 390 and 1366 px) -----------------------------------

from reader_checks import CONTRAST, FOCUSED_IS_VISIBLE, MODES, VIEWPORTS  # noqa: E402
from reader_checks import new_page as themed_page  # noqa: E402

SIDEBAR_STATE = """which => { const d = document.getElementById(`pst-${which}-sidebar-modal`);
  const s = document.getElementById(`pst-${which}-sidebar`);
  const links = [...(d && d.open ? d : s).querySelectorAll('a[href]')].filter(a => a.getClientRects().length
    && getComputedStyle(a).visibility !== 'hidden');
  const r = s.getBoundingClientRect();
  return {dialog: !!(d && d.open), sidebarShown: r.width > 40 && r.right > 0 && getComputedStyle(s).visibility !== 'hidden'
          && !s.classList.contains('pst-sidebar-hidden'), links: links.length,
          tooltips: document.querySelectorAll('.tooltip.show').length}; }"""


def visible_toggle(page, which: str):
    toggles = page.locator(f".{which}-toggle")
    shown = [toggles.nth(i) for i in range(toggles.count()) if toggles.nth(i).is_visible()]
    assert shown, f"no visible {which} toggle"
    return shown[0]


def _chapter_with_most_sections() -> str:
    """The chapter whose contents menu lists the most sections (chosen from the built book: chapters change)."""
    from bs4 import BeautifulSoup

    def sections(page: Path) -> int:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        return len(soup.select("#pst-secondary-sidebar a[href^='#']"))

    pages = [p for p in sorted((HTML / "book").glob("*.html")) if p.stem != "index"]
    best = max(pages, key=sections)
    assert sections(best) >= 2, best
    return best.stem


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("width", ["390", "1366"])
def test_menus_open_by_tap_click_and_keyboard(site, browser, width, mode):
    """The chapters menu (and, where it is a button, the contents of the page) opens and closes by tap or
    click and by the keyboard; no tooltip stays behind."""
    errors: list[str] = []
    vp = VIEWPORTS[width]
    page = themed_page(browser, site + f"book/{_chapter_with_most_sections()}.html", vp, errors, mode=mode)
    press = (lambda loc: loc.tap()) if width == "390" else (lambda loc: loc.click())
    for which in (["primary", "secondary"] if width == "390" else ["primary"]):
        toggle = visible_toggle(page, which)
        before = page.evaluate(SIDEBAR_STATE, which)
        # every link the sidebar holds (the page's sections, or the chapters and the appendix's entries)
        held = page.evaluate(f"document.querySelectorAll('#pst-{which}-sidebar a[href]').length")
        press(toggle)
        page.wait_for_timeout(300)
        after = page.evaluate(SIDEBAR_STATE, which)
        if width == "390":  # a dialog with the links, closed by Escape; focus back on the toggle
            # the dialog shows the menu's links: all of the page's contents; the chapters at least
            assert after["dialog"] and after["links"] >= (held if which == "secondary" else 6) >= 1, (which, held, after)
            assert toggle.get_attribute("aria-expanded") == "true"
            page.keyboard.press("Escape")
            page.wait_for_timeout(200)
            assert not page.evaluate(SIDEBAR_STATE, which)["dialog"]
            assert toggle.get_attribute("aria-expanded") == "false"
        else:  # the sidebar collapses, and comes back
            assert before["sidebarShown"] and not after["sidebarShown"], (before, after)
            assert toggle.get_attribute("aria-expanded") == "false"
            press(toggle)
            page.wait_for_timeout(300)
            assert page.evaluate(SIDEBAR_STATE, which)["sidebarShown"]
        assert page.evaluate(SIDEBAR_STATE, which)["tooltips"] == 0 or width == "1366"
        # the keyboard: focus the toggle, Enter
        toggle.focus()
        page.keyboard.press("Enter")
        page.wait_for_timeout(300)
        state = page.evaluate(SIDEBAR_STATE, which)
        if width == "390":
            assert state["dialog"], which
            page.keyboard.press("Escape")
            page.wait_for_timeout(200)
            assert page.evaluate("document.activeElement.classList.contains('" + which + "-toggle')")
        else:
            assert not state["sidebarShown"]
            page.keyboard.press("Enter")
            page.wait_for_timeout(300)
            assert page.evaluate(SIDEBAR_STATE, which)["sidebarShown"]
        page.keyboard.press("Escape")
        page.wait_for_timeout(200)
        assert page.evaluate(SIDEBAR_STATE, which)["tooltips"] == 0, "a tooltip stayed"
    if width == "390":  # a section chosen in the contents menu: the menu closes and the page is at the section
        press(visible_toggle(page, "secondary"))
        link = page.locator("#pst-secondary-sidebar-modal a[href^='#']").nth(1)
        target = link.get_attribute("href")
        press(link)
        page.wait_for_timeout(500)
        assert not page.evaluate(SIDEBAR_STATE, "secondary")["dialog"]
        assert page.url.endswith(target)
        # the theme scrolls smoothly: on a loaded machine the scroll may still be under way after 500 ms (a clean
        # clone failed here at y = 490), so wait up to 5 s for the section to reach the top half, then assert
        try:
            page.wait_for_function("([id, h]) => { const e = document.getElementById(id); "
                                   "return e !== null && e.getBoundingClientRect().top < h; }",
                                   arg=[target[1:], VIEWPORTS[width]["height"] / 2], timeout=5000)
        except PlaywrightTimeoutError:
            pass  # the assertion below reports where the section is
        assert page.locator(f"[id='{target[1:]}']").bounding_box()["y"] < VIEWPORTS[width]["height"] / 2
    assert errors == []
    page.context.close()


@pytest.mark.parametrize("width", ["390", "1366"])
def test_theme_toggle_keeps_focus_and_switches(site, browser, width):
    errors: list[str] = []
    page = themed_page(browser, site + "book/overview.html", VIEWPORTS[width], errors, mode="light")
    button = page.locator(".theme-switch-button").first
    button.focus()
    modes = [page.evaluate("document.documentElement.dataset.mode")]
    for _ in range(3):  # light, dark, system: each press switches and focus stays on the button
        page.keyboard.press("Enter")
        page.wait_for_timeout(200)
        modes.append(page.evaluate("document.documentElement.dataset.mode"))
        assert page.evaluate("document.activeElement.classList.contains('theme-switch-button')"), modes
    assert "dark" in modes and len(set(modes)) == 3, modes
    if width == "390":  # a tap too, with no tooltip left over the icons
        button.tap()
        page.wait_for_timeout(400)
        assert page.locator(".tooltip.show").count() == 0
    assert errors == []
    page.context.close()


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("width", ["390", "1366"])
def test_keyboard_one_tab_stop_per_citation_and_the_card_by_request(site, browser, width, mode):
    errors: list[str] = []
    page = themed_page(browser, site + "book/overview.html", VIEWPORTS[width], errors, mode=mode)
    refs = page.locator("main a.bf-ref")
    first = refs.nth(0)
    first.scroll_into_view_if_needed()
    first.focus()
    # Tab goes from marker to marker (or other links), never into a card
    for _ in range(12):
        page.keyboard.press("Tab")
        assert page.evaluate("!document.activeElement.closest('.bf-pop')"), "Tab entered a card"
        assert page.locator(".bf-pop.bf-open").count() == 0, "focus opened a card"
    # Space opens the card without scrolling the page; Space again closes it
    first.focus()
    y = page.evaluate("scrollY")
    page.keyboard.press(" ")
    card = page.locator(".bf-pop.bf-open")
    card.wait_for(state="visible", timeout=2000)
    assert abs(page.evaluate("scrollY") - y) < 2
    assert first.get_attribute("aria-expanded") == "true"
    page.keyboard.press(" ")
    card.wait_for(state="hidden", timeout=2000)
    # Enter opens it; Tab goes into it; Escape there closes it, returns focus to the marker and it stays closed
    page.keyboard.press("Enter")
    card.wait_for(state="visible", timeout=2000)
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('.bf-pop.bf-open')")
    page.keyboard.press("Escape")
    card.wait_for(state="hidden", timeout=2000)
    assert page.evaluate("document.activeElement.classList.contains('bf-ref')")
    page.wait_for_timeout(500)
    assert page.locator(".bf-pop.bf-open").count() == 0, "the card reopened"
    # Enter opens, a second Enter follows the link to the passage
    href = first.get_attribute("href")
    page.keyboard.press("Enter")
    card.wait_for(state="visible", timeout=2000)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("#" + href.split("#")[1]) and "/book/sources/" in page.url
    assert errors == []
    page.context.close()


@pytest.mark.parametrize("width", ["390", "1366"])
def test_markers_sit_after_punctuation_without_a_gap(site, browser, width):
    errors: list[str] = []
    bad = []
    for chapter in ["overview", "background", "positions"]:
        page = themed_page(browser, site + f"book/{chapter}.html", VIEWPORTS[width], errors)
        bad += page.evaluate("""chapter => {
          const out = [];
          for (const sup of document.querySelectorAll('main p sup.bf-cite, main li sup.bf-cite')) {
            if (sup.previousElementSibling && sup.previousElementSibling.matches('sup.bf-cite')) continue;
            const prev = sup.previousSibling, next = sup.nextSibling;
            const before = prev && prev.nodeType === 3 ? prev.textContent.replace(/\\u2060/g, '') : '';
            let after = next;
            while (after && after.nodeType === 1 && after.matches('sup.bf-cite')) after = after.nextSibling;
            const text = after && after.nodeType === 3 ? after.textContent : '';
            if (/\\s$/.test(before)) out.push(chapter + ': space before ' + sup.id);
            if (/^[.,;:!?]/.test(text)) out.push(chapter + ': punctuation after ' + sup.id);
            // no visible gap: the marker's text starts where the text before it ends
            if (prev && prev.nodeType === 3 && before.trim()) {
              const t = prev.textContent.replace(/[\\s\\u2060]+$/, '');
              const r = document.createRange(); r.setStart(prev, t.length - 1); r.setEnd(prev, t.length);
              const last = [...r.getClientRects()].pop();
              const a = sup.querySelector('a'); const ra = document.createRange(); ra.selectNodeContents(a);
              const first = ra.getClientRects()[0];
              if (last && first && Math.abs(first.top - last.top) < last.height && first.left - last.right > 2)
                out.push(chapter + ': gap of ' + Math.round(first.left - last.right) + ' px before ' + sup.id);
            }
          }
          return out; }""", chapter)
        page.context.close()
    assert bad == []
    assert errors == []


@pytest.mark.parametrize("mode", MODES)
def test_marker_states_meet_contrast(site, browser, mode):
    errors: list[str] = []
    page = themed_page(browser, site + "book/overview.html", VIEWPORTS["1366"], errors, mode=mode)
    ref = page.locator("main a.bf-ref").nth(3)
    ref.scroll_into_view_if_needed()
    ratios = {"rest": ref.evaluate(CONTRAST)}
    ref.hover()
    page.locator(".bf-pop.bf-open").wait_for(timeout=2000)
    ratios["hover, open"] = ref.evaluate(CONTRAST)
    page.mouse.move(0, 0)
    page.keyboard.press("Escape")
    ref.focus()
    ratios["focus"] = ref.evaluate(CONTRAST)
    page.mouse.move(*(lambda b: (b["x"] + 4, b["y"] + 4))(ref.bounding_box()))
    page.mouse.down()
    ratios["active"] = ref.evaluate(CONTRAST)
    page.mouse.move(0, 0)  # released away from the marker: no click, no navigation
    page.mouse.up()
    page.goto(site + "book/overview.html#" + ref.evaluate("e => e.closest('sup').id"), wait_until="networkidle")
    ratios["target"] = page.locator("main a.bf-ref").nth(3).evaluate(CONTRAST)
    low = {k: v for k, v in ratios.items() if v["ratio"] < 4.5}
    assert low == {}, low
    assert errors == []
    page.context.close()


@pytest.mark.parametrize("width", ["390", "1366"])
def test_hidden_controls_take_no_focus(site, browser, width):
    """Tabbing through a figure page, every element that takes focus can be seen (no invisible toolbar)."""
    errors: list[str] = []
    page = themed_page(browser, site + "book/positions.html", VIEWPORTS[width], errors)
    page.locator(".bf-figure").first.scroll_into_view_if_needed()
    if width == "1366":
        page.locator(".bf-figure .main-svg").first.wait_for()
    page.evaluate("document.activeElement && document.activeElement.blur()")
    hidden, seen = [], 0
    for _ in range(400):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUSED_IS_VISIBLE)
        if not state["ok"]:
            hidden.append(state["what"])
        seen += 1
        if page.evaluate("!!document.activeElement.closest('.bf-endnotes, footer')"):
            break
    assert seen > 10 and hidden == [], hidden[:10]
    assert errors == []
    page.context.close()


def test_print_fits_figures_keeps_captions_and_expands_notices(site, browser):
    errors: list[str] = []
    ctx = browser.new_context(viewport=VIEWPORTS["1366"])
    page = ctx.new_page()
    page.clock.install(time=dt.datetime(2026, 11, 15, 12, 0))  # deadlines have passed: the notice is there
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site + "book/timeline.html", wait_until="networkidle")
    page.locator(".bf-figure .main-svg").first.wait_for()
    notice = page.locator(".bf-passed details")
    assert notice.count() == 1 and not notice.evaluate("d => d.open")
    # print lays the page out narrower (A4 is about 700 px inside the margins) without plotly redrawing: here
    # each plot is made wider than its column, as it is on paper
    page.evaluate("""Promise.all([...document.querySelectorAll('.bf-figure.bf-drawn .plotly-graph-div')]
                     .map(g => Plotly.relayout(g, {width: 1200, autosize: false})))""")
    assert page.evaluate("""[...document.querySelectorAll('.bf-figure.bf-drawn')].every(f =>
                            f.querySelector('svg.main-svg').getBoundingClientRect().width > f.getBoundingClientRect().width)""")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    assert notice.evaluate("d => d.open") and notice.locator("li").first.is_visible()
    for i in range(page.locator(".bf-figure.bf-drawn").count()):
        fig = page.locator(".bf-figure.bf-drawn").nth(i)
        box, svg = fig.bounding_box(), fig.locator("svg.main-svg").first.bounding_box()
        assert svg["x"] >= box["x"] - 1 and svg["x"] + svg["width"] <= box["x"] + box["width"] + 1, (box, svg)
        # what the plot draws is inside the figure too (not cut off at its right edge)
        right = fig.evaluate("f => Math.max(...[...f.querySelectorAll('.main-svg .xtick text, .main-svg .bg')]"
                             ".map(e => e.getBoundingClientRect().right))")
        assert right <= box["x"] + box["width"] + 1, (right, box)
        # the caption follows in the same block, which does not break across pages
        cell = fig.evaluate_handle("f => f.closest('.cell_output')")
        assert cell.evaluate("c => getComputedStyle(c).breakInside") == "avoid"
        assert cell.evaluate("c => /^Figure/.test(c.innerText.trim().split('\\n').filter(Boolean).pop()"
                             " || '') || [...c.querySelectorAll('p')].some(p => /^Figure/.test(p.innerText))")
    pdf = page.pdf(format="A4")
    assert len(pdf) > 10_000
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert not notice.evaluate("d => d.open")
    assert errors == []
    ctx.close()


# --- build-time pieces, without a browser ------------------------------------------------------------------


def _hugged(parts: list[str]) -> str:
    """A paragraph of text, markers (M) and emphasis (*word) through ``hug_markers``, written back as text."""
    from types import SimpleNamespace

    from docutils import nodes

    from briefing.sphinx import html
    from briefing.sphinx.markup import ev_node

    doc, para = nodes.document(None, None), nodes.paragraph()
    for part in parts:
        para += ev_node() if part == "M" else nodes.emphasis(part[1:], part[1:]) if part.startswith("*") else nodes.Text(part)
    doc += para
    html.hug_markers(SimpleNamespace(builder=SimpleNamespace(format="html")), doc, "page")
    return "".join("[M]" if isinstance(c, ev_node) else f"<{c.astext()}>" if isinstance(c, nodes.emphasis) else str(c)
                   for c in para.children)


def test_markers_hug_the_word_and_follow_the_punctuation():
    assert _hugged(["leadership ", "M", ". Next"]) == "leadership.[M] Next"
    assert _hugged(["leadership ", "M", " ", "M", ", and"]) == "leadership,[M][M] and"
    assert _hugged(["a ", "*word", " ", "M", "."]) == "a <word>.[M]"
    assert _hugged(["x ", "M", "M", "?!"]) == "x?![M][M]"
    assert _hugged(["M", " starts"]) == "[M] starts"
    assert _hugged(["same ", "M", " same ", "M", " same."]) == "same[M] same[M] same."


def _wide_tables(page: Path) -> list:
    """The page's tables of three columns or more, outside a figure's compact view."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [t for t in soup.select("main table") if not t.find_parent(class_="bf-fig-compact")
            and len(t.select("thead th")) >= 3]


@pytest.mark.parametrize("mode", MODES)
def test_wide_tables_are_stacked_cards_on_a_phone(site, browser, mode):
    """At 390 px no table scrolls sideways: a table of three columns or more is a stack of cards, each cell
    under its column's heading; at 1366 px it stays a table."""
    errors: list[str] = []
    # every chapter with a table of three columns or more in the built book (not a fixed list: chapters change)
    chapters = [p.stem for p in sorted((HTML / "book").glob("*.html")) if _wide_tables(p)]
    assert len(chapters) >= 2, chapters
    for chapter in chapters:
        page = themed_page(browser, site + f"book/{chapter}.html", VIEWPORTS["390"], errors, mode=mode)
        tables = page.evaluate("""() => [...document.querySelectorAll('main table')].filter(t => !t.closest('.bf-fig-compact'))
          .map(t => { const box = t.parentElement; const td = t.querySelector('tbody td[data-label]');
            return {cols: t.querySelectorAll('thead th').length, cards: t.classList.contains('bf-cards'),
                    overflow: Math.max(t.scrollWidth, box.scrollWidth) - box.clientWidth,
                    label: td ? getComputedStyle(td, '::before').content : null,
                    row: t.querySelector('tbody tr') ? getComputedStyle(t.querySelector('tbody tr')).display : null}; })""")
        assert tables, chapter
        for t in tables:
            assert t["overflow"] <= 1, (chapter, t)
            if t["cols"] >= 3:
                assert t["cards"] and t["row"] == "block" and t["label"] not in (None, "none", "normal"), (chapter, t)
        page.context.close()
    page = themed_page(browser, site + f"book/{chapters[0]}.html", VIEWPORTS["1366"], errors, mode=mode)
    assert page.evaluate("getComputedStyle(document.querySelector('table.bf-cards tbody tr')).display") == "table-row"
    page.context.close()
    assert errors == []


@pytest.mark.parametrize("mode", MODES)
def test_a_figure_grid_on_a_phone_shows_every_column(site, browser, mode):
    """At 390 px a figure's compact grid (a question per column) either fits or scrolls sideways inside its own
    focusable region, its row names held in place: no column is cut off by the page (the positions grid's
    fourth and fifth columns were clipped, out of reach)."""
    errors: list[str] = []
    pages = [p.stem for p in sorted((HTML / "book").glob("*.html"))
             if 'class="bf-fig-table"' in p.read_text(encoding="utf-8")]
    assert pages, "no figure grid in the built book"
    for chapter in pages:
        page = themed_page(browser, site + f"book/{chapter}.html", VIEWPORTS["390"], errors, mode=mode)
        grids = page.evaluate("""() => [...document.querySelectorAll('.bf-fig-compact table.bf-fig-table')]
          .filter(t => t.getClientRects().length).map(t => {
            const region = t.closest('[role=region]'); const box = region || t.parentElement;
            const main = document.querySelector('main').getBoundingClientRect();
            return {fits: t.getBoundingClientRect().right <= main.right + 1,
                    scrolls: !!region && getComputedStyle(region).overflowX === 'auto' && region.tabIndex === 0
                             && region.scrollWidth >= t.scrollWidth && region.getBoundingClientRect().right <= main.right + 1,
                    label: region && document.getElementById(region.getAttribute('aria-labelledby') || '-') ? document.getElementById(region.getAttribute('aria-labelledby')).textContent : null,
                    sticky: getComputedStyle(t.querySelector('tbody th')).position}; })""")
        assert grids, chapter
        for g in grids:
            assert g["fits"] or g["scrolls"], (chapter, g)
            assert g["sticky"] == "sticky" and g["label"], (chapter, g)
        page.context.close()
    assert errors == []
