"""The independent reads kept in the repository, found from their files (never a hand-written list).

A read's verdicts are ``data/ORDINAL-read-YYYY-MM-DD[-PART].csv`` (one row per claim, data row or
translation checked); its chapter grades are ``data/chapter-grades-YYYY-MM-DD[-ORDINAL][-PART].csv`` (a
grades file without an ordinal belongs to the second read, the first to be graded). ``reads_markdown``
lists them, read by read, for the annex.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from .dates import long_date
from .errors import DataError
from .myst import md_text

_UNITS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
#: the reads' ordinals, in order (the first read predates these files), to the fiftieth; a file name holds one
#: word, its parts being hyphen-separated, so the twenty-first read is "twentyfirst"
ORDINALS = ("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
            "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth",
            "nineteenth",
            *(word for whole, stem in (("twentieth", "twenty"), ("thirtieth", "thirty"), ("fortieth", "forty"))
              for word in (whole, *(stem + unit for unit in _UNITS))),
            "fiftieth")
_VERDICTS = re.compile(r"(?P<ord>[a-z]+)-read-(?P<date>\d{4}-\d{2}-\d{2})(?:-(?P<part>[a-z0-9]+))?\.csv")
_GRADES = re.compile(r"chapter-grades-(?P<date>\d{4}-\d{2}-\d{2})(?:-(?P<ord>[a-z]+))?(?:-(?P<part>[a-z0-9]+))?\.csv")


@dataclass
class Read:
    """One independent read: its ordinal, the days it was done, its verdict files and grade files."""

    ordinal: str
    days: set[dt.date] = field(default_factory=set)
    verdicts: list[tuple[str, int]] = field(default_factory=list)  # (data/… path, rows)
    grades: list[tuple[str, int]] = field(default_factory=list)


def _rows(path: Path) -> int:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            return sum(1 for _ in csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataError(f"data/{path.name}", f"cannot be read as CSV ({type(exc).__name__})",
                        "restore it from git or fix its quoting") from None


def _day(name: str, text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise DataError(f"data/{name}", f"'{text}' in the file name is not a date",
                        "name it ORDINAL-read-YYYY-MM-DD[-PART].csv") from None


def _ordinal(name: str, text: str) -> str:
    if text not in ORDINALS:
        raise DataError(f"data/{name}", f"'{text}' is not a read's ordinal ({', '.join(ORDINALS)})",
                        "name it ORDINAL-read-YYYY-MM-DD[-PART].csv, e.g. seventh-read-2026-12-08-a.csv")
    return text


def independent_reads(root: Path) -> list[Read]:
    """The reads whose files are in ``root``/data, in order (second, third, …), each with its files."""
    reads: dict[str, Read] = {}
    for path in sorted((root / "data").glob("*.csv")):
        name = path.name
        if m := _VERDICTS.fullmatch(name):
            read = reads.setdefault(_ordinal(name, m["ord"]), Read(m["ord"]))
            read.days.add(_day(name, m["date"]))
            read.verdicts.append((f"data/{name}", _rows(path)))
        elif m := _GRADES.fullmatch(name):
            ordinal = _ordinal(name, m["ord"] or "second")
            read = reads.setdefault(ordinal, Read(ordinal))
            read.days.add(_day(name, m["date"]))
            read.grades.append((f"data/{name}", _rows(path)))
        elif "-read-" in name or name.startswith("chapter-grades"):
            raise DataError(f"data/{name}", "looks like a read's file but its name does not follow the pattern",
                            "name it ORDINAL-read-YYYY-MM-DD[-PART].csv or "
                            "chapter-grades-YYYY-MM-DD[-ORDINAL][-PART].csv")
    return [reads[o] for o in ORDINALS if o in reads]


def _files(files: list[tuple[str, int]], unit: str) -> str:
    return ", ".join(md_text("{path} ({n} {unit})", path=p, n=n, unit=unit if n == 1 else unit + "s")
                     for p, n in files)


def reads_markdown(root: Path) -> str:
    """A list of the independent reads, one item per read: its days, its verdict files and its grades."""
    items = []
    for read in independent_reads(root):
        shown = [long_date(d) for d in sorted(read.days)]
        days = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
        parts = []
        if read.verdicts:
            parts.append("verdicts in " + _files(read.verdicts, "row"))
        if read.grades:
            parts.append("chapter grades in " + _files(read.grades, "chapter"))
        items.append(md_text("- **The {ordinal} read** ({days}): ", ordinal=read.ordinal, days=days)
                     + "; ".join(parts) + ".")
    return "\n".join(items) if items else "No independent read is recorded yet."
