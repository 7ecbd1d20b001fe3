"""Sphinx extension: executable citations in the book.

- ``{ev}`id``` (or ``{ev}`id1,id2```) cites evidence in MyST prose; ``briefing.cite(id)`` in a code
  cell renders to the same role through its ``text/markdown`` output. Each id is resolved through
  the evidence registry while the page is read: an unknown id or a quote that no longer anchors is
  a build error naming the citation, the source and the nearest passage.
- HTML: a numbered marker (numbered per page in order of first use) with a hover card (outlet,
  date, ¶, Arabic quote, English rendering) linking to the highlighted passage in the appendix.
  LaTeX: a footnote with the same information, so the PDF stands on its own.
- ``source-text`` directive: a source's metadata, full original text (¶ numbers, boilerplate set
  apart), every cited span highlighted with its own anchor and backlinks to each place citing it.
"""

from __future__ import annotations

import csv
import html
import json
import shutil
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from sphinx.application import Sphinx
from sphinx.util import logging

from .cite import Citation, annotations, cite, where_in_source
from .corpus import Corpus, Source, find_root
from .errors import BriefingError
from .evidence import Registry
from .usage import split_ids

logger = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
APPENDIX_DIR = "sources"


class ev_node(nodes.Inline, nodes.Element):
    """A resolved citation marker, rendered per builder in ``doctree-resolved``."""


class ar_node(nodes.Inline, nodes.TextElement):
    """Arabic text inline: right-to-left in HTML, \\foreignlanguage{arabic} in LaTeX."""


def ar_role(name, rawtext, text, lineno, inliner, options=None, content=None):  # noqa: ANN001
    """The ``{ar}`` role: ``{ar}`نص عربي``."""
    return [ar_node(text, text)], []


class source_text_node(nodes.General, nodes.Element):
    """Placeholder for a source's full text, rendered once every citation use is known."""


def _registry(app: Sphinx) -> Registry:
    if getattr(app, "_bf_registry", None) is None:
        root = find_root(Path(app.srcdir))
        app._bf_registry = Registry.load(Corpus.load(root))  # type: ignore[attr-defined]
    return app._bf_registry  # type: ignore[attr-defined]


def _uses(env: Any) -> dict[str, list[tuple[str, str]]]:
    """evidence id -> [(docname, anchor id)] in reading order."""
    if not hasattr(env, "bf_uses"):
        env.bf_uses = {}
    return env.bf_uses


def ev_role(name, rawtext, text, lineno, inliner, options=None, content=None):  # noqa: ANN001
    """The ``{ev}`` role."""
    env = inliner.document.settings.env
    app = env.app
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
            citation = cite(eid, _registry(app))
        except BriefingError as exc:
            msg = inliner.reporter.error(f"citation {{ev}}`{eid}` does not resolve: {exc.message}", line=lineno)
            messages.append(msg)
            result.append(inliner.problematic(rawtext, rawtext, msg))
            continue
        if eid not in numbers:
            numbers[eid] = len(numbers) + 1
        uses = _uses(env).setdefault(eid, [])
        anchor = f"cite-{eid}-{sum(1 for d, _ in uses if d == docname) + 1}"
        uses.append((docname, anchor))
        result.append(ev_node("", evidence=eid, number=numbers[eid], anchor=anchor, source=citation.source.id))
    return result, messages


def _purge(app: Sphinx, env: Any, docname: str) -> None:
    for eid, uses in list(_uses(env).items()):
        _uses(env)[eid] = [u for u in uses if u[0] != docname]


# --------------------------------------------------------------------------------------------- html

def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _marker_html(c: Citation, number: int, anchor: str, href: str) -> str:
    return (
        f'<sup class="bf-cite" id="{_e(anchor)}"><a class="bf-ref" href="{_e(href)}" '
        f'aria-label="Source {number}: {_e(c.label())}">[{number}]</a>'
        f'<span class="bf-pop" role="tooltip"><span class="bf-pop-head">{_e(c.label())}'
        f'</span><span class="bf-ar" lang="ar" dir="rtl">{_e(c.match.exact)}</span>'
        f'<span class="bf-en">“{_e(c.evidence.translation)}” <em>(project translation)</em></span></span></sup>'
    )


_LATEX_SPECIALS = str.maketrans({
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "#": r"\#", "&": r"\&", "_": r"\_",
    "$": r"\$", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}", "\n": " ", "\u00a0": " ",
})


