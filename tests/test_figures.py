"""The book's figures: safe text for plotly, accessible HTML, list views, print size, and in Chromium at
1366 and 390 px no overlapping labels, a wide plot area, the list view on phones, plotly.js only where needed.

The browser tests run on the built book (BRIEFING_BUILD, default ROOT/_build): `make html` first.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import pytest

from briefing import charts
from briefing.evidence import default_registry
from briefing.figures import COMPACT_ROWS, PDF_TEXT_WIDTH_PT, PRINT_WIDTH, Entry, Figure, grid_summary, plotly_text
from briefing.sphinx.figure_assets import page_has_figure
from briefing.tables import IMPACT_ORDER, LIKELIHOOD_ORDER, load_table
from helpers import notebook_figures
from reader_checks import CONTRAST, DESKTOP, MODES, PHONE, VIEWPORTS, new_page

ROOT = Path(__file__).resolve().parents[1]
HTML = Path(os.environ.get("BRIEFING_BUILD", ROOT / "_build")) / "html"
FIGURE_PAGES = notebook_figures()  # {"book/timeline.html": 1, …}, from the committed notebooks


@pytest.fixture(scope="module")
def registry():
    return default_registry()


@pytest.fixture(scope="module")
def figures(registry) -> list[Figure]:
    return [charts.timeline(load_table("events"), registry), charts.agreement_matrix(load_table("claims"), registry),
            charts.risk_matrix(load_table("risks")),
            charts.positions_matrix(load_table("positions"), load_table("actors"), registry)]


def test_plotly_text_escapes_markup_but_not_quotes():
    assert plotly_text('<a href="x">A & "B"</a>') == '&lt;a href="x"&gt;A &amp; "B"&lt;/a&gt;'


def _all_text(fig) -> list[str]:
    out = []
    for trace in fig.data:
        for attr in ("hovertext", "text", "y", "x"):
            value = getattr(trace, attr, None)
            if value is None:
                continue
            flat = value if isinstance(value, (list, tuple)) else [value]
            for v in flat:
                out.extend(v if isinstance(v, (list, tuple)) else [v])
    return [v for v in out if isinstance(v, str)]


def test_no_html_entities_plotly_cannot_decode_and_no_links(figures):
    for f in figures:
        texts = _all_text(f.fig)
        assert texts, f.name
        for t in texts:
            assert "&quot;" not in t and "&#x27;" not in t, (f.name, t[:80])
            assert not re.search(r"<a\b|<(?!/?(b|i|br)>)", t), (f.name, t[:120])


def test_hostile_data_stays_text(registry):
    events = load_table("events").head(3).copy()
    events.loc[events.index[0], "label"] = '<a href="javascript:alert(1)">click</a> & "x"'
    f = charts.timeline(events, registry)
    texts = " ".join(_all_text(f.fig))
    assert "<a " not in texts and "&lt;a href=\"javascript:alert(1)\"&gt;" in texts
    page = f.html()
    assert '<a href="javascript' not in page and "&lt;a href=&quot;javascript:alert(1)&quot;&gt;" in page


def test_row_labels_are_whole_and_get_the_room_they_need(registry):
    """A row label of any length prints whole (no '…'), never broken after the hyphen of a name
    ("al-/Sudani"), and the figure grows by the lines it takes, for the timeline and the positions grid."""
    events = load_table("events").copy()
    long = ("Mohammed Shia al-Sudani and the Coordination Framework announce the agreement with the coalition "
            "states on a two-phase timetable for al-Asad and al-Harir")
    events.loc[events.index[0], "label"] = long
    before, after = charts.timeline(load_table("events"), registry), charts.timeline(events, registry)
    actors = load_table("actors").copy()
    actors.loc[actors.index[0], "name"] = long
    grids = (charts.positions_matrix(load_table("positions"), load_table("actors"), registry),
             charts.positions_matrix(load_table("positions"), actors, registry))
    for old, new, rows in ((before, after, list(after.fig.layout.yaxis.categoryarray)),
                           (grids[0], grids[1], [str(y) for y in grids[1].fig.data[0].y])):
        assert long in [r.replace("<br>", " ") for r in rows]
        assert not [r for r in rows if "…" in r or re.search(r"-<br>", r)]
        lines = max(r.count("<br>") + 1 for r in rows)
        assert lines > 2 and new.height >= (15 * lines + 6) * len(rows) > old.height  # 15 px a line, each row


def test_printed_quotes_change_the_rows_and_their_order_alike(registry):
    """In print a label's quotation marks are curled: in the axis order and in every trace's values alike, so no
    row is printed twice (once as ordered, once as plotted), as the timeline's 'this month' row was."""
    events = load_table("events").copy()
    events.loc[events.index[0], "label"] = "The agreement expected 'this month' and the coalition's tasks"
    for f in (charts.timeline(events, registry),
              charts.positions_matrix(load_table("positions"), load_table("actors"), registry)):
        printed = f.print_figure()
        order = [str(c) for c in printed.layout.yaxis.categoryarray]
        plotted = {str(y) for t in printed.data if t.y is not None for y in t.y if isinstance(y, str)}
        assert plotted <= set(order), (f.name, sorted(plotted - set(order))[:3])
        assert not [r for r in order if "'" in r], f.name
    assert any("“this month”" in r for r in order_of(charts.timeline(events, registry)))


