"""Read the checkable facets of an English claim: numbers with their hedges, dates, and names.

The rules (also in the methodology):

- **Numbers** are digit groups ("2,500", "80") and the number words two to twelve, twenty … ninety,
  hundred, thousand, plus the fractions "a third", "half", "a quarter". "one" is not read (it is
  nearly always "one source", "one of"). Not numbers: a digit group inside a word or code
  ("KJ3", "R1", "¶14", "hafryat-us-2500"), a number after phase / stage / step / part / section /
  chapter / paragraph / item / no. ("phase two"), and a count of the book's own sources ("two others",
  "three of five sources", "in one source"). Ordinals ("first", "second") are not numbers.
- **Dates**: a four-digit number 1900–2099 that is not followed by a counted noun is a year (also in
  "mid-2025", "2014-style", "2024–2026"); a number 1–31 next to a month name is a day; a month name
  is a month when a year or a day stands next to it ("September 2025", "31 January 2024",
  "September 15"), or after "in"/"by"/"since"/"until" ("by September"). "May" is a month only with a
  day or a year next to it.
- **Hedges**: the words right before a number (about, around, approximately, roughly, some, an
  estimated, nearly, almost, close to, more than, over, upwards of, fewer than, less than, under, up
  to, at least, at most, as many as) map to the extractor's hedge vocabulary (``HEDGE_MAP``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTH_NAMES = {m: i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
     "November", "December"], start=1)}
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
                "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
                "dozen": 12}
# Fractions: English → the Arabic word (normalised) a passage must contain.
FRACTIONS = {"a third": "ثلث", "one third": "ثلث", "half": "نصف", "a quarter": "ربع", "two thirds": "ثلثي"}
# English hedge → the extractor's hedge values (briefing.extract.HEDGES) it agrees with.
HEDGE_MAP: dict[str, set[str]] = {
    "about": {"about", "close_to"}, "around": {"about", "close_to"}, "approximately": {"about", "close_to"},
    "roughly": {"about", "close_to"}, "some": {"about", "close_to"}, "an estimated": {"about", "close_to"},
    "estimated at": {"about", "close_to"}, "nearly": {"close_to", "about"}, "almost": {"close_to", "about"},
    "close to": {"close_to", "about"}, "more than": {"more_than"}, "over": {"more_than"},
    "upwards of": {"more_than"}, "at least": {"more_than", "at_least"}, "fewer than": {"fewer_than"},
    "less than": {"fewer_than"}, "under": {"fewer_than"}, "at most": {"up_to"}, "up to": {"up_to"},
    "as many as": {"up_to"},
}
UNHEDGED = "none"
# A number followed by one of these counts the book's own sources, not a fact of the world.
META_NOUNS = (r"(?:other\s+)?(?:sources?|outlets?|articles?|reports?|others|passages?|chapters?|citations?"
              r"|of\s+(?:the\s+)?(?:five|them|these))")
# A number after one of these is a list or section marker, not a quantity.
MARKERS = r"(?:phase|phases|stage|step|part|section|chapter|paragraph|item|no\.|number|table|figure|key\s+judgment)"
COUNTED = (r"(?:US\s+|American\s+|Iraqi\s+|foreign\s+|coalition\s+|armed\s+|military\s+)*"
           r"(?:soldiers?|troops?|personnel|fighters?|states?|countries|people|persons?|strikes?|attacks?|bases?|"
           r"members?|militants?|forces?|sites?|years?|months?|weeks?|days?|decades?|phases?|goals?|km|kilometres?)")

_HEDGE_RE = "|".join(sorted((re.escape(h) for h in HEDGE_MAP), key=len, reverse=True))
_MONTH_RE = "|".join(MONTH_NAMES)
_WORD_RE = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))

ROLE = re.compile(r"\{(?:ev|ar|sup|sub|abbr)\}`[^`]*`")
INLINE_CODE = re.compile(r"`[^`]*`")
HORIZON_ROLE = re.compile(r"\{(?:horizon|deadline)\}`(\d{4})-(\d{2})(?:-(\d{2}))?`")
ASOF_ROLE = re.compile(r"\{asof\}`([^`]*)`")
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
EMPHASIS = re.compile(r"[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}")

DIGITS = re.compile(r"(?<![\w¶§$#./-])(\d{1,3}(?:,\d{3})+|\d+)(?![\w]|,\d|\.\d)")
WORDS = re.compile(rf"\b(?:an?\s+)?({_WORD_RE})\b", re.IGNORECASE)
FRACTION = re.compile(r"\b(" + "|".join(FRACTIONS) + r")\b", re.IGNORECASE)
MONTH = re.compile(rf"\b({_MONTH_RE})\b")


@dataclass(frozen=True)
class Number:
    """A number the claim states, with its hedge ("none" when unhedged)."""

    value: int | str  # an int, or a fraction's Arabic word
    text: str  # as written, with its hedge ("about 2,500")
    hedge: str  # the English hedge phrase, or "none"


@dataclass(frozen=True)
class DateRef:
    """A year, month or day the claim states."""

    year: int | None
    month: int | None
    day: int | None
    text: str

    @property
    def key(self) -> str:
        """ISO-like prefix: '2024', '2024-01', '2024-01-31', or '--09' for a month without a year."""
        if self.year is None:
            return f"--{self.month:02d}" + (f"-{self.day:02d}" if self.day else "")
        out = f"{self.year:04d}"
        if self.month:
            out += f"-{self.month:02d}"
            if self.day:
                out += f"-{self.day:02d}"
        return out


def _horizon_text(m: re.Match[str]) -> str:
    import calendar

    year, month = int(m.group(1)), int(m.group(2))
    return f"{calendar.month_name[month]} {year}" if 1 <= month <= 12 else m.group(0)


def plain(text: str) -> str:
    """The claim as a reader sees it: roles, inline code, link targets and emphasis marks removed;
    ``{asof}`` as its text, and a ``{horizon}`` or ``{deadline}`` date (day or month) as its month ("September
    2026"): a horizon is the project's last day of the period a source names, so the month is what the passage
    must carry."""
    text = HORIZON_ROLE.sub(_horizon_text, text)
    text = ASOF_ROLE.sub(r"\1", text)
    text = ROLE.sub(" ", text)
    text = INLINE_CODE.sub(" ", text)
    text = LINK.sub(r"\1", text)
    text = EMPHASIS.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def _hedge_before(text: str, start: int) -> str:
    m = re.search(rf"\b({_HEDGE_RE})\s+$", text[:start], re.IGNORECASE)
    return m.group(1).lower() if m else UNHEDGED


def _is_marker(text: str, start: int) -> bool:
    return re.search(rf"\b{MARKERS}\s*$", text[:start], re.IGNORECASE) is not None


def _is_meta(text: str, end: int) -> bool:
    return re.match(rf"\s+{META_NOUNS}\b", text[end:], re.IGNORECASE) is not None


def _near_month(text: str, start: int, end: int) -> bool:
    before = re.search(rf"\b(?:{_MONTH_RE})\s+$", text[:start])
    after = re.match(rf"\s+(?:{_MONTH_RE})\b", text[end:])
    return bool(before or after)


def _counted_after(text: str, end: int) -> bool:
    return re.match(rf"\s+{COUNTED}\b", text[end:], re.IGNORECASE) is not None


def dates(text: str) -> list[DateRef]:
    """Years, months and days the claim states (see the module's rules)."""
    out: list[DateRef] = []
    taken: list[tuple[int, int]] = []
    day_month_year = re.compile(
        rf"\b(?:(?P<d1>\d{{1,2}})\s+(?P<m1>{_MONTH_RE})|(?P<m2>{_MONTH_RE})\s+(?P<d2>\d{{1,2}})(?!\d|,\d{{3}}))"
        rf"(?:,?\s+(?P<y>(?:19|20)\d{{2}}))?\b")
    for m in day_month_year.finditer(text):
        month = MONTH_NAMES[m.group("m1") or m.group("m2")]
        day = int(m.group("d1") or m.group("d2"))
        if not 1 <= day <= 31:
            continue
        out.append(DateRef(int(m.group("y")) if m.group("y") else None, month, day, m.group(0)))
        taken.append(m.span())
    month_year = re.compile(rf"\b(?P<m>{_MONTH_RE})(?:\s*[-–/]\s*(?:{_MONTH_RE}))?,?\s+(?P<y>(?:19|20)\d{{2}})\b")
    for m in month_year.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        out.append(DateRef(int(m.group("y")), MONTH_NAMES[m.group("m")], None, m.group(0)))
        taken.append(m.span())
    bare_month = re.compile(rf"\b(?:in|by|since|until|from|before|after|of|late|early|mid-?)\s+(?P<m>{_MONTH_RE})\b(?!\s+\d)")
    for m in bare_month.finditer(text):
        if m.group("m") == "May" or any(a <= m.start("m") < b for a, b in taken):
            continue
        out.append(DateRef(None, MONTH_NAMES[m.group("m")], None, m.group(0)))
        taken.append(m.span())
    for m in re.finditer(r"(?<![\w,.$])((?:19|20)\d{2})(?!\d|,\d)", text):
        if any(a <= m.start() < b for a, b in taken) or _counted_after(text, m.end()):
            continue
        if re.search(r"[\w`-]$", text[:m.start()]) and not re.search(r"(?:mid|early|late|pre|post)-$", text[:m.start()]):
            continue  # inside an id or a word
        out.append(DateRef(int(m.group(1)), None, None, m.group(1)))
    return out


def numbers(text: str) -> list[Number]:
    """Numbers the claim states (not dates, list markers or counts of sources), with their hedges."""
    found: list[tuple[int, Number]] = []
    for m in DIGITS.finditer(text):
        raw = m.group(1)
        value = int(raw.replace(",", ""))
        if "," not in raw and 1900 <= value <= 2099 and not _counted_after(text, m.end()):
            continue  # a year: the date facet
        if value <= 31 and _near_month(text, m.start(), m.end()):
            continue  # a day of a month
        if _is_marker(text, m.start()) or _is_meta(text, m.end()):
            continue
        if re.match(r"\s*(?:[-–]\s*)?(?:style|era)\b", text[m.end():]):
            continue
        hedge = _hedge_before(text, m.start())
        if text[m.end():m.end() + 1] == "+":  # "80+": more than
            hedge, raw = "more than", raw + "+"
        found.append((m.start(), Number(value, raw if raw.endswith("+") else _with_hedge(hedge, raw), hedge)))
    for m in WORDS.finditer(text):
        word = m.group(1).lower()
        if _is_marker(text, m.start()) or _is_meta(text, m.end()):
            continue
        if word in ("hundred", "thousand") and re.search(r"\d\s*$", text[:m.start()]):
            continue  # "2 thousand": the digits carry it
        if re.match(r"[-\s]+(?:third|thirds|quarter|half)\b", text[m.end():], re.IGNORECASE):
            continue  # "two thirds": a fraction
        if re.match(r"\s+(?:of\s+(?:the|its|them|these|those)\b|sides\b|parties\b)", text[m.end():], re.IGNORECASE):
            continue  # "two of the …", "the two sides": a reference, not a count
        hedge = _hedge_before(text, m.start(1))
        found.append((m.start(), Number(NUMBER_WORDS[word], _with_hedge(hedge, m.group(0).strip()), hedge)))
    for m in FRACTION.finditer(text):
        found.append((m.start(), Number(FRACTIONS[m.group(1).lower()], m.group(0), UNHEDGED)))
    return [n for _, n in sorted(found, key=lambda p: p[0])]


def _with_hedge(hedge: str, raw: str) -> str:
    return raw if hedge == UNHEDGED else f"{hedge} {raw}"


def refers_to_source(text: str) -> bool:
    """True when the claim speaks of the cited article as a whole ("the article", "the outlet")."""
    return re.search(r"\b(?:the|that|this|same)\s+(?:article|outlet|report|source)\b|\bit\s+(?:says|reports|adds)\b",
                     text, re.IGNORECASE) is not None
