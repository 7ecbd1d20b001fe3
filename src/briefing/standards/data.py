"""The analytic tables as plain rows for the rules and the renderers (validation of columns, allowed
values and evidence ids is ``briefing.tables.read_rows``'s job, run first by `briefing check`)."""

from __future__ import annotations

from pathlib import Path

from ..errors import DataError
from ..tables import COLUMNS, _csv_rows
from ..usage import split_ids


def table(root: Path, name: str) -> list[dict[str, str]]:
    """Rows of data/NAME.csv as dicts (with ``_line``, the row's line in the file); [] when the file does
    not exist. A wrong header or field count is a DataError naming the line."""
    path = root / "data" / f"{name}.csv"
    if not path.exists():
        return []
    rel = f"data/{name}.csv"
    rows = _csv_rows(path, rel)
    if not rows or rows[0] != COLUMNS[name]:
        raise DataError(f"{rel}:1", f"header must be {','.join(COLUMNS[name])}", "fix the header line")
    out = []
    for lineno, row in enumerate(rows[1:], start=2):
        if len(row) != len(COLUMNS[name]):
            raise DataError(f"{rel}:{lineno}", f"has {len(row)} fields, expected {len(COLUMNS[name])}",
                            "quote fields that contain commas")
        record = {k: v.strip() for k, v in zip(COLUMNS[name], row)}
        record["_line"] = str(lineno)
        out.append(record)
    return out


def where(name: str, row: dict[str, str], field: str = "") -> str:
    """'data/NAME.csv:LINE (field)'."""
    return f"data/{name}.csv:{row['_line']}" + (f" ({field})" if field else "")


def ids(cell: str) -> list[str]:
    """The ';'-separated ids of a cell."""
    return split_ids(cell)
