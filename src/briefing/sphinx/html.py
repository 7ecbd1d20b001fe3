"""HTML for citation markers, their cards, the print endnotes and inline Arabic.

Every string from data goes through ``escape``; nothing from data reaches JavaScript source: the
page script (static/briefing.js) reads the card's text from the DOM.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from ..characters import neutralise
from ..cite import Citation, cite
from ..typography import curly_quotes
from . import state
from .markup import ancestors, replace_runs

WORD_JOINER = "\u2060"  # no line break between a marker and the word before it, even after a space


def escape(text: str) -> str:
    """Text for HTML element content and double-quoted attributes; a control, bidi or other invisible
    character shows as ``[U+202E]`` (``characters.neutralise``): it can neither reorder nor hide text."""
    return html.escape(neutralise(text), quote=True)


def marker(c: Citation, number: int, anchor: str, href: str, reliability: str = "") -> str:
    """A numbered marker and its card (outlet, date, ¶, whose words the passage gives when the registry
    names a speaker, the Arabic passage, the English rendering, a link to the passage). Without JavaScript the card shows on hover/focus and the marker links to the passage;
    briefing.js turns the card into a popover (tap, Escape, copy). The marker is described by the card's
    text (``aria-describedby``) and is joined to the preceding word so it never wraps alone."""
    e = escape
    pid = f"bf-pop-{anchor}"
    return (
        f'{WORD_JOINER}<sup class="bf-cite" id="{e(anchor)}"><a class="bf-ref" href="{e(href)}" '
        f'aria-label="Source {number}: {e(c.label())}" aria-describedby="{e(pid)}-ar {e(pid)}-en" '
        f'data-bf-pop="{e(pid)}">[{number}]</a>'
        f'<span class="bf-pop" id="{e(pid)}"><span class="bf-pop-head">{e(c.label())}</span>'
        + (f'<span class="bf-pop-who">{e(c.evidence.speaker)}</span>' if c.evidence.speaker else "")
        + f'<span class="bf-ar" id="{e(pid)}-ar" lang="ar" dir="rtl">{e(c.match.exact)}</span>'
        f'<span class="bf-en" id="{e(pid)}-en" lang="en" dir="ltr">“{e(curly_quotes(c.evidence.translation, True))}” '
        f'<em>(project translation)</em></span>'
        + (f'<span class="bf-rel"><b>About this source:</b> {e(reliability)}</span>' if reliability else "")
        + f'<span class="bf-pop-actions"><a class="bf-go" href="{e(href)}">Go to the passage</a></span>'
        f'</span></sup>'
    )


def arabic(text: str) -> str:
    return f'<span class="bf-ar" lang="ar" dir="rtl">{escape(text)}</span>'


def mixed(text: str) -> str:
    """English text that may quote Arabic: escaped, with each Arabic run marked ``lang="ar" dir="rtl"``."""
    out, pos = [], 0
    for m in ARABIC_RUN.finditer(text):
        out.append(escape(text[pos:m.start()]) + arabic(m.group()))
        pos = m.end()
    return "".join(out) + escape(text[pos:])


def endnotes(notes: list[tuple[int, Citation, str]]) -> str:
    """The page's citations as a numbered list (number, citation, link to the passage): hidden on
    screen, printed at the end of the page so a paper copy keeps its sources."""
    e = escape
    items = "".join(
        f'<li value="{n}">{e(c.label())}: {arabic(c.match.exact)} '
        f'— “{e(curly_quotes(c.evidence.translation, True))}” <em>(project translation)</em> '
        f'<span class="bf-note-href">{e(href)}</span></li>'
        for n, c, href in notes)
    return (f'<section class="bf-endnotes" aria-label="Sources cited on this page"><h2>Sources cited on this page</h2>'
            f'<ol>{items}</ol></section>')


def add_endnotes(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved (before the markers are rendered): append the print endnotes to HTML pages."""
    if app.builder.format != "html":
        return
    from .markup import ev_node

    seen: dict[int, tuple[int, Citation, str]] = {}
    registry = state.registry(app)
    for node in doctree.findall(ev_node):
        if node["number"] in seen:
            continue
        c = cite(node["evidence"], registry)
        seen[node["number"]] = (node["number"], c, state.passage_href(app, docname, c))
    if seen:
        doctree.append(nodes.raw("", endnotes([seen[n] for n in sorted(seen)]), format="html"))


#: the Arabic script blocks (base, supplement, extended-A, presentation forms A and B), as a character-class body
ARABIC_SCRIPT = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
ARABIC_RUN = re.compile(f"[{ARABIC_SCRIPT}](?:[{ARABIC_SCRIPT}0-9\\s«»()\\-–.,:/]*[{ARABIC_SCRIPT}])?")
_SKIP = (nodes.raw, nodes.literal, nodes.literal_block, nodes.comment, nodes.FixedTextElement)


