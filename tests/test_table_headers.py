"""A data table's header is its columns in their order (briefing.tables.read_rows and the rules' reader,
briefing.standards.data.table): a real table with two columns swapped is refused at line 1, by both readers,
rather than read with each cell under another column's name."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from briefing.corpus import Corpus
from briefing.errors import DataError
from briefing.evidence import Registry
from briefing.standards.data import table
from briefing.tables import COLUMNS, read_rows
from helpers import ROOT, make_project

TABLES = sorted(name for name in COLUMNS if (ROOT / "data" / f"{name}.csv").exists())


@pytest.mark.parametrize("name", TABLES)
def test_a_table_with_its_columns_reordered_is_refused(tmp_path: Path, name: str) -> None:
    root = make_project(tmp_path)
    shutil.copyfile(ROOT / "data" / "evidence.yaml", root / "data" / "evidence.yaml")
    text = (ROOT / "data" / f"{name}.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == COLUMNS[name] and len(rows) > 1
    registry = Registry.load(Corpus.load(root))
    (root / "data" / f"{name}.csv").write_text(text, encoding="utf-8")
    assert len(read_rows(name, registry, root)) == len(rows) - 1  # as committed, it reads
    swapped = [[r[1], r[0], *r[2:]] for r in rows]  # the first two columns, header and cells alike
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(swapped)
    (root / "data" / f"{name}.csv").write_text(out.getvalue(), encoding="utf-8")
    for read in (lambda: read_rows(name, registry, root), lambda: table(root, name)):
        with pytest.raises(DataError) as err:
            read()
        assert (err.value.where, err.value.what) == (f"data/{name}.csv:1", f"header must be {','.join(COLUMNS[name])}")
