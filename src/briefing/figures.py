"""plotly figures that render in the HTML book, carry a static image for the PDF, and diff cleanly.

plotly's default renderer emits only ``application/vnd.plotly.v1+json``, which myst-nb skips; its
``notebook`` renderer inlines plotly.js (~4.8 MB) and writes a random div id on every run. A
``Figure`` instead emits ``text/html`` with a div id derived from its name and no plotly.js,
``application/pdf`` (vector: text stays text, lines stay sharp) rendered by kaleido (Debian's Chromium;
nothing is downloaded) at the PDF's text width for the LaTeX builder, and ``text/plain`` alt text.

The HTML is a ``<figure>`` described (``aria-describedby``) by its alt text, holding

- the plotly div, whose drawing code is queued (``window.bfFigures``) rather than run: the page script
  briefing-figures.js loads the book's plotly.js bundle only when a plot is to be shown (a wide screen, or
  the reader's request on a phone), draws it in the reader's colour theme and redraws it when the theme
  changes (a plot never drawn prints as the compact view);
- a compact view that CSS shows instead of the plot on narrow screens (figures.css): a summary table
  for a grid figure (a heatmap: its rows, columns and cell labels; at most ``COMPACT_GRID_ROWS`` rows)
  or else the entries' headings (at most ``COMPACT_ROWS``), then every entry with its details and
  passage behind a "Show all" control (a native ``<details>``: it works without JavaScript, and
  briefing.js opens it for print).

Text from data reaches plotly only through ``plotly_text`` (plotly renders a subset of HTML in text)
and the HTML only through ``html.escape``.
"""

from __future__ import annotations

import base64
import contextlib
import copy
import html
import logging
import re
from dataclasses import dataclass, field

import plotly.colors as pcolors
import plotly.graph_objects as go
import plotly.io as pio

from .characters import neutralise
from .typography import curly_quotes_plotly

# No cloud: no plotly logo link, no "edit in Chart Studio" or "send data to cloud" button, no link out;
# the modebar keeps only local tools (zoom, pan, reset, download as PNG)
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True, "displayModeBar": "hover", "showSendToCloud": False,
                 "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "sendDataToCloud"]}
#: the most rows the compact (phone) view shows before its "Show all" control: with the header and the
#: controls, at most about one and a half phone screens (390 x 844 px); a grid's rows (a name that wraps
#: beside its cells) are taller than a list's headings
COMPACT_ROWS = 20
COMPACT_GRID_ROWS = 16
# The PDF's text width (A4, Sphinx's default 1 in side margins: 6.27 in = 451 pt) at which the figure is
# shown: rendered PRINT_WIDTH px wide, a font of PRINT_FONT px prints at
# PRINT_FONT * 451 / PRINT_WIDTH pt (12 px -> 8.5 pt).
PRINT_WIDTH = 640
PRINT_FONT = 12
PDF_TEXT_WIDTH_PT = 451
# The tallest printed image, in px at PRINT_WIDTH: 760 px print 536 pt tall at full width, which leaves room
# on the page (697 pt of text height) for a caption of up to six lines in the same float with the space above
# and below it, and for three lines of text and two notes on the page: so a tall figure follows the text that
# leads to it instead of leaving that page near empty, and is never scaled down to fit (which would shrink its
# labels below 8 pt). A capped figure's rows share less height than on screen: charts rewrap their labels.
PRINT_MAX_HEIGHT = 760
#: the printed figures' face: Noto Sans (a TrueType face, which Chromium embeds as such: it turns CFF faces such as
#: TeX Gyre Heros into Type 3 fonts), Arabic in Noto Sans Arabic (fonts-noto-core)
PRINT_FONT_FAMILY = "Noto Sans, Noto Sans Arabic, sans-serif"
#: Chromium stamps each PDF with the time it was written: a fixed stamp instead, so that the notebooks'
#: committed outputs are reproduced byte for byte (nbval compares them)
_PDF_STAMP = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}")
ISOLATE_RTL, POP_ISOLATE = "\u2067", "\u2069"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def plotly_text(text: str) -> str:
    """Data as plain text inside plotly's text, hover text and tick labels.

    plotly renders a subset of HTML (``<b>``, ``<br>``, ``<a href>``…) and decodes only a few entities
    (``&amp;`` ``&lt;`` ``&gt;``, not ``&quot;``): escape exactly ``&``, ``<`` and ``>`` so no data
    can make markup or a link, and quotation marks stay as they are (``html.escape`` without ``quote``).
    """
    return html.escape(neutralise(str(text)), quote=False)  # a bidi control from data shows as [U+202E]


def plotly_arabic(text: str) -> str:
    """Arabic for plotly text: escaped, in a right-to-left isolate so punctuation and numbers at the
    ends of the run are ordered right to left inside the (left-to-right) SVG label."""
    return f"{ISOLATE_RTL}{plotly_text(text)}{POP_ISOLATE}"


