"""Build-wide state the other modules share: the evidence registry and where each passage is cited."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from ..cite import APPENDIX, Citation
from ..corpus import Corpus, find_root
from ..errors import BriefingError
from ..evidence import Registry

APPENDIX_DIR = APPENDIX  # the sources appendix: book/sources/SOURCE_ID.md


def corpus(app: Sphinx) -> Corpus:
    """The corpus of the project the book belongs to (loaded once per build: the as-of date in the
    configuration, the search synonyms and the registry all read this one)."""
    if getattr(app, "_bf_corpus", None) is None:
        app._bf_corpus = Corpus.load(find_root(Path(app.srcdir)))  # type: ignore[attr-defined]
    return app._bf_corpus  # type: ignore[attr-defined]


def registry(app: Sphinx) -> Registry:
    """The evidence registry of the project the book belongs to (loaded once per build)."""
    if getattr(app, "_bf_registry", None) is None:
        app._bf_registry = Registry.load(corpus(app))  # type: ignore[attr-defined]
    return app._bf_registry  # type: ignore[attr-defined]


def reliability(app: Sphinx) -> dict:
    """source id -> its reliability note (data/reliability.csv), loaded once per build."""
    if getattr(app, "_bf_reliability", None) is None:
        from ..reliability import load_reliability

        loaded = corpus(app)
        app._bf_reliability = load_reliability(loaded.root, set(loaded.sources))  # type: ignore[attr-defined]
    return app._bf_reliability  # type: ignore[attr-defined]


def uses(env: Any) -> dict[str, list[tuple[str, str]]]:
    """evidence id -> [(docname, anchor id)] in reading order."""
    if not hasattr(env, "bf_uses"):
        env.bf_uses = {}
    return env.bf_uses


def purge(app: Sphinx, env: Any, docname: str) -> None:
    for eid, found in list(uses(env).items()):
        uses(env)[eid] = [u for u in found if u[0] != docname]


def doc_order(env: Any) -> dict[str, int]:
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


def uses_in_order(env: Any, eid: str) -> list[tuple[str, str]]:
    """Where ``eid`` is cited, in book order (then in page order)."""
    rank = doc_order(env)
    return sorted(uses(env).get(eid, []), key=lambda u: (rank.get(u[0], 1 << 30), u[0], int(u[1].rsplit("-", 1)[1])))


def passage_href(app: Sphinx, docname: str, c: Citation) -> str:
    """The link from page ``docname`` to a cited passage in its source's appendix page."""
    return app.builder.get_relative_uri(docname, appendix_doc(app, c.source.id)) + f"#ev-{c.id}"


def appendix_doc(app: Sphinx, source_id: str) -> str:
    """The docname of a source's appendix page (``…/sources/SOURCE_ID``)."""
    suffix = f"{APPENDIX_DIR}/{source_id}"
    for doc in app.env.found_docs:
        if doc == suffix or doc.endswith("/" + suffix):
            return doc
    raise BriefingError(f"source '{source_id}'", "has no page in the sources appendix",
                        f"add book/{APPENDIX_DIR}/{source_id}.md with a `source-text` directive and list it in _toc.yml")
