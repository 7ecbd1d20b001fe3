"""Internal notation in text a reader sees: the project's file names, ids, ISO date ranges and arrows.

The data tables' text columns (``forward.DATA_COLUMNS``) reach the reader raw, in figure hovers, the
lists under figures and the tables. A note such as "inferred 2024-07-01..2024-09-30, sources.yaml" or
"erem-2025-09 dates the announcement" is the build's notation, not a sentence; ``briefing check`` flags,
outside quotations,

- a project file name (``sources.yaml``, ``events.csv``, ``timeline.md``);
- a source or evidence id (``erem-2025-09``), which the reader knows by outlet and date;
- an ISO date range (``2024-07-01..2024-09-30``) or an ISO day (``2024-07-01``);
- an ASCII arrow (``->``, ``=>``).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import BriefingError, DataError
from ..evidence import Registry
from ..ids import ID_RE
from .data import table, where
from .forward import DATA_COLUMNS, blank_quoted
from .markers import MARKED_COLUMNS, without_markers

NOTATION = [
    (r"\b[\w./-]+\.(?:ya?ml|csv|md|ipynb|py|json|txt|tex|sty)\b", "a file name"),
    (r"(?<![\w-])\d{4}-\d{2}(?:-\d{2})?\s*(?:\.\.|/)\s*\d{4}(?:-\d{2}){0,2}\b", "an ISO date range"),
    (r"(?<![\w-])\d{4}-\d{2}-\d{2}\b", "an ISO date"),
    (r"->|=>", "an ASCII arrow"),
]
_NOTATION = re.compile("|".join(f"({p})" for p, _ in NOTATION))
#: a word shaped like a project id (briefing.ids.ID_RE) standing on its own; only known ids are reported
_ID_TOKEN = re.compile(r"(?<![\w-])" + ID_RE.pattern.removesuffix(r"\Z") + r"(?![\w-])")
FIX = ("write it as a reader would say it: the outlet and date instead of an id, \"July–September 2024\" instead "
       "of a range, words instead of an arrow, no file names")


def notation_in(text: str, ids: frozenset[str]) -> list[tuple[str, str]]:
    """(what it is, the text) for each piece of internal notation in ``text`` outside quotations."""
    blanked = blank_quoted(text)
    found = [(NOTATION[m.lastindex - 1][1], m.group(0)) for m in _NOTATION.finditer(blanked)]
    found += [("a project id", m.group(0)) for m in _ID_TOKEN.finditer(blanked) if m.group(0) in ids]
    return found


def project_ids(registry: Registry) -> frozenset[str]:
    """The ids of the corpus's sources and of the evidence passages."""
    return frozenset(registry.corpus.sources) | frozenset(registry.entries)


def notation_problems(root: Path, registry: Registry) -> list[BriefingError]:
    """Internal notation in the text columns of the data tables the chapters print."""
    ids = project_ids(registry)
    problems: list[BriefingError] = []
    for name, columns in DATA_COLUMNS.items():
        for row in table(root, name):
            for column in columns:
                text_seen = without_markers(row[column]) if (name, column) in MARKED_COLUMNS else row[column]
                for what, text in notation_in(text_seen, ids):
                    problems.append(DataError(where(name, row, column), f"“{text}” is {what}, internal notation a "
                                              "reader sees raw", FIX))
    return problems
