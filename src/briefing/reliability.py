"""How far each source can be relied on (data/reliability.csv): outlet type, first- or second-hand
sourcing, named or anonymous informants, and a note. Shown on the source's appendix page and in the
citation cards, so a reader weighs a passage by where it comes from.

Two machine-readable columns feed the confidence rule (``briefing.standards.confidence``):
``sourcing_kind`` (first-hand | mixed | second-hand) and ``informants`` (named | mixed | anonymous)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import DataError
from .tables import _csv_rows

FILE = "data/reliability.csv"
COLUMNS = ["source", "outlet_type", "sourcing", "named_sources", "note", "sourcing_kind", "informants"]
SOURCING_KINDS = ("first-hand", "mixed", "second-hand")
INFORMANTS = ("named", "mixed", "anonymous")


@dataclass(frozen=True)
class Reliability:
    source: str
    outlet_type: str
    sourcing: str
    named_sources: str
    note: str
    sourcing_kind: str = ""
    informants: str = ""

    def parts(self) -> list[tuple[str, str]]:
        """The full note as (label, text) pieces, in reading order; each edition sets the labels its way."""
        pieces = [("", self.outlet_type), ("Sourcing", self.sourcing), ("Named or anonymous", self.named_sources)]
        return pieces + ([("", self.note)] if self.note else [])

    def short(self) -> str:
        """One line for a citation card: the outlet type and how the article sources its material."""
        return f"{self.outlet_type}. {self.sourcing}"


def load_reliability(root: Path, source_ids: set[str] | None = None) -> dict[str, Reliability]:
    """source id -> its reliability note; an unknown source id or a malformed row is a DataError naming
    the line. A source without a row simply has no note yet (the book says so)."""
    path = root / FILE
    if not path.exists():
        return {}
    rows = _csv_rows(path, FILE)
    if not rows or rows[0] != COLUMNS:
        raise DataError(f"{FILE}:1", f"header must be {','.join(COLUMNS)}", "fix the header line")
    notes: dict[str, Reliability] = {}
    for lineno, row in enumerate(rows[1:], start=2):
        if len(row) != len(COLUMNS):
            raise DataError(f"{FILE}:{lineno}", f"has {len(row)} fields, expected {len(COLUMNS)}",
                            "quote fields that contain commas")
        note = Reliability(*(cell.strip() for cell in row))
        if source_ids is not None and note.source not in source_ids:
            raise DataError(f"{FILE}:{lineno}", f"names unknown source '{note.source}'",
                            "use an id from data/sources.yaml")
        if note.source in notes:
            raise DataError(f"{FILE}:{lineno}", f"repeats source '{note.source}'", "keep one row per source")
        if not note.outlet_type or not note.sourcing:
            raise DataError(f"{FILE}:{lineno}", "needs at least outlet_type and sourcing", "fill them in")
        for column, allowed in (("sourcing_kind", SOURCING_KINDS), ("informants", INFORMANTS)):
            if getattr(note, column) not in allowed:
                raise DataError(f"{FILE}:{lineno} ({column})", f"{column} '{getattr(note, column)}' is not one of "
                                f"{', '.join(allowed)}", "set it from the sourcing and named_sources notes")
        notes[note.source] = note
    return notes