def test_printed_row_labels_fit_their_rows_when_the_figure_is_capped(registry):
    """A figure taller than a printed page is capped (PRINT_MAX_HEIGHT), so its rows share less height than on
    screen; each printed label then takes no more lines (15 px each) than its row holds, and none is lost: every
    row keeps a label (a tick on a curled category, as the timeline's 'this month' row needs)."""
    from briefing.figures import PRINT_MAX_HEIGHT

    events = load_table("events").copy()
    events.loc[events.index[0], "label"] = ("Mohammed Shia al-Sudani's government announces the agreement "
                                            "expected 'this month' with the coalition")
    for f, chrome in ((charts.timeline(events, registry), 180), (charts.timeline(load_table("events"), registry), 180)):
        assert f.height > PRINT_MAX_HEIGHT  # the case at issue: capped in print
        printed = f.print_figure()
        axis = printed.layout.yaxis
        rows = [str(c) for c in axis.categoryarray]
        labels = dict(zip(map(str, axis.tickvals), map(str, axis.ticktext)))
        assert set(labels) == set(rows), sorted(set(rows) - set(labels))[:3]
        pitch = (f.print_height - chrome) / len(rows)
        assert max(t.count("<br>") + 1 for t in labels.values()) * 15 <= pitch, pitch
        assert [labels[r].replace("<br>", " ") for r in rows] == [r.replace("<br>", " ") for r in rows]


def order_of(f: Figure) -> list[str]:
    return [str(c) for c in f.print_figure().layout.yaxis.categoryarray]


def test_figure_html_is_described_not_an_image_and_has_a_list_view(figures):
    for f in figures:
        page = f.html()
        assert 'role="img"' not in page
        ident = f"fig-{f.name}-desc"
        assert f'aria-describedby="{ident}"' in page and f'id="{ident}"' in page
        # every entry in full behind "Show all", and a summary of at most COMPACT_ROWS rows before it
        assert page.count('<li><span class="bf-entry-head">') - len(f.entries[:COMPACT_ROWS]) * (
            grid_summary(f.fig) is None) == len(f.entries) > 0
        assert f'<summary>Show all {len(f.entries)} entries' in page
        assert f'window.bfFigures = window.bfFigures || []).push({{id: "fig-{f.name}"' in page  # drawn on demand


def test_arabic_in_list_view_is_marked_rtl():
    item = Entry(heading="H", arabic="عين الأسد").html()
    assert '<span class="bf-entry-ar" lang="ar" dir="rtl">عين الأسد</span>' in item


