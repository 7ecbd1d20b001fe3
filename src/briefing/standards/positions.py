"""Positions are dated and attributed (data/positions.csv against data/questions.csv).

- Every row names a question of data/questions.csv and the date of its statement (``stated``: ISO day,
  month or year, or an inferred range ``A/B``); a question's ``opened`` date, when given, is one too.
- A stance dated before its question existed is an error: the row's latest possible day is before the
  question's first possible day.
- ``supports`` / ``opposes`` / ``conditional`` need ``on-record`` or ``reported``; ``outlet-inference``
  needs an ``inferred-*`` stance, and an ``inferred-*`` stance needs ``outlet-inference``.
- Assistive (``inference_problems``): a row coded ``on-record`` is flagged when one of its cited passages
  reads as the outlet's inference (an Arabic marker such as مؤشرات، يبدو، يُرجَّح، تشير، بحسب مراقبين،
  وفق محللين, matched whole-word on normalised text) and no cited passage names the actor (its Arabic name
  in data/actors.csv or its forms in data/gazetteer.csv) outside such a marked passage. A passage that
  both names the actor and carries a marker ("the Region's government has not issued a position, but
  indicators suggest …") is the outlet speaking about the actor, not the actor on the record.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..arabic import normalize
from ..dates import Span, parse_span
from ..errors import BriefingError, DataError
from ..evidence import Registry
from .data import ids, table, where

ON_RECORD_STANCES = ("supports", "opposes", "conditional")
NEEDS_ATTRIBUTION = ("on-record", "reported")
# An outlet inferring rather than reporting: its own "indicators", what "seems" or "is likely", what
# observers or analysts say. Written as printed; matched after normalisation, as whole words, after an
# optional و / ف.
INFERENCE_MARKERS = ("مؤشرات", "مؤشر", "يبدو", "يُرجَّح", "ترجح", "تشير", "يشير", "بحسب مراقبين", "وفق مراقبين",
                     "بحسب محللين", "وفق محللين", "يرى مراقبون", "يرى محللون")


@lru_cache(maxsize=1)
def _marker_pattern() -> re.Pattern[str]:
    forms = sorted({normalize(m).text for m in INFERENCE_MARKERS}, key=len, reverse=True)
    return re.compile(r"(?<!\w)[وف]?(" + "|".join(re.escape(f) for f in forms) + r")(?!\w)")


def inference_marker(text: str) -> str | None:
    """The first inference marker in ``text`` (normalised form), or None."""
    m = _marker_pattern().search(normalize(text).text)
    return m.group(1) if m else None


def actor_forms(root: Path) -> dict[str, set[str]]:
    """actor id -> the normalised Arabic forms that name it (actors.csv name_ar, gazetteer forms_ar)."""
    from ..gazetteer import gazetteer_entries

    forms: dict[str, set[str]] = {}
    for row in table(root, "actors"):
        if row["name_ar"]:
            forms.setdefault(row["id"], set()).add(normalize(row["name_ar"]).text)
    for entry in gazetteer_entries(root):
        if entry.id in forms or entry.type == "actor":
            forms.setdefault(entry.id, set()).update(normalize(f).text for f in entry.forms_ar)
    return forms


def names_actor(text: str, forms: set[str]) -> bool:
    """Whether normalised ``text`` names the actor by one of ``forms`` (whole words, after ال/و/ف/ب/ل clitics)."""
    norm = normalize(text).text
    return any(re.search(rf"(?<!\w)[وف]?[بلك]?{re.escape(f)}(?!\w)", norm) for f in forms if f)


def _span(value: str) -> Span | None:
    try:
        return parse_span(value)
    except ValueError:
        return None


def question_problems(root: Path) -> tuple[dict[str, tuple[dict[str, str], Span | None]], list[BriefingError]]:
    """The questions by id (row, opened span) and the problems of data/questions.csv."""
    problems: list[BriefingError] = []
    questions: dict[str, tuple[dict[str, str], Span | None]] = {}
    for row in table(root, "questions"):
        if row["id"] in questions:
            problems.append(DataError(where("questions", row, "id"), f"question '{row['id']}' is listed twice",
                                      "keep one row per question"))
            continue
        opened = None
        if row["opened"]:
            opened = _span(row["opened"])
            if opened is None:
                problems.append(DataError(where("questions", row, "opened"), f"question '{row['id']}': opened "
                                          f"'{row['opened'][:30]}' is not a date", "write YYYY-MM-DD, YYYY-MM or YYYY, "
                                          "or leave it empty for a question open before the corpus begins"))
        questions[row["id"]] = (row, opened)
    return questions, problems


def position_problems(root: Path) -> list[BriefingError]:
    """Questions exist, statements are dated and not before their question, stance fits attribution."""
    questions, problems = question_problems(root)
    for row in table(root, "positions"):
        who = f"{row['actor']} on '{row['question']}'"
        stance, attribution = row["stance"], row["attribution"]
        if stance in ON_RECORD_STANCES and attribution not in NEEDS_ATTRIBUTION:
            problems.append(DataError(where("positions", row, "stance"), f"{who}: '{stance}' means the actor is on "
                                      f"record, but the row is coded '{attribution}'",
                                      f"use inferred-{stance if stance != 'conditional' else 'supports'} for an "
                                      "outlet's inference, or cite the actor's own words (on-record) or an "
                                      "outlet's report of them (reported)"))
        elif attribution == "outlet-inference" and not stance.startswith("inferred-"):
            problems.append(DataError(where("positions", row, "stance"), f"{who}: coded outlet-inference, but the "
                                      f"stance '{stance}' is not an inferred-* stance",
                                      "use inferred-supports or inferred-opposes"))
        elif stance.startswith("inferred-") and attribution != "outlet-inference":
            problems.append(DataError(where("positions", row, "attribution"), f"{who}: stance '{stance}' is an "
                                      f"outlet's inference, but the row is coded '{attribution}'",
                                      "code it outlet-inference"))
        if row["question"] not in questions:
            problems.append(DataError(where("positions", row, "question"), f"{who}: unknown question "
                                      f"'{row['question']}'", "use an id of data/questions.csv, or add the question"))
            continue
        if not row["stated"]:
            problems.append(DataError(where("positions", row, "stated"), f"{who} has no stated date",
                                      "write the date of the statement (YYYY-MM-DD, YYYY-MM, YYYY, or the "
                                      "source's inferred range A/B)"))
            continue
        stated = _span(row["stated"])
        if stated is None:
            problems.append(DataError(where("positions", row, "stated"), f"{who}: stated '{row['stated'][:30]}' is "
                                      "not a date", "write YYYY-MM-DD, YYYY-MM, YYYY or a range A/B"))
            continue
        qrow, opened = questions[row["question"]]
        if opened is not None and stated.latest < opened.earliest:
            problems.append(DataError(
                where("positions", row, "stated"),
                f"{who} is dated {row['stated']}, before the question opened ({qrow['opened']}, "
                f"data/questions.csv:{qrow['_line']})",
                "a stance cannot predate its question: code the statement on a question that existed then, "
                "or drop the row"))
    return problems


def inference_problems(root: Path, registry: Registry) -> list[BriefingError]:
    """Rows coded on-record whose passages read as the outlet's inference, with no plain passage naming the actor."""
    problems: list[BriefingError] = []
    forms = actor_forms(root)
    for row in table(root, "positions"):
        if row["attribution"] != "on-record":
            continue
        marked: list[tuple[str, str]] = []
        named_plainly = False
        for eid in ids(row["evidence"]):
            if eid not in registry.entries:
                continue
            quote = registry.entries[eid].quote
            marker = inference_marker(quote)
            if marker:
                marked.append((eid, marker))
            elif names_actor(quote, forms.get(row["actor"], set())):
                named_plainly = True
        if marked and not named_plainly:
            eid, marker = marked[0]
            outlet = registry.corpus[registry.entries[eid].source].outlet_en
            problems.append(DataError(
                where("positions", row, "attribution"),
                f"{row['actor']} on '{row['question']}' is coded on-record, but {eid} reads as {outlet}'s inference "
                f"(“{marker}”) and no other cited passage names the actor",
                "code it outlet-inference with an inferred-* stance, or cite the actor's own words"))
    return problems
