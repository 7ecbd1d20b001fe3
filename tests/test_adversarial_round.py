"""Findings of the adversarial round of 2026-12-07 (docs/reviews/adversarial-2026-12-07.md), each by class.

- A repeated key in a data table (two rows with one id; two positions of one actor on one question) was
  accepted by `briefing check` and the build: the figures and lookups kept one row and dropped the other
  without a word. Every keyed table now refuses it, naming both lines.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from briefing.errors import DataError
from briefing.tables import COLUMNS, KEYS, read_rows
from helpers import assert_clean_error, run

ROOT = Path(__file__).resolve().parents[1]


def _data_copy(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(ROOT / "data", root / "data")
    return root


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def test_every_table_with_ids_has_a_key():
    assert {name for name, columns in COLUMNS.items() if columns[0] == "id"} <= set(KEYS)
    assert KEYS["positions"] == ("actor", "question")


@pytest.mark.parametrize("name", sorted(KEYS))
def test_a_repeated_key_is_refused_naming_both_lines(tmp_path, name):
    from briefing.evidence import Registry

    root = _data_copy(tmp_path)
    path = root / "data" / f"{name}.csv"
    rows = _rows(path)
    header, last = rows[0], len(rows)
    copy = list(rows[2])  # the second row again, at the end, with the first row's key
    for column in KEYS[name]:
        copy[header.index(column)] = rows[1][header.index(column)]
    _write(path, [*rows, copy])
    with pytest.raises(DataError) as err:
        read_rows(name, Registry.load(), root)
    assert err.value.where == f"data/{name}.csv:{last + 1}"
    assert "line 2" in err.value.what and "repeats" in err.value.what


def test_check_reports_a_repeated_actor(tmp_path):
    project = _data_copy(tmp_path)
    rows = _rows(project / "data" / "actors.csv")
    _write(project / "data" / "actors.csv", [*rows, [rows[1][0], "Another name", *rows[1][2:]]])
    proc = run(project, "check")
    assert_clean_error(proc, 1, f"data/actors.csv:{len(rows) + 1}", f"id '{rows[1][0]}' repeats line 2")


# -- a committed notebook whose own metadata its text form does not give ---------------------------------------

def _book_copy(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(ROOT / "book", root / "book", ignore=shutil.ignore_patterns("_build", "*.pdf"))
    return root


@pytest.mark.parametrize("metadata", [{"mystnb": {"execution_mode": "off"}}, {"kernelspec": {"name": "other",
                                      "display_name": "x", "language": "python"}}])
def test_notebook_metadata_must_come_from_the_text_form(tmp_path, metadata):
    """V39: with execution switched off in the committed notebook's own metadata, the build rendered the
    committed outputs (a <script> in a text/html output ran in the book) while check passed."""
    import json

    from briefing.chapters import chapter_problems

    root = _book_copy(tmp_path)
    assert [p for p in chapter_problems(root) if "overview" in p.where] == []
    path = root / "book" / "overview.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["metadata"].update(metadata)
    path.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")
    [problem] = [p for p in chapter_problems(root) if "overview" in p.where]
    assert problem.where == "book/overview.ipynb" and repr(next(iter(metadata))) in problem.what
    assert "scripts/notebooks.py overview" in problem.fix


@pytest.mark.parametrize("where", ["data/.briefing-journal.json", "book/overview.ipynb"])
def test_json_nested_too_deeply_is_one_line(tmp_path, where):
    """V37: a journal (or a notebook) of a few hundred kilobytes of '[' made every command report an internal
    error (RecursionError) instead of naming the file."""
    root = _data_copy(tmp_path)
    shutil.copytree(ROOT / "book", root / "book", ignore=shutil.ignore_patterns("_build"))
    for name in ("_toc.yml", "_config.yml"):
        shutil.copyfile(ROOT / name, root / name)
    (root / where).write_text("[" * 200_000, encoding="utf-8")
    proc = run(root, "check")
    assert_clean_error(proc, 1, where)
    assert "internal error" not in proc.stderr and len(proc.stderr.splitlines()) <= 40


# -- symbolic links below the project's folders --------------------------------------------------------------

@pytest.mark.parametrize("link", ["book/extra/page.md", "book/extra/deeper/page.md", "data/sources/old/x.txt",
                                  "book/extra"])
def test_a_symlink_at_any_depth_is_refused(tmp_path, link):
    """V30: book/extra/page.md -> a host file, listed in _toc.yml, passed check and was published as a page
    (its text in the HTML and the search index); only direct children of a few folders were looked at."""
    from briefing.datafiles import symlink_problems

    root = tmp_path / "project"
    (root / "book").mkdir(parents=True)
    (root / "data").mkdir()
    host = tmp_path / "host"
    host.mkdir()
    (host / "secret.md").write_text("# Host\n", encoding="utf-8")
    path = root / link
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(host if link == "book/extra" else host / "secret.md")
    problems = list(symlink_problems(root))
    assert [p.where for p in problems] == [link] and "symbolic link" in problems[0].what


def test_the_build_refuses_a_linked_page(tmp_path):
    """The Sphinx extension refuses too (a bare `jupyter-book build` runs no check)."""
    from types import SimpleNamespace

    from sphinx.errors import ExtensionError

    from briefing.sphinx.textsafety import _refuse_links

    root = tmp_path / "project"
    (root / "book" / "extra").mkdir(parents=True)
    (root / "book" / "extra" / "page.md").symlink_to("/etc/hostname")
    with pytest.raises(ExtensionError, match="book/extra/page.md is a symbolic link"):
        _refuse_links(SimpleNamespace(srcdir=str(root)), None, [])
    (root / "book" / "extra" / "page.md").unlink()
    _refuse_links(SimpleNamespace(srcdir=str(root)), None, [])


@pytest.mark.parametrize("url,ok", [("https://example.com:99999/", False), ("https://example.com:0/", False),
                                    ("https://[::1]:70000/", False), ("https://example.com:8443/x", True),
                                    ("https://[::1]/", True), ("https://example.com/", True)])
def test_a_port_outside_the_range_is_refused(url, ok):
    """V44: `edit-source --url https://evil.example:99999/` was accepted and linked; browsers refuse it."""
    from briefing.links import url_problem

    assert (url_problem(url) is None) is ok, url_problem(url)


# -- BibTeX fields read back as written ---------------------------------------------------------------------

@pytest.mark.parametrize("text", ["a 50% rise in attacks", "A--B --- C ~ D ``quoted'' ?` !` << >> ...",
                                  "^^5cdirectlua $x^2$ #1 & b_c", "Al-Jibal / الجبال – «عنوان»"])
def test_bibliography_fields_read_back_as_written(text):
    """V03/V04: an outlet or title holding '%' made references.bib unreadable (pybtex reads '%' as a comment:
    'syntax error in line 1: unbalanced braces', the build stopped with a traceback); '--', '~' and '``' were
    shown as a dash, a no-break space and a curly quote."""
    import dataclasses

    from pybtex.database import parse_string
    from pybtex.richtext import Text

    from briefing.bibliography import bibtex
    from briefing.corpus import Corpus

    source = dataclasses.replace(next(iter(Corpus.load(ROOT))), outlet_en=text, title_en=text,
                                 url="https://example.com/a-b?x=1%20y")
    [entry] = parse_string(bibtex([source]), "bibtex").entries.values()
    assert str(Text.from_latex(entry.fields["title"])) == text
    assert str(Text.from_latex(entry.persons["author"][0].last_names[0])) == text
    assert entry.fields["url"] == "https://example.com/a-b?x=1%20y"


def test_the_build_refuses_notebook_metadata_the_text_form_does_not_give(tmp_path):
    """V39 through a bare `jupyter-book build` (no check first): the extension refuses before reading."""
    import json
    from types import SimpleNamespace

    from sphinx.errors import ExtensionError

    from briefing.sphinx.textsafety import _refuse_links

    root = _book_copy(tmp_path)
    app = SimpleNamespace(srcdir=str(root))
    _refuse_links(app, None, [])
    path = root / "book" / "timeline.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["metadata"]["mystnb"] = {"execution_mode": "off"}
    path.write_text(json.dumps(nb), encoding="utf-8")
    with pytest.raises(ExtensionError, match="book/timeline.ipynb: has notebook metadata .*'mystnb'"):
        _refuse_links(app, None, [])
