"""Find dates, quantities, places and actors in Arabic text, with original offsets so each is citable.

Matching runs on the normalised text (``briefing.arabic.normalize``), so hamza, diacritics,
Arabic-Indic digits and spacing variants meet; every match is mapped back to the original span.
The patterns live in ``extract_dates`` and ``extract_quantities``, the places and actors in
``gazetteer``. Relative dates ("سبتمبر المقبل", "أمس", "الأربعاء" in a dateline) are resolved against
the source's publication date: exactly when it is printed; when it is an inferred range, only if both
ends of the range give the same answer, and otherwise left unresolved with the reason.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from .arabic import normalize
from .corpus import Published, Source, find_root
from .errors import DataError
from .extract_dates import DATE_PATTERNS, MONTHS, QUALIFIERS, WEEKDAYS, absolute_value, resolve_on
from .extract_quantities import DUALS, HEDGES, NUMBER_WORDS, UNITS, find_quantities
from .gazetteer import GazetteerEntry, gazetteer_entries, gazetteer_hits

__all__ = ["DUALS", "HEDGES", "MONTHS", "NUMBER_WORDS", "UNITS", "WEEKDAYS", "Fact", "GazetteerEntry", "extract",
           "extract_text", "gazetteer_entries", "resolve"]


@dataclass(frozen=True)
class Fact:
    """One extracted item, citable by its original offsets."""

    kind: str  # date | quantity | place | actor
    value: str | int | None
    start: int
    end: int
    exact: str
    paragraph: int | None
    attrs: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def resolve(kind: str, groups: dict, published: Published | None) -> tuple[str | None, dict]:
    """Resolve a relative expression against a publication date (printed, or an inferred range)."""
    if published is None:
        return None, {"unresolved": "no publication date"}
    if published.date:
        value = resolve_on(kind, groups, published.date)
        return value, ({"anchor": published.date.isoformat()} if value else {"unresolved": "not a point in time"})
    lo = resolve_on(kind, groups, published.earliest)  # type: ignore[arg-type]
    hi = resolve_on(kind, groups, published.latest)  # type: ignore[arg-type]
    if lo is None and hi is None:
        return None, {"unresolved": "not a point in time"}
    if lo and lo == hi:
        return lo, {"anchor": f"{published.earliest}/{published.latest} (inferred)"}
    return None, {"unresolved": f"source date inferred ({published.earliest} to {published.latest}); "
                                f"resolves to {lo} or {hi}"}


class _Spans:
    """Original-text spans already claimed, so a year inside a full date is not extracted twice."""

    def __init__(self) -> None:
        self.taken: list[tuple[int, int]] = []

    def free(self, s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in self.taken)

    def take(self, s: int, e: int) -> None:
        self.taken.append((s, e))


def _scan(text: str, published: Published | None, paragraph_of, gazetteer: Path | None) -> list[Fact]:  # noqa: ANN001
    n = normalize(text)
    facts: list[Fact] = []
    claimed = _Spans()
    for q in find_quantities(n.text):
        s, e = n.original_span(q.start, q.end)
        claimed.take(s, e)
        attrs: dict = {"unit": q.unit, "hedge": q.hedge}
        if q.low is not None:
            attrs.update(low=q.low, high=q.high)
        facts.append(Fact("quantity", q.value, s, e, text[s:e], paragraph_of(s), attrs))
    for pattern in DATE_PATTERNS:
        for m in pattern.regex.finditer(n.text):
            s, e = n.original_span(*m.span("core"))
            if not claimed.free(s, e) or (pattern.guard and not pattern.guard(n.text, m, text[s:e])):
                continue
            g = m.groupdict()
            attrs = {"pattern": pattern.name, "relative": pattern.relative}
            if pattern.relative:
                value, extra = resolve(pattern.name, g, published)
                attrs.update(extra)
            else:
                value = absolute_value(pattern.name, g)
                if value is None:
                    continue  # "31/02/2025": no such day
            if g.get("q"):
                attrs["qualifier"] = QUALIFIERS[g["q"]]
            elif pattern.name == "mid-year":
                attrs["qualifier"] = "mid"
            if g.get("t"):
                attrs["time"] = g["t"]
            claimed.take(s, e)
            facts.append(Fact("date", value, s, e, text[s:e], paragraph_of(s), attrs))
    for entry, s, e in gazetteer_hits(n, gazetteer):
        facts.append(Fact(entry.type, entry.id, s, e, text[s:e], paragraph_of(s), {"name": entry.name_en}))
    return sorted(facts, key=lambda f: (f.start, f.kind))


def extract(source: Source) -> list[Fact]:
    """Dates, quantities, places and actors in the title and body of a source (boilerplate skipped)."""
    gazetteer = source.path.parent.parent / "gazetteer.csv"  # data/sources/X.txt -> data/gazetteer.csv
    facts: list[Fact] = []
    for block in source.blocks:
        if not block.searchable:
            continue
        line = source.text[block.start:block.end]
        for f in _scan(line, source.published, lambda _s, p=block.paragraph: p, gazetteer):
            facts.append(Fact(f.kind, f.value, f.start + block.start, f.end + block.start, f.exact,
                              f.paragraph, f.attrs))
    return facts


def extract_text(text: str, published: Published | None = None, gazetteer: Path | None = None) -> list[Fact]:
    """The same on any text (offsets into ``text``; no paragraphs). Places and actors come from
    ``gazetteer``, by default the data/gazetteer.csv of the project found from the working folder."""
    if gazetteer is None:
        try:
            gazetteer = find_root() / "data" / "gazetteer.csv"
        except DataError:
            gazetteer = None  # outside a project: dates and quantities only
    return _scan(text, published, lambda _s: None, gazetteer)
