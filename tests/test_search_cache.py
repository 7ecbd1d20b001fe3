"""The search index's per-page blocks are cached between builds, keyed on the page and the extracting code."""

from __future__ import annotations

import json
from pathlib import Path

from briefing.sphinx import search
from briefing.sphinx.search import BlocksCache, search_index

PAGE = """<html><head><title>T</title></head><body><main><article class="bd-article">
<h1>Chapter {n}</h1><p id="p1">Phase two of the withdrawal {n}.</p></article></main></body></html>"""


def _site(tmp: Path, n: int) -> Path:
    out = tmp / "html"
    (out / "book").mkdir(parents=True, exist_ok=True)
    for doc in ("a", "b"):
        (out / "book" / f"{doc}.html").write_text(PAGE.format(n=f"{doc}{n}"), encoding="utf-8")
    return out


def test_cached_blocks_equal_fresh_ones_and_follow_the_page(tmp_path: Path, monkeypatch) -> None:
    out, cache_file = _site(tmp_path, 1), tmp_path / "cache.json"
    docs = ["book/a", "book/b"]
    fresh = search_index(out, docs)
    first = BlocksCache(cache_file)
    assert search_index(out, docs, cache=first) == fresh
    first.save()
    calls: list[str] = []
    real = search.page_blocks
    monkeypatch.setattr(search, "page_blocks", lambda html: calls.append(html) or real(html))
    again = BlocksCache(cache_file)
    assert search_index(out, docs, cache=again) == fresh and calls == []  # nothing cut again
    (out / "book" / "b.html").write_text(PAGE.format(n="b2"), encoding="utf-8")  # one page re-written
    changed = search_index(out, docs, cache=BlocksCache(cache_file))
    assert len(calls) == 1 and "b2" in calls[0]
    assert changed == search_index(out, docs) and "Chapter b2" in json.dumps(changed)


def test_a_new_extractor_or_a_damaged_cache_cuts_every_page_again(tmp_path: Path, monkeypatch) -> None:
    out, cache_file = _site(tmp_path, 1), tmp_path / "cache.json"
    docs = ["book/a", "book/b"]
    cache = BlocksCache(cache_file)
    search_index(out, docs, cache=cache)
    cache.save()
    calls: list[str] = []
    real = search.page_blocks
    monkeypatch.setattr(search, "page_blocks", lambda html: calls.append(html) or real(html))
    monkeypatch.setattr(search, "_extractor_version", lambda: "other code")
    search_index(out, docs, cache=BlocksCache(cache_file))
    assert len(calls) == 2
    monkeypatch.undo()
    cache_file.write_text("{not json", encoding="utf-8")
    assert search_index(out, docs, cache=BlocksCache(cache_file)) == search_index(out, docs)