def test_timeline_merges_same_deadline_plans_with_source_count(registry):
    events = load_table("events")
    merged = charts.merge_events(events, registry)
    plans = events[events["kind"] == "plan"]
    assert len(merged) == len(events) - len(plans) + plans["date"].nunique()
    sept = merged[(merged["kind"] == "plan") & (merged["date"] == "2026-09")].iloc[0]
    assert len(sept["members"]) == 3 and sept["sources"] == 3
    # three sources describing the deadline three ways: no one source's wording labels the row
    assert len({m.label for m in sept["members"]}) == 3 and sept["label"] == "Plans due September 2026"
    one_label = events.assign(label="Phase two due")
    assert set(charts.merge_events(one_label, registry)["label"]) == {"Phase two due"}
    assert len(merged[merged["kind"] == "event"]) == len(events[events["kind"] == "event"])


def test_timeline_focus_panel_has_month_ticks(figures):
    layout = figures[0].fig.layout
    assert layout.xaxis2.dtick == "M6" and layout.xaxis2.minor.dtick == "M1"
    assert str(layout.xaxis2.range[0]).startswith("2022-12")


def test_agreement_status_per_cell():
    assert charts.claim_status(["a", "a", "b"], "a") == "corroborated"
    assert charts.claim_status(["a", "a", "b"], "b") == "conflicting"
    assert charts.claim_status(["a"], "a") == "single source"
    # a broader date containing the other, or a range containing a count, is less precise, not contrary
    assert charts.claim_status(["2025", "2025-09"], "2025") == "differs in precision"
    assert charts.claim_status(["2025", "2025-09-17"], "2025-09-17") == "differs in precision"
    assert charts.claim_status(["2000-2500", "2500"], "2000-2500") == "differs in precision"
    assert charts.claim_status(["2025", "2025-09", "2024-03"], "2025") == "conflicting"


def test_agreement_status_for_facts_that_hold_as_of_their_report():
    """Contrary values of a fact that changes (a process's state, a date set or expected) differ by reporting
    date when reported on different dates, and still conflict when reported on the same date."""
    assert charts.claim_status(["none", "pending"], "none", [1, 2]) == "differs by reporting date"
    assert charts.claim_status(["none", "pending"], "none", [1, 1]) == "conflicting"
    assert charts.claim_status(["none", "pending"], "none") == "conflicting"  # a fixed fact
    assert charts.claim_status(["2025-mid", "2025-09", "2025"], "2025-09", [1, 2, 3]) == "differs by reporting date"
    assert charts.claim_status(["2025-mid", "2025"], "2025-mid", [1, 1]) == "differs in precision"
    # an expected date inside a deadline agrees with it, from one report or two; one after it does not
    assert charts.claim_status(["2025-mid", "by-2025-09"], "2025-mid", [1, 2]) == "differs in precision"
    assert charts.claim_status(["2025-end", "by-2025-09"], "by-2025-09", [1, 1]) == "conflicting"


def _drawn(fig, status: str) -> set[str]:
    trace = {t.name: t for t in fig.data}[charts.STATUS_STYLE[status]["name"]]
    return {html.unescape(y) for y in trace.y}


def test_agreement_grid_marks_each_class_on_real_claims(figures, registry):
    """On data/claims.csv: the announcement's states differ by reporting date; a topic whose values nest (the
    officer's mid-2025 expectation inside the September 2025 deadline) differs in precision. A topic whose dates
    nest (real passages, a value keyed at year precision) is drawn as differing in precision; the same
    topic given two dates that cannot both hold, as a fixed past event, is drawn as conflicting."""
    from briefing.precision import consistent

    fig = figures[1].fig
    by_date = _drawn(fig, "differs by reporting date")
    assert "Announcement of the timetable" in by_date
    claims = load_table("claims")
    nests = [t for t, g in claims.groupby("topic", sort=False) if len(set(g["value_key"])) > 1
             and all(consistent(a, b) for a in g["value_key"] for b in g["value_key"])]
    assert nests and set(nests) <= _drawn(fig, "differs in precision") - by_date
    assert not by_date & _drawn(fig, "conflicting")
    topic = claims[claims["topic"] == nests[0]]
    nested = topic.assign(value_key=["2025"] + ["2025-09"] * (len(topic) - 1), holds="fixed")
    grid = charts.agreement_matrix(nested, registry).fig
    assert _drawn(grid, "differs in precision") == {nests[0]}
    assert not _drawn(grid, "conflicting")
    clashing = topic.assign(value_key=["2023-01"] + ["2024-01"] * (len(topic) - 1), holds="fixed")
    grid = charts.agreement_matrix(clashing, registry).fig
    assert _drawn(grid, "conflicting") == {nests[0]}
    assert not _drawn(grid, "differs in precision")


