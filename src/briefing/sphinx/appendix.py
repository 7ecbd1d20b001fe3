"""The sources appendix in HTML: metadata, the full text line by line with every cited passage
highlighted (its gloss and links back to each citing place), and the table of cited passages."""

from __future__ import annotations

from sphinx.application import Sphinx

from ..cite import where_in_source
from ..corpus import Source
from . import state
from .html import escape as e
from .state import uses_in_order


def backlinks(app: Sphinx, fromdoc: str, eid: str) -> str:
    uses = uses_in_order(app.env, eid)
    if not uses:
        return '<span class="bf-back bf-unused">not cited in the book</span>'
    links = []
    for i, (doc, anchor) in enumerate(uses):
        label = chr(ord("a") + i) if i < 26 else str(i + 1)
        href = app.builder.get_relative_uri(fromdoc, doc) + "#" + anchor
        title = app.env.titles[doc].astext() if doc in app.env.titles else doc
        links.append(f'<a href="{e(href)}" title="{e(title)}">{label}</a>')
    return '<span class="bf-back">cited in ^ ' + " ".join(links) + "</span>"


def _paragraph(text: str, marks: list[tuple[int, int, str, str]]) -> str:
    """One line of the source with its cited spans (start, end, evidence id, gloss; offsets into
    ``text``) as <mark>; a span overlapping an earlier one gets a zero-width anchor at that mark."""
    placed: list[tuple[int, int, str, str]] = []
    anchors_at: dict[int, list[str]] = {}
    for start, end, eid, gloss in sorted(marks, key=lambda m: (m[0], -m[1])):
        if placed and start < placed[-1][1]:
            anchors_at.setdefault(placed[-1][0], []).append(f'<span class="bf-anchor" id="ev-{e(eid)}"></span>')
        else:
            placed.append((start, end, eid, gloss))
    out, pos = [], 0
    for start, end, eid, gloss in placed:
        out.append(e(text[pos:start]))
        out.extend(anchors_at.get(start, []))
        out.append(f'<mark class="bf-mark" id="ev-{e(eid)}">{e(text[start:end])}</mark>{gloss}')
        pos = end
    out.append(e(text[pos:]))
    return "".join(out)


def source_page(app: Sphinx, fromdoc: str, source: Source) -> str:
    registry = state.registry(app)
    entries = registry.for_source(source.id)
    by_block: dict[int, list[tuple[int, int, str, str]]] = {}  # line start -> marks within that line
    rows = []
    for ev in entries:
        m = registry.match(ev.id)
        back = backlinks(app, fromdoc, ev.id)
        gloss = (f'<span class="bf-gloss" lang="en" dir="ltr"><b>{e(ev.id)}</b> '
                 f'({where_in_source(m)}): “{e(ev.translation)}” <em>(project translation)</em> {back}</span>')
        block = source.block_at(m.start)
        if block is not None:  # a match always lies in a title or body line
            by_block.setdefault(block.start, []).append((m.start - block.start, m.end - block.start, ev.id, gloss))
        rows.append(
            f'<tr><td><a href="#ev-{e(ev.id)}">{e(ev.id)}</a></td><td>{where_in_source(m)}</td>'
            f'<td lang="ar" dir="rtl" class="bf-ar">{e(m.exact)}</td><td>{e(ev.translation)}'
            f'{" <br><small>" + e(ev.note) + "</small>" if ev.note else ""}</td><td>{back}</td></tr>')
    p = source.published
    date_row = (f"{e(p.display())} — printed as <span lang=\"ar\" dir=\"rtl\">{e(p.as_printed)}</span>"
                if not p.inferred else f"{e(p.display())}. <em>Why:</em> {e(p.reason)}")
    meta = (
        '<table class="bf-meta"><tbody>'
        f'<tr><th>Source id</th><td><code>{e(source.id)}</code></td></tr>'
        f'<tr><th>Outlet</th><td>{e(source.outlet_en)} <span lang="ar" dir="rtl">{e(source.outlet_ar)}</span>'
        f'{" — " + e(source.outlet_note) if source.outlet_note else ""}</td></tr>'
        f'<tr><th>Title</th><td><span lang="ar" dir="rtl">{e(source.title_ar)}</span><br>'
        f'{e(source.title_en)} <em>(project translation)</em></td></tr>'
        f'<tr><th>Published</th><td>{date_row}</td></tr>'
        f'<tr><th>URL</th><td>{e(source.url) if source.url else "not given in the text"}</td></tr>'
        f'<tr><th>File</th><td><code>data/{e(source.path.parent.name)}/{e(source.path.name)}</code>, '
        f'sha256 <code>{e(source.sha256)}</code></td></tr>'
        "</tbody></table>")
    lines = []
    previous = None
    for block in source.blocks:
        text = source.text[block.start:block.end]
        if block.kind == "body":
            lines.append(f'<p class="bf-para" id="{e(source.id)}-p{block.paragraph}" dir="rtl" lang="ar">'
                         f'<a class="bf-pnum" href="#{e(source.id)}-p{block.paragraph}" dir="ltr">¶{block.paragraph}</a> '
                         f'{_paragraph(text, by_block.get(block.start, []))}</p>')
        elif block.kind == "title":
            lines.append(f'<p class="bf-para bf-title" id="{e(source.id)}-p0" dir="rtl" lang="ar">'
                         f'<span class="bf-pnum" dir="ltr">title</span> {_paragraph(text, by_block.get(block.start, []))}</p>')
        else:
            label = block.kind + (f": {block.note}" if block.note else "")
            first = previous is None or (previous.kind, previous.note) != (block.kind, block.note) \
                or previous.line < block.line - 2
            tag = (f'<span class="bf-kind" dir="ltr" lang="en">not article text · {e(label)}</span> '
                   if first else "")
            lines.append(f'<p class="bf-boiler" dir="rtl" lang="ar">{tag}{e(text)}</p>')
        previous = block
    table = ('<table class="bf-evidence"><thead><tr><th>Evidence</th><th>¶</th><th>Arabic (as printed)</th>'
             '<th>English (project translation)</th><th>Cited in</th></tr></thead><tbody>'
             + "".join(rows) + "</tbody></table>")
    return (f'<div class="bf-source">{meta}<h2>Full text</h2><p class="bf-help">Line by line as in the file; '
            'body paragraphs are numbered ¶1, ¶2 …; lines that are not article text (navigation, captions, '
            'related links, footers) are set apart in grey. Highlighted passages are cited in the book; '
            'follow a letter to return to the citation.</p>'
            f'<div class="bf-text">{"".join(lines)}</div><h2>Passages cited from this source</h2>{table}</div>')
