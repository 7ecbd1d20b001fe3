"""Chapters' text forms and notebooks: malformed text forms diagnosed with their line, stale notebooks found by
content, failing / slow / noisy cells reported in one line, and `briefing build` regenerating a stale notebook."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.checks import check
from helpers import ROOT, make_project, run

FRONT = """\
---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""
CHAPTER = FRONT + """
# Chapter

Some prose. It opens with its finding.

```{code-cell} ipython3
:tags: [remove-input]

print("hello from the chapter")
```
"""


def chapter_project(tmp_path: Path, text: str = CHAPTER, config: str = "") -> Path:
    root = make_project(tmp_path)
    (root / "book" / "_text").mkdir()
    (root / "book" / "_text" / "chap.md").write_text(text, encoding="utf-8")
    (root / "scripts").mkdir()
    shutil.copyfile(ROOT / "scripts" / "notebooks.py", root / "scripts" / "notebooks.py")
    if config:
        (root / "_config.yml").write_text(config, encoding="utf-8")
    return root


def as_book(root: Path) -> None:
    """The project's _config.yml, a table of contents with the page and the chapter, no citations (so no
    appendix is needed)."""
    shutil.copyfile(ROOT / "_config.yml", root / "_config.yml")
    shutil.copyfile(ROOT / "book" / "references.bib", root / "book" / "references.bib")
    (root / "_toc.yml").write_text("format: jb-book\nroot: book/page\nchapters:\n  - file: book/chap\n",
                                   encoding="utf-8")
    (root / "book" / "page.md").write_text("# Page\n\nA page without citations.\n", encoding="utf-8")


def notebooks(root: Path, *names: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(root / "scripts" / "notebooks.py"), *names], capture_output=True,
                          text=True, cwd=root, timeout=300)


def messages(root: Path) -> list[str]:
    return [p.message for p in check(root)[0]]


# ---- malformed text forms -----------------------------------------------------------------------------------

def test_an_unclosed_code_cell_fence_is_diagnosed_with_its_line(tmp_path: Path) -> None:
    root = chapter_project(tmp_path, CHAPTER.rstrip().removesuffix("```") + "\nMore prose, swallowed as code.\n")
    assert messages(root) == [
        "book/_text/chap.md:16: the code-cell fence opened here (```) is never closed: the rest of the chapter would "
        "become code — close it with ``` on a line of its own"]
    proc = notebooks(root, "chap")
    assert proc.returncode == 1 and proc.stderr.strip().splitlines() == [
        "error: book/_text/chap.md:16: the code-cell fence opened here (```) is never closed: the rest of the chapter "
        "would become code — close it with ``` on a line of its own"]


def test_an_unclosed_directive_is_diagnosed_with_its_line(tmp_path: Path) -> None:
    root = chapter_project(tmp_path, CHAPTER + "\n:::{container} bf-analysis\n**Analysis.** Open.\n")
    assert messages(root) == ["book/_text/chap.md:22: the container directive opened here (:::) is never closed — "
                              "close it with a line of :::"]


def test_unclosed_front_matter(tmp_path: Path) -> None:
    root = chapter_project(tmp_path, CHAPTER.replace("---\n\n# Chapter", "\n# Chapter", 1))
    assert messages(root) == ["book/_text/chap.md:1: the front matter opened here (---) is never closed — end it "
                              "with a line holding only ---"]


def test_bad_cell_options_are_diagnosed_with_the_line(tmp_path: Path) -> None:
    root = chapter_project(tmp_path, CHAPTER.replace(":tags: [remove-input]", ":tags: [remove-input"))
    [message] = messages(root)
    assert message.startswith("book/_text/chap.md:16: cannot be read as a notebook (MystMetadataParsingError: Code "
                              "cell 1 at line 16 could not be read: Invalid YAML")
    assert message.endswith("— fix the cell or the front matter named here (a cell's options are YAML)")