def test_agreement_grid_encodes_status_by_colour_and_shape_with_legend(figures):
    fig = figures[1].fig
    names = [t.name for t in fig.data]
    assert len(names) == len(charts.STATUS_STYLE) == 5 and all(t.showlegend is not False for t in fig.data)
    assert len({t.marker.symbol for t in fig.data}) == 5 and len({t.marker.color for t in fig.data}) == 5


def test_risk_markers_never_overlap():
    cells = [(3, 1)] * 4 + [(4, 1)] * 3 + [(2, 1)] + [(3, 2)] * 4 + [(4, 2)] + list(zip(
        [LIKELIHOOD_ORDER.index(v) for v in load_table("risks")["likelihood"]],
        [IMPACT_ORDER.index(v) + 10 for v in load_table("risks")["impact"]]))
    pts = [(x + dx, y + dy) for (x, y), (dx, dy) in zip(cells, charts.risk_offsets(cells))]
    for i, a in enumerate(pts):
        for b in pts[i + 1:]:
            assert abs(a[0] - b[0]) >= charts.RISK_STEP_X - 1e-9 or abs(a[1] - b[1]) >= charts.RISK_STEP_Y - 1e-9


def test_print_fonts_at_least_8pt(figures):
    for f in figures:
        pf = f.print_figure()
        sizes = [pf.layout.font.size] + [t.textfont.size for t in pf.data if getattr(t, "textfont", None)
                                         and t.textfont.size is not None]
        assert min(sizes) * PDF_TEXT_WIDTH_PT / PRINT_WIDTH >= 8, (f.name, sizes)



def test_the_print_export_is_a_vector_pdf_reproduced_byte_for_byte(figures):
    """The PDF a figure prints from: one page PRINT_WIDTH px (0.75 pt each) wide, its labels text in an embedded
    TrueType face (no Type 3, no raster), and the same bytes on every run (the notebooks' outputs are compared)."""
    import pymupdf

    data = figures[2].pdf()
    assert data == figures[2].pdf()
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        assert len(doc) == 1 and abs(doc[0].rect.width - PRINT_WIDTH * 0.75) < 0.5
        assert not doc[0].get_images()
        fonts = doc[0].get_fonts()
        assert fonts and all(f[2] == "TrueType" or f[2] == "Type0" for f in fonts), fonts
        assert "likely" in doc[0].get_text()


def test_page_has_figure():
    assert page_has_figure('<div id="fig-x" class="plotly-graph-div" style="">')
    assert not page_has_figure("<p>plotly-graph-div is mentioned in prose</p>")


# --- in the browser, on the built book -----------------------------------------------------------


def _overlaps(boxes: list[dict]) -> list[tuple[str, str]]:
    bad = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            dx = min(a["r"], b["r"]) - max(a["l"], b["l"])
            dy = min(a["b"], b["b"]) - max(a["t"], b["t"])
            if dx > 1 and dy > 1:
                bad.append((a["text"], b["text"]))
    return bad


