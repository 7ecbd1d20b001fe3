"""Date expressions in normalised Arabic text: the patterns, their guards, and their values.

Absolute dates get their value from the text alone. Relative ones ("أمس", "سبتمبر المقبل", "الأربعاء"
in a dateline, "6 نوفمبر الماضي") are resolved against a day by ``resolve_on``; ``resolve`` in
``briefing.extract`` applies it to a printed date or to both ends of an inferred range.

Patterns run in order on the normalised text (``briefing.arabic.normalize``: no hamza, ى→ي, ة→ه,
Western digits, no space next to punctuation); a span claimed by an earlier pattern is not matched
again. Each pattern may have a guard that looks at the words around it and rejects a match (a
weekday inside a name, "اليوم" meaning "nowadays", "غدا" the verb "became").
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

MONTHS = {  # normalised forms → month number; Levantine/Iraqi series and transliterated series
    "كانون الثاني": 1, "شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6, "تموز": 7, "اب": 8,
    "ايلول": 9, "تشرين الاول": 10, "تشرين الثاني": 11, "كانون الاول": 12,
    "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "مايو": 5, "يونيو": 6, "يونيه": 6, "يوليو": 7,
    "يوليه": 7, "اغسطس": 8, "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
}
WEEKDAYS = ["الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعه", "السبت", "الاحد"]  # Monday first
QUALIFIERS = {"منتصف": "mid", "نهايه": "end", "اواخر": "end", "مطلع": "start", "بدايه": "start",
              "اوائل": "start"}

_M = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_W = "|".join(WEEKDAYS)
_B = r"(?<![\w])"  # word start (no letter or digit before)
_E = r"(?![\w])"  # word end
_PFX = r"(?:[وفب]|ل)?"  # a one-letter clitic that may precede; the cited span starts after it
_MONTH = rf"(?P<m>{_M})(?: ?/ ?(?P<m2>{_M}))?(?: ?\((?P<m3>{_M})\))?"  # "أيلول/سبتمبر", "تشرين الأول (أكتوبر)"
_REL = r"(?P<rel>المقبل|القادم|الماضي)"
_REL_F = r"(?P<rel>المقبله|القادمه|الماضيه|الحاليه|الجاريه|المقبل|القادم|الماضي|الحالي|الجاري)"
_TIME = r"(?: (?P<t>\d{1,2}:\d{2}(?::\d{2})?))?"
ORDINAL_DAYS = {"الاول": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الخامس": 5, "السادس": 6, "السابع": 7,
                "الثامن": 8, "التاسع": 9, "العاشر": 10, "العشرين": 20, "الثلاثين": 30}
# A day: "27", "الـ27" (normalised "ال27"), or an ordinal with من ("الأول من أكتوبر")
_DAY = rf"(?:(?:ال)?(?P<d>\d{{1,2}}) (?:من )?|(?P<dw>{'|'.join(ORDINAL_DAYS)}) من )(?:شهر )?"
_YEAR = r"(?:(?:من )?(?:عام|العام) )?(?P<y>\d{4})م?"  # "سبتمبر من العام 2025", "2025م"

# Words before a day-and-month that make it a name ("ثورة 14 تموز", "قوى 14 آذار"), not a date.
NAME_BEFORE_DAY_MONTH = {"ثوره", "قوي", "حركه", "انتفاضه", "تحالف", "تيار", "جماعه", "شارع", "ساحه",
                         "جسر", "مدينه", "حي", "ميدان", "جامعه", "مستشفي", "ذكري"}
# Words before a bare weekday that make it part of a name or an institution, not a date.
NAME_BEFORE_WEEKDAY = {"صلاه", "خطبه", "خطيب", "عبد", "مسجد", "جامع", "سوق", "شارع", "ساحه", "الواحد",
                       "مجزره", "تظاهرات", "مظاهرات", "جمعه", "ليله", "جريده", "صحيفه", "برنامج"}
# Words after a bare weekday that make it the time of the main verb ("قال المتحدث، الأربعاء، إن").
REPORTING_AFTER_WEEKDAY = {"ان", "انه", "انها", "عن", "انهم", "بان", "بانه", "بانها"}
# "اليوم" in the sense of "nowadays" or of "that day", not the publication day.
NOT_TODAY_BEFORE = {"حتي", "الي", "لغايه", "لحد", "حد", "عالم", "عراق", "جيل", "ذلك", "بغداد", "اعداء",
                    "حلفاء", "خصوم", "شباب", "قاده", "ساسه", "واقع", "سياسه", "منذ", "لليوم", "نفس"}
NOT_TODAY_AFTER = {"التالي", "الاول", "الثاني", "الثالث", "الاخير", "الوطني", "العالمي", "نفسه", "ذاته",
                   "الذي", "الموعود", "الدولي", "التاريخي", "المفتوح"}


@dataclass(frozen=True)
class DatePattern:
    """One kind of date expression; ``guard`` may reject a match by its context."""

    name: str
    regex: re.Pattern[str]
    relative: bool
    guard: Callable[[str, re.Match[str], str], bool] | None = None  # (normalised text, match, original span)


def _word_before(text: str, pos: int) -> str:
    m = re.search(r"(\w+)\W*$", text[:pos])
    return m.group(1) if m else ""


def _in(word: str, words: set[str]) -> bool:
    """``word``, or ``word`` without a leading و/ف ("وقوى"), is one of ``words``."""
    return word in words or (word[:1] in ("و", "ف") and word[1:] in words)


def _word_after(text: str, pos: int) -> str:
    m = re.match(r"\W*(\w+)", text[pos:])
    return m.group(1) if m else ""


def _char_before(text: str, pos: int) -> str:
    stripped = text[:pos].rstrip(" ")
    return stripped[-1] if stripped else "^"


def _char_after(text: str, pos: int) -> str:
    stripped = text[pos:].lstrip(" ")
    return stripped[0] if stripped else "$"


def _day_month_is_a_date(text: str, m: re.Match[str], _orig: str) -> bool:
    return not _in(_word_before(text, m.start("core")), NAME_BEFORE_DAY_MONTH)


def _bare_weekday_is_a_date(text: str, m: re.Match[str], _orig: str) -> bool:
    """A weekday alone is a date when set off like a dateline ("(وكالة)، الأربعاء،", "بغداد - الأحد:")
    or when it times a reporting verb ("قال المتحدث الأربعاء إن")."""
    s, e = m.start("core"), m.end("core")
    if _in(_word_before(text, s), NAME_BEFORE_WEEKDAY):
        return False
    before, after = _char_before(text, s), _char_after(text, e)
    set_off = before == ")" or (before in ",-–/:^\n" and after in ",:-–(\n$")  # "(واع) الأربعاء"
    return set_off or _word_after(text, e) in REPORTING_AFTER_WEEKDAY


def _qualified_period(text: str, m: re.Match[str], _orig: str) -> bool:
    """A bare "العام" / "الشهر" is the current one only after a qualifier ("منذ مطلع العام")."""
    return not m.group("bare") or bool(m.group("q"))


def _today_is_the_day(text: str, m: re.Match[str], _orig: str) -> bool:
    """Not "nowadays": after a word that makes it figurative ("حتى اليوم"), before one that names another
    day ("اليوم التالي"), or before "no longer" ("اليوم لم يعد": "nowadays it is no longer")."""
    s, e = m.start("core"), m.end("core")
    if re.match(r"\W*لم (?:يعد|تعد|يعودوا)\b", text[e:]):
        return False
    return not _in(_word_before(text, s), NOT_TODAY_BEFORE) and _word_after(text, e) not in NOT_TODAY_AFTER


def _tomorrow_is_a_day(text: str, m: re.Match[str], orig: str) -> bool:
    """Bare "غدا" is also the verb "became" ("غدا الوضع أصعب"): a date only after يوم/بعد/صباح…, before
    a weekday, at the end of a clause, or when printed with tanween (checked by the caller)."""
    if m.group("pre") or m.group("wd"):
        return True
    if m.group("tm") == "غد":
        return False  # "غد" alone: only in "يوم غد", "بعد غد" …
    return _char_after(text, m.end("core")) in ",.;:!?)\n$" or "\u064b" in orig  # tanween: غداً


def _yesterday_is_a_day(text: str, m: re.Match[str], _orig: str) -> bool:
    """"الأمس" is a date only as "بالأمس" ("حلفاء الأمس" is figurative), and not in "بالأمس القريب"."""
    if m.group("art") and not (m.group("bi") or m.group("pre")):  # "بالأمس", "يوم الأمس"
        return False
    return _word_after(text, m.end("core")) != "القريب"


DATE_PATTERNS: list[DatePattern] = [
    DatePattern("day", re.compile(
        rf"{_B}{_PFX}(?P<core>(?:اليوم |(?P<wd>{_W}),? ?)?{_DAY}{_MONTH},? ?{_YEAR}){_E}"), relative=False),
    DatePattern("iso", re.compile(
        rf"{_B}(?P<core>(?P<y>\d{{4}})([-/])(?P<mo>\d{{1,2}})\3(?P<d>\d{{1,2}}){_TIME}){_E}"), relative=False),
    DatePattern("numeric", re.compile(
        rf"{_B}(?P<core>(?P<d>\d{{1,2}})([/.-])(?P<mo>\d{{1,2}})\3(?P<y>\d{{4}}){_TIME}){_E}"), relative=False),
    DatePattern("rel-day-month", re.compile(
        rf"{_B}{_PFX}(?P<core>{_DAY}{_MONTH} {_REL}){_E}"), relative=True),
    DatePattern("month", re.compile(
        rf"{_B}{_PFX}(?P<core>{_MONTH},? ?{_YEAR}){_E}"), relative=False),
    DatePattern("mid-year", re.compile(
        rf"{_B}{_PFX}(?P<core>منتصف (?:عام|العام|سنه) (?P<y>\d{{4}})){_E}"), relative=False),
    DatePattern("day-month", re.compile(
        rf"{_B}{_PFX}(?P<core>(?:(?P<wd>{_W}),? ?)?{_DAY}{_MONTH})(?! ?\d){_E}"), relative=True,
        guard=_day_month_is_a_date),
    DatePattern("year", re.compile(
        rf"{_B}{_PFX}(?P<core>(?:(?:عام|العام|سنه|السنه) )?(?P<y>(?:19|20)\d{{2}})م?){_E}"), relative=False),
    DatePattern("rel-month", re.compile(
        rf"{_B}{_PFX}(?P<core>(?:شهر )?(?P<m>{_M})(?:\((?P<m3>{_M})\))? ?(?P<rel>المقبل|القادم|الماضي|الجاري|الحالي))"
        rf"{_E}"), relative=True),
    DatePattern("rel-period", re.compile(
        rf"{_B}{_PFX}(?P<core>(?:(?P<q>{'|'.join(QUALIFIERS)}) )?"
        rf"(?:(?P<unit>الشهر|الاسبوع|العام|السنه) {_REL_F}|(?:هذا|هذه) (?P<this>الشهر|الاسبوع|العام|السنه)"
        rf"|(?P<bare>العام|السنه|الشهر)(?! ?\d)(?! ال))){_E}"), relative=True, guard=_qualified_period),
    DatePattern("rel-yesterday", re.compile(
        rf"{_B}(?:[وف]?(?P<bi>ب)?)(?P<core>(?:(?P<pre>يوم|اول|قبل|مساء|صباح|ظهر|فجر|عصر|ليله) (?:من )?)?"
        rf"(?P<art>ال)?امس(?: (?P<wd>{_W}))?){_E}"),
        relative=True, guard=_yesterday_is_a_day),
    DatePattern("rel-tomorrow", re.compile(
        rf"{_B}{_PFX}(?P<core>(?:(?P<pre>يوم|بعد|صباح|مساء|ظهر|ليله) )?(?P<tm>غدا|غد)"
        rf"(?: (?P<wd>{_W}))?){_E}"), relative=True, guard=_tomorrow_is_a_day),
    DatePattern("rel-day", re.compile(
        rf"{_B}{_PFX}(?P<core>(?:(?:اليوم|مساء|صباح|ظهر|فجر|ليله|يوم) (?P<wd>{_W})(?: {_REL})?"
        rf"|(?P<wd2>{_W}) (?P<rel2>المقبل|القادم|الماضي))){_E}(?! ?,? ?الموافق)"), relative=True),
    DatePattern("rel-weekday", re.compile(rf"{_B}{_PFX}(?P<core>(?P<wd>{_W})){_E}"), relative=True,
                guard=_bare_weekday_is_a_date),
    DatePattern("rel-days-ago", re.compile(
        rf"{_B}{_PFX}(?P<core>(?:منذ|قبل) (?P<unit>ايام|اسابيع|اشهر|اعوام|سنوات)){_E}"), relative=True),
    DatePattern("rel-recent", re.compile(
        rf"{_B}{_PFX}(?P<core>(?:الايام|الاسابيع|الاشهر|السنوات|الاعوام) (?:الماضيه|الاخيره)){_E}"),
        relative=True),
    # "earlier": relative, with no interval to resolve, listed so a reader sees what dates a statement
    DatePattern("rel-earlier", re.compile(rf"{_B}{_PFX}(?P<core>في وقت سابق){_E}"), relative=True),
    DatePattern("rel-today", re.compile(rf"{_B}{_PFX}(?P<core>(?:(?:صباح|مساء|ظهر|فجر|عصر) )?اليوم){_E}"), relative=True,
                guard=_today_is_the_day),
]


def _date(y: int, mo: int, d: int) -> str | None:
    """ISO date, or None when the day does not exist (31/02)."""
    try:
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        return None


def _day(g: dict) -> int:
    return int(g["d"]) if g.get("d") else ORDINAL_DAYS[g["dw"]]


def absolute_value(name: str, g: dict) -> str | None:
    """The ISO value of an absolute date expression (None when it names no real day)."""
    if name == "day":
        return _date(int(g["y"]), MONTHS[g["m"]], _day(g))
    if name in ("iso", "numeric"):
        return _date(int(g["y"]), int(g["mo"]), int(g["d"]))
    if name == "month":
        return f"{int(g['y']):04d}-{MONTHS[g['m']]:02d}"
    if name in ("mid-year", "year"):
        return f"{int(g['y']):04d}"  # "mid-year" carries the qualifier; not an invented month
    return None


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    n = year * 12 + (month - 1) + delta
    return n // 12, n % 12 + 1


def _weekday(on: dt.date, wd: str, rel: str | None) -> dt.date:
    """The named weekday: on or before ``on``; strictly before for الماضي, strictly after for المقبل."""
    target = WEEKDAYS.index(wd)
    if rel in ("المقبل", "القادم"):
        return on + dt.timedelta(days=(target - on.weekday() - 1) % 7 + 1)
    back = (on.weekday() - target) % 7
    if rel == "الماضي" and back == 0:
        back = 7
    return on - dt.timedelta(days=back)


def _nearest_day_month(on: dt.date, month: int, day: int) -> str | None:
    """The day-and-month nearest ``on`` (the same year, the one before or the one after)."""
    candidates = []
    for year in (on.year - 1, on.year, on.year + 1):
        if day <= calendar.monthrange(year, month)[1]:
            candidates.append(dt.date(year, month, day))
    return min(candidates, key=lambda c: (abs((c - on).days), c > on)).isoformat() if candidates else None


def resolve_on(name: str, g: dict, on: dt.date) -> str | None:
    """The value of relative expression ``name`` (groups ``g``) read on day ``on``; None for a span
    of time that is not a point ("منذ أيام")."""
    if name == "rel-month":
        month = MONTHS[g["m"]]
        if g["rel"] in ("الجاري", "الحالي"):  # "أيلول الجاري": this month (or this year's)
            year = on.year
        elif g["rel"] == "الماضي":
            year = on.year if month < on.month else on.year - 1
        else:
            year = on.year if month > on.month else on.year + 1
        return f"{year:04d}-{month:02d}"
    if name == "rel-day-month":
        month, day = MONTHS[g["m"]], _day(g)
        if g["rel"] == "الماضي":
            year = on.year if (month, day) < (on.month, on.day) else on.year - 1
        else:
            year = on.year if (month, day) > (on.month, on.day) else on.year + 1
        return _date(year, month, day)
    if name == "day-month":
        return _nearest_day_month(on, MONTHS[g["m"]], _day(g))
    if name == "rel-period":
        rel = (g.get("rel") or "الحالي").removesuffix("ه")
        step = {"المقبل": 1, "القادم": 1, "الماضي": -1, "الحالي": 0, "الجاري": 0}[rel]
        unit = g.get("unit") or g.get("this") or g.get("bare")
        if unit in ("العام", "السنه"):
            return f"{on.year + step:04d}"
        if unit == "الشهر":
            y, m = _add_months(on.year, on.month, step)
            return f"{y:04d}-{m:02d}"
        return f"{on + dt.timedelta(weeks=step):%Y-%m}"
    if name == "rel-today":
        return on.isoformat()
    if name == "rel-yesterday":
        back = 2 if g.get("pre") in ("اول", "قبل") else 1
        return (on - dt.timedelta(days=back)).isoformat()
    if name == "rel-tomorrow":
        ahead = 2 if g.get("pre") == "بعد" else 1
        return (on + dt.timedelta(days=ahead)).isoformat()
    if name in ("rel-day", "rel-weekday"):
        return _weekday(on, g.get("wd") or g["wd2"], g.get("rel") or g.get("rel2")).isoformat()
    return None
