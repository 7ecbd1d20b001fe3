"""Where the book cites evidence: `{ev}` roles in pages and notebooks, cite() calls, data tables."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from . import jsonio
from .errors import DataError

ROLE = re.compile(r"\{ev\}`([^`]*)`")
CALL = re.compile(r"""\bcite\(\s*["']([^"']+)["']""")
EVIDENCE_COLUMNS = ("evidence", "evidence_for", "evidence_against", "outcome_evidence", "opened_evidence")


@dataclass(frozen=True)
class Use:
    """One citation of an evidence id somewhere in the project."""

    evidence_id: str
    where: str  # "book/overview.ipynb: cell 3, line 2" or "data/events.csv:5"


def split_ids(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;,]", text) if part.strip()]


def _scan_text(text: str, where: str) -> list[Use]:
    uses = []
    for lineno, line in enumerate(text.split("\n"), start=1):
        for m in ROLE.finditer(line):
            ids = split_ids(m.group(1)) or [""]
            uses += [Use(i, f"{where}, line {lineno}" if "cell" in where else f"{where}:{lineno}") for i in ids]
        for m in CALL.finditer(line):
            uses.append(Use(m.group(1), f"{where}, line {lineno}" if "cell" in where else f"{where}:{lineno}"))
    return uses


def book_uses(root: Path) -> list[Use]:
    """Every citation in book/ (MyST pages and notebook cells) and in data/*.csv."""
    uses: list[Use] = []
    for path in sorted((root / "book").rglob("*")):
        if "_build" in path.parts or ".ipynb_checkpoints" in path.parts:
            continue
        rel = path.relative_to(root)
        try:
            if path.suffix == ".md":
                uses += _scan_text(path.read_text(encoding="utf-8"), str(rel))
            elif path.suffix == ".ipynb":
                nb = jsonio.loads(path.read_text(encoding="utf-8"))
                for n, cell in enumerate(nb.get("cells", []), start=1):
                    uses += _scan_text("".join(cell.get("source", "")), f"{rel}: cell {n}")
        except (OSError, ValueError, AttributeError, TypeError) as exc:  # ValueError covers JSON and UTF-8 errors
            raise DataError(str(rel), f"cannot be read as a {'notebook' if path.suffix == '.ipynb' else 'page'} "
                            f"({type(exc).__name__})", "regenerate it (scripts/notebooks.py NAME) or restore it "
                            "from git") from None
    for path in sorted((root / "data").glob("*.csv")):
        try:
            with path.open(encoding="utf-8", newline="") as fh:
                for lineno, row in enumerate(csv.DictReader(fh), start=2):
                    for col in EVIDENCE_COLUMNS:
                        for eid in split_ids(row.get(col) or ""):
                            uses.append(Use(eid, f"{path.relative_to(root)}:{lineno} ({col})"))
        except (OSError, ValueError, csv.Error):
            continue  # reported with its line by `tables.read_rows`
    return uses


def _ids_in(text: str) -> set[str]:
    found: set[str] = set()
    for m in ROLE.finditer(text):
        found.update(split_ids(m.group(1)))
    found.update(m.group(1) for m in CALL.finditer(text))
    return found


def cited_in_book(root: Path, skip: Iterable[str] = (), rendered: Iterable[str] = ()) -> set[str]:
    """The evidence ids the book shows as citations: ``{ev}`` roles and cite() calls in its pages
    (book/**/*.md, not the notebooks' text forms in book/_text/), in its notebooks' cells and in the
    Markdown their cells print (the tables and lists a chapter renders from data). The review files in
    data/ cite passages too, but no page renders them, so they do not count; this is the set the sources
    appendix marks as cited.

    ``skip`` names notebooks (``book/overview.ipynb``) whose committed cells are not read, and
    ``rendered`` adds the text such a notebook shows in the run that calls this (its source and the
    Markdown it has printed so far), so a chapter that counts its own citations never reads its own
    outputs of the previous run."""
    skipped = set(skip)
    found: set[str] = set()
    for text in rendered:
        found |= _ids_in(text)
    for path in sorted((root / "book").rglob("*")):
        parts = path.relative_to(root).parts
        if "_build" in parts or ".ipynb_checkpoints" in parts or "_text" in parts:
            continue
        rel = path.relative_to(root).as_posix()
        if rel in skipped:
            continue
        try:
            if path.suffix == ".md":
                found |= _ids_in(path.read_text(encoding="utf-8"))
            elif path.suffix == ".ipynb":
                for cell in jsonio.loads(path.read_text(encoding="utf-8")).get("cells", []):
                    found |= _ids_in("".join(cell.get("source", "")))
                    for output in cell.get("outputs", []):
                        found |= _ids_in("".join((output.get("data") or {}).get("text/markdown", "")))
        except (OSError, ValueError, AttributeError, TypeError) as exc:
            raise DataError(rel, f"cannot be read as a {'notebook' if path.suffix == '.ipynb' else 'page'} "
                            f"({type(exc).__name__})", "regenerate it (scripts/notebooks.py NAME) or restore it "
                            "from git") from None
    return found
