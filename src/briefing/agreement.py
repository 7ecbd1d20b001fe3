"""Group extracted facts that speak of the same thing, and say whether the sources agree.

Topics are rules in data/topics.yaml (an author changes a rule, not code). A topic is
*corroborated* when two or more outlets give the same value, *single-source* when one outlet
reports it, *conflicting* when two values contradict, and *differs in precision* when the values differ
but each contains or is contained in the others ("2025" and "2025-09"; see ``briefing.precision``).
Extracted facts carry no reporting-date semantics, so *differs by reporting date* is left to the curated
claims (data/claims.csv, column ``holds``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .arabic import normalize
from .corpus import Corpus
from .extract import Fact, extract
from .precision import values_status
from .yamlio import load_yaml


@dataclass
class Group:
    topic: str
    facts: list[tuple[str, Fact]] = field(default_factory=list)  # (source id, fact)

    def status(self, corpus: Corpus) -> str:
        outlets = {corpus[sid].outlet_en for sid, _ in self.facts}
        return values_status((str(f.value) for _, f in self.facts), len(outlets))


def _fits(rule: dict, fact: Fact, paragraph: str) -> bool:
    if fact.kind != rule["kind"] or fact.value is None:
        return False
    if "units" in rule and fact.attrs.get("unit") not in rule["units"]:
        return False
    if "min_value" in rule and not (isinstance(fact.value, int) and fact.value >= rule["min_value"]):
        return False
    if "values" in rule and str(fact.value) not in rule["values"]:
        return False
    if "before" in rule and not str(fact.value) < rule["before"]:
        return False
    if "context" in rule and not any(normalize(w).text in paragraph for w in rule["context"]):
        return False
    return True


def count_topics(root: Path) -> set[str]:
    """The topics of data/topics.yaml whose facts are counts (force levels, fighters): the background's figures
    table gives them; the timeline's grid and table give every other topic of data/claims.csv (its dates)."""
    return {rule["topic"] for rule in load_yaml(root / "data" / "topics.yaml").data or []
            if rule.get("kind") == "quantity"}


def compare(corpus: Corpus) -> list[Group]:
    """One group per topic of data/topics.yaml, with the extracted facts that fit it."""
    rules = load_yaml(corpus.root / "data" / "topics.yaml").data or []
    groups = [Group(rule["topic"]) for rule in rules]
    for source in corpus:
        paragraphs = {b.paragraph: normalize(source.text[b.start:b.end]).text for b in source.blocks if b.searchable}
        for fact in extract(source):
            for rule, group in zip(rules, groups):
                if _fits(rule, fact, paragraphs.get(fact.paragraph, "")):
                    group.facts.append((source.id, fact))
    return groups