_INLINE_SCRIPT = re.compile(r'(<script[^>]*>)(.*?)(</script>)', re.DOTALL)


def defer_plot(div: str, ident: str) -> str:
    """plotly's inline drawing script, queued in ``window.bfFigures`` under the div's id instead of run:
    briefing-figures.js loads plotly.js and runs it when the plot is to be shown."""
    return _INLINE_SCRIPT.sub(lambda m: f'{m[1]}(window.bfFigures = window.bfFigures || []).push({{id: "{ident}", '
                              f'draw: function () {{{m[2]}}}}});{m[3]}', div, count=1)


def _cell_text(value: object) -> str:
    """A plotly label as plain text: the ``<br>`` we add become spaces, the escaping plotly needs undone."""
    return html.unescape(re.sub(r"<br\s*/?>", " ", str(value if value is not None else ""))).strip()


def grid_summary(fig: go.Figure) -> tuple[list[str], list[tuple[str, list[str]]]] | None:
    """(column labels, [(row label, cell labels)]) of a figure drawn as a labelled grid (a heatmap with
    text), or None. Empty cells stay empty (the figure leaves them blank)."""
    trace = fig.data[0] if fig.data else None
    if not isinstance(trace, go.Heatmap) or trace.text is None or trace.x is None or trace.y is None:
        return None
    columns = [_cell_text(x) for x in trace.x]
    rows = [(_cell_text(y), [_cell_text(t) for t in row]) for y, row in zip(trace.y, trace.text)]
    return columns, rows


@dataclass(frozen=True)
class Entry:
    """One item of a figure's stacked list view (narrow screens): all plain text, escaped on output."""

    heading: str
    detail: str = ""
    arabic: str = ""
    badge: str = ""

    def html(self) -> str:
        e = html.escape
        parts = [f'<span class="bf-entry-head">{e(self.heading)}</span>']
        if self.badge:
            parts.append(f' <span class="bf-badge">{e(self.badge)}</span>')
        if self.detail:
            parts.append(f'<span class="bf-entry-detail">{e(self.detail)}</span>')
        if self.arabic:
            parts.append(f'<span class="bf-entry-ar" lang="ar" dir="rtl">{e(self.arabic)}</span>')
        return "<li>" + "".join(parts) + "</li>"

    def summary_html(self) -> str:
        """The entry's heading and badge only, for the compact view."""
        badge = f' <span class="bf-badge">{html.escape(self.badge)}</span>' if self.badge else ""
        return f'<span class="bf-entry-head">{html.escape(self.heading)}</span>{badge}'


@contextlib.contextmanager
def _quiet_browser_pipe():  # noqa: ANN202
    """kaleido's browser driver (choreographer) logs a traceback to stderr when a message from Chromium arrives
    split across two reads ("JSONError decoding message. Ignoring"), then carries on: the export is whole, but
    the traceback landed in a committed notebook's outputs. Its logger is held to errors that stop the export."""
    logger = logging.getLogger("choreographer")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def quote_labels(fig: go.Figure) -> go.Figure:
    """``fig`` with the quotation marks of its printed text curled and closed (``typography``): trace names,
    text and category labels, axis titles and tick labels, annotations. In place; returns ``fig``."""
    def q(value):  # noqa: ANN001, ANN202 — a label, a sequence of them (list, tuple, array), or anything else
        if isinstance(value, str):
            return curly_quotes_plotly(value)
        if isinstance(value, (list, tuple)) or (hasattr(value, "__len__") and hasattr(value, "__iter__")):
            return [q(v) for v in value]
        return value

    for trace in fig.data:
        for prop in ("name", "text", "x", "y"):
            value = getattr(trace, prop, None)
            if value is not None and (isinstance(value, str) or any(isinstance(v, str) for v in value)):
                setattr(trace, prop, q(value))
    for axis in [k for k in fig.layout.to_plotly_json() if k.startswith(("xaxis", "yaxis"))]:
        ax = fig.layout[axis]
        if ax.ticktext is not None:
            ax.ticktext = q(list(ax.ticktext))
        if ax.categoryarray is not None:
            ax.categoryarray = q(list(ax.categoryarray))
        if ax.tickvals is not None and any(isinstance(v, str) for v in ax.tickvals):
            ax.tickvals = q(list(ax.tickvals))  # a category axis's ticks name its (curled) categories
        if ax.title and ax.title.text:
            ax.title.text = q(ax.title.text)
    for note in fig.layout.annotations or ():
        if note.text:
            note.text = q(note.text)
    return fig