def test_bad_front_matter_yaml(tmp_path: Path) -> None:
    root = chapter_project(tmp_path, CHAPTER.replace("  name: python3", "  name: [python3"))
    [message] = messages(root)
    assert message == ("book/_text/chap.md:9: the front matter is not valid YAML (expected ',' or ']', but got "
                       "'<document start>') — fix the YAML between the --- lines")


# ---- stale notebooks ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """A chapter project whose notebook scripts/notebooks.py has just generated (a kernel run), and that run:
    each test that starts from it works in a copy (``_copy_of``)."""
    root = chapter_project(tmp_path_factory.mktemp("generated"))
    assert messages(root) == ["book/chap.ipynb: missing: book/_text/chap.md has no notebook yet — run "
                              ".venv/bin/python scripts/notebooks.py chap"]
    return root, notebooks(root, "chap")


def _copy_of(generated: tuple[Path, subprocess.CompletedProcess], tmp_path: Path) -> Path:
    root, proc = generated
    assert proc.returncode == 0, proc.stderr
    shutil.copytree(root, tmp_path / "project")
    return tmp_path / "project"


def test_stale_notebook_is_found_by_content_with_the_command(generated, tmp_path: Path) -> None:
    """Missing, then generated (the module's fixture: the same steps), then stale by content."""
    root = _copy_of(generated, tmp_path)
    proc = generated[1]
    assert proc.stdout.startswith("executed book/_text/chap.md -> book/chap.ipynb (1 code cells, slowest ")
    assert messages(root) == []
    # a newer modification time alone changes nothing: content is compared
    text = root / "book" / "_text" / "chap.md"
    text.touch()
    assert messages(root) == []
    text.write_text(CHAPTER.replace("Some prose.", "Some prose, edited."), encoding="utf-8")
    assert messages(root) == [
        "book/chap.ipynb: is out of date with book/_text/chap.md (cell 1 differs) — run .venv/bin/python "
        "scripts/notebooks.py chap (`briefing build` does it for you)"]
    # so is a change of a cell's options (tags)
    notebooks(root, "chap")
    text.write_text(CHAPTER.replace("Some prose.", "Some prose, edited.").replace("remove-input", "hide-input"),
                    encoding="utf-8")
    assert messages(root) == [
        "book/chap.ipynb: is out of date with book/_text/chap.md (cell 2 differs) — run .venv/bin/python "
        "scripts/notebooks.py chap (`briefing build` does it for you)"]


def test_a_notebook_without_a_text_form(generated, tmp_path: Path) -> None:
    root = _copy_of(generated, tmp_path)
    shutil.copyfile(root / "book" / "chap.ipynb", root / "book" / "orphan.ipynb")
    assert messages(root) == ["book/orphan.ipynb: has no text form book/_text/orphan.md — authors edit the text form: "
                              "restore it from git, or delete the notebook"]


# ---- cells that fail, loop or print too much -----------------------------------------------------------------

def test_a_failing_cell_is_one_line(tmp_path: Path) -> None:
    text = CHAPTER.replace('print("hello from the chapter")', 'rows = {"a": 1}\nrows["likelihood"]')
    root = chapter_project(tmp_path, text)
    proc = notebooks(root, "chap")
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines()[-1:] == [
        "error: book/_text/chap.md:16: cell 2 (`rows = {\"a\": 1}`) failed: KeyError: 'likelihood' — fix the cell, or "
        "the data it reads"]
    assert "Traceback" not in proc.stderr and not (root / "book" / "chap.ipynb").exists()


def test_a_cell_over_the_time_limit_names_the_chapter_and_cell(tmp_path: Path) -> None:
    text = CHAPTER.replace('print("hello from the chapter")', "while True:\n    pass")
    root = chapter_project(tmp_path, text, config="execute:\n  timeout: 1\n")  # the least the limit can be
    proc = notebooks(root, "chap")
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines()[-1:] == [
        "error: book/_text/chap.md:16: cell 2 (`while True:`) ran longer than the 1 s limit per cell (execute.timeout "
        "in _config.yml) — make the cell faster, or raise the limit"]


def test_a_cell_over_the_output_cap_is_refused(tmp_path: Path) -> None:
    text = CHAPTER.replace('print("hello from the chapter")', 'print("x" * 50_000)')
    root = chapter_project(tmp_path, text, config="execute:\n  max_output_bytes: 20000\n")
    proc = notebooks(root, "chap")
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines()[-1:] == [
        "error: book/_text/chap.md:16: cell 2 (`print(\"x\" * 50_000)`) printed 0.1 MB of output, more than the "
        "0.02 MB limit per cell (execute.max_output_bytes in _config.yml) — print less (a summary, a figure), or "
        "raise the limit"]
    assert not (root / "book" / "chap.ipynb").exists()


def test_check_refuses_a_committed_notebook_over_the_cap(generated, tmp_path: Path) -> None:
    root = _copy_of(generated, tmp_path)
    (root / "_config.yml").write_text("execute:\n  max_output_bytes: 50\n", encoding="utf-8")
    assert messages(root) == ["book/chap.ipynb: cell 2: stores 0.0 MB of output, more than the 5e-05 MB limit per cell "
                              "(execute.max_output_bytes in _config.yml) — print less (a summary, a figure), then "
                              "regenerate it"]


@pytest.mark.parametrize("value", ["0", "-5", "ten", "true"])
def test_limits_must_be_positive_whole_numbers(tmp_path: Path, value: str) -> None:
    root = chapter_project(tmp_path, config=f"execute:\n  timeout: {value}\n")
    proc = notebooks(root, "chap")
    assert proc.returncode == 2 and proc.stderr.startswith("error: _config.yml (execute.timeout): ")


# ---- the build regenerates a stale notebook ---------------------------------------------------------------------

def test_build_regenerates_a_stale_notebook_and_says_so(tmp_path: Path) -> None:
    root = chapter_project(tmp_path)
    assert notebooks(root, "chap").returncode == 0
    as_book(root)
    (root / "book" / "_text" / "chap.md").write_text(CHAPTER.replace("Some prose.", "Edited prose."), encoding="utf-8")
    proc = run(root, "build", "html")
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert ("notebook: book/_text/chap.md changed since book/chap.ipynb was generated: regenerating it (executing, at "
            "most 60 s a cell)") in proc.stdout
    cells = json.loads((root / "book" / "chap.ipynb").read_text(encoding="utf-8"))["cells"]
    assert "Edited prose." in "".join(cells[0]["source"])
    assert "Edited prose." in (root / "_build" / "html" / "book" / "chap.html").read_text(encoding="utf-8")
    assert messages(root) == []


def test_a_cell_failing_in_the_build_is_one_line(tmp_path: Path) -> None:
    """A committed notebook in step with its text form whose cell fails when the build executes it (here the
    cell itself raises; in life, changed data): the build reports the chapter, line, cell and error in one line."""
    import jupytext
    import nbformat

    text = CHAPTER.replace('print("hello from the chapter")', 'print("before")\nraise ValueError("boom in the build")')
    root = chapter_project(tmp_path, text)
    nb = jupytext.read(root / "book" / "_text" / "chap.md")  # written unexecuted, as a careless hand would
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata.pop("jupytext", None)
    for cell in nb.cells:
        cell.pop("id", None)
    nb.nbformat, nb.nbformat_minor = 4, 4
    nbformat.write(nb, root / "book" / "chap.ipynb")
    as_book(root)
    assert messages(root) == []
    proc = run(root, "build", "html")
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [
        "error: book/_text/chap.md:16: cell 2 (`print(\"before\")`) failed: ValueError: boom in the build — fix the "
        "cell, or the data it reads",
        "html build failed; full log: _build/html.log"]
