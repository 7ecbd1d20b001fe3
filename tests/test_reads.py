"""The list of independent reads in the annex comes from the files in data/, never from a hand-written list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.errors import DataError
from briefing.reads import independent_reads, reads_markdown

ROOT = Path(__file__).resolve().parents[1]
HEADER = "where,claim,evidence,verdict,note,reader,status,resolution\n"


def _data(tmp_path: Path, files: dict[str, str]) -> Path:
    (tmp_path / "data").mkdir()
    for name, text in files.items():
        (tmp_path / "data" / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_a_new_read_is_listed_when_its_files_are_added(tmp_path: Path):
    root = _data(tmp_path, {"second-read-2026-11-23.csv": HEADER + "a,b,,supported,,r,checked,\n",
                            "chapter-grades-2026-12-07.csv": "chapter,grade\nIndex,B\n",
                            "events.csv": "id\n"})
    assert [r.ordinal for r in independent_reads(root)] == ["second"]
    (root / "data" / "seventh-read-2026-12-09-k.csv").write_text(HEADER + "x,y,,partial,,r,checked,\n" * 3)
    (root / "data" / "chapter-grades-2026-12-09-seventh-k.csv").write_text("chapter,grade\nIndex,A\n")
    text = reads_markdown(root)
    assert "**The second read** (23 November 2026 and 7 December 2026)" in text
    assert "**The seventh read** (9 December 2026): verdicts in data\\/seventh\\-read\\-2026\\-12\\-09\\-k\\.csv (3 rows)" in text
    assert "chapter grades in data\\/chapter\\-grades\\-2026\\-12\\-09\\-seventh\\-k\\.csv (1 chapter)" in text


def test_reads_past_the_tenth_are_listed_in_order(tmp_path: Path):
    root = _data(tmp_path, {"twelfth-read-2026-12-09.csv": HEADER, "eleventh-read-2026-12-08-a.csv": HEADER,
                            "tenth-read-2026-12-07.csv": HEADER, "chapter-grades-2026-12-08-eleventh-a.csv":
                            "chapter,grade\nIndex,A\n"})
    assert [r.ordinal for r in independent_reads(root)] == ["tenth", "eleventh", "twelfth"]


def test_reads_past_the_twentieth_are_one_word_and_in_order(tmp_path: Path):
    root = _data(tmp_path, {"twentyfirst-read-2026-12-10-a.csv": HEADER, "twentieth-read-2026-12-09.csv": HEADER,
                            "thirtieth-read-2026-12-20.csv": HEADER, "chapter-grades-2026-12-10-twentyfirst-a.csv":
                            "chapter,grade\nIndex,A\n"})
    assert [r.ordinal for r in independent_reads(root)] == ["twentieth", "twentyfirst", "thirtieth"]


@pytest.mark.parametrize("name", ["sevnth-read-2026-12-09.csv", "sixth-read-2026-13-01.csv", "sixth-read-dec.csv"])
def test_a_misnamed_read_file_is_named_in_a_one_line_error(tmp_path: Path, name: str):
    root = _data(tmp_path, {name: HEADER})
    with pytest.raises(DataError, match=f"data/{name}"):
        independent_reads(root)


def test_the_annex_lists_every_read_in_the_repository():
    """The committed annex prints what the files present give (nbval re-executes it too)."""
    annex = json.loads((ROOT / "book" / "annex.ipynb").read_text(encoding="utf-8"))
    printed = "".join("".join(o.get("data", {}).get("text/markdown", "")) for c in annex["cells"]
                      for o in c.get("outputs", []))
    expected = reads_markdown(ROOT)
    assert expected in printed
    for path in sorted((ROOT / "data").glob("*-read-*.csv")) + sorted((ROOT / "data").glob("chapter-grades-*.csv")):
        assert path.name.replace("-", "\\-").replace(".", "\\.") in expected, path.name