def _latex_escape(text: str) -> str:
    """Source text as LaTeX text: every special character printed, never interpreted."""
    return text.translate(_LATEX_SPECIALS)


def _marker_latex(c: Citation) -> str:
    """A footnote that stands on its own: outlet, date, ¶, the Arabic quote, the English rendering."""
    return (r"\footnote{\textbf{" + _latex_escape(c.label()) + r".}\par\foreignlanguage{arabic}{"
            + _latex_escape(c.match.exact) + r"}\par “" + _latex_escape(c.evidence.translation)
            + r"” (project translation; evidence \texttt{" + _latex_escape(c.id) + "})}")


def _doc_order(env: Any) -> dict[str, int]:
    """Documents in table-of-contents order (depth first from the root document)."""
    order: list[str] = []

    def walk(doc: str) -> None:
        if doc in order:
            return
        order.append(doc)
        for child in env.toctree_includes.get(doc, []):
            walk(child)

    walk(env.config.root_doc)
    return {doc: i for i, doc in enumerate(order)}


def _backlinks_html(app: Sphinx, fromdoc: str, eid: str) -> str:
    rank = _doc_order(app.env)
    uses = sorted(_uses(app.env).get(eid, []), key=lambda u: (rank.get(u[0], 1 << 30), u[0],
                                                             int(u[1].rsplit("-", 1)[1])))
    if not uses:
        return '<span class="bf-back bf-unused">not cited in the book</span>'
    links = []
    for i, (doc, anchor) in enumerate(uses):
        label = chr(ord("a") + i) if i < 26 else str(i + 1)
        href = app.builder.get_relative_uri(fromdoc, doc) + "#" + anchor
        title = app.env.titles[doc].astext() if doc in app.env.titles else doc
        links.append(f'<a href="{_e(href)}" title="{_e(title)}">{label}</a>')
    return '<span class="bf-back">cited in ^ ' + " ".join(links) + "</span>"


def _paragraph_html(text: str, marks: list[tuple[int, int, str, str]]) -> str:
    """One line of the source with its cited spans (start, end, evidence id, gloss; offsets into
    ``text``) as <mark>; a span overlapping an earlier one gets a zero-width anchor at that mark."""
    placed: list[tuple[int, int, str, str]] = []
    anchors_at: dict[int, list[str]] = {}
    for start, end, eid, gloss in sorted(marks, key=lambda m: (m[0], -m[1])):
        if placed and start < placed[-1][1]:
            anchors_at.setdefault(placed[-1][0], []).append(f'<span class="bf-anchor" id="ev-{_e(eid)}"></span>')
        else:
            placed.append((start, end, eid, gloss))
    out, pos = [], 0
    for start, end, eid, gloss in placed:
        out.append(_e(text[pos:start]))
        out.extend(anchors_at.get(start, []))
        out.append(f'<mark class="bf-mark" id="ev-{_e(eid)}">{_e(text[start:end])}</mark>{gloss}')
        pos = end
    out.append(_e(text[pos:]))
    return "".join(out)


