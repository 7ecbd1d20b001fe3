"""The book knows its date: the edition line on every page, and the ``{horizon}`` and ``{asof}`` roles.

- Every HTML page opens with "Evidence to September 2025 · Edition 6 December 2026" (the evidence
  horizon, computed from the corpus, and the edition date, set in data/edition.yaml or, for one build,
  by $BRIEFING_EDITION_DATE); the PDF's title page prints the same line (``layout.py``).
- ``{horizon}`2026-09-30``` prints the date, "30 September 2026", and when the edition date is after
  it, "(horizon passed; this corpus holds no outcome)", in HTML and in LaTeX. A plan or forecast dated to
  the month or year (``{horizon}`2026-09```, "September 2026") is judged by its last day; one whose last
  day the newest source had already reached reads "(date passed by the newest source)": the sources
  themselves may report on it. In HTML the date is also
  in ``data-horizon``, so static/horizons.js marks it passed at view time once the reader's date is
  after it (the built page itself never changes with the calendar).
- ``{deadline}`2025-09``` is the same for a plan's scheduled step: once passed it reads "(deadline passed;
  this corpus reports no completion)", since the sources may report the step begun but not done.
- ``{asof}`…``` prints its text unchanged: it marks a deliberate present- or future-tense phrase that
  ``briefing check`` would otherwise flag as forward-looking wording.
- ``{edition}`date``` prints this build's edition date, "6 December 2026", so prose that names the
  edition never disagrees with the line at the top of the page.

The role decides nothing while reading: the date is rendered when the page is written, against the
edition of that build, so a cached doctree never carries another edition's verdict. Text reaches HTML
only through ``html.escape`` and LaTeX only through ``latex.escape``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from ..dates import long_date, month_year, parse_day, parse_span
from ..edition import BY_EVIDENCE_NOTE, PASSED_NOTE, Edition, load_edition  # noqa: F401 (BY_EVIDENCE_NOTE re-exported)
from . import state
from .html import escape as html_escape
from .latex import escape as latex_escape
from .markup import ancestors


class horizon_node(nodes.Inline, nodes.TextElement):
    """A horizon date (``date``: ISO day), rendered per builder against the edition date."""


def horizon_role(name, rawtext, text, lineno, inliner, options=None, content=None):  # noqa: ANN001
    """``{horizon}`2026-09-30``` (or ``2026-09``, ``2026``): a dated horizon, shown as passed when the edition
    is after its last day."""
    try:
        day = parse_day(text)
        shown = long_date(day)
    except ValueError:
        try:
            if not re.fullmatch(r"\s*\d{4}(-\d{2})?\s*", text):
                raise ValueError(text)
            day = parse_span(text).latest
        except ValueError:
            msg = inliner.reporter.error(f"{{horizon}}`{text}`: not a date; write the horizon as YYYY-MM-DD (or "
                                         "YYYY-MM, YYYY for a plan dated to the month or year), e.g. "
                                         "{horizon}`2026-09-30`", line=lineno)
            return [inliner.problematic(rawtext, rawtext, msg)], [msg]
        shown = month_year(day) if "-" in text else str(day.year)
    return [horizon_node(shown, shown, date=day.isoformat())], []


def deadline_role(name, rawtext, text, lineno, inliner, options=None, content=None):  # noqa: ANN001
    """``{deadline}`2025-09```: a plan's scheduled date, written as for ``{horizon}``; once the edition is
    after it, it says that this corpus reports no completion (``Edition.passed_note(scheduled=True)``)."""
    made, messages = horizon_role(name, rawtext, text, lineno, inliner, options, content)
    for node in made:
        if isinstance(node, horizon_node):
            node["scheduled"] = True
    return made, messages


def compact_horizon_role(name, rawtext, text, lineno, inliner, options=None, content=None):  # noqa: ANN001
    """``{horizon-short}`2026-09-30```: a horizon in a list whose introduction says once what a passed horizon
    means ("a horizon marked passed is before this edition, and this corpus holds no outcome for it"); once
    passed it reads "30 September 2026 (passed)" instead of repeating the full note on every item."""
    made, messages = horizon_role(name, rawtext, text, lineno, inliner, options, content)
    for node in made:
        if isinstance(node, horizon_node):
            node["compact"] = True
    return made, messages


#: what a compact horizon says once passed (the list's introduction says the rest)
COMPACT_NOTE = "passed"


class edition_node(nodes.Inline, nodes.TextElement):
    """The edition date, rendered per builder from this build's edition (never cached in a doctree)."""


def edition_role(name, rawtext, text, lineno, inliner, options=None, content=None):  # noqa: ANN001
    """``{edition}`date```: the edition date of this build ("6 December 2026")."""
    if text.strip() != "date":
        msg = inliner.reporter.error(f"{{edition}}`{text}`: write {{edition}}`date` (the role prints the edition "
                                     "date set in data/edition.yaml)", line=lineno)
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    return [edition_node("", "")], []


def _edition_text(translator: Any) -> str:
    return long_date(edition(translator.builder.app).edition_date)


def visit_edition_html(self: Any, node: edition_node) -> None:
    self.body.append(html_escape(_edition_text(self)))
    raise nodes.SkipNode


def visit_edition_latex(self: Any, node: edition_node) -> None:
    self.body.append(latex_escape(_edition_text(self)))
    raise nodes.SkipNode


