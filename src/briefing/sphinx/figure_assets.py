"""Figure assets: on pages that hold a plotly figure only, briefing-figures.js (deferred), which loads the
book's plotly.js partial bundle (vendor/plotly: the core with the scatter trace, and the heatmap trace;
1.1 MB instead of the full 4.8 MB) when a plot is to be shown; and the figures' stylesheet (the compact
phone view, dark mode, print)."""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

PLOTLY_MARK = 'class="plotly-graph-div"'
PLOTLY_BUNDLE = "vendor/plotly/plotly-briefing.min.js"  # found by briefing-figures.js beside itself
FIGURES_JS = "briefing-figures.js"


def page_has_figure(body: str) -> bool:
    """True when the page body holds a plotly figure div (written by ``briefing.figures.Figure``)."""
    return PLOTLY_MARK in body


def add_plotly(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Add briefing-figures.js, deferred, to this page only if it has a figure (each figure's drawing code
    waits in a queue that this script runs once plotly.js is loaded)."""
    if page_has_figure(context.get("body", "")):
        app.add_js_file(FIGURES_JS, loading_method="defer")


def setup(app: Sphinx) -> None:
    app.add_css_file("figures.css")
    # before assets.dedupe_scripts (priority 100), which replaces the page's script list
    app.connect("html-page-context", add_plotly, priority=50)