def _scale_colour(scale, t: float) -> str:  # noqa: ANN001 — plotly's colorscale: [[stop, colour], ...]
    """The colour a plotly colorscale gives at ``t`` (0..1), interpolated between its stops as plotly does."""
    stops = [(float(a), pcolors.convert_colors_to_same_type([b], colortype="tuple")[0][0]) for a, b in scale]
    for (a, ca), (b, cb) in zip(stops, stops[1:]):
        if a <= t <= b:
            f = 0.0 if b == a else (t - a) / (b - a)
            rgb = [round(255 * (x + f * (y - x))) for x, y in zip(ca, cb)]
            return f"rgb({rgb[0]},{rgb[1]},{rgb[2]})"
    c = stops[-1][1] if t > stops[-1][0] else stops[0][1]
    return f"rgb({round(255 * c[0])},{round(255 * c[1])},{round(255 * c[2])})"


def heatmaps_as_shapes(fig: go.Figure) -> go.Figure:
    """``fig`` with each heatmap drawn as vector shapes: plotly paints a heatmap as a raster image, even in
    its PDF export. Each cell with a value becomes a rectangle of its colour (``xgap``/``ygap`` kept as a
    white border), its text a text trace, and an invisible marker per cell keeps the axes' categories and
    their order. Other traces are left as they are."""
    out = go.Figure(layout=fig.layout)
    for trace in fig.data:
        if trace.type != "heatmap":
            out.add_trace(trace)
            continue
        z = [list(row) for row in trace.z]
        xs = list(trace.x) if trace.x is not None else list(range(len(z[0]) if z else 0))
        ys = list(trace.y) if trace.y is not None else list(range(len(z)))
        scale = trace.colorscale or pcolors.get_colorscale("Viridis")
        values = [v for row in z for v in row if v is not None]
        lo = trace.zmin if trace.zmin is not None else min(values, default=0)
        hi = trace.zmax if trace.zmax is not None else max(values, default=1)
        gap = max(trace.xgap or 0, trace.ygap or 0)
        texts = [list(row) for row in trace.text] if trace.text is not None else None
        cx, cy, labels = [], [], []
        for i, row in enumerate(z):
            for j, value in enumerate(row):
                cx.append(xs[j]), cy.append(ys[i])
                labels.append(texts[i][j] if texts else "")
                if value is None:
                    continue
                t = 0.0 if hi == lo else min(1.0, max(0.0, (value - lo) / (hi - lo)))
                colour = _scale_colour(scale, t)
                out.add_shape(type="rect", xref=trace.xaxis or "x", yref=trace.yaxis or "y", layer="below",
                              x0=j - 0.5, x1=j + 0.5, y0=i - 0.5, y1=i + 0.5, fillcolor=colour,
                              line={"color": "white", "width": gap})
        out.add_trace(go.Scatter(x=cx, y=cy, mode="markers", marker={"opacity": 0}, hoverinfo="skip",
                                 showlegend=False, xaxis=trace.xaxis, yaxis=trace.yaxis))
        if texts:
            out.add_trace(go.Scatter(x=cx, y=cy, mode="text", text=labels, textfont=trace.textfont.to_plotly_json(),
                                     hoverinfo="skip", showlegend=False, xaxis=trace.xaxis, yaxis=trace.yaxis))
        axis = (trace.xaxis or "x").replace("x", "xaxis", 1), (trace.yaxis or "y").replace("y", "yaxis", 1)
        for name, cats in ((axis[0], xs), (axis[1], ys)):  # the heatmap's own range: the cells, edge to edge
            edges = [-0.5, len(cats) - 0.5]
            reverse = out.layout[name].autorange == "reversed"
            out.layout[name].update(type="category", categoryorder="array", categoryarray=cats, showgrid=False,
                                    autorange=False, range=edges[::-1] if reverse else edges)
    return out


