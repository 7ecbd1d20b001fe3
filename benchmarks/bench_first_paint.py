"""First contentful paint of every page of the built book in Debian's Chromium (not a test: timings vary).

Usage: python benchmarks/bench_first_paint.py [BUILD_DIR]   (default _build; serves BUILD_DIR/html)
Prints one line per page: FCP in ms, and whether plotly.js (the book's partial bundle) was requested.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from screenshot import CHROMIUM_ARGS, serve  # noqa: E402


def main() -> None:
    from playwright.sync_api import sync_playwright

    html = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "_build") / "html"
    pages = sorted(p.relative_to(html).as_posix() for p in (html / "book").rglob("*.html"))
    server, base = serve(html)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for rel in pages:
                page = browser.new_page(viewport={"width": 1366, "height": 900})
                requested: list[str] = []
                page.on("request", lambda r, seen=requested: seen.append(r.url))
                page.goto(base + rel, wait_until="load")
                fcp = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1")
                plotly = any(u.split("?")[0].endswith(("plotly.min.js", "plotly-briefing.min.js")) for u in requested)
                print(f"{fcp:8.0f} ms  plotly={'yes' if plotly else 'no ':3}  {rel}")
                page.close()
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
