"""The sources appendix in HTML: metadata, the full text line by line with every cited passage
highlighted (its gloss and links back to each citing place), and the table of cited passages."""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from ..cite import where_in_source
from ..corpus import Source
from ..typography import curly_quotes
from . import state
from .html import escape as e
from .html import mixed
from .state import uses_in_order

SENTENCE_MAX = 220


def sentences(env: Any) -> dict[tuple[str, str], str]:
    """(docname, marker anchor) -> the sentence the marker ends (or the table cell it is in)."""
    if not hasattr(env, "bf_sentences"):
        env.bf_sentences = {}
    return env.bf_sentences


def _citing_sentence(node: nodes.Node) -> str:
    """The text before a marker in its paragraph (or table cell), cut to the last sentence."""
    container = node.parent
    while container is not None and not isinstance(container, (nodes.paragraph, nodes.entry, nodes.title,
                                                                nodes.list_item, nodes.term)):
        container = container.parent
    if container is None:
        return ""
    parts = []
    for n in container.findall(lambda n: n is node or isinstance(n, nodes.Text)):
        if n is node:
            break
        parts.append(n.astext())
    text = " ".join("".join(parts).split())
    pieces = [p for p in re.split(r"(?<=[.!?;])\s+(?=[^a-z])", text) if p.strip()]
    sentence = pieces[-1] if pieces else text
    row = container.parent
    while not sentence and row is not None and not isinstance(row, nodes.row):
        row = row.parent
    if not sentence and row is not None:  # a marker alone in a table's evidence column: the row is the claim
        sentence = " · ".join(" ".join(cell.astext().split()) for cell in row.children if cell.astext().strip())
    return sentence if len(sentence) <= SENTENCE_MAX else sentence[:SENTENCE_MAX].rsplit(" ", 1)[0] + " …"


