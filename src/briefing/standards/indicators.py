"""Indicators, "What to check" (data/indicators.csv): each has a threshold concrete enough to decide, a
check-by day, what it moves (judgment, scenario or risk ids that exist) and, once met or not met, the
evidence of the outcome. ``status_of`` computes what the book shows: an open indicator whose check-by
date is before the edition date has passed with no outcome in this corpus."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

from ..dates import parse_day
from ..edition import Edition
from ..errors import BriefingError, DataError
from .data import ids, table, where

Status = Literal["open", "passed", "met", "not-met"]


def movable_ids(root: Path) -> dict[str, str]:
    """id -> table, for everything an indicator may move: judgments, scenarios and risks."""
    return {row["id"]: name for name in ("judgments", "scenarios", "risks") for row in table(root, name)}


def status_of(row: dict[str, str], edition: Edition) -> Status:
    """"met" / "not-met" as recorded; "open" becomes "passed" once the check-by date is before the edition."""
    if row["status"] in ("met", "not-met"):
        return row["status"]  # type: ignore[return-value]
    try:
        check_by = parse_day(row["check_by"])
    except ValueError:
        return "open"
    return "passed" if edition.horizon_status(check_by) == "passed" else "open"


def indicator_problems(root: Path) -> list[BriefingError]:
    """Threshold and moves present; moved ids exist; ranks (optional) are distinct whole numbers from 1;
    met / not-met cite their outcome (the check-by date is a horizon: ``horizons.horizon_problems``)."""
    problems: list[BriefingError] = []
    known = movable_ids(root)
    ranks: dict[str, str] = {}
    for row in table(root, "indicators"):
        name = f"indicator '{row['id']}'"
        rank = row["rank"]
        if rank and not (rank.isdigit() and int(rank) >= 1):
            problems.append(DataError(where("indicators", row, "rank"), f"{name}: rank '{rank[:20]}' is not a whole "
                                      "number from 1", "write 1 for the most decisive indicator, 2, 3 … for the "
                                      "next, or leave it empty"))
        elif rank in ranks:
            problems.append(DataError(where("indicators", row, "rank"), f"{name} has rank {rank}, as has "
                                      f"'{ranks[rank]}'", "give each ranked indicator its own rank"))
        elif rank:
            ranks[rank] = row["id"]
        if not row["indicator"]:
            problems.append(DataError(where("indicators", row, "indicator"), f"{name} says nothing",
                                      "say in one line what to check"))
        if not row["threshold"]:
            problems.append(DataError(where("indicators", row, "threshold"), f"{name} has no threshold",
                                      "say what observation counts (a number, an event, a document), concrete "
                                      "enough to decide"))
        if not row["moves"]:
            problems.append(DataError(where("indicators", row, "moves"), f"{name} moves nothing",
                                      "name the judgment, scenario or risk ids it would move (';'-separated)"))
        for target in ids(row["moves"]):
            if target not in known:
                problems.append(DataError(where("indicators", row, "moves"), f"{name} moves '{target}', which is not "
                                          "a judgment, scenario or risk id", "use an id of data/judgments.csv, "
                                          "data/scenarios.csv or data/risks.csv"))
        if row["status"] in ("met", "not-met") and not ids(row["outcome_evidence"]):
            problems.append(DataError(where("indicators", row, "outcome_evidence"), f"{name} is {row['status']} "
                                      "but cites no outcome evidence", "cite the evidence ids that show the "
                                      "outcome, or set the status back to open"))
        if row["status"] == "open" and ids(row["outcome_evidence"]):
            problems.append(DataError(where("indicators", row, "status"), f"{name} cites outcome evidence but is "
                                      "still open", "set the status to met or not-met"))
    return problems


def check_by(row: dict[str, str]) -> dt.date | None:
    """The row's check-by day, or None when it is not a YYYY-MM-DD date (the rules report it)."""
    try:
        return parse_day(row["check_by"])
    except ValueError:
        return None
