"""Counts in normalised Arabic text: a number (digits, words, or both with ألف/آلاف), the counted
noun, an optional hedge before it ("نحو", "ما لا يقل عن", "يتجاوز") or after it ("تقريباً"), ranges
("أربعة إلى خمسة أفراد", "بين 2000 و2500") and duals ("قاعدتين", "للبلدين").

A bare number with no counted noun after it is not a quantity ("القرار 2379", "المادة 5"), except in a
"بين N وM" range whose ends are not both years.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .arabic import normalize

HEDGES = {  # normalised hedge → its meaning
    "حوالي": "about", "نحو": "about", "بنحو": "about", "زهاء": "about", "قرابه": "about", "بحدود": "about",
    "في حدود": "about",
    "اكثر من": "more_than", "ما يزيد عن": "more_than", "ما يزيد علي": "more_than", "يزيد عن": "more_than",
    "يزيد علي": "more_than", "تزيد عن": "more_than", "تزيد علي": "more_than", "يتجاوز": "more_than",
    "تتجاوز": "more_than", "يتجاوزون": "more_than", "تجاوز": "more_than", "ما يتجاوز": "more_than",
    "يفوق": "more_than", "تفوق": "more_than", "ما يفوق": "more_than", "ازيد من": "more_than",
    "اقل من": "fewer_than",
    "ما يقارب من": "close_to", "ما يقارب": "close_to", "يقارب": "close_to", "ما يقرب من": "close_to",
    "يقرب من": "close_to", "ما يناهز": "close_to", "يناهز": "close_to", "تناهز": "close_to",
    "حتي": "up_to", "ما يصل الي": "up_to", "يصل الي": "up_to", "تصل الي": "up_to", "لا يتجاوز": "up_to",
    "لا تتجاوز": "up_to", "لا يزيد عن": "up_to", "لا يزيد علي": "up_to", "لن يتجاوز": "up_to",
    "لن تتجاوز": "up_to", "لم يتجاوز": "up_to", "لم تتجاوز": "up_to", "لا يتعدي": "up_to", "لن يتعدي": "up_to",
    "لن يزيد عن": "up_to", "لن يزيد علي": "up_to",
    "ما لا يقل عن": "at_least", "لا يقل عن": "at_least", "لا تقل عن": "at_least",
}
POST_HEDGES = {"تقريبا": "about", "علي الاقل": "at_least", "علي اقل تقدير": "at_least"}
_PERSONNEL = {"عنصر": "personnel", "عناصر": "personnel", "فرد": "personnel", "افراد": "personnel",
              "عسكري": "personnel", "عسكريين": "personnel", "عسكريون": "personnel"}
UNITS = {  # counted nouns (normalised, singular and plural) → English unit
    "جندي": "soldier", "جنود": "soldier", **_PERSONNEL, "مستشار": "adviser", "مستشارين": "adviser",
    "مستشارون": "adviser", "ضابط": "officer", "ضباط": "officer", "مدرب": "trainer", "مدربين": "trainer",
    "خبير": "expert", "خبراء": "expert", "موظف": "employee", "موظفين": "employee", "مسلح": "fighter",
    "مسلحين": "fighter", "مقاتل": "fighter", "مقاتلين": "fighter", "دوله": "state", "دول": "state",
    "بلد": "country", "بلدان": "country", "شخص": "person", "اشخاص": "person", "ضربه": "strike",
    "ضربات": "strike", "هجوم": "attack", "هجمات": "attack", "عام": "year", "اعوام": "year", "سنه": "year",
    "سنوات": "year", "شهر": "month", "اشهر": "month", "اسبوع": "week", "اسابيع": "week", "يوم": "day",
    "ايام": "day", "ساعه": "hour", "ساعات": "hour", "قاعده": "base", "قواعد": "base", "هدف": "goal",
    "اهداف": "goal", "عقد": "decade", "عقود": "decade", "مرحله": "phase", "مراحل": "phase", "موقع": "site",
    "مواقع": "site", "فصيل": "faction", "فصائل": "faction", "طائره": "aircraft", "طائرات": "aircraft",
    "مسيره": "drone", "مسيرات": "drone", "صاروخ": "missile", "صواريخ": "missile", "قتيل": "killed",
    "قتلي": "killed", "عمليه": "operation", "عمليات": "operation", "دولار": "dollar",
}
NUMBER_WORDS = {"واحد": 1, "اثنان": 2, "اثنين": 2, "ثلاث": 3, "ثلاثه": 3, "اربع": 4, "اربعه": 4, "خمس": 5,
                "خمسه": 5, "ست": 6, "سته": 6, "سبع": 7, "سبعه": 7, "ثماني": 8, "ثمانيه": 8, "تسع": 9,
                "تسعه": 9, "عشر": 10, "عشره": 10, "عشرين": 20, "عشرون": 20, "ثلاثين": 30, "ثلاثون": 30,
                "اربعين": 40, "اربعون": 40, "خمسين": 50, "خمسون": 50, "ستين": 60, "ستون": 60, "سبعين": 70,
                "سبعون": 70, "ثمانين": 80, "ثمانون": 80, "تسعين": 90, "تسعون": 90, "مئه": 100, "مائه": 100,
                "مئتي": 200, "مئتين": 200, "مائتي": 200, "مائتين": 200, "ثلاثمئه": 300, "ثلاثمائه": 300,
                "اربعمئه": 400, "اربعمائه": 400, "خمسمئه": 500, "خمسمائه": 500, "ستمئه": 600, "ستمائه": 600,
                "سبعمئه": 700, "سبعمائه": 700, "ثمانمئه": 800, "ثمانمائه": 800, "تسعمئه": 900, "تسعمائه": 900,
                "الف": 1000, "الفي": 2000, "الفين": 2000}
# 11-19: "أحد عشر", "اثني عشر", "ثلاثة عشر", "خمس عشرة" …
NUMBER_WORDS |= {"احد عشر": 11, "احدي عشره": 11, "اثني عشر": 12, "اثنا عشر": 12, "اثنتي عشره": 12,
                 "اثنتا عشره": 12}
NUMBER_WORDS |= {f"{w} {ten}": n + 10 for w, n in list(NUMBER_WORDS.items()) if 3 <= n <= 9
                 for ten in ("عشر", "عشره")}
MULTIPLIERS = {"الف": 1000, "الاف": 1000, "مليون": 1_000_000, "ملايين": 1_000_000, "مليار": 1_000_000_000}
# Duals count two: generated from singular nouns (قاعده → قاعدتين / قاعدتي, جانب → جانبين). Nouns whose
# sound plural looks like their dual (مستشارين, عسكريين) are left out.
DUAL_NOUNS = {"عام": "year", "سنه": "year", "شهر": "month", "عقد": "decade", "قرن": "century", "اسبوع": "week",
              "يوم": "day", "ساعه": "hour", "قاعده": "base", "مرحله": "phase", "محافظه": "province",
              "جانب": "side", "بلد": "country", "طرف": "party", "قياده": "leadership", "دوله": "state",
              "حكومه": "government", "جندي": "soldier", "عنصر": "personnel", "ضابط": "officer", "هدف": "goal",
              "فصيل": "faction", "هجوم": "attack", "ضربه": "strike", "موقع": "site", "اتفاقيه": "agreement",
              "عمليه": "operation", "وزير": "minister"}


def _accusative(units: dict[str, str]) -> dict[str, str]:
    """After 11-99 the counted noun is accusative with tanween alef ("25 جندياً" → "جنديا")."""
    return {noun + "ا": unit for noun, unit in units.items() if not noun.endswith(("ه", "ا", "ء"))}


def _dual_forms() -> dict[str, str]:
    forms = {}
    for noun, unit in DUAL_NOUNS.items():
        if noun.endswith("ه"):
            forms[noun[:-1] + "تين"] = unit
            forms[noun[:-1] + "تي"] = unit
            forms[noun[:-1] + "تان"] = unit  # nominative: "قاعدتان"
        else:
            forms[noun + "ين"] = unit
            if noun != "بلد":  # "البلدان" is also the plural "the countries"
                forms[noun + "ان"] = unit
    forms.update({"سنتين": "year", "سنتان": "year"})
    return forms


def _normalised(words: dict) -> dict:
    """The same table keyed by normalised text (so "مئة" is written as printed and meets "ميه")."""
    return {normalize(k).text: v for k, v in words.items()}


HEDGES, POST_HEDGES, UNITS = _normalised(HEDGES), _normalised(POST_HEDGES), _normalised(UNITS)
NUMBER_WORDS, MULTIPLIERS, DUAL_NOUNS = _normalised(NUMBER_WORDS), _normalised(MULTIPLIERS), _normalised(DUAL_NOUNS)
ALL_UNITS = {**_accusative(UNITS), **UNITS}
DUALS = _dual_forms()
PLURAL_UNITS = {"جنود", "عناصر", "افراد", "عسكريين", "مستشارين", "ضباط", "مدربين", "خبراء", "موظفين", "مسلحين",
                "مقاتلين", "اشخاص", "دول", "بلدان", "فصائل", "قتلي"}


def _alt(words: object) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))  # type: ignore[attr-defined]


_B, _E = r"(?<![\w])", r"(?![\w])"
_H = _alt(HEDGES)
_U = _alt(ALL_UNITS)
_PL = rf"(?:{_alt(PLURAL_UNITS)}){_E}"  # "2500 من الجنود": only a plural after "من ال"
_NW = _alt(NUMBER_WORDS)
_MUL = _alt(MULTIPLIERS)
# One number: "(2500)", "2,500", "2.5 ألف", "خمسة آلاف", "ألفين"; parts joined by و ("ألفين وخمسمئة",
# "خمسة وعشرين", "3 آلاف و500") only after a number word or a multiplier, so "2000 و2500" stays two numbers.
_DIGITS = r"(?:\(\d+(?:,\d{3})*\)|\d+(?:,\d{3})*(?:\.\d+)?)"
_WORDS = rf"(?:{_NW}){_E}"
_MULTIPLIED = rf"(?: (?:{_MUL}){_E})"
_PART = rf"(?:{_DIGITS}|{_WORDS}){_MULTIPLIED}?"
_NUMBER = rf"(?:(?:{_DIGITS}{_MULTIPLIED}|{_WORDS}{_MULTIPLIED}?)(?: و ?{_PART})*|{_DIGITS})"
_NB = r"(?:(?<![\w])|(?=\())"  # a number starts a word, or is bracketed ("بحدود(1000)")
_HEDGE = rf"(?:{_B}(?:(?P<h>{_H})|[وفبل](?P<hc>{_H})) ?)?"  # "وأكثر من": the clitic stays outside the span

QUANTITY = re.compile(
    rf"{_HEDGE}(?:{_B}(?P<bain>(?:ما )?بين) (?P<lo2>{_NUMBER}) و ?(?P<hi2>{_NUMBER})"
    rf"(?: (?:من ال(?={_PL}))?(?P<u2>{_U}))?{_E}"
    rf"|{_NB}(?P<lo>{_NUMBER}) ?(?:الي|او|-|–) ?(?P<hi>{_NUMBER}) (?:من ال(?={_PL}))?(?P<u3>{_U}){_E}"
    rf"|{_NB}(?:[بول]|[بول]?ال(?=\d))?(?P<num>{_NUMBER}) ?(?:من ال(?={_PL}))?(?P<u>{_U}){_E}"
    rf"|\((?P<np2>\d[\d,]*)\)(?= ?منها)|{_B}(?P<nb>\d+) (?:اخرين|اخري|اخرون)(?= |$|[,.]))"
    rf"|{_B}(?:[وفبل]?(?P<art>ال)|[وف]?ل(?P<art2>ل)|[وفبل])?(?P<dual>{_alt(DUALS)}){_E}")
_NUMBER_RE = re.compile(_NUMBER)
_PART_RE = re.compile(rf"(?P<d>\(?\d[\d,]*(?:\.\d+)?\)?|{_NW})(?: (?P<mul>{_MUL}))?")
_POST = re.compile(rf" ?(?P<post>{_alt(POST_HEDGES)}){_E}")


@dataclass(frozen=True)
class Quantity:
    """A count found in normalised text: [start, end) in that text, its value and attributes."""

    start: int
    end: int
    value: int | str
    unit: str | None
    hedge: str
    low: int | None = None
    high: int | None = None


def number_value(text: str) -> int | None:
    """The value of a number phrase ("2,500", "(2500)", "خمسة آلاف", "ألفين وخمسمئة"); None if it is not
    a whole number."""
    total = 0
    for m in _PART_RE.finditer(text):
        raw = m.group("d").strip("()").replace(",", "")
        base = float(raw) if raw[0].isdigit() else NUMBER_WORDS[raw]
        if m.group("mul"):
            base *= MULTIPLIERS[m.group("mul")]
        if base != int(base):
            return None
        total += int(base)
    return total or None


def _is_year(n: int | None) -> bool:
    return n is not None and 1900 <= n <= 2099


def hedge_before(text: str, pos: int) -> str:
    """The hedge word right before ``pos`` in normalised text ("أكثر من عقدين"), or ""."""
    before = text[:pos].rstrip()
    for hedge in sorted(HEDGES, key=len, reverse=True):
        if before.endswith(hedge):
            return hedge
    return ""


def _split_pair(pair: str) -> tuple[int | None, int | None]:
    """"ألفين وألفين وخمسمئة" → (2000, 2500): the first split at a و that gives a rising pair."""
    for sep in re.finditer(r" و ?", pair):
        low, high = number_value(pair[:sep.start()]), number_value(pair[sep.end():])
        if low is not None and high is not None and low < high:
            return low, high
    return None, None


def find_quantities(text: str) -> list[Quantity]:
    """Every count in normalised ``text``, in order."""
    found: list[Quantity] = []
    for m in QUANTITY.finditer(text):
        g = m.groupdict()
        hedge_word = g["h"] or g["hc"] or ""
        start = m.start("hc") if g["hc"] else m.start()
        end = m.end()
        low = high = None
        if g["dual"]:
            value: int | str | None = 2
            unit: str | None = DUALS[g["dual"]]
            hedge_word = hedge_before(text, m.start())
            start = m.start("art") if g["art"] else m.start("art2") - 1 if g["art2"] else m.start("dual")
        elif g["np2"] or g["nb"]:  # "(3) ضربات ... (2) منها", "مقتل 3 عناصر وإصابة 7 آخرين": refers back
            if g["nb"] and not found:
                continue
            value, unit = int((g["np2"] or g["nb"]).replace(",", "")), found[-1].unit if found else None
        elif g["lo"] or g["lo2"]:
            low, high = number_value(g["lo"] or g["lo2"]), number_value(g["hi"] or g["hi2"])
            if g["lo2"] and (low is None or high is None or low >= high):
                low, high = _split_pair(text[m.start("lo2"):m.end("hi2")])
            unit_word = g["u3"] or g["u2"]
            if low is None or high is None or low >= high or (not unit_word and _is_year(low) and _is_year(high)):
                continue  # "بين 2014 و2017" are years; "بين 5 و3" is not a range
            value, unit = f"{low}-{high}", ALL_UNITS[unit_word] if unit_word else None
            if g["bain"] and not hedge_word:
                start = m.start("bain")
        else:
            value, unit = number_value(g["num"]), ALL_UNITS[g["u"]]
            if value is None:
                continue
            if not hedge_word:
                start = m.start("num")  # leave a clitic ("بثلاثة") out
        post = _POST.match(text, end)
        if post and not hedge_word:
            hedge_word, end = post.group("post"), post.end()
        hedge = HEDGES.get(hedge_word) or POST_HEDGES.get(hedge_word) or "none"
        if low is not None and hedge == "none":
            hedge = "range"
        found.append(Quantity(start, end, value, unit, hedge, low, high))  # type: ignore[arg-type]
    return found