def _source_html(app: Sphinx, fromdoc: str, source: Source) -> str:
    registry = _registry(app)
    entries = registry.for_source(source.id)
    by_block: dict[int, list[tuple[int, int, str, str]]] = {}  # line start -> marks within that line
    rows = []
    for ev in entries:
        m = registry.match(ev.id)
        back = _backlinks_html(app, fromdoc, ev.id)
        gloss = (f'<span class="bf-gloss" lang="en" dir="ltr"><b>{_e(ev.id)}</b> '
                 f'({where_in_source(m)}): “{_e(ev.translation)}” <em>(project translation)</em> {back}</span>')
        block = source.block_at(m.start)
        if block is not None:  # a match always lies in a title or body line
            by_block.setdefault(block.start, []).append((m.start - block.start, m.end - block.start, ev.id, gloss))
        rows.append(
            f'<tr><td><a href="#ev-{_e(ev.id)}">{_e(ev.id)}</a></td><td>{where_in_source(m)}</td>'
            f'<td lang="ar" dir="rtl" class="bf-ar">{_e(m.exact)}</td><td>{_e(ev.translation)}'
            f'{" <br><small>" + _e(ev.note) + "</small>" if ev.note else ""}</td><td>{back}</td></tr>')
    p = source.published
    date_row = (f"{_e(p.display())} — printed as <span lang=\"ar\" dir=\"rtl\">{_e(p.as_printed)}</span>"
                if not p.inferred else f"{_e(p.display())}. <em>Why:</em> {_e(p.reason)}")
    meta = (
        '<table class="bf-meta"><tbody>'
        f'<tr><th>Source id</th><td><code>{_e(source.id)}</code></td></tr>'
        f'<tr><th>Outlet</th><td>{_e(source.outlet_en)} <span lang="ar" dir="rtl">{_e(source.outlet_ar)}</span>'
        f'{" — " + _e(source.outlet_note) if source.outlet_note else ""}</td></tr>'
        f'<tr><th>Title</th><td><span lang="ar" dir="rtl">{_e(source.title_ar)}</span><br>'
        f'{_e(source.title_en)} <em>(project translation)</em></td></tr>'
        f'<tr><th>Published</th><td>{date_row}</td></tr>'
        f'<tr><th>URL</th><td>{_e(source.url) if source.url else "not given in the text"}</td></tr>'
        f'<tr><th>File</th><td><code>data/{_e(source.path.parent.name)}/{_e(source.path.name)}</code>, '
        f'sha256 <code>{_e(source.sha256)}</code></td></tr>'
        "</tbody></table>")
    lines = []
    previous = None
    for block in source.blocks:
        text = source.text[block.start:block.end]
        if block.kind == "body":
            lines.append(f'<p class="bf-para" id="{_e(source.id)}-p{block.paragraph}" dir="rtl" lang="ar">'
                         f'<a class="bf-pnum" href="#{_e(source.id)}-p{block.paragraph}" dir="ltr">¶{block.paragraph}</a> '
                         f'{_paragraph_html(text, by_block.get(block.start, []))}</p>')
        elif block.kind == "title":
            lines.append(f'<p class="bf-para bf-title" id="{_e(source.id)}-p0" dir="rtl" lang="ar">'
                         f'<span class="bf-pnum" dir="ltr">title</span> {_paragraph_html(text, by_block.get(block.start, []))}</p>')
        else:
            label = block.kind + (f": {block.note}" if block.note else "")
            first = previous is None or (previous.kind, previous.note) != (block.kind, block.note) \
                or previous.line < block.line - 2
            tag = (f'<span class="bf-kind" dir="ltr" lang="en">not article text · {_e(label)}</span> '
                   if first else "")
            lines.append(f'<p class="bf-boiler" dir="rtl" lang="ar">{tag}{_e(text)}</p>')
        previous = block
    table = ('<table class="bf-evidence"><thead><tr><th>Evidence</th><th>¶</th><th>Arabic (as printed)</th>'
             '<th>English (project translation)</th><th>Cited in</th></tr></thead><tbody>'
             + "".join(rows) + "</tbody></table>")
    return (f'<div class="bf-source">{meta}<h2>Full text</h2><p class="bf-help">Line by line as in the file; '
            'body paragraphs are numbered ¶1, ¶2 …; lines that are not article text (navigation, captions, '
            'related links, footers) are set apart in grey. Highlighted passages are cited in the book; '
            'follow a letter to return to the citation.</p>'
            f'<div class="bf-text">{"".join(lines)}</div><h2>Passages cited from this source</h2>{table}</div>')


def _source_meta_latex(source: Source) -> str:
    p = source.published
    # no bracket after the Arabic: babel draws a neutral that follows an Arabic run inside it, mirrored
    date = (_latex_escape(p.display()) + r"; printed as \foreignlanguage{arabic}{" + _latex_escape(p.as_printed) + "}"
            if not p.inferred else _latex_escape(f"{p.display()}. {p.reason}"))
    rows = [("Outlet", _latex_escape(source.outlet_en) + (r" \foreignlanguage{arabic}{" + _latex_escape(source.outlet_ar)
                                                         + "}" if source.outlet_ar else "")
             + (". " + _latex_escape(source.outlet_note) if source.outlet_note else "")),
            ("Title", r"\foreignlanguage{arabic}{" + _latex_escape(source.title_ar) + "}"),
            ("Published", date),
            ("File", r"\texttt{data/sources/" + _latex_escape(source.path.name) + r"},\newline sha256 \texttt{\footnotesize\seqsplit{"
             + source.sha256 + "}}")]
    items = "".join(r"\item[" + k + "] " + v + "\n" for k, v in rows)
    return (r"\begin{description}" + "\n" + items + r"\end{description}" + "\n"
            r"\noindent\emph{Body paragraphs are numbered; lines that are not article text are omitted here "
            r"(see the HTML edition); cited passages are highlighted.}\par\medskip" + "\n")


