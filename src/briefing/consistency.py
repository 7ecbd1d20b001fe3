"""Do data/sources/, data/sources.yaml, book/sources/ and _toc.yml agree? Find and repair partial adds.

``add-source`` changes four files (five with references.bib) in one journalled step, so a crash is
rolled forward by the next command (see ``writes``). This module finds every state in which the
files disagree anyway — a crash, a hand edit, a file deleted — and says which command repairs it.
``repair`` does what can be derived from data/sources.yaml (a missing appendix page or toc line);
it never deletes what a person wrote: for an orphan file it prints the command instead.
"""

from __future__ import annotations

import re
from pathlib import Path

from .corpus import Corpus, Source
from .errors import DataError
from .ids import valid_id
from .myst import escape
from .writes import atomic_write, interrupted, pending, recover

_TOC_SOURCE = re.compile(r"^\s*-\s*file:\s*book/sources/([^\s#]+?)(?:\.md)?\s*(?:#.*)?$")


def _toc_source(line: str) -> str | None:
    """The source id of a _toc.yml line that lists an appendix page (None for the index and other lines)."""
    m = _TOC_SOURCE.match(line)
    return m.group(1) if m and m.group(1) != "index" else None


def toc_sources(root: Path) -> list[str]:
    """The ids of the appendix pages listed in _toc.yml (the index page excluded)."""
    toc = root / "_toc.yml"
    if not toc.is_file():
        return []
    return [sid for line in toc.read_text(encoding="utf-8").split("\n") if (sid := _toc_source(line))]


def toc_with(toc_text: str, source_id: str, toc: Path) -> str:
    """_toc.yml with the appendix page of ``source_id`` after the last source page."""

    lines = toc_text.rstrip("\n").split("\n")
    last = max((i for i, line in enumerate(lines) if _toc_source(line)), default=None)
    if last is None:
        raise DataError(str(toc), "has no entries under book/sources/", "add the appendix to _toc.yml first")
    indent = lines[last][: len(lines[last]) - len(lines[last].lstrip())]
    lines.insert(last + 1, f"{indent}- file: book/sources/{valid_id(source_id)}")
    return "\n".join(lines) + "\n"


def page_head(source: Source) -> tuple[str, str]:
    """The heading line and the title line of an appendix page, data escaped as MyST text."""
    return (f"# {escape(source.outlet_en)}, {escape(source.published.display())}",
            f"**{escape(source.title_en)}** *(title translated by the project)*")


def appendix_page(source: Source) -> str:
    """book/sources/ID.md: heading and title as escaped text, then the source-text directive."""
    heading, title = page_head(source)
    return f"{heading}\n\n{title}\n\n```{{source-text}} {valid_id(source.id)}\n```\n"


def problems(root: Path, corpus: Corpus) -> list[DataError]:
    """Every disagreement between the corpus files, each with the command that repairs it."""
    found: list[DataError] = []
    change = interrupted(root)
    if change is not None:  # every other disagreement may be the change half-done: one problem, one command
        return [change]
    _, strays = pending(root)
    for stray in strays:
        found.append(DataError(str(stray.relative_to(root)), "temporary file left by an interrupted command",
                               "run `briefing recover` to remove it"))
    known_files = {s.path.name for s in corpus}
    for path in sorted((root / "data" / "sources").glob("*.txt")):
        if path.name not in known_files:
            found.append(DataError(f"data/sources/{path.name}", "is not recorded in data/sources.yaml "
                                   "(an orphan source file)", f"add it with `briefing add-source` under another id, "
                                   f"or remove it: rm data/sources/{path.name}"))
    pages_dir = root / "book" / "sources"
    toc = root / "_toc.yml"
    if not (pages_dir.is_dir() and toc.is_file()):
        return found  # a project without an appendix (e.g. a test fixture)
    in_toc = toc_sources(root)
    for source in corpus:
        if not (pages_dir / f"{source.id}.md").is_file():
            found.append(DataError(source.where, f"source '{source.id}' has no appendix page "
                                   f"book/sources/{source.id}.md", "run `briefing recover` to create it"))
        if source.id not in in_toc:
            found.append(DataError(source.where, f"source '{source.id}' is not listed in _toc.yml",
                                   "run `briefing recover` to add its line"))
    for source in corpus:
        page = pages_dir / f"{source.id}.md"
        if page.is_file() and refreshed_page(page, source) != page.read_text(encoding="utf-8"):
            found.append(DataError(f"book/sources/{page.name}", "heading or title line is out of date with "
                                   "data/sources.yaml", "regenerate them: briefing refresh"))
    for page in sorted(pages_dir.glob("*.md")):
        if page.stem != "index" and page.stem not in corpus.sources:
            found.append(DataError(f"book/sources/{page.name}", "is the page of a source that is not in "
                                   "data/sources.yaml", f"remove it: rm book/sources/{page.name} (and its "
                                   "_toc.yml line)"))
    for sid in in_toc:
        if sid not in corpus.sources and not (pages_dir / f"{sid}.md").is_file():
            found.append(DataError("_toc.yml", f"lists book/sources/{sid}, which has no page and no source",
                                   f"delete the line '- file: book/sources/{sid}' from _toc.yml"))
    return found


