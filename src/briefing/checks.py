"""`briefing check`: every promise the book makes about its evidence, verified."""

from __future__ import annotations

from pathlib import Path

from .corpus import Corpus, find_root
from .errors import BriefingError, UnknownIdError
from .evidence import Registry
from .tables import COLUMNS, read_rows
from .usage import book_uses


def check(root: Path | None = None) -> tuple[list[BriefingError], dict[str, int]]:
    """All problems (empty list when everything holds) and counts of what was checked."""
    root = root or find_root()
    problems: list[BriefingError] = []
    try:
        corpus, corpus_problems = Corpus.load_with_problems(root)
    except BriefingError as exc:  # metadata file missing or not YAML: nothing else can be checked
        return [exc], {"sources": 0, "evidence": 0, "anchored": 0, "citations_in_book": 0}
    problems += corpus_problems
    broken_sources = set()
    for source in corpus:
        try:
            source.verify()
        except BriefingError as exc:
            problems.append(exc)
            broken_sources.add(source.id)
            continue
        if source.bidi_control_offsets:
            problems.append(BriefingError(str(source.path), f"contains bidi control characters at offsets "
                                          f"{source.bidi_control_offsets[:5]}",
                                          "they can reorder what readers see; remove them before adding the source"))
    try:
        registry, reg_problems = Registry.load_with_problems(corpus)
    except BriefingError as exc:
        registry, reg_problems = Registry(corpus), [exc]
    problems += reg_problems
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
    for name in COLUMNS:
        if (root / "data" / f"{name}.csv").exists():
            try:
                read_rows(name, registry, root)
            except BriefingError as exc:
                problems.append(exc)
    uses = book_uses(root)
    for use in uses:
        if use.evidence_id not in registry.entries:
            problems.append(UnknownIdError(use.where, f"cites unknown evidence id '{use.evidence_id}'",
                                           "add it to data/evidence.yaml or fix the id"))
    from .claims import claim_problems
    from .estimative import estimative_problems, risk_problems

    problems += claim_problems(root, registry) + estimative_problems(root) + risk_problems(root)
    counts = {"sources": len(corpus), "evidence": len(registry), "anchored": anchored, "citations_in_book": len(uses)}
    return problems, counts