TEXT_BOXES = """fig => [...fig.querySelectorAll('.main-svg text')].filter(t => t.textContent.trim()
  && !t.closest('.hoverlayer') && !t.closest('.legend') && getComputedStyle(t).display !== 'none')
  .map(t => { const r = t.getBoundingClientRect();
    return {text: t.textContent, l: r.left, r: r.right, t: r.top, b: r.bottom}; })
  .filter(b => b.r - b.l > 0)"""
PLOT_SHARE = """fig => { const w = fig.querySelector('.main-svg').getBoundingClientRect().width;
  const rs = [...fig.querySelectorAll('.nsewdrag')].map(d => d.getBoundingClientRect());
  return (Math.max(...rs.map(r => r.right)) - Math.min(...rs.map(r => r.left))) / w; }"""


@pytest.mark.parametrize("page_name", sorted(FIGURE_PAGES))
def test_desktop_figures_read(site, browser, page_name):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(site + page_name, wait_until="networkidle")
    figs = page.locator(".bf-figure .plotly-graph-div")
    assert figs.count() == FIGURE_PAGES[page_name]
    for i in range(figs.count()):
        fig = figs.nth(i)
        fig.locator(".main-svg").first.wait_for()
        assert _overlaps(fig.evaluate(TEXT_BOXES)) == [], page_name
        assert fig.evaluate(PLOT_SHARE) >= 0.6, page_name
        assert page.locator(".bf-fig-compact").nth(i).is_hidden()
    page.close()


