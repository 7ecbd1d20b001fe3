"""Sphinx extension: executable citations in the book.

- ``{ev}`id``` (or ``{ev}`id1,id2```) cites evidence in MyST prose; ``briefing.cite(id)`` in a code
  cell renders to the same role through its ``text/markdown`` output. Each id is resolved through
  the evidence registry while the page is read: an unknown id or a quote that no longer anchors is
  a build error naming the citation, the source and the nearest passage.
- HTML: a numbered marker (numbered per page in order of first use) with a card (outlet, date, ¶,
  Arabic quote, English rendering) linking to the highlighted passage in the appendix.
  LaTeX (``notes``): one footnote per citation (outlet, date, ¶, first words), linked to the passage in
  the sources appendix, which sets each cited passage once beside its translation (``latex.source_text``).
- ``source-text`` directive: a source's metadata, full original text (¶ numbers, boilerplate set
  apart), every cited span highlighted with its own anchor and backlinks to each place citing it.

Modules: ``markup`` (roles, directive), ``state`` (registry, where each passage is cited), ``html`` and
``latex`` (rendering, each with its own escaping), ``appendix`` (the source pages), ``downloads`` (the
data files), ``assets`` (static files), ``horizons`` (the edition line, the ``{horizon}`` and ``{asof}``
roles). Data reaches the output only as docutils text or through the
escaping of the output format; it is never markup.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from ..cite import cite
from . import (
    appendix,
    assets,
    corpus_facts,
    downloads,
    figure_assets,
    horizons,
    html,
    icons,
    latex,
    latex_tables,
    layout,
    notes,
    page_weight,
    pdfmeta,
    search,
    state,
    textsafety,
)
from .findings import AcceptedFindingsDirective
from .markup import SourceTextDirective, ar_node, ar_role, ev_node, ev_role, source_text_node

logger = logging.getLogger(__name__)


def _resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    registry = state.registry(app)
    fmt = app.builder.format
    cited_by: dict[str, list[int]] = {}
    if fmt == "latex":
        cited_by = notes.resolve(doctree, registry)  # one footnote per citation, linked to the appendix
    for node in list(doctree.findall(ev_node)):
        c = cite(node["evidence"], registry)
        if fmt == "html":
            note = state.reliability(app).get(c.source.id)
            node.replace_self(nodes.raw("", html.marker(c, node["number"], node["anchor"],
                                                        state.passage_href(app, docname, c),
                                                        note.short() if note else ""), format="html"))
        else:
            node.replace_self(nodes.Text(f"[{node['number']}]"))
    for node in list(doctree.findall(ar_node)):
        text = node.astext()
        if fmt == "html":
            node.replace_self(nodes.raw("", html.arabic(text), format="html"))
        elif fmt == "latex":
            node.replace_self(nodes.raw("", latex.arabic(text), format="latex"))
        else:
            node.replace_self(nodes.Text(text))
    for node in list(doctree.findall(source_text_node)):
        source = registry.corpus[node["source"]]
        if fmt == "html":
            node.replace_self(nodes.raw("", appendix.source_page(app, docname, source), format="html"))
        elif fmt == "latex":
            meta = latex.source_meta(source, state.reliability(app).get(source.id))
            node.replace_self(nodes.raw("", meta + latex.source_text(registry, source, cited_by), format="latex"))
        else:
            node.replace_self(nodes.literal_block(source.text, source.text))


def _citations_of(app: Sphinx, env: Any, docs: set[str]) -> dict[str, set[tuple[str, str, str, str, str]]]:
    """Per source: what the appendix page says of its citations in the documents ``docs`` (evidence id,
    document, anchor, citing sentence, document title), as the environment has them now."""
    out: dict[str, set[tuple[str, str, str, str, str]]] = {}
    if not docs:
        return out
    by_id = {e.id: e.source for e in state.registry(app)}
    said = appendix.sentences(env)
    for eid, found in state.uses(env).items():
        for doc, anchor in found:
            if doc in docs and eid in by_id:
                title = env.titles[doc].astext() if doc in env.titles else doc
                out.setdefault(by_id[eid], set()).add((eid, doc, anchor, said.get((doc, anchor), ""), title))
    return out


def _outdated(app: Sphinx, env: Any, added: set, changed: set, removed: set) -> list[str]:
    """Before the changed pages are read again: note what they said of each source's passages.

    Appendix pages are not re-read (their doctree holds a placeholder, filled when the page is written);
    ``_updated`` has written again only the pages of sources whose citations in the re-read pages changed,
    so an edit to one chapter costs the appendix pages it touches, not one per source."""
    env.bf_before = _citations_of(app, env, set(changed) | set(removed))
    env.bf_removed = set(removed)
    return []


def _updated(app: Sphinx, env: Any) -> list[str]:
    """After reading: the appendix pages (and the appendix's index) whose backlinks changed."""
    before = getattr(env, "bf_before", {})
    read = set(getattr(env, "bf_read_docs", set()))
    after = _citations_of(app, env, read | set(getattr(env, "bf_removed", set())))
    env.bf_before, env.bf_read_docs, env.bf_removed = {}, set(), set()
    touched = {sid for sid in set(before) | set(after) if before.get(sid, set()) != after.get(sid, set())}
    if not touched:
        return []
    pages = {doc for doc in env.found_docs if doc.rsplit("/", 1)[-1] in touched and f"{state.APPENDIX_DIR}/" in doc}
    return sorted(pages | {doc for doc in env.found_docs if doc.endswith(f"{state.APPENDIX_DIR}/index")})


def _note_read(app: Sphinx, doctree: Any) -> None:
    """doctree-read: the documents read in this build (for ``_updated``)."""
    if not hasattr(app.env, "bf_read_docs"):
        app.env.bf_read_docs = set()
    app.env.bf_read_docs.add(app.env.docname)


def _check_all(app: Sphinx, env: Any) -> None:
    """Every evidence entry must anchor, cited or not: fail the build otherwise."""
    for problem in state.registry(app).verify():
        logger.error(problem.message)


def _remove_stale_pages(app: Sphinx, exception: Exception | None) -> None:
    """An incremental HTML build keeps pages of documents that no longer exist (a source removed from the
    corpus and the toc): delete the appendix pages that no document produces any more."""
    if exception or app.builder.format != "html":
        return
    out = Path(app.outdir)
    for page in out.rglob("*.html"):
        docname = page.relative_to(out).with_suffix("").as_posix()
        if f"{state.APPENDIX_DIR}/" in docname and docname not in app.env.found_docs:
            page.unlink()


def _repair_theme_markup(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """sphinx-book-theme puts ``title.astext()`` into its print header (``<h1>{{ pagetitle }}</h1>``) and the
    sidebar (``root_title``) without escaping, so a page title from data (a source's outlet) would become
    markup there. Escape them after the theme sets them (its handler runs at the default priority 500)."""
    for key in ("pagetitle", "root_title"):
        if isinstance(context.get(key), str):
            context[key] = html.escape(context[key])
    # docutils wraps citations in role="list" but gives each role="doc-biblioentry", which a list may not
    # contain (axe "aria-required-children", critical): make the entries list items
    if isinstance(context.get("body"), str) and 'role="doc-biblioentry"' in context["body"]:
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("briefing.sphinx.smartquotes")  # curly quotes that keep data's backslashes
    app.add_node(ev_node)
    app.add_node(source_text_node)
    app.add_role("ev", ev_role)
    app.add_node(ar_node)
    app.add_role("ar", ar_role)
    app.add_directive("source-text", SourceTextDirective)
    app.add_directive("accepted-findings", AcceptedFindingsDirective)
    app.connect("config-inited", assets.configure)
    app.connect("config-inited", assets.ship_latex_files)  # the .sty and .lua files, wherever the project is
    app.connect("env-purge-doc", state.purge)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-get-updated", _updated)
    app.connect("doctree-read", _note_read)
    app.connect("env-check-consistency", _check_all)
    latex_tables.setup(app)  # PDF tables fitted to the page (doctree-resolved, priority 400: before _resolve)
    app.connect("doctree-resolved", _resolve)
    app.connect("build-finished", downloads.write_data)
    app.connect("build-finished", _remove_stale_pages)
    app.connect("html-page-context", assets.dedupe_scripts, priority=100)  # before handlers that end the event
    app.connect("html-page-context", _repair_theme_markup, priority=900)  # after the theme's (500)
    app.add_css_file("briefing.css")
    html.setup_handlers(app)  # print endnotes, Arabic runs tagged lang="ar", the passed-deadlines notice
    app.connect("doctree-read", appendix.record_sentences)  # citing sentences for the appendix
    app.connect("env-purge-doc", appendix.purge_sentences)
    for js in ("vendor/floating-ui/floating-ui.core.umd.min.js", "vendor/floating-ui/floating-ui.dom.umd.min.js",
               "briefing.js", "theme-a11y.js"):
        app.add_js_file(js, loading_method="defer")
    figure_assets.setup(app)  # plotly.js's partial bundle deferred, only on pages with a figure; figures.css
    icons.setup(app)  # only the icons used, as CSS masks, instead of the theme's 1.5 MB Font Awesome kit
    page_weight.setup(app)  # the default extensions' files only on pages that use them
    search.setup(app)  # Arabic-aware search: index and query normalised alike, synonyms, no card text
    pdfmeta.setup(app)  # the PDF's /Lang and XMP metadata (evidence horizon, edition date)
    layout.setup(app)  # the PDF's page layout: title page, figure floats, no empty headings, bibliography
    horizons.setup(app)  # the edition line on every page; the {horizon} and {asof} roles
    corpus_facts.setup(app)  # the {corpus} role: the number of sources and their span, from data/sources.yaml
    textsafety.setup(app)  # refused characters shown as [U+202E], links outside http(s) unlinked (defence in depth)
    return {"version": "0.2", "parallel_read_safe": False, "parallel_write_safe": True, "env_version": 1}