@dataclass
class Figure:
    """A plotly figure with a stable name, alt text and caption, displayed as HTML + PDF + text."""

    fig: go.Figure
    name: str
    alt: str
    caption: str = ""
    width: int = 900
    height: int = 520
    title: str = ""
    entries: list[Entry] = field(default_factory=list)
    #: layout changes for paper only (fewer ticks where the printed axis is too narrow for the screen's)
    print_layout: dict = field(default_factory=dict)

    def print_figure(self) -> go.Figure:
        """The figure as printed: every font at least PRINT_FONT px at PRINT_WIDTH px wide."""
        fig = copy.deepcopy(self.fig)
        fig.update_layout(width=PRINT_WIDTH, height=self.print_height,
                          font={"size": max(PRINT_FONT, fig.layout.font.size or 0), "family": PRINT_FONT_FAMILY})
        fig.update_layout(self.print_layout)
        for trace in fig.data:
            font = getattr(trace, "textfont", None)
            if font is not None and font.size is not None and font.size < PRINT_FONT:
                trace.textfont.size = PRINT_FONT
        return heatmaps_as_shapes(quote_labels(fig))

    @property
    def print_height(self) -> int:
        """The printed image's height in px at PRINT_WIDTH: the figure's own, at most PRINT_MAX_HEIGHT."""
        return min(self.height, PRINT_MAX_HEIGHT)

    def pdf(self) -> bytes:
        """The printed figure as a one-page vector PDF (PRINT_WIDTH px = PRINT_WIDTH * 0.75 pt wide), its date
        stamps fixed (same length, so the file's offsets hold)."""
        with _quiet_browser_pipe():
            data = pio.to_image(self.print_figure(), format="pdf", width=PRINT_WIDTH, height=self.print_height)
        if not data.startswith(b"%PDF-"):
            raise RuntimeError(f"figure {self.name!r}: kaleido did not return a PDF")
        return _PDF_STAMP.sub(lambda m: b"/" + m.group(1) + b" (D:20000101000000", data)

    def html(self) -> str:
        ident = f"fig-{slug(self.name)}"
        div = defer_plot(pio.to_html(self.fig, include_plotlyjs=False, full_html=False, div_id=ident,
                                     config=PLOTLY_CONFIG, default_width="100%", default_height=f"{self.height}px"),
                         ident)
        compact = self.compact_html(ident)
        return (f'<figure class="bf-figure{" bf-has-list" if compact else ""}" aria-describedby="{ident}-desc">'
                f'<p class="bf-fig-desc" id="{ident}-desc">{html.escape(self.alt)}</p>'
                f'<div class="bf-fig-plot">{div}</div>{compact}</figure>')

    def compact_html(self, ident: str) -> str:
        """The narrow-screen view: a summary (a grid's table or the entries' headings, row-capped), a button
        that asks for the interactive chart, and every entry in full behind "Show all"."""
        if not self.entries:
            return ""
        e = html.escape
        name = self.title or self.name
        grid = grid_summary(self.fig)
        if grid is not None:
            columns, rows = grid
            head = "".join(f'<th scope="col">{e(c)}</th>' for c in [""] + columns)
            body = "".join(f'<tr><th scope="row">{e(r)}</th>' + "".join(f"<td>{e(c)}</td>" for c in cells) + "</tr>"
                           for r, cells in rows[:COMPACT_GRID_ROWS])
            more = len(rows) - COMPACT_GRID_ROWS
            caption = f"{name}, in summary" + (f" (the first {COMPACT_GRID_ROWS} of {len(rows)} rows)" if more > 0 else "")
            # a grid wider than the phone scrolls sideways inside its own region (focusable, so a keyboard scrolls
            # it too), its row names held in place; the page never clips a column
            # (the title sits above the region, so it wraps at the screen's width, not the table's)
            summary = (f'<p class="bf-fig-summary-head" id="{e(ident)}-grid">{e(caption)}</p>'
                       f'<div class="bf-fig-scroll" role="region" tabindex="0" aria-labelledby="{e(ident)}-grid">'
                       f'<table class="bf-fig-table" aria-labelledby="{e(ident)}-grid">'
                       f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")
        else:
            shown = self.entries[:COMPACT_ROWS]
            head = f"{name}, in summary" + (f" (the first {len(shown)} of {len(self.entries)})"
                                            if len(shown) < len(self.entries) else "")
            summary = (f'<p class="bf-fig-summary-head" id="{e(ident)}-summary">{e(head)}</p>'
                       f'<ol class="bf-fig-summary" aria-labelledby="{e(ident)}-summary">'
                       + "".join(f"<li>{x.summary_html()}</li>" for x in shown) + "</ol>")
        listing = (f'<ol class="bf-fig-list" aria-label="{e(f"{name}, every entry", quote=True)}">'
                   + "".join(x.html() for x in self.entries) + "</ol>")
        return (f'<div class="bf-fig-compact">{summary}'
                f'<details class="bf-fig-more"><summary>Show all {len(self.entries)} entries, with their sources'
                f'</summary>{listing}</details>'
                f'<button type="button" class="bf-fig-show" data-bf-figure="{e(ident)}" hidden>'
                f'Show the interactive chart</button></div>')

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:  # noqa: ANN001
        return {
            "text/html": self.html(),
            "application/pdf": base64.b64encode(self.pdf()).decode("ascii"),
            "text/plain": f"Figure: {self.caption or self.name}. {self.alt}",
        }

    def caption_markdown(self) -> str:
        """The caption, as a paragraph both builders render (HTML and PDF)."""
        from .myst import md_text

        title = self.title or self.fig.layout.title.text or self.name
        return md_text("**Figure: {title}.** {caption} *Description:* {alt}", title=title, caption=self.caption,
                       alt=self.alt)

    def _ipython_display_(self) -> None:
        from IPython.display import Markdown, display

        display(self._repr_mimebundle_(), raw=True)  # interactive HTML, vector PDF for print, alt text
        display(Markdown(self.caption_markdown()))