def visit_edition_text(self: Any, node: edition_node) -> None:
    text = _edition_text(self)
    self.add_text(text) if hasattr(self, "add_text") else self.body.append(text)
    raise nodes.SkipNode


def asof_role(name, rawtext, text, lineno, inliner, options=None, content=None):  # noqa: ANN001
    """``{asof}`…```: the author's mark on deliberate present- or future-tense wording; the text as is."""
    return [nodes.inline(text, text, classes=["bf-asof"])], []


def edition(app: Sphinx) -> Edition:
    """This build's edition (loaded once per build, from the project the book belongs to)."""
    if getattr(app, "_bf_edition", None) is None:
        loaded = state.corpus(app)
        app._bf_edition = load_edition(loaded.root, loaded)  # type: ignore[attr-defined]
    return app._bf_edition  # type: ignore[attr-defined]


def _passed_note(translator: Any, node: horizon_node) -> str:
    """'' while the horizon is open; PASSED_NOTE once the edition is after it; BY_EVIDENCE_NOTE when the
    newest source had already reached it (``Edition.passed_note``, which the timeline's list uses too)."""
    note = edition(translator.builder.app).passed_note(dt.date.fromisoformat(node["date"]),
                                                       scheduled=bool(node.get("scheduled")))
    return COMPACT_NOTE if note == PASSED_NOTE and node.get("compact") else note


def inside_parentheses(node: nodes.Node) -> bool:
    """The node stands inside an open parenthesis of its paragraph ("(low confidence; horizon 30 September
    2026"): its passed note then takes brackets, as a parenthesis inside a parenthesis does, not a second
    pair of parentheses. Counts the paragraph's text before the node (raw markup, such as a rendered
    citation marker, is not text)."""
    block = node.parent
    while block is not None and (isinstance(block, nodes.Inline) or not isinstance(block, nodes.TextElement)):
        block = block.parent
    if block is None:
        return False
    depth = 0
    for text in block.findall(nodes.Text):
        above = list(ancestors(text))
        if any(a is node for a in above):
            break
        if any(isinstance(a, nodes.raw) for a in above):
            continue
        for ch in text.astext():
            depth += ch == "("
            depth -= ch == ")" and depth > 0
    return depth > 0


def _enclose(note: str, nested: bool) -> str:
    return f"[{note}]" if nested else f"({note})"


def visit_horizon_html(self: Any, node: horizon_node) -> None:
    note = _passed_note(self, node)
    nested = inside_parentheses(node)
    self.body.append(f'<span class="bf-horizon{" bf-horizon-is-passed" if note else ""}" '
                     f'data-horizon="{html_escape(node["date"])}"{" data-nested" if nested else ""}'
                     f'{" data-scheduled" if node.get("scheduled") else ""}'
                     f'{" data-compact" if node.get("compact") else ""}>'
                     f'{html_escape(node.astext())}')
    if note:
        self.body.append(f'<span class="bf-horizon-note"> {html_escape(_enclose(note, nested))}</span>')
    self.body.append("</span>")
    raise nodes.SkipNode


def visit_horizon_latex(self: Any, node: horizon_node) -> None:
    text = latex_escape(node.astext())
    note = _passed_note(self, node)
    if note:
        text += r" \emph{" + latex_escape(_enclose(note, inside_parentheses(node))) + "}"
    self.body.append(text)
    raise nodes.SkipNode


def visit_horizon_text(self: Any, node: horizon_node) -> None:
    note = _passed_note(self, node)
    text = node.astext() + (" " + _enclose(note, inside_parentheses(node)) if note else "")
    self.add_text(text) if hasattr(self, "add_text") else self.body.append(text)
    raise nodes.SkipNode


def edition_line_html(ed: Edition) -> str:
    """The line at the top of every page: a note that a screen reader announces, wrapping on a phone."""
    from ..dates import month_year

    return (f'<p class="bf-edition" role="note" aria-label="Edition">'
            f'<span class="bf-edition-part">Evidence to {html_escape(month_year(ed.evidence_horizon))}</span>'
            f'<span class="bf-edition-sep" aria-hidden="true"> · </span>'
            f'<span class="bf-edition-part" data-edition="{ed.edition_date.isoformat()}">'
            f'Edition {html_escape(long_date(ed.edition_date))}</span></p>')


def add_edition_line(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """html-page-context: the edition line opens every page's body (before its first heading)."""
    if "body" not in context or not isinstance(context["body"], str):
        return
    context["body"] = edition_line_html(edition(app)) + context["body"]


def setup(app: Sphinx) -> None:
    app.add_node(horizon_node, html=(visit_horizon_html, None), latex=(visit_horizon_latex, None),
                 text=(visit_horizon_text, None), man=(visit_horizon_text, None),
                 texinfo=(visit_horizon_text, None))
    app.add_node(edition_node, html=(visit_edition_html, None), latex=(visit_edition_latex, None),
                 text=(visit_edition_text, None), man=(visit_edition_text, None),
                 texinfo=(visit_edition_text, None))
    app.add_role("horizon", horizon_role)
    app.add_role("deadline", deadline_role)
    app.add_role("horizon-short", compact_horizon_role)
    app.add_role("edition", edition_role)
    app.add_role("asof", asof_role)
    app.connect("html-page-context", add_edition_line)
    app.add_css_file("horizons.css")
    app.add_js_file("horizons.js", loading_method="defer")