def _source_latex(app: Sphinx, source: Source) -> str:
    registry = _registry(app)
    spans = sorted((registry.match(ev.id) for ev in registry.for_source(source.id)),
                   key=lambda m: (m.start, -m.end))
    out = []
    for block in source.blocks:
        if block.kind not in ("body", "title"):
            continue
        pieces, pos = [], block.start
        for m in spans:
            if block.start <= m.start and m.end <= block.end and m.start >= pos:
                pieces.append(_latex_escape(source.text[pos:m.start]))
                pieces.append(r"\bfmark{" + _latex_escape(source.text[m.start:m.end]) + "}")
                pos = m.end
        pieces.append(_latex_escape(source.text[pos:block.end]))
        label = "title" if block.kind == "title" else f"¶{block.paragraph}"
        out.append(r"\par\noindent\textbf{" + label + r"}\quad\foreignlanguage{arabic}{" + "".join(pieces) + "}\n")
    return "\n".join(out)


# ------------------------------------------------------------------------------------- directive

class SourceTextDirective(Directive):
    """``source-text SOURCE_ID``: metadata, full text and cited passages of one source."""

    required_arguments = 1
    has_content = False
    option_spec = {"class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        env = self.state.document.settings.env
        sid = self.arguments[0]
        try:
            _registry(env.app).corpus[sid].verify()
        except BriefingError as exc:
            raise self.error(f"source-text {sid}: {exc.message}") from None
        env.note_dependency(str(_registry(env.app).corpus[sid].path))
        return [source_text_node("", source=sid)]


# ----------------------------------------------------------------------------------- resolution

def _appendix_doc(app: Sphinx, source_id: str) -> str:
    """The docname of a source's appendix page (``…/sources/SOURCE_ID``)."""
    suffix = f"{APPENDIX_DIR}/{source_id}"
    for doc in app.env.found_docs:
        if doc == suffix or doc.endswith("/" + suffix):
            return doc
    raise BriefingError(f"source '{source_id}'", "has no page in the sources appendix",
                        f"add book/{APPENDIX_DIR}/{source_id}.md with a `source-text` directive and list it in _toc.yml")


def _resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    registry = _registry(app)
    fmt = app.builder.format
    for node in list(doctree.findall(ev_node)):
        c = cite(node["evidence"], registry)
        if fmt == "html":
            href = app.builder.get_relative_uri(docname, _appendix_doc(app, c.source.id)) + f"#ev-{c.id}"
            node.replace_self(nodes.raw("", _marker_html(c, node["number"], node["anchor"], href), format="html"))
        elif fmt == "latex":
            sep = r"\textsuperscript{,}" if isinstance(node.next_node(descend=False, siblings=True), ev_node) else ""
            node.replace_self(nodes.raw("", _marker_latex(c) + sep, format="latex"))
        else:
            node.replace_self(nodes.Text(f"[{node['number']}]"))
    for node in list(doctree.findall(ar_node)):
        text = node.astext()
        if fmt == "html":
            node.replace_self(nodes.raw("", f'<span class="bf-ar" lang="ar" dir="rtl">{_e(text)}</span>', format="html"))
        elif fmt == "latex":
            node.replace_self(nodes.raw("", r"\foreignlanguage{arabic}{" + _latex_escape(text) + "}", format="latex"))
        else:
            node.replace_self(nodes.Text(text))
    for node in list(doctree.findall(source_text_node)):
        source = registry.corpus[node["source"]]
        if fmt == "html":
            node.replace_self(nodes.raw("", _source_html(app, docname, source), format="html"))
        elif fmt == "latex":
            node.replace_self(nodes.raw("", _source_meta_latex(source) + _source_latex(app, source), format="latex"))
        else:
            node.replace_self(nodes.literal_block(source.text, source.text))


def _outdated(app: Sphinx, env: Any, added: set, changed: set, removed: set) -> list[str]:
    """Re-read the appendix pages whenever any page changed: their backlinks depend on every page."""
    if added or changed or removed:
        return [doc for doc in env.found_docs if f"{APPENDIX_DIR}/" in doc]
    return []


def _check_all(app: Sphinx, env: Any) -> None:
    """Every evidence entry must anchor, cited or not: fail the build otherwise."""
    for problem in _registry(app).verify():
        logger.error(problem.message)


def _static(app: Sphinx, config: Any) -> None:
    import plotly

    plotly_js = Path(plotly.__file__).parent / "package_data"
    config.html_static_path = list(config.html_static_path) + [str(STATIC), str(_plotly_static(app, plotly_js))]
    if not config.today:  # the title page of the PDF carries the as-of date, not the build date
        config.today = f"As of {Corpus.load(find_root(Path(app.srcdir))).as_of:%B %Y}"
    if not config.html_favicon:
        config.html_favicon = str(STATIC / "favicon.svg")
    # pydata-sphinx-theme logs a console error when no default mode is set
    config.html_context = {"default_mode": "light", **(config.html_context or {})}


def _plotly_static(app: Sphinx, package_data: Path) -> Path:
    """A folder holding only plotly.min.js (plotly's package_data has datasets we don't serve)."""
    folder = Path(app.doctreedir).parent / "bf_plotly"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "plotly.min.js"
    if not target.exists() or target.stat().st_size != (package_data / "plotly.min.js").stat().st_size:
        shutil.copyfile(package_data / "plotly.min.js", target)
    return folder


def _write_data(app: Sphinx, exception: Exception | None) -> None:
    """Downloads: the tables, the registry, the corpus metadata and every citation as JSON-LD."""
    if exception or app.builder.format != "html":
        return
    registry = _registry(app)
    root = registry.corpus.root
    out = Path(app.outdir) / "data"
    out.mkdir(exist_ok=True)
    resources = []
    for path in sorted((root / "data").glob("*.csv")):
        shutil.copyfile(path, out / path.name)
        with path.open(encoding="utf-8", newline="") as fh:
            header = next(csv.reader(fh))
        resources.append({"name": path.stem, "path": path.name, "format": "csv", "mediatype": "text/csv",
                          "encoding": "utf-8", "schema": {"fields": [{"name": h, "type": "string"} for h in header]}})
    evidence = [{"id": ev.id, "source": ev.source, "quote": ev.quote, "translation": ev.translation,
                 "note": ev.note, **registry.match(ev.id).as_dict()} for ev in registry]
    (out / "evidence.json").write_text(json.dumps(evidence, ensure_ascii=False, indent=1), encoding="utf-8")
    sources = [s.as_dict() | {"file": f"sources/{s.path.name}"} for s in registry.corpus]
    (out / "sources.json").write_text(json.dumps(sources, ensure_ascii=False, indent=1), encoding="utf-8")
    (out / "sources").mkdir(exist_ok=True)
    for s in registry.corpus:
        shutil.copyfile(s.path, out / "sources" / s.path.name)
    (out / "annotations.jsonld").write_text(json.dumps(annotations(registry, base="../"), ensure_ascii=False,
                                                       indent=1), encoding="utf-8")
    resources += [
        {"name": "evidence", "path": "evidence.json", "format": "json", "mediatype": "application/json"},
        {"name": "sources", "path": "sources.json", "format": "json", "mediatype": "application/json"},
        {"name": "annotations", "path": "annotations.jsonld", "format": "jsonld",
         "mediatype": "application/ld+json", "description": "Every citation as a W3C Web Annotation"},
    ]
    package = {"name": "iraq-coalition-briefing", "title": "Data behind the Iraq coalition briefing book",
               "licenses": [], "resources": resources}
    (out / "datapackage.json").write_text(json.dumps(package, indent=1), encoding="utf-8")


def _dedupe_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Inline scripts added with filename None (sphinx-thebe, sphinx-togglebutton) are registered twice
    by Sphinx 7.4 (once as None, once as ""); the duplicate thebe config throws
    "Identifier 'THEBE_JS_URL' has already been declared" in the browser; keep each script once."""
    seen, unique = set(), []
    for script in context.get("script_files", []):
        key = (getattr(script, "filename", script) or "", repr(sorted(getattr(script, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(ev_node)
    app.add_node(source_text_node)
    app.add_role("ev", ev_role)
    app.add_node(ar_node)
    app.add_role("ar", ar_role)
    app.add_directive("source-text", SourceTextDirective)
    app.connect("config-inited", _static)
    app.connect("env-purge-doc", _purge)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-check-consistency", _check_all)
    app.connect("doctree-resolved", _resolve)
    app.connect("build-finished", _write_data)
    app.connect("html-page-context", _dedupe_scripts, priority=100)  # before handlers that end the event
    app.add_css_file("briefing.css")
    app.add_js_file("plotly.min.js")
    return {"version": "0.1", "parallel_read_safe": False, "parallel_write_safe": True, "env_version": 1}
