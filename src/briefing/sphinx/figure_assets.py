"""Figure assets: plotly.min.js (4.8 MB) only on pages that hold a plotly figure, deferred so it never
blocks the first paint, and the figures' stylesheet (the narrow-screen list view)."""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

PLOTLY_MARK = 'class="plotly-graph-div"'


def page_has_figure(body: str) -> bool:
    """True when the page body holds a plotly figure div (written by ``briefing.figures.Figure``)."""
    return PLOTLY_MARK in body


def add_plotly(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Add plotly.min.js, deferred, to this page only if it has a figure (each figure's own script waits
    for DOMContentLoaded, which fires after deferred scripts have run)."""
    if page_has_figure(context.get("body", "")):
        app.add_js_file("plotly.min.js", loading_method="defer")


def setup(app: Sphinx) -> None:
    app.add_css_file("figures.css")
    # before assets.dedupe_scripts (priority 100), which replaces the page's script list
    app.connect("html-page-context", add_plotly, priority=50)
