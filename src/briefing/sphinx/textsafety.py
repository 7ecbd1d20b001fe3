"""Defence in depth in the built book: no reordering or invisible character, and no link outside http(s).

`briefing check` (which `briefing build` runs first) refuses such characters and links in every data
file, so these passes normally change nothing. If one gets past (a page built without the check, a
new data path), every text node of every page shows it as a visible ``[U+202E]`` instead of letting
it reorder or hide what a reader sees, in HTML and LaTeX alike, raw output of the notebooks included
(the project's own raw output has no such character: the figures' isolates are JSON escapes); and a
reference to a URL whose scheme is not http(s) (``javascript:``, ``data:``, ``//host`` …) loses its
link and stays text.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from ..characters import is_unsafe, neutralise
from ..links import url_problem


def _external(uri: str) -> bool:
    """A URI with a scheme or an authority (``x:…``, ``//host``), as opposed to a path inside the book."""
    head = uri.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return uri.startswith(("//", "\\")) or ":" in head or is_unsafe(uri) or uri != uri.strip()


def neutralise_doctree(doctree: nodes.Node) -> int:
    """Replace refused characters in every text node by a visible marker; unlink references outside http(s).
    Returns how many nodes were changed."""
    changed = 0
    for text in list(doctree.findall(nodes.Text)):
        parent = text.parent
        if parent is None or not is_unsafe(str(text)):
            continue
        if isinstance(parent, nodes.raw):  # output made by the project (figures, markers): it has none of its
            # own (its isolates are JSON escapes), so any raw one came from data; the marker is inert in both
            fmt = parent.get("format", "")
            marker = "{{[}}{code}{{]}}" if "latex" in fmt else "[{code}]"
            value = neutralise(str(text), marker=marker)
            parent.replace(text, nodes.Text(value))
            if parent.get("rawsource"):
                parent["rawsource"] = value
        else:
            parent.replace(text, nodes.Text(neutralise(str(text))))
        changed += 1
    for ref in list(doctree.findall(nodes.reference)):
        uri = ref.get("refuri", "")
        if uri and _external(uri) and url_problem(uri) is not None and not uri.startswith("mailto:"):
            ref.replace_self(nodes.inline("", "", *ref.children))
            changed += 1
    return changed


def _on_read(app: Sphinx, doctree: nodes.document) -> None:
    neutralise_doctree(doctree)  # before titles and the search index are taken from the page


def _on_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    neutralise_doctree(doctree)  # what was added since (bibliography entries, generated pages)


def _refuse_links(app: Sphinx, env: Any, docnames: list[str]) -> None:
    """No page is read through a symbolic link, and no notebook carries metadata its text form does not give
    (``briefing check`` reports both; a bare ``jupyter-book build`` does not run the check): a clone's link to a
    host file is never published, and a notebook cannot switch its execution off to show outputs no code made."""
    from pathlib import Path

    from sphinx.errors import ExtensionError

    from ..chapters import metadata_problems
    from ..datafiles import symlinks

    root = Path(app.srcdir)
    for problem in metadata_problems(root):  # a committed notebook that switches execution off, or another kernel
        raise ExtensionError(neutralise(problem.message))
    found = list(symlinks(root))
    if found:
        rel = found[0][0]
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise ExtensionError(f"{neutralise(rel)}{more} is a symbolic link; the book is built only from the project's "
                             "own files — replace it by the file itself or remove it (briefing check lists them)")


def setup(app: Sphinx) -> Any:
    app.connect("env-before-read-docs", _refuse_links)
    app.connect("doctree-read", _on_read, priority=100)
    app.connect("doctree-resolved", _on_resolved, priority=100)
