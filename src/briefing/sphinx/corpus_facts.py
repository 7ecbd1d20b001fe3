"""The ``{corpus}`` role: what the prose says of the corpus, printed from ``data/sources.yaml`` at write
time, so a chapter never describes an older corpus than the one it is built from.

- ``{corpus}`count``` the number of sources, in words up to twenty ("five"), else in figures;
- ``{corpus}`first``` the month of the oldest source ("January 2024");
- ``{corpus}`last``` the evidence horizon's month ("September 2025").

Like ``{edition}``, the node is rendered per builder when the page is written, never cached as text in a
doctree. ``briefing check``'s ``corpus_facts`` rule catches the same facts typed by hand.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from ..dates import month_year
from ..standards.corpus_facts import NUMBER_WORDS
from . import state
from .html import escape as html_escape
from .latex import escape as latex_escape

FACTS = ("count", "first", "last")


class corpus_node(nodes.Inline, nodes.TextElement):
    """A fact about the corpus (``fact``: one of FACTS), rendered from this build's corpus."""


def corpus_role(name, rawtext, text, lineno, inliner, options=None, content=None):  # noqa: ANN001
    """``{corpus}`count```, ``{corpus}`first``` or ``{corpus}`last```."""
    fact = text.strip()
    if fact not in FACTS:
        msg = inliner.reporter.error(f"{{corpus}}`{text}`: write {{corpus}}`count`, {{corpus}}`first` or "
                                     "{corpus}`last` (the number of sources, the oldest source's month, the "
                                     "evidence horizon's month)", line=lineno)
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    return [corpus_node("", "", fact=fact)], []


def corpus_fact(app: Sphinx, fact: str) -> str:
    """The text of one corpus fact for this build."""
    corpus = state.corpus(app)
    if fact == "count":
        n = len(corpus)
        return NUMBER_WORDS[n] if n < len(NUMBER_WORDS) else str(n)
    if fact == "first":
        return month_year(corpus.first_published)
    return month_year(corpus.as_of)


def visit_corpus_html(self: Any, node: corpus_node) -> None:
    self.body.append(html_escape(corpus_fact(self.builder.app, node["fact"])))
    raise nodes.SkipNode


def visit_corpus_latex(self: Any, node: corpus_node) -> None:
    self.body.append(latex_escape(corpus_fact(self.builder.app, node["fact"])))
    raise nodes.SkipNode


def visit_corpus_text(self: Any, node: corpus_node) -> None:
    text = corpus_fact(self.builder.app, node["fact"])
    self.add_text(text) if hasattr(self, "add_text") else self.body.append(text)
    raise nodes.SkipNode


def setup(app: Sphinx) -> None:
    app.add_node(corpus_node, html=(visit_corpus_html, None), latex=(visit_corpus_latex, None),
                 text=(visit_corpus_text, None), man=(visit_corpus_text, None), texinfo=(visit_corpus_text, None))
    app.add_role("corpus", corpus_role)
