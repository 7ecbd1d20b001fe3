"""Accessibility of the built HTML book: axe-core (installed by setup from npm, tools/) over every page in
Debian's Chromium, in light and dark mode. No critical, serious or moderate violation may remain — the project's
own markup and the theme's, which the project repairs (tools/../static/theme-a11y.js, the citation list).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HTML = Path(os.environ.get("BRIEFING_BUILD", ROOT / "_build")) / "html"
AXE = ROOT / "tools" / "node_modules" / "axe-core" / "axe.min.js"

RUN_AXE = """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
  .filter(v => v.impact === "serious" || v.impact === "critical" || v.impact === "moderate")
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
def axe() -> str:
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make setup` (npm ci in tools/)")
    return AXE.read_text(encoding="utf-8")


@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize("mode", ["light", "dark"])
def test_no_serious_or_critical_violations_on_any_page(site, browser, axe, mode, width):
    """Every page on a desktop and on a phone (where figures are compact views and tables stacked cards)."""
    found: dict[str, list[str]] = {}
    pages = _pages()
    assert len(pages) >= 10, pages
    phone = width < 600
    page = browser.new_context(viewport={"width": width, "height": 900 if not phone else 844}, has_touch=phone,
                               is_mobile=phone).new_page()
    page.add_init_script(f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');")
    for path in pages:
        page.goto(site + path.relative_to(HTML).as_posix(), wait_until="load")
        assert page.evaluate("document.documentElement.dataset.theme") == mode
        page.evaluate(axe)
        violations = page.evaluate(RUN_AXE)
        if violations:
            found[path.relative_to(HTML).as_posix()] = violations
    page.context.close()
    assert not found, "\n".join(f"{page}: {v}" for page, vs in found.items() for v in vs)
