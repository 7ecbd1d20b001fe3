"""Citation markers inside a basis: each clause of a judgment's basis names the passages behind it.

A basis in ``data/judgments.csv`` may carry markers, ``[id]`` or ``[id;id]``, written right after the
clause they support::

    For it: analysts cited by Erem News [erem-tamimi-not-dissolved]; US pressure to keep forces
    [iqobs-us-pressure-keep-forces]. Against it: …

The renderer prints each marker as a citation role in place (so a reader sees which passage backs which
clause, not a cluster of notes at the end), the claim checker checks each clause against its own
passages, and the notation rule ignores the ids inside markers. ``briefing check`` refuses a basis with
evidence but no markers, a marker whose id is not in the row's ``evidence`` column, and a basis that
leaves an ``evidence`` id unmarked (a passage the reader could not place).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from ..errors import BriefingError, DataError
from .data import ids, table, where

#: an evidence id as a marker names it: a letter first and at least one hyphen (``jibal-raad-vacuum``), so a
#: bracket that is text, such as ``[sic]``, ``[2]`` or ``[2026-01]``, is never read as a marker
_ONE_ID = r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+"
#: ``[id]`` or ``[id;id]`` (spaces allowed after ';'), with the blank before it
MARKER = re.compile(r"\s*\[(" + _ONE_ID + r"(?:;\s*" + _ONE_ID + r")*)\]")
#: the tables and columns whose text may carry markers, with the column listing the row's evidence
MARKED_COLUMNS = {("judgments", "basis"): "evidence"}


class Clause(NamedTuple):
    """A stretch of basis text and the ids of the marker that closes it (empty for the text after the last)."""

    text: str
    ids: tuple[str, ...]


def clauses(text: str) -> list[Clause]:
    """``text`` cut after each marker: [Clause('For it: analysts cited by Erem News', ('erem-…',)), …]."""
    out: list[Clause] = []
    start = 0
    for m in MARKER.finditer(text):
        out.append(Clause(text[start:m.start()], tuple(i.strip() for i in m.group(1).split(";"))))
        start = m.end()
    if text[start:].strip() or not out:
        out.append(Clause(text[start:], ()))
    return out


def marked_ids(text: str) -> list[str]:
    """Every id the markers of ``text`` name, in order, each once."""
    return list(dict.fromkeys(i for c in clauses(text) for i in c.ids))


def without_markers(text: str) -> str:
    """``text`` with its markers removed (for the rules that read it as prose)."""
    return MARKER.sub("", text)


def marker_problems(root: Path) -> list[BriefingError]:
    """Markers citing an id outside the row's evidence, and marked bases that leave an evidence id unplaced."""
    problems: list[BriefingError] = []
    for (name, column), evidence_column in MARKED_COLUMNS.items():
        for row in table(root, name):
            marked = marked_ids(row[column])
            listed = ids(row[evidence_column])
            if listed and not marked:
                problems.append(DataError(where(name, row, column), "the basis cites its passages only as a cluster "
                                          "at its end, so a reader cannot tell which passage backs which clause",
                                          "put a marker, [id] or [id;id], after the clause each passage supports"))
                continue
            for id_ in marked:
                if id_ not in listed:
                    problems.append(DataError(where(name, row, column), f"marker [{id_}] cites a passage that is not "
                                              f"in the row's {evidence_column} column",
                                              f"add {id_} to {evidence_column} or correct the marker"))
            unplaced = [i for i in listed if i not in marked]
            if unplaced:
                problems.append(DataError(where(name, row, column), f"the basis marks its clauses but not "
                                          f"{', '.join(unplaced)} of its {evidence_column}",
                                          "put a marker after the clause each passage supports, or drop the id "
                                          f"from {evidence_column}"))
    return problems