def refreshed_page(page: Path, source: Source) -> str:
    """The page's text with its heading (line 1) and title line (line 3, if it is one) regenerated."""

    heading, title = page_head(source)
    lines = page.read_text(encoding="utf-8").split("\n")
    # a line is replaced only when it reads differently (an unescaped hand-written heading that says the same
    # thing is left alone)
    if lines and lines[0].startswith("# ") and _unescape(lines[0]) != _unescape(heading):
        lines[0] = heading
    if (len(lines) > 2 and lines[2].startswith("**") and lines[2].endswith("*(title translated by the project)*")
            and _unescape(lines[2]) != _unescape(title)):
        lines[2] = title
    return "\n".join(lines)


def _unescape(line: str) -> str:
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", line)


def refresh(root: Path) -> list[str]:
    """Regenerate what derives from the corpus: references.bib, appendix headings. Call under the lock."""
    from .bibliography import bibtex, stale

    corpus = Corpus.load(root)
    files: dict[Path, bytes] = {}
    if stale(corpus):
        files[root / "book" / "references.bib"] = bibtex(corpus).encode("utf-8")
    for source in corpus:
        page = root / "book" / "sources" / f"{source.id}.md"
        if page.is_file() and (text := refreshed_page(page, source)) != page.read_text(encoding="utf-8"):
            files[page] = text.encode("utf-8")
    if files:
        atomic_write(files, journal_root=root)
    return [f"regenerated {p.relative_to(root)}" for p in files]


def repair(root: Path, apply_foreign: bool = False) -> list[str]:
    """Finish interrupted changes, remove stray temporary files, restore derived pages and toc lines.

    Call under ``writes.project_lock``. Returns what was done, one line each. A journal this clone did
    not sign is applied only with ``apply_foreign`` (see ``writes.recover``).
    """

    done = recover(root, apply_foreign=apply_foreign)
    corpus = Corpus.load(root)
    pages_dir, toc = root / "book" / "sources", root / "_toc.yml"
    if not (pages_dir.is_dir() and toc.is_file()):
        return done
    files: dict[Path, bytes] = {}
    toc_text = toc.read_text(encoding="utf-8")
    in_toc = toc_sources(root)
    for source in corpus:
        page = pages_dir / f"{source.id}.md"
        if not page.is_file():
            files[page] = appendix_page(source).encode("utf-8")
            done.append(f"created book/sources/{source.id}.md")
        if source.id not in in_toc:
            toc_text = toc_with(toc_text, source.id, toc)
            done.append(f"added book/sources/{source.id} to _toc.yml")
    if toc_text != toc.read_text(encoding="utf-8"):
        files[toc] = toc_text.encode("utf-8")
    if files:
        atomic_write(files, journal_root=root)
    return done
