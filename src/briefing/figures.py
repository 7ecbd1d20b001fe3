"""plotly figures that render in the HTML book, carry a static image for the PDF, and diff cleanly.

plotly's default renderer emits only ``application/vnd.plotly.v1+json``, which myst-nb skips; its
``notebook`` renderer inlines plotly.js (~4.8 MB) and writes a random div id on every run. A
``Figure`` instead emits ``text/html`` with a div id derived from its name and no plotly.js (the
Sphinx extension serves plotly.min.js once as a static file), ``image/png`` rendered by kaleido
(Debian's Chromium; nothing is downloaded) for the LaTeX builder, and ``text/plain`` alt text.
"""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass

import plotly.graph_objects as go
import plotly.io as pio

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True,
                 "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"]}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass
class Figure:
    """A plotly figure with a stable name, alt text and caption, displayed as HTML + PNG + text."""

    fig: go.Figure
    name: str
    alt: str
    caption: str = ""
    width: int = 900
    height: int = 520

    def png(self) -> bytes:
        return pio.to_image(self.fig, format="png", width=self.width, height=self.height, scale=2)

    def html(self) -> str:
        div = pio.to_html(self.fig, include_plotlyjs=False, full_html=False, div_id=f"fig-{slug(self.name)}",
                          config=PLOTLY_CONFIG, default_width="100%", default_height=f"{self.height}px")
        return (f'<figure class="bf-figure" role="img" aria-label="{html.escape(self.alt, quote=True)}">'
                f"{div}</figure>")

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:  # noqa: ANN001
        return {
            "text/html": self.html(),
            "image/png": base64.b64encode(self.png()).decode("ascii"),
            "text/plain": f"Figure: {self.caption or self.name}. {self.alt}",
        }

    def caption_markdown(self) -> str:
        """The caption, as a paragraph both builders render (HTML and PDF)."""
        from .myst import md_text

        title = self.fig.layout.title.text or self.name
        return md_text("**Figure: {title}.** {caption} *Description:* {alt}", title=title, caption=self.caption,
                       alt=self.alt)

    def _ipython_display_(self) -> None:
        from IPython.display import Markdown, display

        display(self._repr_mimebundle_(), raw=True)  # interactive HTML, PNG for the PDF, alt text
        display(Markdown(self.caption_markdown()))
