"""Page weight and load time of every page of the built book on a throttled phone (not a test: timings vary).

Usage: python benchmarks/bench_page_weight.py [BUILD_DIR] [--width 390|1366] [--runs N] [--no-throttle] [--markdown]

For each page, in a fresh Chromium context at 390 x 844 px (a phone, touch) or 1366 x 900 px (Debian's Chromium
through Playwright):

- weight: the bytes of every response the page requested until ``load`` (uncompressed: the book is served
  by Python's http.server, which does not compress), and the largest of them;
- throttled load: the same page over the Chrome DevTools protocol's network emulation of a slow 4G link
  (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up, the figures Lighthouse uses for its mobile
  profile) with the CPU slowed 4x (``Emulation.setCPUThrottlingRate``): first contentful paint and the
  ``load`` event, and on pages whose plots are shown (not on a phone) the moment every plot has drawn; the
  median of N runs (default 1), each with an empty cache.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from screenshot import CHROMIUM_ARGS, serve  # noqa: E402

SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1.6 * 1024 * 1024 / 8,
           "uploadThroughput": 750 * 1024 / 8}
CPU_SLOWDOWN = 4
VIEWPORTS = {390: {"width": 390, "height": 844}, 1366: {"width": 1366, "height": 900}}


def measure(browser, url: str, throttle: bool, width: int = 390) -> dict:
    """Bytes requested and timings of one page load in a fresh context."""
    phone = width < 600
    ctx = browser.new_context(viewport=VIEWPORTS[width], has_touch=phone, is_mobile=phone)
    page = ctx.new_page()
    sizes: dict[str, int] = {}

    def on_finished(request) -> None:
        try:
            response = request.response()
            sizes[request.url] = len(response.body()) if response is not None else 0
        except Exception:  # noqa: BLE001 - a redirect, an aborted body, or the context already closed
            sizes.setdefault(request.url, 0)

    page.on("requestfinished", on_finished)
    cdp = ctx.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    if throttle:
        cdp.send("Network.emulateNetworkConditions", SLOW_4G)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    page.goto(url, wait_until="load", timeout=180_000)
    timing = page.evaluate("""() => ({
        fcp: (performance.getEntriesByName('first-contentful-paint')[0] || {startTime: -1}).startTime,
        load: performance.timing.loadEventStart - performance.timing.navigationStart})""")
    timing["drawn"] = -1.0  # every plot drawn (this book's figures, where plots are shown; not measured on older builds)
    if page.locator(".bf-fig-plot").count() and page.evaluate(
            "!!window.bfFigures && [...document.querySelectorAll('.bf-fig-plot')].some(p => p.getClientRects().length)"):
        page.wait_for_function("[...document.querySelectorAll('.bf-fig-plot')].filter(p => p.getClientRects().length)"
                               ".every(p => p.closest('.bf-figure').classList.contains('bf-drawn'))", timeout=180_000)
        timing["drawn"] = page.evaluate("performance.now()")
    page.wait_for_load_state("networkidle")  # bytes requested after load (plotly.js) are counted too
    ctx.close()
    biggest = max(sizes.items(), key=lambda kv: kv[1]) if sizes else ("", 0)
    return {"bytes": sum(sizes.values()), "requests": len(sizes), "fcp": timing["fcp"], "load": timing["load"],
            "drawn": timing["drawn"],
            "biggest": (biggest[0].rsplit("/", 1)[-1].split("?")[0], biggest[1])}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("build", nargs="?", default=str(ROOT / "_build"))
    ap.add_argument("--width", type=int, choices=sorted(VIEWPORTS), default=390)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--no-throttle", action="store_true")
    ap.add_argument("--markdown", action="store_true", help="print a Markdown table")
    a = ap.parse_args()
    from playwright.sync_api import sync_playwright

    html = Path(a.build) / "html"
    pages = sorted(p.relative_to(html).as_posix() for p in (html / "book").rglob("*.html"))
    server, base = serve(html)
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for rel in pages:
                runs = [measure(browser, base + rel, not a.no_throttle, a.width) for _ in range(a.runs)]
                row = {"page": rel, "bytes": runs[0]["bytes"], "requests": runs[0]["requests"],
                       "biggest": runs[0]["biggest"],
                       "fcp": statistics.median(r["fcp"] for r in runs),
                       "load": statistics.median(r["load"] for r in runs),
                       "drawn": statistics.median(r["drawn"] for r in runs)}
                rows.append(row)
                if not a.markdown:
                    print(f"{row['bytes'] / 1e6:6.2f} MB {row['requests']:3d} req  FCP {row['fcp'] / 1000:5.1f} s  "
                          f"load {row['load'] / 1000:5.1f} s  plots {row['drawn'] / 1000:5.1f} s  largest {row['biggest'][0]} "
                          f"({row['biggest'][1] / 1e6:.2f} MB)  {rel}", flush=True)
            browser.close()
    finally:
        server.shutdown()
    if a.markdown:
        print("| page | weight (MB) | requests | first paint (s) | load (s) | plots drawn (s) |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for r in rows:
            drawn = f"{r['drawn'] / 1000:.1f}" if r["drawn"] >= 0 else ""
            print(f"| `{r['page']}` | {r['bytes'] / 1e6:.2f} | {r['requests']} | {r['fcp'] / 1000:.1f} | "
                  f"{r['load'] / 1000:.1f} | {drawn} |")


if __name__ == "__main__":
    main()