def tag_arabic_runs(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved (after the markers): every run of Arabic script in the page's text (bibliography,
    methodology, notes, tables) becomes ``<span lang="ar" dir="rtl">`` so it is shaped, ordered and
    announced as Arabic; text already rendered by the ``{ar}`` role is raw HTML and left alone."""
    if app.builder.format != "html":
        return
    for text in list(doctree.findall(nodes.Text)):
        if text.parent is None or any(isinstance(a, _SKIP) for a in ancestors(text.parent)):
            continue
        replace_runs(text, ARABIC_RUN, lambda run: nodes.raw("", arabic(run), format="html"))


DEADLINE_PAGES = ("overview", "timeline")


def deadlines(app: Sphinx) -> tuple[dt.date, list[dict[str, str]]]:
    """The evidence horizon and the distinct dated plans and forecasts the corpus may not have seen end: those
    whose last day is on or after the day it surely reached (``Corpus.surely_reached``, the rule of
    ``Edition.passed_note``) (data/events.csv; one plan reported by several sources counted once:
    ``briefing.standards.horizons.plans_and_forecasts``), so the notice counts what it says. Judgments',
    risks', scenarios' and indicators' horizons are marked where the chapters print them (the ``{horizon}`` role)."""
    from ..standards.horizons import plans_and_forecasts

    corpus = state.corpus(app)
    as_of, reached = corpus.as_of, corpus.surely_reached
    items = [{"kind": h.kind, "label": h.label, "when": h.when, "ends": (h.date + dt.timedelta(days=1)).isoformat()}
             for h in plans_and_forecasts(corpus.root) if h.date >= reached]
    return as_of, sorted(items, key=lambda i: (i["ends"], i["label"]))


def json_for_html(value: object) -> str:
    """JSON safe inside <script type="application/json">: <, > and & escaped as \\u003c etc."""
    return (json.dumps(value, ensure_ascii=False, sort_keys=True)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def add_deadlines(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """html-page-context: on the overview and the timeline, an (initially hidden) notice that
    briefing.js fills at view time with the deadlines that have passed, so the built page stays the same."""
    if pagename.rsplit("/", 1)[-1] not in DEADLINE_PAGES or "body" not in context:
        return
    as_of, items = deadlines(app)
    block = (f'<div class="bf-passed" role="note" data-asof="{escape(f"{as_of:%B %Y}")}" '
             f'data-asof-iso="{as_of.isoformat()}" hidden></div>'
             f'<script type="application/json" id="bf-deadlines">{json_for_html(items)}</script>')
    body = context["body"]
    at = body.find("</h1>") + len("</h1>") if "</h1>" in body else 0
    context["body"] = body[:at] + block + body[at:]


#: punctuation that a citation marker follows rather than precedes ("leadership.[3]", not "leadership [3].")
TRAILING_PUNCTUATION = re.compile(r"^[.,;:!?…]+")


def hug_markers(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved, HTML only (before the markers are rendered): each run of citation markers sits right
    after the word or punctuation it follows: the spaces an author types before and between ``{ev}`` roles
    are dropped, and sentence punctuation right after the run moves in front of it ("leadership.[3][4]")."""
    if app.builder.format != "html":
        return
    from .markup import ev_node

    def blank(n: nodes.Node) -> bool:
        return isinstance(n, nodes.Text) and not str(n).strip()

    for node in list(doctree.findall(ev_node)):
        parent = node.parent
        if parent is None:
            continue
        at = parent.index(node)
        if at + 1 < len(parent) and (isinstance(parent[at + 1], ev_node)
                                     or (blank(parent[at + 1]) and at + 2 < len(parent)
                                         and isinstance(parent[at + 2], ev_node))):
            continue  # not the last marker of its run: the run is handled from its last marker
        start = at
        while start > 0 and (isinstance(parent[start - 1], ev_node) or blank(parent[start - 1])):
            start -= 1
        # (by index: docutils' remove/replace/index compare text nodes by value, not identity)
        for k in range(at, start - 1, -1):  # spaces between the markers of the run
            if blank(parent[k]):
                parent.pop(k)
                at -= 1
        after = str(parent[at + 1]) if at + 1 < len(parent) and isinstance(parent[at + 1], nodes.Text) else ""
        moved = TRAILING_PUNCTUATION.match(after)
        before = parent[start - 1] if start > 0 else None
        if isinstance(before, nodes.Text):
            parent[start - 1] = nodes.Text(str(before).rstrip() + (moved.group() if moved else ""))
        elif moved and before is not None:  # after an element (emphasis, a link): punctuation between them
            parent.insert(start, nodes.Text(moved.group()))
            at += 1
        else:
            continue  # the run opens its paragraph or cell: nothing to move
        if moved:
            if after[moved.end():]:
                parent[at + 1] = nodes.Text(after[moved.end():])
            else:
                parent.pop(at + 1)


def setup_handlers(app: Sphinx) -> Any:
    """Connected from the extension's ``setup``."""
    app.connect("doctree-resolved", hug_markers, priority=300)
    app.connect("doctree-resolved", add_endnotes, priority=400)
    app.connect("doctree-resolved", tag_arabic_runs, priority=600)
    app.connect("html-page-context", add_deadlines)
