"""Claim checks: does the sentence (or table cell) that cites a passage say what the passage says?

Every use of a citation has a claim: the part of the sentence up to its ``{ev}`` role (text after the
last role of a sentence belongs to that role), the string literals on a ``cite("id")`` line of a code
cell, or a text cell of a data-table row that cites evidence. Four facets of each claim are checked
against its cited passages, as ``briefing.extract`` reads them:

- numbers: each number the claim states is among the passages' numbers (digits, number words, duals);
- hedges: its hedge agrees with the passage's ("about 2,500" over an unhedged "(2500)" does not);
- dates: each year, month and day is carried by a passage (printed, or a relative date resolved
  against the source's date), or is the cited source's publication date ("Hafryat (January 2024)");
- names: each gazetteer actor or place the claim names is named in a passage, in the source
  paragraph around it, or anywhere in the source when the claim speaks of "the article"/"the outlet";
  an outlet the claim names must be the outlet of a cited source.

A finding can be accepted only in data/accepted-findings.yaml; an acceptance that matches no finding
is itself an error.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from . import claims_english as en
from .arabic import normalize
from .corpus import Published, Source
from .errors import BriefingError, DataError
from .evidence import Registry
from .extract import HEDGES, NUMBER_WORDS, Fact, extract
from .extract_quantities import hedge_before
from .gazetteer import GazetteerEntry, gazetteer_entries
from .standards.markers import MARKED_COLUMNS, clauses, marked_ids
from .usage import EVIDENCE_COLUMNS, ROLE, split_ids

FACETS = ("numbers", "hedges", "dates", "names")
# Text cells of each data table that state what the row's evidence supports.
CLAIM_COLUMNS = {
    "events": ("label", "summary", "date"),
    "actors": ("name", "role"),
    "positions": ("summary",),
    "claims": ("value",),
    "risks": ("risk", "mechanism", "assessment"),
    "judgments": ("basis",),
}
ACCEPTED_FILE = "data/accepted-findings.yaml"
# Entities a claim may name when its passage names another member of the same group: the state and its
# organs, a city used as a metonym for its government, a region and its government.
FAMILIES = (
    frozenset({"united-states", "us-forces", "us-embassy", "pentagon", "centcom", "trump-administration",
               "trump", "biden"}),
    frozenset({"iraq", "iraqi-government", "baghdad"}),
    frozenset({"kurdistan-region", "krg"}),
)
# A claim naming a group is carried by a passage naming one of its members (not the other way round).
MEMBERS = {"armed-factions": frozenset({"nujaba", "islamic-resistance", "kataib-hezbollah", "asaib"})}
# The book's setting: "in Iraq" places a claim, it does not name an actor, so it is not checked.
SETTING = frozenset({"iraq"})
# Nationality words used as adjectives ("a US delegation", "an Iraqi officer") describe, not name.
ADJECTIVES = frozenset({"US", "U.S.", "American", "Iraqi", "Iranian", "Israeli", "Kurdish", "Syrian", "Turkish"})
_FUNCTION_WORDS = frozenset("and or to in of on is was has had have said says will would but with for as at from "
                            "by which that who are were should could may might".split())
# A speaker is often named a paragraph or two before the quoted words ("وأضاف …").
SPEAKER_PARAGRAPHS = 3


@dataclass(frozen=True)
class Claim:
    """One citation use and the words that carry it."""

    file: str  # "book/_text/overview.md" or "data/events.csv"
    line: int
    text: str  # as the reader sees it (roles and markup removed)
    ids: tuple[str, ...]
    column: str = ""  # for a data-table cell
    analysis: bool = False

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" + (f" ({self.column})" if self.column else "")


def _shorten(text: str, n: int = 90) -> str:
    """``text`` cut to ``n`` characters with an ellipsis, for messages."""
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


@dataclass(frozen=True)
class Finding:
    """A facet of a claim that its passages do not carry."""

    file: str
    where: str
    facet: str
    item: str  # what the claim states ("about 2,500", "2013", "Barzani")
    claim: str
    message: str  # what the passages carry instead

    @property
    def fingerprint(self) -> str:
        """Stable across line moves: the file, facet, item and claim text."""
        key = f"{self.file}|{self.facet}|{self.item}|{self.claim}"
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]

    def as_dict(self) -> dict:
        return {**asdict(self), "fingerprint": self.fingerprint}

    def text(self) -> str:
        return f"{self.where}: [{self.facet}] “{_shorten(self.claim)}” states {self.item!r}; {self.message} ({self.fingerprint})"


@dataclass(frozen=True)
class Acceptance:
    """A reviewed, accepted finding (data/accepted-findings.yaml)."""

    where: str
    facet: str
    fingerprint: str
    claim: str
    reason: str
    reviewer: str
    date: str
    line: int


@dataclass
class ChapterCounts:
    claims: int = 0
    facets_verified: int = 0
    findings: int = 0
    accepted: int = 0


@dataclass
class ClaimReport:
    """The result of checking every claim: counts per chapter, open findings, accepted ones, errors."""

    chapters: dict[str, ChapterCounts] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)  # not accepted
    accepted: list[tuple[Finding, Acceptance]] = field(default_factory=list)
    problems: list[BriefingError] = field(default_factory=list)  # stale acceptances, bad data
    verified: list[tuple[str, str, str]] = field(default_factory=list)  # (where, facet, note) for notes

    def as_dict(self) -> dict:
        return {"chapters": {k: asdict(v) for k, v in self.chapters.items()},
                "findings": [f.as_dict() for f in self.findings],
                "accepted": [{**f.as_dict(), "reason": a.reason} for f, a in self.accepted],
                "problems": [p.as_dict() for p in self.problems],
                "notes": [{"where": w, "facet": fc, "note": n} for w, fc, n in self.verified]}


# --- claims ---------------------------------------------------------------------------------------

def _prose_claims(path: Path, rel: str) -> list[Claim]:
    from .claims_prose import code_citations, sentences

    text = path.read_text(encoding="utf-8")
    out = []
    for s in sentences(text):
        roles = list(ROLE.finditer(s.text))
        prev = 0
        for k, m in enumerate(roles):
            end = len(s.text) if k == len(roles) - 1 else m.start()
            segment = s.text[prev:end]
            prev = m.end()
            if not en.plain(segment):
                segment = s.text
            ids = tuple(split_ids(m.group(1)))
            out.append(Claim(rel, s.line_at(m.start()), en.plain(segment), ids, analysis=s.analysis))
    for lineno, eid, literals in code_citations(text):
        out.append(Claim(rel, lineno, en.plain(literals), (eid,)))
    return out


def _table_claims(path: Path, rel: str, name: str) -> list[Claim]:
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for lineno, row in enumerate(csv.DictReader(fh), start=2):
            ids = tuple(i for col in EVIDENCE_COLUMNS for i in split_ids(row.get(col) or ""))
            if not ids:
                continue
            for col in CLAIM_COLUMNS.get(name, ()):
                value = (row.get(col) or "").strip()
                if (name, col) in MARKED_COLUMNS and marked_ids(value):  # each clause against its own passages
                    # the text after the last marker (the confidence line) is checked against all the row's
                    out += [Claim(rel, lineno, en.plain(c.text), c.ids or ids, column=col)
                            for c in clauses(value) if en.plain(c.text).strip()]
                elif value:
                    out.append(Claim(rel, lineno, en.plain(value), ids, column=col))
    return out


def collect_claims(root: Path) -> list[Claim]:
    """Every claim in the chapters' text form (book/_text/*.md), the book's pages and the data tables."""
    claims: list[Claim] = []
    pages = sorted((root / "book" / "_text").glob("*.md")) + sorted((root / "book").glob("*.md"))
    for path in pages:
        claims += _prose_claims(path, str(path.relative_to(root)))
    for path in sorted((root / "data").glob("*.csv")):
        if path.stem in CLAIM_COLUMNS:
            claims += _table_claims(path, str(path.relative_to(root)), path.stem)
    return claims


# --- what the passages carry ----------------------------------------------------------------------

@dataclass(frozen=True)
class PassageNumber:
    value: int
    hedge: str  # extractor vocabulary: none, about, close_to, more_than, fewer_than, up_to
    exact: str
    unit: str | None = None


@dataclass
class Passage:
    """What one cited passage carries, as the extractor reads it."""

    evidence_id: str
    source: Source
    numbers: list[PassageNumber]
    dates: list[Fact]
    names: set[str]
    paragraph_names: set[str]
    source_names: set[str]
    text: str  # normalised quote


_NW = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))


def _passage_numbers(source: Source, start: int, end: int, facts: list[Fact]) -> list[PassageNumber]:
    nums = [PassageNumber(int(f.value), f.attrs.get("hedge", "none"), f.exact, f.attrs.get("unit")) for f in facts
            if f.kind == "quantity" and isinstance(f.value, int)]
    # bare numbers the extractor does not count (no counted noun after them), with a hedge before them
    lead = max(0, start - 30)
    n = normalize(source.text[lead:end])
    for m in re.finditer(rf"(?<![\w])(?:\((\d[\d,]*)\)|(\d[\d,]*)|[وبل]?({_NW}))(?![\w])", n.text):
        s, _ = n.original_span(m.start(), m.end())
        if s + lead < start:
            continue
        raw = m.group(1) or m.group(2)
        value = int(raw.replace(",", "")) if raw else NUMBER_WORDS[m.group(3)]
        hedge = HEDGES.get(hedge_before(n.text, m.start()), "none")
        if not any(p.value == value for p in nums):
            nums.append(PassageNumber(value, hedge, m.group(0)))
    return nums


class Passages:
    """Cited passages, read once per process run (extraction is cached per source)."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._facts: dict[str, list[Fact]] = {}
        self._cache: dict[str, Passage] = {}

    def facts(self, source: Source) -> list[Fact]:
        if source.id not in self._facts:
            self._facts[source.id] = extract(source)
        return self._facts[source.id]

    def __getitem__(self, evidence_id: str) -> Passage:
        if evidence_id not in self._cache:
            ev = self.registry[evidence_id]
            match = self.registry.match(evidence_id)
            source = self.registry.corpus[ev.source]
            facts = self.facts(source)
            inside = [f for f in facts if f.start < match.end and f.end > match.start]
            names = {str(f.value) for f in inside if f.kind in ("place", "actor")}
            near = range(max(0, match.paragraph - SPEAKER_PARAGRAPHS), match.paragraph + 1)
            para = {str(f.value) for f in facts if f.kind in ("place", "actor") and f.paragraph in near}
            whole = {str(f.value) for f in facts if f.kind in ("place", "actor")}
            self._cache[evidence_id] = Passage(
                evidence_id, source, _passage_numbers(source, match.start, match.end, inside),
                [f for f in inside if f.kind == "date"], names, para, whole, normalize(match.exact).text)
        return self._cache[evidence_id]


