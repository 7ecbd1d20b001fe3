"""The sidebar lists each source's page while the appendix is short, and only the Sources page beyond
SIDEBAR_SOURCES sources (the theme renders the whole sidebar into every page: benchmarks/bench_scale.py)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from briefing.sphinx import assets


def _configured(n_sources: int, options: dict | None = None) -> dict:
    corpus = SimpleNamespace(sources={f"s{i}": None for i in range(n_sources)}, as_of=dt.date(2025, 9, 30))
    app = SimpleNamespace(_bf_corpus=corpus)
    config = SimpleNamespace(html_static_path=[], today="", latex_elements={}, html_favicon="x",
                             html_context={}, html_theme_options=dict(options or {}))
    assets.configure(app, config)
    return config.html_theme_options


@pytest.mark.parametrize("n", [1, 5, assets.SIDEBAR_SOURCES])
def test_a_short_appendix_keeps_the_theme_default(n: int) -> None:
    assert "max_navbar_depth" not in _configured(n)


def test_a_long_appendix_lists_the_sources_page_only() -> None:
    assert _configured(assets.SIDEBAR_SOURCES + 1)["max_navbar_depth"] == 1
    assert _configured(500, {"max_navbar_depth": 3})["max_navbar_depth"] == 3  # an author's choice stands
