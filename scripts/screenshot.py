"""Screenshots of built pages with Debian's Chromium (for looking at the book as a reader does).

    python scripts/screenshot.py PAGE[#anchor] OUT.png [--width 1280] [--height 900] [--mode light|dark]
                                 [--touch] [--hover SELECTOR] [--tap SELECTOR] [--full]

``--mode`` sets the reader's colour theme (as the theme's toggle stores it); ``--touch`` makes a phone
(touch events, mobile viewport); ``--tap`` taps an element before the screenshot (a menu, a control).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request: object, client_address: object) -> None:
            # a browser that closes a connection mid-file (navigating on, a test closing its page) is not an
            # error of the book; anything else is still printed
            if not isinstance(sys.exc_info()[1], ConnectionError):
                super().handle_error(request, client_address)

    handler = functools.partial(Quiet, directory=str(folder))
    server = Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("page")
    ap.add_argument("out")
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=900)
    ap.add_argument("--hover")
    ap.add_argument("--tap")
    ap.add_argument("--mode", choices=["light", "dark"], default="light")
    ap.add_argument("--touch", action="store_true")
    ap.add_argument("--full", action="store_true")
    ap.add_argument("--root", default="_build/html")
    a = ap.parse_args()
    server, base = serve(Path(a.root))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        ctx = browser.new_context(viewport={"width": a.width, "height": a.height}, has_touch=a.touch, is_mobile=a.touch)
        ctx.add_init_script(f"localStorage.setItem('mode', '{a.mode}'); localStorage.setItem('theme', '{a.mode}');")
        page = ctx.new_page()
        page.on("console", lambda m: print(f"console {m.type}: {m.text}"))
        page.goto(base + a.page, wait_until="networkidle")
        page.wait_for_timeout(500)
        if a.hover:
            page.hover(a.hover)
            page.wait_for_timeout(300)
        if a.tap:
            page.locator(a.tap).first.tap() if a.touch else page.locator(a.tap).first.click()
            page.wait_for_timeout(400)
        page.screenshot(path=a.out, full_page=a.full)
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
