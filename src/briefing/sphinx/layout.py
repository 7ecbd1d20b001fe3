"""Page layout of the PDF edition (the LaTeX side lives in static/latex/briefing-layout.sty).

- The title page's subtitle (``briefing_subtitle``) as an escaped ``\\bfsubtitle``.
- Figures: a plotly figure's image and its caption paragraph (myst-nb puts both in one cell output)
  are wrapped in a ``bf-figure`` container, which the style sheet sets as a float, so the caption is
  always on the figure's page.
- Empty headings: a section left with nothing but its title in the PDF (the bibliography, which LaTeX
  prints at the end of the book; material that exists only in the HTML edition) is dropped.
- Quotation marks: one style, set by nesting, every quotation closed (``print_quotes``).
- Leading: an English paragraph that holds vocalised Arabic (marks above and below the letters, as in the
  methodology's examples) is set with one opened leading (``\\bfvocalisedleading``) for all its lines,
  instead of TeX opening only the lines the marks reach, which reads as uneven spacing.
- The bibliography: each Arabic run is isolated (``\\bfarabicrun``): one right-to-left box when it fits
  on a line, otherwise a right-to-left block of its own, so a long title wraps with its words in order.

Everything here moves docutils nodes; text from data reaches LaTeX only through ``latex.escape``.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from . import assets
from .html import ARABIC_SCRIPT
from .latex import escape
from .markup import ancestors, replace_runs
from .print_quotes import set_quotes

#: the Arabic script blocks and what may sit inside an Arabic title: digits, spaces, punctuation, quotes
BIB_ARABIC_RUN = re.compile(f"[{ARABIC_SCRIPT}](?:[{ARABIC_SCRIPT}0-9\\s«»()\\-–.,:;/!?\"'“”‘’…]*[{ARABIC_SCRIPT}])?")
FIGURE_CAPTION_START = "Figure:"
#: Arabic vocalisation marks (harakat, tanween, shadda, sukun, superscript alef), which rise above or sink
#: below the line
VOCALISATION = re.compile("[\u064b-\u0652\u0670]")


def configure(app: Sphinx, config: Any) -> None:
    """``config-inited``: the subtitle for the title page, escaped, ahead of the preamble; the title page's
    date line names both dates of the edition (``\\bfedition``, "Evidence to September 2025 · Edition 6
    December 2026", see ``horizons``), in place of the running header's as-of date."""
    from .horizons import edition

    assets.prepend_preamble(config, r"\newcommand{\bfsubtitle}{" + escape(str(config.briefing_subtitle or "")) + "}"
                            + "\n" + r"\newcommand{\bfedition}{" + escape(edition(app).line()) + "}"
                            + "\n" + r"\AtBeginDocument{\patchcmd{\sphinxmaketitle}{\bfasof}{\bfedition}{}"
                            + r"{\PackageWarning{briefing}{title page: edition line not placed}}}")


def _is_caption(node: nodes.Node | None) -> bool:
    """A figure's caption paragraph: it opens with bold "Figure: …" (``Figure.caption_markdown``)."""
    if not isinstance(node, nodes.paragraph):
        return False
    first = next((c for c in node.children if not (isinstance(c, nodes.Text) and not c.strip())), None)
    return isinstance(first, nodes.strong) and first.astext().startswith(FIGURE_CAPTION_START)


def _number(caption: nodes.paragraph) -> None:
    """"Figure: Timeline…" becomes "Figure 3.1: Timeline…", numbered by chapter as the tables are (LaTeX's
    figure counter). The caption's own text stays a text node."""
    strong = next(c for c in caption.children if isinstance(c, nodes.strong))
    text = next(iter(strong.findall(nodes.Text)))
    rest = text.astext()[len(FIGURE_CAPTION_START):].lstrip()
    text.parent.replace(text, [nodes.raw("", r"\refstepcounter{figure}Figure~\thefigure: ", format="latex"),
                               nodes.Text(rest)])


def wrap_figures(doctree: nodes.document) -> int:
    """Wrap every caption paragraph and the image just before it in a ``bf-figure`` container: from the
    caption, go up (myst-nb nests each output of a cell in its own containers) until the previous sibling
    holds an image, then wrap that sibling and the caption's branch. Returns the number of figures."""
    count = 0
    for caption in [p for p in doctree.findall(nodes.paragraph) if _is_caption(p)]:
        node = caption
        while node.parent is not None and not isinstance(node, (nodes.section, nodes.document)):
            parent = node.parent
            index = parent.index(node)
            previous = parent[index - 1] if index > 0 else None
            if previous is not None and next(iter(previous.findall(nodes.image)), None) is not None:
                box = nodes.container(classes=["bf-figure"])
                parent.remove(previous)
                parent.remove(node)
                box += previous
                box += node
                parent.insert(index - 1, box)
                _number(caption)
                count += 1
                break
            if previous is not None:
                break  # something other than the figure comes first: not a figure caption
            node = parent
    return count


_EMPTY = (nodes.title, nodes.target, nodes.comment, nodes.substitution_definition)


def _empty(section: nodes.section) -> bool:
    for child in section.children:
        if isinstance(child, _EMPTY):
            continue
        if isinstance(child, nodes.section):
            if not _empty(child):
                return False
            continue
        if child.astext().strip() or list(child.findall(nodes.image)):
            return False
    return True


def drop_empty_sections(doctree: nodes.document) -> list[str]:
    """Remove sections that hold nothing but their title (and targets). Returns their titles."""
    dropped = []
    for section in list(doctree.findall(nodes.section)):
        if section.parent is not None and _empty(section):
            title = next(iter(section.findall(nodes.title)), None)
            dropped.append(title.astext() if title else "")
            section.parent.remove(section)
    return dropped


def isolate_bibliography_arabic(doctree: nodes.document) -> int:
    """Every Arabic run in a bibliography entry becomes ``\\bfarabicrun{…}`` (escaped). Returns the count."""
    count = 0
    for citation in doctree.findall(nodes.citation):
        for text in list(citation.findall(nodes.Text)):
            if text.parent is None or isinstance(text.parent, (nodes.raw, nodes.label)):
                continue
            count += replace_runs(text, BIB_ARABIC_RUN,
                                  lambda run: nodes.raw("", r"\bfarabicrun{" + escape(run) + "}", format="latex"))
    return count


def open_vocalised_leading(doctree: nodes.document) -> int:
    """Every paragraph of running text whose Arabic is vocalised is set in a group with
    ``\\bfvocalisedleading`` (one opened leading for the whole paragraph). Only the paragraph's own text
    counts: its notes (raw LaTeX, set at the foot) keep theirs. Table cells keep their rows' own heights and
    are left. Returns the count."""
    count = 0
    for paragraph in list(doctree.findall(nodes.paragraph)):
        if any(isinstance(a, (nodes.table, nodes.footnote)) for a in ancestors(paragraph)):
            continue
        running_text = "".join(t.astext() for t in paragraph.findall(nodes.Text)
                               if not any(isinstance(a, nodes.raw) for a in ancestors(t)))
        if not VOCALISATION.search(running_text):
            continue
        paragraph.insert(0, nodes.raw("", r"{\bfvocalisedleading ", format="latex"))
        paragraph.append(nodes.raw("", r"\par}", format="latex"))
        count += 1
    return count


def title_the_introduction(doctree: nodes.document) -> bool:
    """The text of the book's first page (before the first chapter) as an unnumbered chapter, "Introduction",
    in the contents: otherwise it opens with no heading and the contents with its evidence list."""
    first = next(iter(doctree.findall(nodes.paragraph)), None)
    if first is None or any(isinstance(a, addnodes.start_of_file) for a in ancestors(first)):
        return False
    heading = (r"\chapter*{Introduction}\addcontentsline{toc}{chapter}{Introduction}"
               r"\markboth{Introduction}{Introduction}")
    first.parent.insert(first.parent.index(first), nodes.raw("", heading, format="latex"))
    return True


def before_resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``, before the citation markers and source texts are rendered (priority < 500)."""
    if app.builder.format == "latex":
        title_the_introduction(doctree)


def after_resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``, after everything else has rendered (priority > 500)."""
    if app.builder.format != "latex":
        return
    wrap_figures(doctree)
    drop_empty_sections(doctree)
    set_quotes(doctree)  # before the bibliography's Arabic runs become raw LaTeX
    isolate_bibliography_arabic(doctree)
    open_vocalised_leading(doctree)


def setup(app: Sphinx) -> None:
    app.add_config_value("briefing_subtitle", "", "env", [str])
    app.connect("config-inited", configure)
    app.connect("doctree-resolved", before_resolve, priority=450)
    app.connect("doctree-resolved", after_resolve, priority=800)
