"""Scenarios (data/scenarios.csv): within each set, probabilities (integer percent, 1–99) that sum to 100,
each with the ICD-203 term of its number range (``briefing.estimative.LIKELIHOOD_RANGE``; a boundary
value may take either neighbouring term), signposts that are indicator ids and agree with what those indicators
move (a signpost lists the scenario in its ``moves``; an indicator that moves a scenario is one of its
signposts), and no passage cited as the basis of two scenarios of one set (the scenarios are mutually exclusive,
so one passage cannot rest both)."""

from __future__ import annotations

from pathlib import Path

from ..errors import BriefingError, DataError
from ..estimative import LIKELIHOOD_RANGE, terms_for
from .data import ids, table, where


def probability(row: dict[str, str]) -> int | None:
    """The row's probability as a whole percent from 1 to 99, or None."""
    try:
        value = int(row["probability"].removesuffix("%").strip())
    except ValueError:
        return None
    return value if 1 <= value <= 99 else None


def scenario_problems(root: Path) -> list[BriefingError]:
    """Each set sums to 100; each probability is a whole percent 1–99 with its ICD-203 term; signposts exist
    and agree with the indicators' ``moves``; no evidence id is cited by two scenarios of the same set."""
    problems: list[BriefingError] = []
    rows = table(root, "scenarios")
    indicators = {r["id"]: r for r in table(root, "indicators")}
    sets: dict[str, list[tuple[dict[str, str], int]]] = {}
    cited: dict[tuple[str, str], str] = {}  # (set, evidence id) -> the first scenario citing it
    for row in rows:
        for eid in ids(row["evidence"]):
            other = cited.setdefault((row["set"], eid), row["id"])
            if other != row["id"]:
                problems.append(DataError(where("scenarios", row, "evidence"), f"scenario '{row['id']}' cites {eid}, "
                                          f"as does '{other}' of the same set",
                                          "the scenarios of a set exclude each other: cite the passage for the one "
                                          "it supports, and say in the chapter how it bears on the other"))
        p = probability(row)
        if p is None:
            problems.append(DataError(where("scenarios", row, "probability"), f"scenario '{row['id']}': probability "
                                      f"'{row['probability'][:20]}' is not a whole percent from 1 to 99",
                                      "write an integer, e.g. 60"))
        else:
            sets.setdefault(row["set"], []).append((row, p))
            allowed = terms_for(p)
            if row["likelihood"] in LIKELIHOOD_RANGE and row["likelihood"] not in allowed:
                low, high = LIKELIHOOD_RANGE[row["likelihood"]]
                problems.append(DataError(where("scenarios", row, "likelihood"),
                                          f"scenario '{row['id']}': '{row['likelihood']}' means {low}–{high} %, "
                                          f"not {p} %", f"use {' or '.join(repr(t) for t in allowed)}, "
                                          "or change the probability"))
        if not row["set"]:
            problems.append(DataError(where("scenarios", row, "set"), f"scenario '{row['id']}' names no set",
                                      "name the question the scenarios answer, e.g. us-presence-after-phase-two"))
        signposts = ids(row["signposts"])
        for sid in signposts:
            if sid not in indicators:
                problems.append(DataError(where("scenarios", row, "signposts"), f"scenario '{row['id']}': signpost "
                                          f"'{sid}' is not an indicator id", "use an id of data/indicators.csv"))
            elif row["id"] not in ids(indicators[sid]["moves"]):
                problems.append(DataError(where("scenarios", row, "signposts"), f"scenario '{row['id']}': signpost "
                                          f"'{sid}' does not list it in what it moves",
                                          f"add {row['id']} to the indicator's moves (if meeting its threshold moves "
                                          "the scenario in the indicator's direction), or name an indicator that does"))
        for iid, ind in indicators.items():
            if row["id"] in ids(ind["moves"]) and iid not in signposts:
                problems.append(DataError(where("scenarios", row, "signposts"), f"scenario '{row['id']}': indicator "
                                          f"'{iid}' moves it but is not among its signposts",
                                          f"add {iid} to the scenario's signposts"))
    for name, members in sets.items():
        total = sum(p for _, p in members)
        if total != 100 and len(members) == sum(1 for r in rows if r["set"] == name):
            first = members[0][0]
            listed = " + ".join(f"{r['id']} {p}" for r, p in members)
            problems.append(DataError(where("scenarios", first, "probability"),
                                      f"scenario set '{name}' sums to {total} %, not 100 % ({listed})",
                                      "the scenarios of a set are exclusive and exhaustive: make their "
                                      "probabilities add up to 100"))
    return problems
