"""The book's own markup: the ``{ev}`` and ``{ar}`` roles and the ``source-text`` directive.

Roles and the directive only record *what* is cited; ``resolve`` renders it per builder once every
citation in the book is known.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from docutils import nodes
from docutils.parsers.rst import Directive, directives

from ..cite import cite
from ..errors import BriefingError
from ..usage import split_ids
from .state import registry, uses


def ancestors(node: nodes.Node) -> Iterator[nodes.Node]:
    """The node and every node above it."""
    while node is not None:
        yield node
        node = node.parent


def replace_runs(text: nodes.Text, pattern: re.Pattern[str], render: Callable[[str], nodes.Node]) -> int:
    """Replace a text node, in its parent, by its text with each match of ``pattern`` made into
    ``render(match)`` (a node made for one output format); the rest stays text. Returns the matches."""
    value, parent = str(text), text.parent
    pieces: list[nodes.Node] = []
    pos = 0
    for m in pattern.finditer(value):
        if m.start() > pos:
            pieces.append(nodes.Text(value[pos:m.start()]))
        pieces.append(render(m.group()))
        pos = m.end()
    if not pieces:
        return 0
    if pos < len(value):
        pieces.append(nodes.Text(value[pos:]))
    index = parent.index(text)
    parent.remove(text)
    for offset, piece in enumerate(pieces):
        parent.insert(index + offset, piece)
    return sum(1 for p in pieces if not isinstance(p, nodes.Text))


class ev_node(nodes.Inline, nodes.Element):
    """A resolved citation marker, rendered per builder in ``doctree-resolved``."""


class ar_node(nodes.Inline, nodes.TextElement):
    """Arabic text inline: right-to-left in HTML, \\foreignlanguage{arabic} in LaTeX."""


class source_text_node(nodes.General, nodes.Element):
    """Placeholder for a source's full text, rendered once every citation use is known."""


def ar_role(name, rawtext, text, lineno, inliner, options=None, content=None):  # noqa: ANN001
    """The ``{ar}`` role: ``{ar}`نص عربي``."""
    return [ar_node(text, text)], []


def ev_role(name, rawtext, text, lineno, inliner, options=None, content=None):  # noqa: ANN001
    """The ``{ev}`` role: ``{ev}`id``` or ``{ev}`id1,id2```."""
    env = inliner.document.settings.env
    docname = env.docname
    ids = split_ids(text)
    if not ids:
        msg = inliner.reporter.error(f"empty citation {rawtext}: name at least one evidence id", line=lineno)
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    numbers = env.metadata.setdefault(docname, {}).setdefault("bf_numbers", {})
    result: list[nodes.Node] = []
    messages = []
    for eid in ids:
        try:
            citation = cite(eid, registry(env.app))
        except BriefingError as exc:
            msg = inliner.reporter.error(f"citation {{ev}}`{eid}` does not resolve: {exc.message}", line=lineno)
            messages.append(msg)
            result.append(inliner.problematic(rawtext, rawtext, msg))
            continue
        if eid not in numbers:
            numbers[eid] = len(numbers) + 1
        found = uses(env).setdefault(eid, [])
        anchor = f"cite-{eid}-{sum(1 for d, _ in found if d == docname) + 1}"
        found.append((docname, anchor))
        result.append(ev_node("", evidence=eid, number=numbers[eid], anchor=anchor, source=citation.source.id))
    return result, messages


class SourceTextDirective(Directive):
    """``source-text SOURCE_ID``: metadata, full text and cited passages of one source."""

    required_arguments = 1
    has_content = False
    option_spec = {"class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        env = self.state.document.settings.env
        sid = self.arguments[0]
        try:
            source = registry(env.app).corpus[sid]
            source.verify()
        except BriefingError as exc:
            raise self.error(f"source-text {sid}: {exc.message}") from None
        env.note_dependency(str(source.path))
        return [source_text_node("", source=sid)]
