"""Score the book's search on the query set (queries.csv) in the real browser.

    .venv/bin/python benchmarks/search/run.py [--build _build/html] [--label after] [--set dev|held-out|all]

Each query is typed into the built book's search page (search.html?q=…) in Debian's Chromium through
Playwright, exactly as a reader's browser runs it; the ordered result pages and the message shown are read
from the page. Per set (development, held-out) it prints and records in results-LABEL.json:

- success@1: the first result is one of the expected pages (and the message is the expected one);
- MRR: the mean of 1/rank of the first expected page (0 when none is listed or the message is wrong);
- recall: the share of queries with expected pages for which one of them is listed at all;
- message: the share of queries showing the expected kind of answer — ``results``, ``partial`` ("No page
  contains this phrase; pages with some of its words:") or ``none`` (a plain no-results message).

An expected page is a docname (``book/risks``) or a prefix ending in ``/`` (``book/sources/``: any source).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urljoin, urlparse

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
MESSAGES = ("results", "partial", "none")
PARTIAL = "No page contains this phrase"


@dataclass(frozen=True)
class Query:
    line: int
    set: str
    query: str
    kind: str
    expect: tuple[str, ...]
    message: str


def load_queries(path: Path) -> list[Query]:
    """The query set; a malformed row is an error naming the file and line."""
    out: list[Query] = []
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        want = ["set", "query", "kind", "expect", "message", "why"]
        if reader.fieldnames != want:
            raise SystemExit(f"{path}: line 1: the header must be {','.join(want)}")
        for line, row in enumerate(reader, start=2):
            expect = tuple(e for e in (row["expect"] or "").split("|") if e)
            if row["set"] not in ("dev", "held-out") or not row["query"].strip() or row["message"] not in MESSAGES:
                raise SystemExit(f"{path}: line {line}: need set dev|held-out, a query and message "
                                 f"results|partial|none; got {row}")
            if row["message"] == "results" and not expect:
                raise SystemExit(f"{path}: line {line}: a query expecting results needs expected pages")
            out.append(Query(line, row["set"], row["query"], row["kind"], expect, row["message"]))
    return out


def matches(page: str, expected: str) -> bool:
    return page.startswith(expected) if expected.endswith("/") else page == expected


def docname(href: str, base: str) -> str:
    path = urlparse(urljoin(base + "search.html", href)).path
    return path[len(urlparse(base).path):].removesuffix(".html")


WAIT = """() => {
  const out = document.getElementById('search-results');
  if (!out) return false;
  if (out.dataset.briefingSearch === 'done') return true;
  const s = out.querySelector('.search-summary');
  return !!s && /finished|did not match/.test(s.textContent);
}"""

READ = """() => {
  const out = document.getElementById('search-results');
  return {
    links: [...out.querySelectorAll('ul.search > li > a')].map(a => a.getAttribute('href')),
    text: out.innerText,
  };
}"""


def run(queries: list[Query], html: Path) -> list[dict]:
    sys.path.insert(0, str(ROOT / "scripts"))
    from playwright.sync_api import sync_playwright
    from screenshot import CHROMIUM_ARGS, serve

    server, base = serve(html)
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            for q in queries:
                started = time.perf_counter()
                page.goto(f"{base}search.html?q={quote(q.query)}", wait_until="load")
                page.wait_for_function(WAIT, timeout=30_000)
                page.wait_for_timeout(50)  # Sphinx's engine appends its last items on timers
                shown = page.evaluate(READ)
                elapsed = time.perf_counter() - started
                pages = []
                for href in shown["links"]:
                    name = docname(href, base)
                    if name not in pages:
                        pages.append(name)
                message = "none" if not pages else ("partial" if PARTIAL in shown["text"] else "results")
                rows.append(score(q, pages, message) | {"seconds": round(elapsed, 2), "errors": errors[:]})
                errors.clear()
            browser.close()
    finally:
        server.shutdown()
    return rows


def score(q: Query, pages: list[str], message: str) -> dict:
    rank = next((i + 1 for i, p in enumerate(pages) if any(matches(p, e) for e in q.expect)), None)
    right_message = message == q.message
    if q.expect:
        rr = (1 / rank if rank else 0.0) if right_message else 0.0
    else:
        rr = 1.0 if right_message else 0.0
    return {"line": q.line, "set": q.set, "query": q.query, "kind": q.kind, "expect": list(q.expect),
            "message_expected": q.message, "message": message, "rank": rank, "rr": rr,
            "success_at_1": rr == 1.0, "found": bool(rank) if q.expect else None, "pages": pages[:10]}


def summary(rows: list[dict]) -> dict:
    n = len(rows)
    with_pages = [r for r in rows if r["expect"]]
    return {"queries": n,
            "success_at_1": round(sum(r["success_at_1"] for r in rows) / n, 3) if n else None,
            "mrr": round(sum(r["rr"] for r in rows) / n, 3) if n else None,
            "recall": round(sum(bool(r["found"]) for r in with_pages) / len(with_pages), 3) if with_pages else None,
            "message": round(sum(r["message"] == r["message_expected"] for r in rows) / n, 3) if n else None}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", type=Path, default=ROOT / "_build" / "html")
    ap.add_argument("--label", default="after")
    ap.add_argument("--set", choices=["dev", "held-out", "all"], default="all")
    ap.add_argument("--queries", type=Path, default=HERE / "queries.csv")
    a = ap.parse_args()
    if not (a.build / "search.html").exists():
        raise SystemExit(f"{a.build}: no search.html: build the book first (make html)")
    queries = [q for q in load_queries(a.queries) if a.set in ("all", q.set)]
    rows = run(queries, a.build)
    sets = {name: summary([r for r in rows if r["set"] == name]) for name in ("dev", "held-out")}
    sets["all"] = summary(rows)
    for r in rows:
        flag = "ok " if r["success_at_1"] else "-- "
        print(f"{flag}{r['set']:8} {r['query'][:34]:34} {r['message']:8} rank={r['rank']} {' '.join(r['pages'][:3])}")
    for name, s in sets.items():
        print(f"{name:8} {s}")
    out = HERE / f"results-{a.label}.json"
    out.write_text(json.dumps({"summary": sets, "queries": rows}, ensure_ascii=False, indent=1) + "\n",
                   encoding="utf-8")
    print(f"written {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