PLOTLY_REQUESTED = "plotly-briefing.min.js"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("page_name", sorted(FIGURE_PAGES))
def test_phone_figures_are_compact_and_in_the_theme(site, browser, page_name, mode):
    """At 390 px each figure is a summary of at most 1.5 screens, with every entry behind "Show all", on the
    page's own background in either theme; the phone never downloads plotly.js for it."""
    errors: list[str] = []
    requested: list[str] = []
    page = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page.add_init_script(f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');")
    page = page.new_page()
    page.on("request", lambda r: requested.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(site + page_name, wait_until="networkidle")
    figures = page.locator(".bf-figure")
    assert figures.count() == FIGURE_PAGES[page_name]
    for i in range(figures.count()):
        fig = figures.nth(i)
        height = fig.bounding_box()["height"]
        assert height <= 1.5 * PHONE["height"], (page_name, i, height)
        assert fig.locator(".bf-fig-plot").is_hidden() and fig.locator(".bf-fig-compact").is_visible()
        summary = fig.locator(".bf-fig-table tbody tr, .bf-fig-summary > li")
        assert summary.count() > 0
        more = fig.locator("details.bf-fig-more")
        assert more.locator("summary").is_visible() and more.locator(".bf-fig-list").is_hidden()
        # readable in the theme: text against the background it is drawn on
        for sel in (".bf-fig-table th, .bf-fig-summary .bf-entry-head", "details.bf-fig-more > summary", "button.bf-fig-show"):
            c = fig.locator(sel).first.evaluate(CONTRAST)
            assert c["ratio"] >= 4.5, (page_name, mode, sel, c)
            assert (c["bgLum"] < 0.2) == (mode == "dark"), (page_name, mode, sel, c)  # no light panel in dark mode
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    assert not any(PLOTLY_REQUESTED in u for u in requested) and page.evaluate("typeof window.Plotly") == "undefined"
    assert errors == []
    page.context.close()


def test_phone_shows_all_entries_and_the_chart_on_request(site, browser):
    errors: list[str] = []
    page = new_page(browser, site + "book/positions.html", PHONE, errors)
    fig = page.locator(".bf-figure").first
    entries = fig.locator(".bf-fig-list > li")
    total = entries.count()
    assert total > fig.locator(".bf-fig-table tbody tr, .bf-fig-summary > li").count() or total > 0
    fig.locator("details.bf-fig-more > summary").tap()
    assert fig.locator(".bf-fig-list").is_visible() and entries.nth(total - 1).is_visible()
    assert fig.locator(".bf-fig-list [lang='ar']").count() > 0  # each entry with its passage
    show = fig.locator("button.bf-fig-show")
    assert show.get_attribute("aria-expanded") == "false"
    show.tap()
    fig.locator(".plotly-graph-div g.hm, .plotly-graph-div g.trace").first.wait_for(timeout=20000)
    assert show.get_attribute("aria-expanded") == "true" and show.inner_text() == "Hide the interactive chart"
    box = fig.locator(".plotly-graph-div").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1
    show.tap()
    assert fig.locator(".bf-fig-plot").is_hidden()
    assert errors == []


@pytest.mark.parametrize("viewport", ["390", "1366"])
def test_first_paragraph_of_every_chapter_within_two_screens(site, browser, viewport):
    """Whatever a chapter opens with (a notice, a figure, a table), its first paragraph of prose starts within
    the first two screens."""
    errors: list[str] = []
    vp = VIEWPORTS[viewport]
    for chapter in ["overview", "background", "timeline", "positions", "risks", "methodology"]:
        page = new_page(browser, site + f"book/{chapter}.html", vp, errors)
        top = page.evaluate("""() => {
          const skip = 'figure, table, .bf-passed, .bf-fig-compact, .bf-endnotes, nav, header, .caption, .admonition';
          const p = [...document.querySelectorAll('main article p')].find(p => !p.closest(skip)
              && !/^(Figure|Table)\\b/.test(p.innerText.trim()) && p.innerText.trim().split(/\\s+/).length >= 12);
          return p ? p.getBoundingClientRect().top + scrollY : null; }""")
        assert top is not None and top < 2 * vp["height"], (chapter, top)
        page.context.close()
    assert errors == []


@pytest.mark.parametrize("mode", MODES)
def test_plots_follow_the_theme_and_switch_with_it(site, browser, mode):
    errors: list[str] = []
    page = new_page(browser, site + "book/timeline.html", DESKTOP, errors, mode=mode)
    gd = page.locator(".bf-figure .plotly-graph-div").first
    gd.locator(".main-svg").first.wait_for()
    # the colours plotly resolved, as rgb()/rgba() (the browser parses hex and names)
    state = """gd => { const rgb = c => { const d = document.createElement('i'); d.style.color = c; document.body.append(d);
      const v = getComputedStyle(d).color; d.remove(); return v; };
      const L = gd._fullLayout; return {font: rgb(L.font.color), paper: rgb(L.paper_bgcolor), grid: rgb(L.xaxis.gridcolor)}; }"""

    def luminance(color: str) -> float:
        nums = [float(x) for x in re.findall(r"[\d.]+", color)]
        return -1.0 if len(nums) > 3 and nums[3] == 0 else sum(nums[:3]) / (3 * 255)  # -1: transparent

    def check(theme: str) -> None:
        s = gd.evaluate(state)
        if theme == "dark":  # light text, no white panel (transparent or dark), dim grid
            assert luminance(s["font"]) > 0.7 and luminance(s["paper"]) < 0.2 and luminance(s["grid"]) < 0.4, s
        else:
            assert luminance(s["font"]) < 0.4 and luminance(s["paper"]) > 0.9, s
        text = page.locator(".bf-figure .main-svg .xtick text").first
        assert text.evaluate(CONTRAST)["ratio"] >= 4.5 or theme == "light"

    check(mode)
    other = "light" if mode == "dark" else "dark"
    page.evaluate(f"document.documentElement.dataset.theme = '{other}'")
    page.wait_for_function(f"() => {{ const g = document.querySelector('.bf-figure .plotly-graph-div');"
                           f" const d = document.createElement('i'); d.style.color = g._fullLayout.paper_bgcolor;"
                           f" document.body.append(d); const v = getComputedStyle(d).color; d.remove();"
                           f" return (v === 'rgba(0, 0, 0, 0)') === ('{other}' === 'dark'); }}", timeout=5000)
    check(other)
    assert errors == []


def test_toolbar_has_no_cloud_buttons_and_no_logo_link(site, browser):
    errors: list[str] = []
    page = new_page(browser, site + "book/positions.html", DESKTOP, errors)
    gd = page.locator(".bf-figure .plotly-graph-div").first
    gd.locator(".main-svg").first.wait_for()
    gd.hover()
    titles = page.eval_on_selector_all(".modebar-btn", "els => els.map(e => e.getAttribute('data-title') || '')")
    assert titles and "Download plot as a PNG" in " ".join(titles)
    assert not [t for t in titles if re.search(r"cloud|share|chart studio|edit|upload", t, re.I)], titles
    assert page.locator(".modebar a[href], .modebar-btn--logo").count() == 0
    assert page.locator("a[href*='plot.ly'], a[href*='plotly.com'], a[href*='chart-studio']").count() == 0
    assert errors == []


def test_figure_script_only_on_pages_with_figures_and_deferred(site, browser):
    pages = sorted(p.relative_to(HTML).as_posix() for p in (HTML / "book").rglob("*.html"))
    for rel in pages:
        text = (HTML / rel).read_text(encoding="utf-8")
        tags = re.findall(r"<script[^>]*(?:briefing-figures\.js|plotly)[^>]*>", text)
        if rel in FIGURE_PAGES:
            assert len(tags) == 1 and "defer" in tags[0] and "briefing-figures.js" in tags[0], rel
        else:
            assert tags == [], rel


# --- the plotly.js bundle the book serves ----------------------------------------------------------------

BUNDLE = ROOT / "src" / "briefing" / "static" / "vendor" / "plotly"


def test_vendored_plotly_bundle_matches_plotly_py_and_holds_every_trace_drawn(figures):
    """The partial bundle is plotly.js at the version plotly.py writes figures for, with its licence, and
    registers every trace type the book's figures use (scatter is in plotly.js's core)."""
    import plotly.offline

    head = (BUNDLE / "plotly-briefing.min.js").read_text(encoding="utf-8")[:300]
    version = re.search(r"plotly\.js (\d+\.\d+\.\d+)", head)
    assert version and version.group(1) == plotly.offline.get_plotlyjs_version(), head
    assert "MIT" in (BUNDLE / "LICENSE").read_text(encoding="utf-8")
    assert "plotly.js " + version.group(1) in (BUNDLE / "THIRD_PARTY.txt").read_text(encoding="utf-8")
    entry = (ROOT / "tools" / "plotly-bundle" / "entry.js").read_text(encoding="utf-8")
    registered = {"scatter"} | set(re.findall(r"require\('plotly\.js/lib/([a-z0-9]+)'\)", entry))
    drawn = {trace.type for f in figures for trace in f.fig.data}
    assert drawn <= registered, drawn - registered


def test_no_cloud_in_the_figure_config(figures):
    page = figures[0].html()
    assert '"displaylogo": false' in page and '"showSendToCloud": false' in page
    assert "plot.ly" not in page and "chart-studio" not in page.lower()


def test_a_heatmap_prints_as_vector_cells_with_its_categories_in_order():
    """plotly paints a heatmap as a raster image even in its PDF export: in print each cell with a value is a
    rectangle of its colour, its text a text trace, the axes keep their categories and order."""
    import plotly.graph_objects as go

    from briefing.figures import heatmaps_as_shapes

    heat = go.Heatmap(z=[[0, None], [1, 2]], x=["a", "b"], y=["row 'one'", "row two"], text=[["x", ""], ["y", "z"]],
                      texttemplate="%{text}", zmin=-0.5, zmax=2.5, xgap=3, ygap=3,
                      colorscale=[[0, "#000000"], [1 / 3, "#000000"], [1 / 3, "#808080"], [2 / 3, "#808080"],
                                  [2 / 3, "#ffffff"], [1, "#ffffff"]])
    fig = go.Figure(heat)
    fig.update_layout(yaxis={"autorange": "reversed"})
    out = heatmaps_as_shapes(fig)
    assert [t.type for t in out.data] == ["scatter", "scatter"]
    assert len(out.layout.shapes) == 3
    assert [s.fillcolor for s in out.layout.shapes] == ["rgb(0,0,0)", "rgb(128,128,128)", "rgb(255,255,255)"]
    assert list(out.layout.yaxis.categoryarray) == ["row 'one'", "row two"] and list(out.layout.yaxis.range) == [1.5, -0.5]
    assert list(out.data[1].text) == ["x", "", "y", "z"]
    printed = Figure(fig, "heat", alt="a grid").print_figure()
    assert list(printed.layout.yaxis.categoryarray)[0] == "row “one”"


def test_each_risk_mechanism_is_printed_once_in_the_risks_chapter() -> None:
    """The fourth read found each risk's mechanism printed three times (figure list, hover, analysis): it is
    printed once, in the risk's analysis; the figure's hover and list give the rating only."""
    import json
    import re

    from briefing.myst import md_text

    risks = load_table("risks")
    fig = charts.risk_matrix(risks)
    nb = json.loads((Path(__file__).resolve().parents[1] / "book" / "risks.ipynb").read_text(encoding="utf-8"))
    printed = "".join("".join(o.get("data", {}).get("text/markdown", "")) for c in nb["cells"]
                      for o in c.get("outputs", []))
    hover = " ".join(fig.fig.data[0].hovertext)
    for r in risks.itertuples():
        escaped = str(md_text("{m}", m=r.mechanism))
        assert printed.count(escaped) == 1, (r.id, printed.count(escaped))
        assert all(r.mechanism not in e.detail for e in fig.entries), r.id
        assert re.sub(r"<br>", " ", r.mechanism[:40]) not in hover, r.id


def test_agreement_grid_shows_every_value_a_source_gives(figures, registry):
    """A source giving two values on one topic (the unidentified outlet: a government source's September 2025
    deadline and an officer's mid-2025 expectation) has both in its hover and in the list, each with its own
    status; its marker takes the less concordant. The grid once showed only the source's first row."""
    from briefing.usage import split_ids

    grid = figures[1]
    claims = load_table("claims")
    assert len(grid.entries) == len(claims)
    source = [registry.corpus[registry[split_ids(e)[0]].source] for e in claims["evidence"]]
    several = claims.assign(src=[s.outlet_en for s in source]).groupby(["topic", "src"]).filter(lambda g: len(g) > 1)
    assert not several.empty, "no source gives two values on one topic in this data"
    hovers = [(t.name, html.unescape(y), h) for t in grid.fig.data for y, h in zip(t.y, t.hovertext)]
    for (topic, outlet), group in several.groupby(["topic", "src"]):
        mine = [(name, h) for name, y, h in hovers if y == topic and f"— {outlet}:" in h]
        assert len(mine) == 1, (topic, outlet)
        for value in group["value"]:
            assert html.escape(value, quote=False).split("(")[0][:30] in mine[0][1].replace("<br>", " "), (topic, value)
        badges = [e.badge for e in grid.entries if e.heading == f"{topic} — {outlet}"]
        assert len(badges) == len(group), badges
        assert mine[0][0].lower().startswith(max(badges, key=charts.SEVERITY.index)), (mine[0][0], badges)


def test_the_timeline_table_holds_every_topic_but_the_counts():
    """The timeline's grid and table give every topic of data/claims.csv that is not a count (the counts are the
    background's figures table): a topic missing from data/topics.yaml, as the announcement's is, stays."""
    import json

    from briefing.agreement import count_topics
    from briefing.myst import md_text

    notebook = json.loads((ROOT / "book" / "timeline.ipynb").read_text(encoding="utf-8"))
    printed = "".join("".join(o.get("data", {}).get("text/markdown", "")) for c in notebook["cells"]
                      for o in c.get("outputs", []))
    counts = count_topics(ROOT)
    topics = set(load_table("claims")["topic"])
    assert counts & topics and topics - counts
    for topic in topics:
        assert (f"| {md_text('{t}', t=topic)} |" in printed) == (topic not in counts), topic