# --- names in English -----------------------------------------------------------------------------

def _english_forms(entry: GazetteerEntry) -> list[str]:
    """An entry's English names: name_en, its parts outside and inside brackets, and aliases_en."""
    name = entry.name_en
    forms = []
    outer = re.sub(r"\s*\([^)]*\)", "", name).strip(" '\"")
    if outer:
        forms.append(outer)
    for inner in re.findall(r"\(([^),]*)\)", name):
        if inner and inner[0].isupper():
            forms.append(inner.strip())
    return forms + list(entry.aliases_en)


@lru_cache(maxsize=4)
def _name_pattern(rows_key: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    forms = dict(rows_key)
    if not forms:
        return None, {}
    alternation = "|".join(sorted((re.escape(f) for f in forms), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])"), forms


# --- the checks -----------------------------------------------------------------------------------

def _date_contains(claim: en.DateRef, lo: str, hi: str) -> bool:
    """Whether the claim's period contains the whole span lo..hi (ISO dates)."""
    if claim.year is None:
        return lo[5:7] == hi[5:7] == f"{claim.month:02d}" and (claim.day is None or lo[8:] == hi[8:] == f"{claim.day:02d}")
    return lo.startswith(claim.key) and hi.startswith(claim.key)


def _carried(claim: en.DateRef, value: str) -> bool:
    if claim.year is None:
        return len(value) >= 7 and value[5:7] == f"{claim.month:02d}" and (
            claim.day is None or value[8:10] == f"{claim.day:02d}")
    return value.startswith(claim.key)


def _report_date(claim: en.DateRef, published: Published) -> bool:
    if published.date:
        iso = published.date.isoformat()
        return _date_contains(claim, iso, iso)
    return _date_contains(claim, published.earliest.isoformat(), published.latest.isoformat())  # type: ignore[union-attr]


def _describe_dates(passages: list[Passage]) -> str:
    parts = []
    for p in passages:
        for f in p.dates:
            if f.value:
                how = f" (resolved from ‘{f.exact}’ against {f.attrs['anchor']})" if f.attrs.get("relative") else ""
                parts.append(f"{f.value}{how}")
            else:
                parts.append(f"‘{f.exact}’ unresolved: {f.attrs.get('unresolved', '')}")
    return ", ".join(dict.fromkeys(parts)) or "no date"


def _computed(claim: en.DateRef, passages: list[Passage], text: str) -> str:
    """'2011 + 2 years' when the year looks computed from a passage's year and a number of years."""
    if claim.year is None:
        return ""
    years = {int(str(f.value)[:4]) for p in passages for f in p.dates if f.value}
    years |= {p.source.published.earliest_possible.year for p in passages}
    # a span in years: a number of decades counts ten years each
    spans = {n.value * (10 if n.unit == "decade" else 1) for p in passages for n in p.numbers
             if n.unit in ("year", "decade") and 0 < n.value < 100}
    for m in re.finditer(r"\b(\w+)\s+(years?|decades?)\s+(?:later|after|earlier|before|on|ago)\b", text, re.I):
        word = m.group(1).lower()
        count = int(word) if word.isdigit() else en.NUMBER_WORDS.get(word, 0)
        spans.add(count * (10 if m.group(2).lower().startswith("decade") else 1))
    for y in sorted(years):
        for d in sorted(spans):
            if y + d == claim.year:
                return f"{y} + {d} years"
            if y - d == claim.year:
                return f"{y} − {d} years"
    return ""


def check_claim(claim: Claim, passages: list[Passage], outlets: dict[str, str],
                names: tuple[re.Pattern[str] | None, dict[str, str]], report: ClaimReport,
                table_date: str = "") -> tuple[int, list[Finding]]:
    """Verified facet count and the findings for one claim."""
    findings: list[Finding] = []
    verified = 0

    def finding(facet: str, item: str, message: str) -> None:
        findings.append(Finding(claim.file, claim.where, facet, item, claim.text, message))

    # numbers and hedges
    carried = [n for p in passages for n in p.numbers]
    hedged: set[int | str] = set()  # values the claim has already stated with a hedge
    for num in en.numbers(claim.text):
        if isinstance(num.value, str):  # a fraction: the passage must use the word
            if any(num.value in p.text for p in passages):
                verified += 1
            else:
                finding("numbers", num.text, "no passage has the fraction (" + num.value + ")")
            continue
        same = [n for n in carried if n.value == num.value]
        if not same:
            have = ", ".join(dict.fromkeys(_num(n) for n in carried)) or "no number"
            finding("numbers", num.text, f"the passages carry {have}")
            continue
        verified += 1
        if num.hedge == en.UNHEDGED and num.value in hedged:
            continue  # "fewer than 500 … the 500 are": a back-reference, its hedge already stated
        if num.hedge != en.UNHEDGED:
            hedged.add(num.value)
        want = {"none"} if num.hedge == en.UNHEDGED else en.HEDGE_MAP[num.hedge]
        if any(n.hedge in want for n in same):
            verified += 1
        elif num.hedge == en.UNHEDGED:
            finding("hedges", num.text, f"hedge dropped: the passage has {', '.join(_num(n) for n in same)}")
        elif all(n.hedge == "none" for n in same):
            finding("hedges", num.text, f"hedge added: the passage prints {', '.join(_num(n) for n in same)} unhedged")
        else:
            finding("hedges", num.text, f"hedge differs: the passage has {', '.join(_num(n) for n in same)}")
    # dates
    refs = en.dates(claim.text)
    if table_date:
        parts = [int(x) for x in table_date.split("-")]
        refs.append(en.DateRef(parts[0], parts[1] if len(parts) > 1 else None, parts[2] if len(parts) > 2 else None,
                               table_date))
    for ref in refs:
        hits = [f for p in passages for f in p.dates if f.value and _carried(ref, str(f.value))]
        if hits:
            verified += 1
            rel = [f for f in hits if f.attrs.get("relative")]
            if rel and len(rel) == len(hits):
                report.verified.append((claim.where, "dates", f"{ref.text}: resolved relative date ‘{rel[0].exact}’ "
                                        f"→ {rel[0].value} (against {rel[0].attrs.get('anchor')})"))
            continue
        if any(_report_date(ref, p.source.published) for p in passages):
            verified += 1
            continue
        computed = _computed(ref, passages, claim.text)
        dated = "; ".join(dict.fromkeys(f"{p.source.outlet_en} published {p.source.published.display()}"
                                        for p in passages))
        if computed:
            finding("dates", ref.text, f"not printed in the passages; it looks computed ({computed}) — a date "
                    f"computed from rhetoric is never a fact (passages carry {_describe_dates(passages)})")
        else:
            finding("dates", ref.text, f"the passages carry {_describe_dates(passages)}, and it is not the report "
                    f"date ({dated})")
    # names
    pattern, forms = names
    if pattern is not None:
        cited_outlets = {p.source.outlet_en for p in passages}
        whole = en.refers_to_source(claim.text)
        seen: set[str] = set()
        for m in pattern.finditer(claim.text):
            form = m.group(0)
            entity = forms[form]
            if form in ADJECTIVES and _adjectival(claim.text, m.end()):
                continue
            if entity in seen or entity in SETTING:
                continue
            seen.add(entity)
            if form in outlets or entity in outlets.values():
                outlet = form if form in outlets else next(o for o, e in outlets.items() if e == entity)
                if outlet in cited_outlets:
                    verified += 1
                else:
                    finding("names", form, f"it is not the outlet of a cited passage ({', '.join(sorted(cited_outlets))})")
                continue
            family = next((f for f in FAMILIES if entity in f), frozenset({entity})) | MEMBERS.get(entity, frozenset())
            if any(family & (p.names | p.paragraph_names) for p in passages) or \
                    (whole and any(family & p.source_names for p in passages)):
                verified += 1
                continue
            have = sorted({n for p in passages for n in p.names})
            finding("names", form, f"no cited passage (or its paragraph) names it; the passages name "
                    f"{', '.join(have) or 'no gazetteer entity'}")
    return verified, findings


def _adjectival(text: str, end: int) -> bool:
    """Whether a nationality word at text[..end] qualifies a following noun ("US withdrawal")."""
    m = re.match(r"(?:[–-][A-Z][\w]*)*\s+([a-z][\w-]*)", text[end:])
    return bool(m) and m.group(1) not in _FUNCTION_WORDS


def _num(n: PassageNumber) -> str:
    return f"{n.value}" if n.hedge == "none" else f"{n.value} ({n.hedge.replace('_', ' ')})"


def _name_index(entries: list[GazetteerEntry], corpus_outlets: dict[str, str]) -> tuple[re.Pattern[str] | None,
                                                                                        dict[str, str]]:
    pairs: dict[str, str] = {}
    for entry in entries:
        for form in _english_forms(entry):
            pairs.setdefault(form, entry.id)
    for outlet, key in corpus_outlets.items():
        pairs.setdefault(outlet, key)
    return _name_pattern(tuple(sorted(pairs.items())))


def _outlets(registry: Registry, entries: list[GazetteerEntry]) -> dict[str, str]:
    """Outlet name → gazetteer id (or the outlet name itself when the gazetteer has no entry)."""
    by_name = {e.name_en: e.id for e in entries}
    return {s.outlet_en: by_name.get(s.outlet_en, s.outlet_en) for s in registry.corpus}


def accepted_findings(root: Path) -> list[Acceptance]:
    """The reviewed acceptances in data/accepted-findings.yaml (empty when the file is absent)."""
    from .corpus import _schema, validate
    from .yamlio import load_yaml

    path = root / ACCEPTED_FILE
    if not path.exists():
        return []
    located = load_yaml(path)
    if located.data is None:
        return []
    if isinstance(located.data, list):  # a bare YAML date (2026-01-01) is read as a date: keep it as text
        for entry in located.data:
            if isinstance(entry, dict) and "date" in entry and not isinstance(entry["date"], str):
                entry["date"] = str(entry["date"])
    problems = validate(located, _schema("accepted-findings.schema.json", root))
    if problems:
        raise problems[0]
    return [Acceptance(str(e["where"]), e["facet"], e["fingerprint"], e.get("claim", ""), e["reason"],
                       e["reviewer"], str(e["date"]), located.line(i)) for i, e in enumerate(located.data)]


def check_claims(root: Path, registry: Registry) -> ClaimReport:
    """Check every claim in the book and the data tables; apply the reviewed acceptances."""
    report = ClaimReport()
    passages = Passages(registry)
    entries = gazetteer_entries(root)  # read once: English names and outlets
    outlets = _outlets(registry, entries)
    names = _name_index(entries, outlets)
    claims = collect_claims(root)
    table_dates: dict[tuple[str, int], str] = {}
    all_findings: list[Finding] = []
    for claim in claims:
        counts = report.chapters.setdefault(claim.file, ChapterCounts())
        ids = [i for i in claim.ids if i in registry.entries]
        try:
            cited = [passages[i] for i in ids]
        except BriefingError:
            continue  # an anchor problem: reported by the anchor check
        if not cited:
            continue  # unknown ids: reported by the citation check
        counts.claims += 1
        date = ""
        if claim.column == "date" and re.fullmatch(r"\d{4}(?:-\d{2}){0,2}", claim.text):
            date, claim = claim.text, Claim(claim.file, claim.line, "", claim.ids, claim.column)
            table_dates[(claim.file, claim.line)] = date
        verified, found = check_claim(claim, cited, outlets, names, report, table_date=date)
        counts.facets_verified += verified
        all_findings += found
    try:
        acceptances = accepted_findings(root)
    except BriefingError as exc:
        report.problems.append(exc)
        acceptances = []
    by_key = {(a.where.split(":")[0], a.facet, a.fingerprint): a for a in acceptances}
    used: set[int] = set()
    for f in all_findings:
        a = by_key.get((f.file, f.facet, f.fingerprint))
        counts = report.chapters[f.file]
        if a is not None:
            used.add(a.line)
            counts.accepted += 1
            report.accepted.append((f, a))
        else:
            counts.findings += 1
            report.findings.append(f)
    for a in acceptances:
        if a.line not in used:
            report.problems.append(DataError(f"{ACCEPTED_FILE}:{a.line}",
                                             f"acceptance {a.fingerprint} ({a.facet}, {a.where}) matches no current "
                                             "finding", "remove it: the claim changed or the finding is fixed"))
    return report


def claim_problems(root: Path, registry: Registry) -> list[BriefingError]:
    """Unaccepted findings and stale acceptances, as errors for ``briefing check``."""
    report = check_claims(root, registry)
    out: list[BriefingError] = list(report.problems)
    for f in report.findings:
        out.append(BriefingError(f.where, f"claim check [{f.facet}] “{_shorten(f.claim)}” states {f.item!r}; {f.message}",
                                 f"fix the sentence or its citation, or accept it in {ACCEPTED_FILE} "
                                 f"(fingerprint {f.fingerprint})"))
    return out


def per_chapter(report: ClaimReport) -> dict[str, dict[str, int]]:
    """Counts per chapter file, for printing."""
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for name, c in sorted(report.chapters.items()):
        out[name] = asdict(c)
    return dict(out)


def claims_command(root: Path | None = None, as_json: bool = False) -> int:
    """`briefing check --claims [--json]`: per chapter, claims checked, facets verified, findings, accepted."""
    import json
    import sys
    import time

    from .corpus import Corpus, find_root
    from .estimative import estimative_problems, risk_problems

    t0 = time.perf_counter()
    root = root or find_root()
    registry = Registry.load(Corpus.load(root))
    report = check_claims(root, registry)
    standard = estimative_problems(root) + risk_problems(root)
    seconds = round(time.perf_counter() - t0, 3)
    failed = bool(report.findings or report.problems or standard)
    if as_json:
        print(json.dumps({"ok": not failed, "seconds": seconds, **report.as_dict(),
                          "estimative": [p.as_dict() for p in standard]}, ensure_ascii=False, indent=2))
        return 1 if failed else 0
    width = max((len(k) for k in report.chapters), default=10)
    print(f"{'chapter':{width}}  claims  facets verified  findings  accepted")
    total = ChapterCounts()
    for name, c in sorted(report.chapters.items()):
        print(f"{name:{width}}  {c.claims:6}  {c.facets_verified:15}  {c.findings:8}  {c.accepted:8}")
        total.claims += c.claims
        total.facets_verified += c.facets_verified
        total.findings += c.findings
        total.accepted += c.accepted
    print(f"{'total':{width}}  {total.claims:6}  {total.facets_verified:15}  {total.findings:8}  {total.accepted:8}")
    for f in report.findings:
        print(f"finding: {f.text()}", file=sys.stderr)
    for p in [*report.problems, *standard]:
        print(f"error: {p.message}", file=sys.stderr)
    print(f"{'FAILED' if failed else 'OK'}: {total.findings} unaccepted finding(s), {len(report.problems)} stale or "
          f"invalid acceptance(s), {len(standard)} estimative-standard problem(s) ({seconds} s)")
    return 1 if failed else 0
