"""Accessibility of the built HTML book: axe-core (installed by setup from npm, tools/) over every page in
Debian's Chromium, in light and dark mode. No serious or critical violation may remain — the project's
own markup and the theme's, which the project repairs (tools/../static/theme-a11y.js, the citation list).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HTML = Path(os.environ.get("BRIEFING_BUILD", ROOT / "_build")) / "html"
AXE = ROOT / "tools" / "node_modules" / "axe-core" / "axe.min.js"
sys.path.insert(0, str(ROOT / "scripts"))
from screenshot import CHROMIUM_ARGS, serve  # noqa: E402

RUN_AXE = """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
  .filter(v => v.impact === "serious" || v.impact === "critical")
  .map(v => `${v.impact} ${v.id}: ${v.nodes.length} node(s), e.g. ${v.nodes[0].target.join(" ")}`)"""


def _pages() -> list[Path]:
    pages = []
    for path in sorted(HTML.rglob("*.html")):
        if "_static" in path.parts or path.name in ("genindex.html", "search.html"):
            continue
        if 'http-equiv="refresh"' in path.read_text(encoding="utf-8")[:4000].lower():
            continue  # redirect stub
        pages.append(path)
    return pages


@pytest.fixture(scope="module")
def site():
    if not (HTML / "book" / "overview.html").exists():
        pytest.fail(f"the HTML book is not built in {HTML}: run `make html` (or `make test`) first")
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make setup` (npm ci in tools/)")
    server, base = serve(HTML)
    yield base
    server.shutdown()


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_no_serious_or_critical_violations_on_any_page(site, mode):
    from playwright.sync_api import sync_playwright

    axe = AXE.read_text(encoding="utf-8")
    found: dict[str, list[str]] = {}
    pages = _pages()
    assert len(pages) >= 10, pages
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.add_init_script(f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');")
        for path in pages:
            page.goto(f"{site}/{path.relative_to(HTML).as_posix()}", wait_until="load")
            assert page.evaluate("document.documentElement.dataset.theme") == mode
            page.evaluate(axe)
            violations = page.evaluate(RUN_AXE)
            if violations:
                found[path.relative_to(HTML).as_posix()] = violations
        browser.close()
    assert not found, "\n".join(f"{page}: {v}" for page, vs in found.items() for v in vs)
