"""Which passages the book cites (``usage.cited_in_book``): what the overview's sources table counts."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from briefing.usage import cited_in_book

ROOT = Path(__file__).resolve().parents[1]
HTML = Path(os.environ.get("BRIEFING_BUILD", ROOT / "_build")) / "html"


def _notebook(cells: list[dict]) -> str:
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def test_counts_pages_cells_and_printed_markdown_not_text_forms_or_review_files(tmp_path: Path):
    book = tmp_path / "book"
    (book / "_text").mkdir(parents=True)
    (tmp_path / "data").mkdir()
    (book / "index.md").write_text("A page {ev}`page-id`.\n", encoding="utf-8")
    (book / "_text" / "chapter.md").write_text("Its text form {ev}`text-form-only`.\n", encoding="utf-8")
    (book / "chapter.ipynb").write_text(_notebook([
        {"cell_type": "markdown", "source": ["Prose {ev}`cell-a,cell-b`"]},
        {"cell_type": "code", "source": ["table()"], "outputs": [
            {"output_type": "display_data", "data": {"text/markdown": ["| x {ev}`printed` |"],
                                                     "text/plain": ["{ev}`plain-only`"]}}]},
    ]), encoding="utf-8")
    (book / "self.ipynb").write_text(_notebook([
        {"cell_type": "code", "source": ["x"], "outputs": [
            {"output_type": "execute_result", "data": {"text/markdown": ["{ev}`stale-output`"]}}]}]), encoding="utf-8")
    (tmp_path / "data" / "sixth-read.csv").write_text("where,evidence\nx,review-only\n", encoding="utf-8")

    assert cited_in_book(tmp_path) == {"page-id", "cell-a", "cell-b", "printed", "stale-output"}
    assert cited_in_book(tmp_path, skip={"book/self.ipynb"}, rendered=["now {ev}`this-run`"]) == {
        "page-id", "cell-a", "cell-b", "printed", "this-run"}


def test_a_notebook_that_cannot_be_read_is_named(tmp_path: Path):
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "broken.ipynb").write_text("{not json", encoding="utf-8")
    with pytest.raises(Exception, match=r"book/broken.ipynb.*regenerate it"):
        cited_in_book(tmp_path)


def test_matches_the_passages_the_built_book_links_to():
    """The chapters' markers link to their passages in the appendix; those are the passages cited."""
    pages = [p for p in (HTML / "book").rglob("*.html") if "sources" not in p.parts]
    if not pages:
        pytest.fail(f"the HTML book is not built in {HTML}: run `make html` first, or set BRIEFING_BUILD")
    linked = {m for p in pages for m in re.findall(r'href="[^"]*sources/[^"#]*\.html#ev-([a-z0-9-]+)"',
                                                   p.read_text(encoding="utf-8"))}
    assert cited_in_book(ROOT) == linked
