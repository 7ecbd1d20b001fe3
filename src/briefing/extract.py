"""Find dates, quantities, places and actors in Arabic text, with original offsets so each is citable.

Matching runs on the normalised text (``briefing.arabic.normalize``), so hamza, diacritics,
Arabic-Indic digits and spacing variants meet; every match is mapped back to the original span.
Relative dates ("سبتمبر المقبل", "الأسبوع الماضي") are resolved against the source's publication
date: exactly when it is printed; when it is an inferred range, only if both ends of the range give
the same answer, and otherwise left unresolved with the reason.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .arabic import normalize
from .corpus import Published, Source, find_root
from .errors import DataError
from .gazetteer import GazetteerEntry, gazetteer_entries, gazetteer_hits

__all__ = ["Fact", "GazetteerEntry", "extract", "extract_text", "gazetteer_entries", "resolve"]

MONTHS = {  # normalised forms → month number; Levantine/Iraqi series and transliterated series
    "كانون الثاني": 1, "شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6, "تموز": 7, "اب": 8,
    "ايلول": 9, "تشرين الاول": 10, "تشرين الثاني": 11, "كانون الاول": 12,
    "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "مايو": 5, "يونيو": 6, "يونيه": 6, "يوليو": 7,
    "يوليه": 7, "اغسطس": 8, "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
}
WEEKDAYS = ["الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعه", "السبت", "الاحد"]
HEDGES = {"حوالي": "about", "نحو": "about", "بنحو": "about", "زهاء": "about", "قرابه": "about",
          "اكثر من": "more_than", "اقل من": "fewer_than", "بحدود": "about", "ما يقارب من": "close_to",
          "ما يقارب": "close_to", "يقارب": "close_to", "حتي": "up_to"}
UNITS = {  # counted nouns (normalised, with plural and dual forms) → English unit
    "جندي": "soldier", "جنود": "soldier", "عسكري": "personnel", "عسكريين": "personnel", "مسلح": "fighter",
    "مسلحين": "fighter", "مقاتل": "fighter", "مقاتلين": "fighter", "دوله": "state", "دول": "state",
    "شخص": "person", "اشخاص": "person", "ضربه": "strike", "ضربات": "strike", "هجوم": "attack",
    "هجمات": "attack", "عام": "year", "اعوام": "year", "سنه": "year", "سنوات": "year", "شهر": "month",
    "اشهر": "month", "اسبوع": "week", "اسابيع": "week", "يوم": "day", "ايام": "day", "قاعده": "base",
    "قواعد": "base", "هدف": "goal", "اهداف": "goal", "عقد": "decade", "عقود": "decade", "مرحله": "phase",
    "مراحل": "phase", "موقع": "site", "مواقع": "site",
}
NUMBER_WORDS = {"واحد": 1, "اثنان": 2, "اثنين": 2, "ثلاث": 3, "ثلاثه": 3, "اربع": 4, "اربعه": 4, "خمس": 5,
                "خمسه": 5, "ست": 6, "سته": 6, "سبع": 7, "سبعه": 7, "ثماني": 8, "ثمانيه": 8, "تسع": 9,
                "تسعه": 9, "عشر": 10, "عشره": 10}
# Duals count two: generated from singular nouns (normalised; teh marbuta is "ه" once normalised):
# قاعده → قاعدتين / قاعدتي (construct state), جانب → جانبين.
DUAL_NOUNS = {"عام": "year", "سنه": "year", "شهر": "month", "عقد": "decade", "اسبوع": "week", "يوم": "day",
              "قاعده": "base", "مرحله": "phase", "محافظه": "province", "جانب": "side", "بلد": "country",
              "طرف": "party", "قياده": "leadership", "دوله": "state", "جندي": "soldier", "هدف": "goal"}


def _dual_forms() -> dict[str, str]:
    forms = {}
    for noun, unit in DUAL_NOUNS.items():
        if noun.endswith("ه"):
            forms[noun[:-1] + "تين"] = unit
            forms[noun[:-1] + "تي"] = unit
        else:
            forms[noun + "ين"] = unit
    forms["سنتين"] = "year"
    return forms


DUALS = _dual_forms()

_M = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_W = "|".join(WEEKDAYS)
_H = "|".join(sorted((re.escape(h) for h in HEDGES), key=len, reverse=True))
_U = "|".join(sorted((re.escape(u) for u in UNITS), key=len, reverse=True))
_NW = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_B = r"(?<![\w])"  # word start (no letter or digit before)
_E = r"(?![\w])"  # word end
_PFX = r"(?:[وفب]|ل)?"  # a one-letter clitic that may precede a month or noun

DATE_PATTERNS = [  # a one-letter clitic may precede; the cited span (group "core") starts after it
    ("day", re.compile(rf"{_B}(?P<core>(?:اليوم |(?P<wd>{_W}) )?(?P<d>\d{{1,2}}) (?P<m>{_M}) (?P<y>\d{{4}})){_E}")),
    ("numeric", re.compile(rf"{_B}(?P<core>(?P<d>\d{{1,2}})/(?P<mo>\d{{1,2}})/(?P<y>\d{{4}})){_E}")),
    ("month", re.compile(rf"{_B}{_PFX}(?P<core>(?P<m>{_M})(?:/(?P<m2>{_M}))?(?:\((?P<m3>{_M})\))? ?"
                         rf"(?P<y>\d{{4}})){_E}")),
    ("mid-year", re.compile(rf"{_B}{_PFX}(?P<core>منتصف (?:عام|العام|سنه) (?P<y>\d{{4}})){_E}")),
    ("year", re.compile(rf"{_B}{_PFX}(?P<core>(?:(?:عام|العام|سنه|السنه) )?(?P<y>(?:19|20)\d{{2}})){_E}")),
    ("rel-month", re.compile(rf"{_B}{_PFX}(?P<core>(?:شهر )?(?P<m>{_M})(?:\((?P<m3>{_M})\))? ?"
                             rf"(?P<rel>المقبل|القادم|الماضي)){_E}")),
    ("rel-period", re.compile(rf"{_B}{_PFX}(?P<core>(?P<mid>منتصف )?(?P<unit>الشهر|الاسبوع|العام|السنه) "
                              rf"(?P<rel>المقبل|القادم|الماضي|الحالي|الجاري)){_E}")),
    ("rel-day", re.compile(rf"{_B}{_PFX}(?P<core>(?:اليوم|مساء|صباح|ظهر) (?P<wd>{_W})){_E}")),
    ("rel-days-ago", re.compile(rf"{_B}{_PFX}(?P<core>(?:منذ|قبل) (?P<unit>ايام|اسابيع|اشهر|اعوام|سنوات)){_E}")),
    ("rel-recent", re.compile(rf"{_B}{_PFX}(?P<core>(?:الايام|الاسابيع|الاشهر|السنوات|الاعوام) (?:الماضيه|الاخيره)){_E}")),
    ("rel-today", re.compile(rf"(?<!بغداد ){_B}{_PFX}(?P<core>اليوم){_E}")),  # not the outlet "Baghdad Today"
]
# Normalisation drops spaces next to brackets ("بحدود(1000)مسلح"), so spaces around a bracketed
# number are optional and a word boundary is required only where a word starts or ends.
_NUM = rf"(?:\((?P<np>\d[\d,]*)\)|{_B}(?P<n>\d[\d,]*)|{_B}[بول]?(?P<nw>{_NW}))"
QUANTITY = re.compile(
    rf"(?:{_B}(?P<h>{_H}) ?)?{_NUM} ?(?P<u>{_U}){_E}"
    rf"|(?:{_B}(?P<h2>{_H}) ?)?\((?P<np2>\d[\d,]*)\)(?= ?منها)"
    rf"|{_B}(?:[وفبل]?ال|[وفبل])?(?P<dual>{'|'.join(sorted(DUALS, key=len, reverse=True))}){_E}")


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


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    n = year * 12 + (month - 1) + delta
    return n // 12, n % 12 + 1


def _resolve_relative(kind: str, g: dict, on: dt.date) -> str | None:
    if kind == "rel-month":
        month = MONTHS[g["m"]]
        if g["rel"] == "الماضي":
            year = on.year if month < on.month else on.year - 1
        else:
            year = on.year if month > on.month else on.year + 1
        return f"{year:04d}-{month:02d}"
    if kind == "rel-period":
        step = {"المقبل": 1, "القادم": 1, "الماضي": -1, "الحالي": 0, "الجاري": 0}[g["rel"]]
        if g["unit"] in ("العام", "السنه"):
            return f"{on.year + step:04d}"
        if g["unit"] == "الشهر":
            y, m = _add_months(on.year, on.month, step)
            return f"{y:04d}-{m:02d}"
        day = on + dt.timedelta(weeks=step)
        return f"{day:%Y-%m}"
    if kind == "rel-today":
        return on.isoformat()
    if kind == "rel-day":
        # the weekday on or before the publication day
        back = (on.weekday() - WEEKDAYS.index(g["wd"])) % 7
        return (on - dt.timedelta(days=back)).isoformat()
    return None  # "منذ أيام": a span, not a date


def resolve(kind: str, groups: dict, published: Published | None) -> tuple[str | None, dict]:
    """Resolve a relative expression against a publication date (printed, or an inferred range)."""
    if published is None:
        return None, {"unresolved": "no publication date"}
    if published.date:
        value = _resolve_relative(kind, groups, published.date)
        return value, ({"anchor": published.date.isoformat()} if value else {"unresolved": "not a point in time"})
    lo = _resolve_relative(kind, groups, published.earliest)  # type: ignore[arg-type]
    hi = _resolve_relative(kind, groups, published.latest)  # type: ignore[arg-type]
    if lo is None and hi is None:
        return None, {"unresolved": "not a point in time"}
    if lo and lo == hi:
        return lo, {"anchor": f"{published.earliest}/{published.latest} (inferred)"}
    return None, {"unresolved": f"source date inferred ({published.earliest} to {published.latest}); "
                                f"resolves to {lo} or {hi}"}


def _value(kind: str, g: dict) -> str | None:
    if kind == "day":
        return f"{int(g['y']):04d}-{MONTHS[g['m']]:02d}-{int(g['d']):02d}"
    if kind == "numeric":
        return f"{int(g['y']):04d}-{int(g['mo']):02d}-{int(g['d']):02d}"
    if kind == "month":
        return f"{int(g['y']):04d}-{MONTHS[g['m']]:02d}"
    if kind == "mid-year":
        return f"{int(g['y']):04d}"  # with qualifier "mid": a year, not an invented month
    if kind == "year":
        return f"{int(g['y']):04d}"
    return None


class _Spans:
    """Original-text spans already claimed, so a year inside a full date is not extracted twice."""

    def __init__(self) -> None:
        self.taken: list[tuple[int, int]] = []

    def free(self, s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in self.taken)

    def take(self, s: int, e: int) -> None:
        self.taken.append((s, e))


def _hedge_before(text: str, pos: int) -> str:
    """A hedge word right before a dual ("أكثر من عقدين")."""
    for hedge in sorted(HEDGES, key=len, reverse=True):
        if text[:pos].rstrip().endswith(hedge):
            return hedge
    return ""


def _scan(text: str, published: Published | None, paragraph_of, gazetteer: Path | None) -> list[Fact]:  # noqa: ANN001
    n = normalize(text)
    facts: list[Fact] = []
    claimed = _Spans()

    def span(m: re.Match, group: int | str = 0) -> tuple[int, int]:
        return n.original_span(*m.span(group))

    for m in QUANTITY.finditer(n.text):
        g = m.groupdict()
        start = m.start("nw") if g["nw"] and not g["h"] else m.start()  # leave a clitic ("بثلاثة") out
        s, e = n.original_span(start, m.end())
        if g["dual"]:
            unit, value = DUALS[g["dual"]], 2
            hedge = HEDGES.get(_hedge_before(n.text, m.start()), "none")
        else:
            raw = g["np"] or g["n"] or g["np2"]
            value = int(raw.replace(",", "")) if raw else NUMBER_WORDS[g["nw"]]
            unit = UNITS[g["u"]] if g["u"] else None
            if unit is None and facts:  # "(3) ضربات ... (2) منها": the count refers back
                unit = facts[-1].attrs.get("unit")
            hedge = HEDGES.get(g["h"] or g["h2"] or "", "none")
        claimed.take(s, e)
        facts.append(Fact("quantity", value, s, e, text[s:e], paragraph_of(s),
                          {"unit": unit, "hedge": hedge}))
    for kind, pattern in DATE_PATTERNS:
        for m in pattern.finditer(n.text):
            s, e = span(m, "core")
            if not claimed.free(s, e):
                continue
            g = m.groupdict()
            attrs: dict = {"pattern": kind, "relative": kind.startswith("rel")}
            if attrs["relative"]:
                value, extra = resolve(kind, g, published)
                attrs.update(extra)
                if g.get("mid"):
                    attrs["qualifier"] = "mid"
            else:
                value = _value(kind, g)
                if kind == "mid-year":
                    attrs["qualifier"] = "mid"
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
