"""Score the extractor against the hand annotations in tests/annotations/ (used by the tests and the note)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from briefing import Corpus
from briefing.extract import extract

ANNOTATIONS = Path(__file__).resolve().parent / "annotations"


@dataclass
class Score:
    tp: int = 0
    fp: list = field(default_factory=list)
    fn: list = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + len(self.fp)) if self.tp + len(self.fp) else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + len(self.fn)) if self.tp + len(self.fn) else 1.0


def gold_spans(text: str, entries: list[dict]) -> list[dict]:
    out = []
    for e in entries:
        pos = -1
        for _ in range(e.get("occurrence", 1)):
            pos = text.index(e["text"], pos + 1)
        out.append({**e, "start": pos, "end": pos + len(e["text"])})
    return out


def same_value(gold: object, predicted: object) -> bool:
    return (gold is None and predicted is None) or (gold is not None and str(gold) == str(predicted))


def evaluate(corpus: Corpus | None = None) -> dict[str, Score]:
    """A prediction is right when it overlaps a gold span of the same kind and has the same value."""
    corpus = corpus or Corpus.load()
    scores = {"date": Score(), "quantity": Score()}
    for path in sorted(ANNOTATIONS.glob("*.yaml")):
        source = corpus[path.stem]
        gold = gold_spans(source.text, yaml.safe_load(path.read_text(encoding="utf-8")) or [])
        predicted = [f for f in extract(source) if f.kind in scores]
        used: set[int] = set()
        for f in predicted:
            hit = next((i for i, g in enumerate(gold) if i not in used and g["kind"] == f.kind
                        and g["start"] < f.end and f.start < g["end"] and same_value(g["value"], f.value)), None)
            if hit is None:
                scores[f.kind].fp.append((source.id, f.exact, f.value))
            else:
                used.add(hit)
                scores[f.kind].tp += 1
        for i, g in enumerate(gold):
            if i not in used:
                scores[g["kind"]].fn.append((source.id, g["text"], g["value"]))
    return scores


if __name__ == "__main__":
    for kind, s in evaluate().items():
        print(f"{kind}: precision {s.precision:.2f}, recall {s.recall:.2f} (tp {s.tp}, fp {len(s.fp)}, fn {len(s.fn)})")
        for x in s.fp:
            print("   FP", x)
        for x in s.fn:
            print("   FN", x)
