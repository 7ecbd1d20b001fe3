"""`briefing check`: every promise the book makes about its evidence, verified.

A file that cannot be read or parsed gives one error, and the checks that depend on it are skipped
(so one missing quote mark does not bury the real error under hundreds of follow-on ones).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from .corpus import Corpus, find_root
from .datafiles import data_file_problems
from .errors import BriefingError, DataError, UnknownIdError
from .evidence import Registry
from .reliability import load_reliability
from .tables import COLUMNS, read_rows
from .usage import book_uses
from .writes import interrupted

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_LOADS_TABLE = re.compile(r"""\b(?:load_table|read_rows)\(\s*["']([a-z_]+)["']""")


def formula_cells(root: Path) -> list[DataError]:
    """Cells of data/*.csv that a spreadsheet would run as a formula (OWASP CSV injection)."""
    found = []
    for path in sorted((root / "data").glob("*.csv")):
        try:
            with path.open(encoding="utf-8", newline="") as fh:
                reader = csv.reader(fh)
                header: list[str] = []
                for row in reader:
                    header = header or row
                    for n, cell in enumerate(row):
                        if cell.startswith(FORMULA_START):
                            column = header[n] if n < len(header) else f"column {n + 1}"
                            found.append(DataError(f"data/{path.name}:{reader.line_num}",
                                                   f"column '{column}' starts with {cell[0]!r}, which a spreadsheet "
                                                   "runs as a formula", "rephrase the cell, or prefix it with an "
                                                   "apostrophe (') so it stays text"))
        except (UnicodeDecodeError, csv.Error):
            continue  # reported with its line by read_rows
    return found


def required_tables(root: Path) -> set[str]:
    """The data tables the chapters load (so a deleted one fails here, not in the build)."""
    names: set[str] = set()
    book = root / "book"
    for path in [*book.glob("_text/*.md"), *book.glob("*.ipynb"), *book.glob("*.md")]:
        try:
            names.update(_LOADS_TABLE.findall(path.read_text(encoding="utf-8", errors="replace")))
        except OSError:
            continue
    return names & set(COLUMNS)


def _counts(corpus: Corpus | None = None, registry: Registry | None = None, anchored: int = 0,
            uses: int = 0) -> dict[str, int]:
    return {"sources": len(corpus) if corpus else 0, "evidence": len(registry) if registry else 0,
            "anchored": anchored, "citations_in_book": uses}


def check(root: Path | None = None) -> tuple[list[BriefingError], dict[str, int]]:
    """All problems (empty list when everything holds) and counts of what was checked."""
    from .bibliography import stale
    from .consistency import problems as consistency_problems

    root = root or find_root()
    change = interrupted(root)
    if change is not None:  # a half-done change explains every other disagreement: one problem, one command
        return [change], _counts()
    problems: list[BriefingError] = []
    try:
        corpus, corpus_problems = Corpus.load_with_problems(root)
    except BriefingError as exc:  # metadata file missing or not YAML: nothing else can be checked
        return [exc], _counts()
    problems += corpus_problems
    if corpus_problems and not len(corpus):  # the metadata breaks the schema: evidence cannot be checked
        return problems, _counts()
    broken_sources = set()
    for source in corpus:
        try:
            source.verify()
        except BriefingError as exc:
            problems.append(exc)
            broken_sources.add(source.id)
            continue
        problems += source.segment_problems()
        if source.bidi_control_offsets:
            problems.append(BriefingError(str(source.path), f"contains bidi control characters at offsets "
                                          f"{source.bidi_control_offsets[:5]}",
                                          "they can reorder what readers see; remove them before adding the source"))
    problems += consistency_problems(root, corpus)
    from .edition import edition_date

    try:
        edition_date(root)
    except BriefingError as exc:
        problems.append(exc)
    bib = stale(corpus) if not corpus_problems else None
    if bib:
        problems.append(bib)
    try:
        registry, reg_problems = Registry.load_with_problems(corpus)
    except BriefingError as exc:  # evidence.yaml unreadable: citations cannot be checked
        return problems + [exc], _counts(corpus)
    problems += reg_problems
    if reg_problems and not len(registry):
        return problems, _counts(corpus)
    anchored = 0
    for ev in registry:
        if ev.source in broken_sources:
            problems.append(BriefingError(f"{ev.where} (citation '{ev.id}')",
                                          f"cannot be verified: its source '{ev.source}' is broken", ""))
            continue
        try:
            registry.match(ev.id)
            anchored += 1
        except BriefingError as exc:
            problems.append(exc)
    problems += registry.duplicate_passages()
    needed = required_tables(root)
    tables_ok = True
    for name in COLUMNS:
        path = root / "data" / f"{name}.csv"
        if path.exists() or name in needed:
            try:
                read_rows(name, registry, root)
            except BriefingError as exc:
                problems.append(exc)
                tables_ok = False
    problems += formula_cells(root)
    problems += data_file_problems(root)  # refused characters and links, in every field of every data file
    from .chapters import chapter_problems, limits, output_problems

    problems += chapter_problems(root)
    try:
        problems += output_problems(root, limits(root).max_output_bytes)
    except BriefingError as exc:
        problems.append(exc)
    reliability = {}
    try:
        reliability = load_reliability(root, set(corpus.sources))
    except BriefingError as exc:
        problems.append(exc)
    try:
        uses = book_uses(root)
    except BriefingError as exc:  # a chapter or notebook that cannot be read
        return problems + [exc], _counts(corpus, registry, anchored)
    for use in uses:
        if use.evidence_id not in registry.entries:
            problems.append(UnknownIdError(use.where, f"cites unknown evidence id '{use.evidence_id}'",
                                           "add it to data/evidence.yaml or fix the id"))
    if not tables_ok:  # the claim and risk checks read the tables: one error per broken table is enough
        return problems, _counts(corpus, registry, anchored, len(uses))
    from .claims import claim_problems
    from .estimative import estimative_problems, risk_problems
    from .standards.rules import standards_problems

    problems += claim_problems(root, registry) + estimative_problems(root) + risk_problems(root)
    problems += standards_problems(root, registry, reliability)
    return problems, _counts(corpus, registry, anchored, len(uses))
