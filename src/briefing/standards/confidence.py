"""Confidence follows sourcing: the highest confidence the cited evidence allows.

The basis of a judgment is the set of sources of the evidence it cites; their outlets are the sources'
``outlet_en`` (a source whose outlet is unidentified counts as an outlet of its own).

- one outlet, or one source: at most **low**;
- two outlets: at most **moderate**;
- three or more outlets: **high** only when at least one cited source has ``informants`` named or
  mixed and ``sourcing_kind`` first-hand or mixed (data/reliability.csv), else at most moderate;
- one step lower (never below low) when every cited source's informants are anonymous, or every one
  is second-hand. A source with no reliability row counts as anonymous and second-hand.

Where a confidence is stated:
- data/judgments.csv (``confidence``, basis ``evidence``) and data/risks.csv (``confidence``, basis
  ``evidence_for``);
- the chapters' prose: an Analysis block that states "<low|moderate|high> confidence" (emphasis
  allowed). Its basis is every ``{ev}`` citation inside the block and in the paragraph or list item the
  block follows (see ``prose.analysis_blocks``); each level the block states is checked against it. A
  list of levels ("low, moderate or high confidence") states none. A block that states moderate or high
  confidence while saying it rests on one source ("rests on one source", "a single outlet") contradicts
  itself and is refused too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..corpus import Corpus
from ..errors import BriefingError, DataError
from ..evidence import Registry
from ..reliability import Reliability
from ..usage import ROLE, split_ids
from .data import ids, table, where
from .prose import analysis_blocks, chapter_pages

LEVELS = ("low", "moderate", "high")
_LEVEL = r"(?:low|moderate|high)"
ONE_SOURCE = re.compile(r"(?<!more than )(?<!at least )\b(?:one|a single|only one|a sole)\s+(?:source|outlet)\b(?!s)",
                        re.IGNORECASE)
STATED = re.compile(rf"(?<![\w,/])[*_]{{0,3}}({_LEVEL})[*_]{{0,3}}\s+confidence\b", re.IGNORECASE)
_LISTED = re.compile(rf"{_LEVEL}[*_]{{0,3}}\s*(?:,|/|\bor\b|\band\b)\s*[*_]{{0,3}}$", re.IGNORECASE)  # "low, moderate or"


@dataclass(frozen=True)
class Basis:
    """What a set of cited sources allows: the highest confidence, and why (for the error message)."""

    sources: tuple[str, ...]
    outlets: tuple[str, ...]
    allowed: str
    reason: str
    remedy: str = ""  # what would allow more confidence

    def describe(self) -> str:
        """'2 outlets (Erem News: erem-2025-09; Al-Jibal: jibal-2025-08-17)', or 'no source'."""
        return f"{self.reason} ({'; '.join(self.outlets)})" if self.outlets else "no source"


def _outlet(corpus: Corpus, source_id: str) -> str:
    source = corpus[source_id]
    unidentified = not source.outlet_ar.strip() or source.outlet_en.lower().startswith(("unidentified", "unknown"))
    return f"{source.outlet_en} ({source_id})" if unidentified else source.outlet_en


def allowed_confidence(source_ids: Iterable[str], corpus: Corpus, reliability: dict[str, Reliability]) -> Basis:
    """The highest confidence that evidence from ``source_ids`` allows, with the reason."""
    sources = tuple(dict.fromkeys(source_ids))
    by_outlet: dict[str, list[str]] = {}
    for sid in sources:
        by_outlet.setdefault(_outlet(corpus, sid), []).append(sid)
    outlets = tuple(f"{o}: {', '.join(s)}" if not o.endswith(")") else o for o, s in by_outlet.items())
    notes = [reliability.get(sid) for sid in sources]
    n = len(by_outlet)
    if n < 2 or len(sources) < 2:
        level, reason, remedy = 0, "one outlet" if n == 1 else "no source", "cite a second outlet"
    elif n >= 3 and any(r and r.informants in ("named", "mixed") and r.sourcing_kind in ("first-hand", "mixed")
                        for r in notes):
        level, reason, remedy = 2, f"{n} outlets, one with named first-hand sourcing", ""
    elif n == 2:
        level, reason, remedy = 1, "2 outlets", "cite a third outlet, one with named first-hand sourcing"
    else:
        level, reason = 1, f"{n} outlets, none with named (or mixed) informants and first-hand (or mixed) sourcing"
        remedy = "cite a source with named informants and first-hand sourcing"
    if sources and all(r is None or r.informants == "anonymous" for r in notes):
        level, reason = max(0, level - 1), reason + ", every informant anonymous"
        remedy = remedy if level == 0 and n < 2 else "cite a source with named informants"
    elif sources and all(r is None or r.sourcing_kind == "second-hand" for r in notes):
        level, reason = max(0, level - 1), reason + ", every source second-hand"
        remedy = remedy if level == 0 and n < 2 else "cite a first-hand source"
    return Basis(sources, outlets, LEVELS[level], reason, remedy)


def _too_high(stated: str, basis: Basis) -> bool:
    return LEVELS.index(stated) > LEVELS.index(basis.allowed)


def _fix(basis: Basis) -> str:
    lower = f"lower the confidence to {basis.allowed}"
    return f"{basis.remedy}, or {lower}" if basis.remedy else lower


def _sources_of(evidence_ids: Iterable[str], registry: Registry) -> list[str]:
    return [registry.entries[e].source for e in evidence_ids if e in registry.entries]


def table_problems(root: Path, registry: Registry, reliability: dict[str, Reliability]) -> list[BriefingError]:
    """Rows of data/judgments.csv and data/risks.csv held with more confidence than their evidence allows."""
    problems: list[BriefingError] = []
    for name, basis_column in (("judgments", "evidence"), ("risks", "evidence_for")):
        for row in table(root, name):
            stated = row["confidence"].lower()
            if stated not in LEVELS:
                continue  # reported by the table's own checks
            basis = allowed_confidence(_sources_of(ids(row[basis_column]), registry), registry.corpus, reliability)
            if _too_high(stated, basis):
                problems.append(DataError(
                    where(name, row, "confidence"),
                    f"{name[:-1]} '{row['id']}' is held with {stated} confidence, but its {basis_column} comes from "
                    f"{basis.describe()}: at most {basis.allowed}", _fix(basis)))
    return problems


def stated_levels(text: str) -> list[tuple[int, str]]:
    """(offset, level) of each confidence the text states; enumerations of levels state none."""
    out = []
    for m in STATED.finditer(text):
        if _LISTED.search(text[max(0, m.start() - 30):m.start()]):
            continue  # "low, moderate or high confidence": the scale, not a judgment
        out.append((m.start(1), m.group(1).lower()))
    return out


def _judgment_sentence(text: str, offset: int) -> str:
    """The sentence that states the confidence at ``offset``, as plain text (roles and emphasis removed)."""
    ends = [m.end() for m in re.finditer(r"[.!?][*_”\"')\]]*\s", text[:offset])]
    stop = re.search(r"[.!?;](?:\s|$)", text[offset:])
    sentence = text[ends[-1] if ends else 0:offset + (stop.start() if stop else len(text) - offset)]
    plain = re.sub(r"\{\w+\}`[^`]*`", "", sentence)
    plain = re.sub(r"\s+", " ", re.sub(r"[*_]", "", plain)).strip()
    plain = plain.removeprefix("Analysis.").strip()
    return plain if len(plain) <= 100 else plain[:97] + "…"


def prose_problems(root: Path, registry: Registry, reliability: dict[str, Reliability]) -> list[BriefingError]:
    """Analysis blocks that state a confidence their citations (and those of the text they follow) do not allow."""
    problems: list[BriefingError] = []
    for path in chapter_pages(root):
        rel = str(path.relative_to(root))
        for block in analysis_blocks(path.read_text(encoding="utf-8")):
            cited = [i for p in (*block.paragraphs, *([block.follows] if block.follows else []))
                     for m in ROLE.finditer(p.text) for i in split_ids(m.group(1))]
            basis = allowed_confidence(_sources_of(cited, registry), registry.corpus, reliability)
            admits = ONE_SOURCE.search(block.text)
            for para in block.paragraphs:
                for offset, stated in stated_levels(para.text):
                    if admits and stated != "low":
                        problems.append(BriefingError(
                            f"{rel}:{para.lines[offset]}",
                            f"Analysis states {stated} confidence (“{_judgment_sentence(para.text, offset)}”) but says "
                            f"it rests on “{admits.group(0)}”: one source allows at most low",
                            "lower the confidence to low, or cite and name the corroborating outlets"))
                    elif _too_high(stated, basis):
                        problems.append(BriefingError(
                            f"{rel}:{para.lines[offset]}",
                            f"Analysis states {stated} confidence (“{_judgment_sentence(para.text, offset)}”), but "
                            f"the block and the text it follows cite {basis.describe()}: at most "
                            f"{basis.allowed}", _fix(basis)))
    return problems


def confidence_problems(root: Path, registry: Registry, reliability: dict[str, Reliability]) -> list[BriefingError]:
    """The confidence rule everywhere a confidence is stated: the data tables and the chapters' Analysis."""
    return table_problems(root, registry, reliability) + prose_problems(root, registry, reliability)
