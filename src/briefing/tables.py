"""The book's structured content (data/*.csv): loaded, validated, and shown as citable tables.

Authors change a row of a table, not a notebook's code. Every row cites evidence ids; a table whose
columns or ids are wrong is an error naming the file and line.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import DataError
from .evidence import Registry, default_registry
from .myst import Trusted, cite_role, escape
from .precision import values_status
from .usage import EVIDENCE_COLUMNS, split_ids

if TYPE_CHECKING:
    import pandas as pd

    from .corpus import Source

COLUMNS = {
    "events": ["id", "kind", "date", "precision", "label", "summary", "evidence", "date_note"],
    "actors": ["id", "name", "name_ar", "group", "role", "evidence"],
    # dated_by: "statement" when ``stated`` is the statement's own date as the source prints it, "resolved" when
    # the project resolved it from a relative expression in the text (e.g. "Friday evening"), "report" when the
    # source does not date the statement and ``stated`` is the report's date
    "positions": ["actor", "question", "stance", "attribution", "stated", "dated_by", "summary", "evidence"],
    "questions": ["id", "question", "opened", "opened_evidence", "note"],
    # holds: "fixed" for a fact that does not change with the report's date (a past event, a count), "as of
    # report" for one that holds as of its report (a process's state, a date set or expected for a step), so
    # that two reports on different dates may give different values without contradicting each other
    "claims": ["topic", "value_key", "value", "holds", "evidence"],
    "risks": ["id", "risk", "mechanism", "likelihood", "confidence", "confidence_basis", "impact", "impact_on",
              "horizon", "indicators", "evidence_for", "evidence_against", "assessment", "against_bears"],
    "judgments": ["id", "rank", "judgment", "likelihood", "confidence", "basis", "horizon", "evidence"],
    "scenarios": ["id", "set", "scenario", "probability", "likelihood", "horizon", "evidence", "signposts"],
    # rank: 1 = the most decisive indicator; empty = unranked (listed after the ranked ones)
    "indicators": ["id", "rank", "indicator", "threshold", "check_by", "moves", "direction", "status",
                   "outcome_evidence"],
}
#: the columns that identify a row: a second row with the same key would be dropped by the figures and lookups
#: (they keep one row per id, one cell per actor and question), so it is refused with both lines
KEYS = {name: ("id",) for name, columns in COLUMNS.items() if columns[0] == "id"} | {"positions": ("actor", "question")}
LIKELIHOOD_ORDER = ["almost no chance", "very unlikely", "unlikely", "roughly even chance", "likely",
                    "very likely", "almost certain"]
IMPACT_ORDER = ["low", "moderate", "high", "severe"]
CONFIDENCE_ORDER = ["low", "moderate", "high"]
IMPACT_SCALES = ["iraqi-stability", "timetable", "us-iraq-relations"]  # each level defined in data/risk-scales.csv
ALLOWED = {
    ("events", "kind"): {"event", "plan", "forecast"},
    # range: a period the source names loosely ("mid-2025"), dated as the span the project reads it as
    # (``2025-05/2025-08``), with date_note saying what was printed and how it is read
    ("events", "precision"): {"day", "month", "year", "range"},
    ("claims", "holds"): {"fixed", "as of report"},
    # positions.question must be an id of data/questions.csv (briefing.standards.positions checks it)
    ("positions", "stance"): {"supports", "opposes", "conditional", "ambiguous", "inferred-supports",
                              "inferred-opposes"},
    ("positions", "attribution"): {"on-record", "reported", "outlet-inference"},
    ("positions", "dated_by"): {"statement", "resolved", "report"},
    ("risks", "likelihood"): set(LIKELIHOOD_ORDER),
    ("risks", "impact"): set(IMPACT_ORDER),
    ("risks", "confidence"): set(CONFIDENCE_ORDER),
    ("risks", "impact_on"): set(IMPACT_SCALES),
    # against_bears: "directly" when the passages against bear on the risk itself, "intent" when the sources offer
    # only a party's stated intent or plan against it, "indirect" when only a reading that bears on it indirectly
    # (the chapter marks those Against lines as such)
    ("risks", "against_bears"): {"directly", "intent", "indirect"},
    ("judgments", "likelihood"): {"", *LIKELIHOOD_ORDER},  # empty: a statement of fact about the record
    ("judgments", "confidence"): set(CONFIDENCE_ORDER),
    ("scenarios", "likelihood"): set(LIKELIHOOD_ORDER),
    ("indicators", "direction"): {"raises", "lowers"},
    ("indicators", "status"): {"open", "met", "not-met"},
}


def _csv_rows(path: Path, rel: str) -> list[list[str]]:
    """The rows of a CSV file, or a one-line DataError (missing, not UTF-8, malformed, a huge field)."""
    reader = None
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            return list(reader)
    except FileNotFoundError:
        raise DataError(rel, "file not found", "restore it from git (the chapters load it)") from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes().count(b"\n", 0, exc.start) + 1
        raise DataError(f"{rel}:{line}", f"is not UTF-8 (invalid byte at {exc.start})",
                        f"save it as UTF-8, e.g. iconv -f WINDOWS-1256 -t UTF-8 {rel} > {rel}.utf8") from None
    except csv.Error as exc:
        line = reader.line_num if reader is not None else 1
        if "field larger than field limit" in str(exc):
            raise DataError(f"{rel}:{line}", f"has a field longer than {csv.field_size_limit():,} characters "
                            "(usually an unclosed double quote)", "close the quote or shorten the cell") from None
        raise DataError(f"{rel}:{line}", f"is not valid CSV ({exc})", "fix the quoting on that line") from None
    except OSError as exc:
        raise DataError(rel, f"cannot be read ({exc.strerror})", "restore it from git") from None


def read_rows(name: str, registry: Registry | None = None, root: Path | None = None) -> list[dict]:
    """Rows of data/NAME.csv as dicts, checking columns, allowed values and cited evidence ids."""
    registry = registry or default_registry()
    root = root or registry.corpus.root
    path = root / "data" / f"{name}.csv"
    rel = f"data/{name}.csv"
    rows = _csv_rows(path, rel)
    if not rows or rows[0] != COLUMNS[name]:
        raise DataError(f"{rel}:1", f"header must be {','.join(COLUMNS[name])}", "fix the header line")
    records = []
    seen: dict[tuple[str, ...], int] = {}
    for lineno, row in enumerate(rows[1:], start=2):
        if len(row) != len(COLUMNS[name]):
            raise DataError(f"{rel}:{lineno}", f"has {len(row)} fields, expected {len(COLUMNS[name])}",
                            "quote fields that contain commas")
        record = dict(zip(COLUMNS[name], row))
        if name == "events" and ("/" in record["date"]) != (record["precision"] == "range"):
            raise DataError(f"{rel}:{lineno}", f"date '{record['date'][:40]}' and precision '{record['precision'][:20]}' "
                            "disagree: a range A/B has precision range, and only a range has it",
                            "write the date as YYYY, YYYY-MM or YYYY-MM-DD with its precision, or a range with range")
        for (table, column), allowed in ALLOWED.items():
            if table == name and record[column] not in allowed:
                raise DataError(f"{rel}:{lineno}", f"{column} '{record[column]}' is not one of {sorted(allowed)}",
                                "use one of the allowed values")
        for column in EVIDENCE_COLUMNS:
            for eid in split_ids(record.get(column, "")):
                registry[eid]  # raises UnknownIdError naming the id
                registry.match(eid)  # raises AnchorError when the quote no longer anchors
        if name in KEYS:
            key = tuple(record[column] for column in KEYS[name])
            if key in seen:
                said = " and ".join(f"{column} '{value}'" for column, value in zip(KEYS[name], key))
                raise DataError(f"{rel}:{lineno}", f"{said} repeats line {seen[key]} (one row per "
                                f"{' and '.join(KEYS[name])}; the book would show only one of them)",
                                "merge the two rows, or give this one its own id")
            seen[key] = lineno
        record["_line"] = lineno
        records.append(record)
    return records


def publication_order(source: Source) -> dt.date:
    """Where a source sits when sources are listed by date: its printed date, or the middle of an undated
    source's inferred range (so an undated 2024 article does not come before one printed in January 2024
    just because its range starts earlier)."""
    first, last = source.published.earliest_possible, source.published.latest_possible
    return first + (last - first) / 2


def load_table(name: str, registry: Registry | None = None, root: Path | None = None) -> pd.DataFrame:
    """data/NAME.csv, validated (see ``read_rows``), as a DataFrame of strings."""
    import pandas as pd

    return pd.DataFrame.from_records(read_rows(name, registry, root), columns=COLUMNS[name] + ["_line"])


def cite_md(ids: str) -> Trusted:
    """MyST citation markers for ';'-separated evidence ids ('' when none); ids are validated."""
    return Trusted(cite_role(split_ids(ids)))


def _cell(value: object) -> str:
    """A table cell: project-built MyST (``Trusted``) as is, anything else escaped as literal text."""
    return str(value) if isinstance(value, Trusted) else escape(value)


@dataclass
class Table:
    """A table shown as MyST markdown (so citations resolve and LaTeX gets a real table).

    Every cell is escaped as literal text unless it is ``Trusted`` MyST built by the project's code
    (citation roles from ``cite_md``, Arabic through ``ar``)."""

    frame: pd.DataFrame
    caption: str = ""

    def __post_init__(self) -> None:
        empty = [i + 1 for i, c in enumerate(self.frame.columns) if not str(c).strip()]
        if empty:  # a screen reader announces an unnamed column header as nothing
            raise ValueError(f"table {self.caption or '(no caption)'!r}: column {empty[0]} has no heading; "
                             "name every column")

    def _repr_markdown_(self) -> str:
        head = "| " + " | ".join(_cell(c) for c in self.frame.columns) + " |"
        rule = "|" + "|".join(" --- " for _ in self.frame.columns) + "|"
        body = ["| " + " | ".join(_cell(v) for v in row) + " |" for row in self.frame.itertuples(index=False)]
        table = "\n".join([head, rule, *body])
        if self.caption:
            return f":::{{table}} {_cell(self.caption)}\n:widths: auto\n\n{table}\n:::\n"
        return table

    def __repr__(self) -> str:
        return self.frame.to_string(index=False)


def topic_holds_as_of_report(group: pd.DataFrame) -> bool:
    """Whether a topic's claims hold as of their reports (``holds``); a topic must say it once, alike on
    every row, or a DataError names the line."""
    kinds = list(dict.fromkeys(group["holds"]))
    if len(kinds) > 1:
        line = group["_line"].iloc[list(group["holds"]).index(kinds[1])] if "_line" in group else "?"
        raise DataError(f"data/claims.csv:{line}", f"topic '{group['topic'].iloc[0]}' mixes holds "
                        f"'{kinds[0]}' and '{kinds[1]}'", "give every row of a topic the same holds value")
    return kinds[0] == "as of report"


def claim_report_date(evidence: str, registry: Registry) -> dt.date:
    """When a claim was reported: the date its first passage's source sits at (``publication_order``)."""
    return publication_order(registry.corpus[registry[split_ids(evidence)[0]].source])


def classify_claims(claims: pd.DataFrame, registry: Registry | None = None) -> pd.DataFrame:
    """One row per topic: corroborated (two or more outlets agree), single-source, conflicting, differs in
    precision (the values differ but none contradicts another) or, for a fact that holds as of its report,
    differs by reporting date (``briefing.precision``)."""
    registry = registry or default_registry()
    rows = []
    for topic, group in claims.groupby("topic", sort=False):
        outlets = {registry.corpus[registry[split_ids(e)[0]].source].outlet_en for e in group["evidence"]}
        values = group["value_key"].unique()
        reported = ([claim_report_date(e, registry) for e in group["evidence"]]
                    if topic_holds_as_of_report(group) else None)
        status = values_status(list(group["value_key"]), len(outlets), reported)
        rows.append({"topic": topic, "status": status, "outlets": len(outlets), "values": len(values)})
    import pandas as pd

    return pd.DataFrame(rows)
