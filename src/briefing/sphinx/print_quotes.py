"""The PDF's quotation marks: one style in every paragraph, every quotation closed (``briefing.typography``).

Sphinx curls the typewriter quotes of the book's prose as it reads it, but keeps whatever depth the author
typed (a scare quote in single marks here, in double there) and leaves a quotation the author never closed
open. Before the LaTeX is written, each block of text (a paragraph, a title, a caption, a table cell's
paragraph) has its marks set by nesting, double outside and single inside, and any quotation still open
at its end closed there. Text nodes under literals, raw output and Arabic text are left alone (an Arabic
run is printed as its source prints it).
"""

from __future__ import annotations

import re

from docutils import nodes

from ..typography import curly_quote_parts
from .html import ARABIC_SCRIPT

_SKIP = (nodes.literal, nodes.literal_block, nodes.raw, nodes.math, nodes.math_block, nodes.comment,
         nodes.target, nodes.substitution_definition)
_ARABIC = re.compile(f"[{ARABIC_SCRIPT}]")


def _texts(block: nodes.Element) -> list[tuple[nodes.Element, int]]:
    """Where the Text nodes of one block are, in reading order, as (element, index): not under literals, raw
    output or nested blocks. Walks ``children`` (Sphinx's ``inline_all_toctrees`` moves nodes without
    updating their ``parent``)."""
    out: list[tuple[nodes.Element, int]] = []
    for i, child in enumerate(block.children):
        if isinstance(child, nodes.Text):
            out.append((block, i))
        elif isinstance(child, _SKIP) or not isinstance(child, nodes.Inline):
            continue
        elif isinstance(child, nodes.Element):
            out.extend(_texts(child))
    return out


def set_quotes(doctree: nodes.document) -> int:
    """Set the quotation marks of every block of text in ``doctree``. Returns the number of text nodes changed."""
    changed = 0
    for block in list(doctree.findall(nodes.TextElement)):
        if isinstance(block, (nodes.Inline, *_SKIP)):
            continue
        places = [(el, i) for el, i in _texts(block) if not _ARABIC.search(el.children[i].astext())]
        parts = [el.children[i].astext() for el, i in places]
        if not any(q in p for p in parts for q in "\"'“”‘’"):
            continue
        for (el, i), old, text in zip(places, parts, curly_quote_parts(parts)):
            if text != old:
                node = nodes.Text(text)
                node.parent = el
                el.children[i] = node
                changed += 1
    return changed