def record_sentences(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: keep the citing sentence of every marker for the appendix's backlinks."""
    from .markup import ev_node

    store = sentences(app.env)
    for node in doctree.findall(ev_node):
        store[(app.env.docname, node["anchor"])] = _citing_sentence(node)


def purge_sentences(app: Sphinx, env: Any, docname: str) -> None:
    for key in [k for k in sentences(env) if k[0] == docname]:
        del sentences(env)[key]


def backlinks(app: Sphinx, fromdoc: str, eid: str, with_sentences: bool = True) -> str:
    """Where a passage is cited: each page's title and, with ``with_sentences``, the citing sentence."""
    uses = uses_in_order(app.env, eid)
    if not uses:
        return '<span class="bf-back bf-unused">not cited in the book</span>'
    items = []
    for doc, anchor in uses:
        href = app.builder.get_relative_uri(fromdoc, doc) + "#" + anchor
        title = app.env.titles[doc].astext() if doc in app.env.titles else doc
        sentence = sentences(app.env).get((doc, anchor), "") if with_sentences else ""
        quoted = f": “{e(sentence)}”" if sentence else ""
        items.append(f'<li><a href="{e(href)}">{e(title)}</a>{quoted}</li>')
    if not with_sentences:
        return '<ul class="bf-back bf-back-short">' + "".join(items) + "</ul>"
    return '<div class="bf-back">Cited in:<ul>' + "".join(items) + "</ul></div>"


def _paragraph(text: str, marks: list[tuple[int, int, str, str]]) -> str:
    """One line of the source with its cited spans (start, end, evidence id, gloss; offsets into
    ``text``) as <mark> (the gloss goes beside the line, see ``_row``); a span overlapping an earlier one
    gets a zero-width anchor at that mark."""
    placed: list[tuple[int, int, str, str]] = []
    anchors_at: dict[int, list[str]] = {}
    for start, end, eid, gloss in sorted(marks, key=lambda m: (m[0], -m[1])):
        if placed and start < placed[-1][1]:
            anchors_at.setdefault(placed[-1][0], []).append(f'<span class="bf-anchor" id="ev-{e(eid)}"></span>')
        else:
            placed.append((start, end, eid, gloss))
    out, pos = [], 0
    for start, end, eid, _gloss in placed:
        out.append(e(text[pos:start]))
        out.extend(anchors_at.get(start, []))
        out.append(f'<mark class="bf-mark" id="ev-{e(eid)}" data-gloss="gl-{e(eid)}">{e(text[start:end])}</mark>')
        pos = end
    out.append(e(text[pos:]))
    return "".join(out)


def _row(line: str, marks: list[tuple[int, int, str, str]]) -> str:
    """A line of the source beside the English of its cited passages (stacked below it on narrow screens)."""
    side = "".join(gloss for *_, gloss in sorted(marks, key=lambda m: (m[0], -m[1])))
    return f'<div class="bf-row">{line}<div class="bf-side">{side}</div></div>' if side else \
        f'<div class="bf-row">{line}</div>'


def _reliability(note) -> str:  # noqa: ANN001 — a briefing.reliability.Reliability or None
    if note is None:
        return "<em>not yet assessed</em> (add a row to <code>data/reliability.csv</code>)"
    return ". ".join((f"<em>{label}:</em> " if label else "") + mixed(text) for label, text in note.parts())


def source_page(app: Sphinx, fromdoc: str, source: Source) -> str:
    registry = state.registry(app)
    entries = registry.for_source(source.id)
    by_block: dict[int, list[tuple[int, int, str, str]]] = {}  # line start -> marks within that line
    rows = []
    for ev in entries:
        m = registry.match(ev.id)
        back = backlinks(app, fromdoc, ev.id)
        short = backlinks(app, fromdoc, ev.id, with_sentences=False)
        gloss = (f'<div class="bf-gloss" id="gl-{e(ev.id)}" lang="en" dir="ltr"><span class="bf-gloss-id">'
                 f'{where_in_source(m)} · {e(ev.id)}</span>: “{mixed(curly_quotes(ev.translation, True))}” '
                 f'<em>(project translation)</em>'
                 f'{back}</div>')
        block = source.block_at(m.start)
        if block is not None:  # a match always lies in a title or body line
            by_block.setdefault(block.start, []).append((m.start - block.start, m.end - block.start, ev.id, gloss))
        rows.append(
            f'<tr><td><a href="#ev-{e(ev.id)}">{e(ev.id)}</a></td><td>{where_in_source(m)}</td>'
            f'<td lang="ar" dir="rtl" class="bf-ar">{e(m.exact)}</td><td>{e(curly_quotes(ev.translation))}'
            f'{" <br><small>" + mixed(ev.note) + "</small>" if ev.note else ""}</td><td>{short}</td></tr>')
    p = source.published
    date_row = (f"{e(p.display())} — printed as <span lang=\"ar\" dir=\"rtl\">{e(p.as_printed)}</span>"
                if not p.inferred else f"{e(p.display())}. <em>Why:</em> {mixed(p.reason)}")
    meta = (
        '<table class="bf-meta"><tbody>'
        f'<tr><th>Source id</th><td><code>{e(source.id)}</code></td></tr>'
        f'<tr><th>Outlet</th><td>{e(source.outlet_en)} <span lang="ar" dir="rtl">{e(source.outlet_ar)}</span>'
        f'{" — " + mixed(source.outlet_note) if source.outlet_note else ""}</td></tr>'
        f'<tr><th>Title</th><td><span lang="ar" dir="rtl">{e(source.title_ar)}</span><br>'
        f'{e(source.title_en)} <em>(project translation)</em></td></tr>'
        f'<tr><th>Published</th><td>{date_row}</td></tr>'
        f'<tr><th>Reliability</th><td>{_reliability(state.reliability(app).get(source.id))}</td></tr>'
        f'<tr><th>URL</th><td>{e(source.url) if source.url else "not given in the text"}</td></tr>'
        f'<tr><th>File</th><td><code>data/{e(source.path.parent.name)}/{e(source.path.name)}</code>, '
        f'sha256 <code>{e(source.sha256)}</code></td></tr>'
        "</tbody></table>")
    lines = []
    previous = None
    for block in source.blocks:
        text = source.text[block.start:block.end]
        if block.kind == "body":
            marks = by_block.get(block.start, [])
            lines.append(_row(f'<p class="bf-para" id="{e(source.id)}-p{block.paragraph}" dir="rtl" lang="ar">'
                              f'<a class="bf-pnum" href="#{e(source.id)}-p{block.paragraph}" dir="ltr" lang="en">'
                              f'¶{block.paragraph}</a> {_paragraph(text, marks)}</p>', marks))
        elif block.kind == "title":
            marks = by_block.get(block.start, [])
            lines.append(_row(f'<p class="bf-para bf-title" id="{e(source.id)}-p0" dir="rtl" lang="ar">'
                              f'<span class="bf-pnum" dir="ltr" lang="en">title</span> {_paragraph(text, marks)}</p>',
                              marks))
        else:
            label = block.kind + (f": {block.note}" if block.note else "")
            first = previous is None or (previous.kind, previous.note) != (block.kind, block.note) \
                or previous.line < block.line - 2
            tag = (f'<span class="bf-kind" dir="ltr" lang="en">not article text · {mixed(label)}</span> '
                   if first else "")
            lines.append(_row(f'<p class="bf-boiler" dir="rtl" lang="ar">{tag}{e(text)}</p>', []))
        previous = block
    table = ('<div class="bf-evidence-wrap"><table class="bf-evidence"><thead><tr><th>Evidence</th><th>¶</th>'
             '<th>Arabic (as printed)</th>'
             '<th>English (project translation)</th><th>Cited in</th></tr></thead><tbody>'
             + "".join(rows) + "</tbody></table></div>")
    return (f'<div class="bf-source">{meta}<h2>Full text</h2><p class="bf-help">Line by line as in the file; '
            'body paragraphs are numbered ¶1, ¶2 …; lines that are not article text (navigation, captions, '
            'related links, footers) are set apart in grey. Highlighted passages are cited in the book; '
            'beside each paragraph, the English of its cited passages and the sentences of the book that cite '
            'them (follow a page name to return to the citation).</p>'
            f'<div class="bf-text">{"".join(lines)}</div><h2>Passages cited from this source</h2>{table}</div>')
