"""The data downloads written next to the HTML book: the tables, the registry, the corpus metadata,
every citation as W3C Web Annotation JSON-LD, and a datapackage.json describing them."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from sphinx.application import Sphinx

from ..checks import FORMULA_START
from ..cite import annotations
from .state import registry as _registry

# OWASP's rule for CSV injection (the cells `briefing check` reports): a cell a spreadsheet would read as
# a formula gets a leading apostrophe.
FORMULA_NOTE = ("Cells that begin with =, +, -, @, a tab or a carriage return are published with a leading "
                "apostrophe (') so that spreadsheets show them as text instead of running them as formulas; "
                "neutralisedCells lists each such cell (row counted from the header as 1, and column).")


def neutralise(cell: str) -> str:
    """A cell a spreadsheet will show as text, never evaluate."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def write_neutralised_csv(source: Path, target: Path) -> tuple[list[str], list[dict]]:
    """Copy a data table for download with formula-like cells neutralised; returns header and those cells."""
    with source.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    changed = [{"row": i + 1, "column": rows[0][j] if j < len(rows[0]) else j}
               for i, row in enumerate(rows) for j, cell in enumerate(row) if neutralise(cell) != cell]
    if not changed:  # the published file is the data file, byte for byte
        shutil.copyfile(source, target)
    else:
        # RFC 4180 line ends: Python's writer quotes a cell holding a line-end character of its own
        # terminator only, so with "\n" a cell's carriage return was written bare and started a new row
        # (a cell "\r=1+1", neutralised to "'\r=1+1", came out as a row starting with the formula =1+1).
        with target.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\r\n").writerows([[neutralise(c) for c in row] for row in rows])
    return (rows[0] if rows else []), changed


def write_data(app: Sphinx, exception: Exception | None) -> None:
    """Downloads: the tables, the registry, the corpus metadata and every citation as JSON-LD."""
    if exception or app.builder.format != "html":
        return
    registry = _registry(app)
    root = registry.corpus.root
    out = Path(app.outdir) / "data"
    out.mkdir(exist_ok=True)
    resources = []
    for path in sorted((root / "data").glob("*.csv")):
        header, neutralised = write_neutralised_csv(path, out / path.name)
        resources.append({"name": path.stem, "path": path.name, "format": "csv", "mediatype": "text/csv",
                          "encoding": "utf-8", "schema": {"fields": [{"name": h, "type": "string"} for h in header]},
                          "description": FORMULA_NOTE, "neutralisedCells": neutralised})
    evidence = [{"id": ev.id, "source": ev.source, "quote": ev.quote, "translation": ev.translation,
                 "note": ev.note, "speaker": ev.speaker, **registry.match(ev.id).as_dict()} for ev in registry]
    (out / "evidence.json").write_text(json.dumps(evidence, ensure_ascii=False, indent=1), encoding="utf-8")
    sources = [s.as_dict() | {"file": f"sources/{s.path.name}"} for s in registry.corpus]
    (out / "sources.json").write_text(json.dumps(sources, ensure_ascii=False, indent=1), encoding="utf-8")
    (out / "sources").mkdir(exist_ok=True)
    for s in registry.corpus:
        shutil.copyfile(s.path, out / "sources" / s.path.name)
    (out / "annotations.jsonld").write_text(json.dumps(annotations(registry, base="../"), ensure_ascii=False,
                                                       indent=1), encoding="utf-8")
    resources += [
        {"name": "evidence", "path": "evidence.json", "format": "json", "mediatype": "application/json"},
        {"name": "sources", "path": "sources.json", "format": "json", "mediatype": "application/json"},
        {"name": "annotations", "path": "annotations.jsonld", "format": "jsonld",
         "mediatype": "application/ld+json", "description": "Every citation as a W3C Web Annotation"},
    ]
    package = {"name": "iraq-coalition-briefing", "title": "Data behind the Iraq coalition briefing book",
               "licenses": [], "resources": resources}
    (out / "datapackage.json").write_text(json.dumps(package, indent=1), encoding="utf-8")
