"""Score the extractor on the project's sentence sets: precision and recall per pattern and per kind.

    .venv/bin/python benchmarks/extraction/score.py            # dev.yaml and held_out.yaml
    .venv/bin/python benchmarks/extraction/score.py --errors   # and every miss and false hit

A predicted fact is right when it overlaps an expected item of the same kind with the same value.
Dates and quantities are scored for precision and recall (every one in a sentence is listed);
places and actors for recall only (a case lists the names it is about). Hedge accuracy is over the
quantities found. Negative cases count as passed when their rule produced nothing unexpected.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from briefing.corpus import Published
from briefing.extract import Fact, extract_text

HERE = Path(__file__).resolve().parent
SETS = ("dev.yaml", "held_out.yaml")
KINDS = ("date, absolute", "date, relative", "quantity", "place", "actor")


@dataclass
class Tally:
    """Counts for one group (a pattern or a kind)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    hedge_right: int = 0
    hedge_total: int = 0
    precision_scored: bool = True

    @property
    def precision(self) -> float | None:
        if not self.precision_scored:
            return None
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def hedge(self) -> float | None:
        return self.hedge_right / self.hedge_total if self.hedge_total else None


@dataclass
class Report:
    """Scores of one sentence set."""

    by_pattern: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_kind: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    negatives: dict[str, list[bool]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)


def load(path: Path) -> tuple[dt.date, list[dict]]:
    """The default publication date and the cases of a sentence set."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return dt.date.fromisoformat(str(data["published"])), data["cases"]


def kind_of(kind: str, relative: bool) -> str:
    return f"date, {'relative' if relative else 'absolute'}" if kind == "date" else kind


def gold_items(case: dict) -> list[dict]:
    """Expected items with their spans in the case's text (a missing span is an error in the set)."""
    out = []
    for item in case.get("expect") or []:
        pos = -1
        for _ in range(item.get("occurrence", 1)):
            pos = case["text"].find(item["text"], pos + 1)
            if pos < 0:
                raise ValueError(f"{case['text']!r}: expected span {item['text']!r} is not in the text")
        out.append({**item, "start": pos, "end": pos + len(item["text"])})
    return out


def _matches(f: Fact, g: dict) -> bool:
    return (f.kind == g["kind"] and g["start"] < f.end and f.start < g["end"]
            and str(f.value) == str(g["value"]))


def _fires(f: Fact, rule: str) -> bool:
    return f.attrs.get("pattern") == rule if f.kind == "date" else f.kind == rule


def score(path: Path) -> Report:
    """Run the extractor on every case of ``path`` and tally the results."""
    default, cases = load(path)
    report = Report()
    for case in cases:
        on = dt.date.fromisoformat(str(case.get("published", default)))
        facts = extract_text(case["text"], Published("printed", date=on, as_printed=on.isoformat()))
        gold = gold_items(case)
        pattern = report.by_pattern[case["pattern"]]
        used: set[int] = set()
        for f in facts:
            hit = next((i for i, g in enumerate(gold) if i not in used and _matches(f, g)), None)
            kind = kind_of(f.kind, bool(gold[hit].get("relative")) if hit is not None
                           else bool(f.attrs.get("relative")))
            if hit is None:
                if f.kind in ("place", "actor"):
                    continue  # names: recall only
                pattern.fp += 1
                report.by_kind[kind].fp += 1
                report.errors.append(f"FP  [{case['pattern']}] {f.kind} {f.value!r} {f.exact!r} in {case['text']!r}")
                continue
            used.add(hit)
            pattern.tp += 1
            report.by_kind[kind].tp += 1
            if f.kind == "quantity":
                right = f.attrs.get("hedge") == gold[hit].get("hedge", "none")
                for t in (pattern, report.by_kind[kind]):
                    t.hedge_total += 1
                    t.hedge_right += right
                if not right:
                    report.errors.append(f"HEDGE [{case['pattern']}] {f.exact!r}: {f.attrs.get('hedge')} "
                                         f"(expected {gold[hit].get('hedge', 'none')})")
        for i, g in enumerate(gold):
            if i not in used:
                pattern.fn += 1
                report.by_kind[kind_of(g["kind"], bool(g.get("relative")))].fn += 1
                report.errors.append(f"FN  [{case['pattern']}] {g['kind']} {g['value']!r} {g['text']!r} "
                                     f"in {case['text']!r}")
        if case.get("rule"):
            unexpected = [f for f in facts if _fires(f, case["rule"])
                          and not any(_matches(f, g) for g in gold)]
            report.negatives[case["rule"]].append(not unexpected)
            for f in unexpected:
                report.errors.append(f"NEG [{case['rule']}] fired on {f.exact!r} in {case['text']!r}")
    for name in ("place", "actor"):
        report.by_kind[name].precision_scored = False
    return report


def _fmt(x: float | None) -> str:
    return "   —" if x is None else f"{x:.2f}"


def render(name: str, report: Report, errors: bool = False) -> str:
    lines = [f"## {name}", "", "| kind | precision | recall | tp | fp | fn | hedge right |", "|---|---:|---:|---:|---:|---:|---:|"]
    for kind in KINDS:
        t = report.by_kind.get(kind, Tally(precision_scored=kind not in ("place", "actor")))
        lines.append(f"| {kind} | {_fmt(t.precision)} | {_fmt(t.recall)} | {t.tp} | {t.fp if t.precision_scored else '—'} "
                     f"| {t.fn} | {_fmt(t.hedge) if kind == 'quantity' else ''} |")
    lines += ["", "| pattern | precision | recall | tp | fp | fn |", "|---|---:|---:|---:|---:|---:|"]
    for pattern, t in sorted(report.by_pattern.items()):
        if pattern.startswith("neg-"):
            continue
        lines.append(f"| {pattern} | {_fmt(t.precision)} | {_fmt(t.recall)} | {t.tp} | {t.fp} | {t.fn} |")
    if report.negatives:
        lines += ["", "| negative rule | sentences | rule stayed silent |", "|---|---:|---:|"]
    for rule, results in sorted(report.negatives.items()):
        lines.append(f"| {rule} | {len(results)} | {sum(results)} |")
    if errors and report.errors:
        lines += ["", "```", *report.errors, "```"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--errors", action="store_true", help="list every miss, false hit and wrong hedge")
    parser.add_argument("sets", nargs="*", default=list(SETS), help="sentence sets (default: dev and held-out)")
    args = parser.parse_args(argv)
    for name in args.sets:
        path = Path(name) if Path(name).exists() else HERE / name
        if not path.exists():
            print(f"{path}: no such sentence set", file=sys.stderr)
            return 2
        print(render(path.name, score(path), args.errors), end="\n\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
