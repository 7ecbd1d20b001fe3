"""A passed horizon's note inside a parenthesis of the sentence takes brackets, not a second pair of
parentheses: "(low confidence; horizon 30 September 2026 [horizon passed; …])". On the doctree pass and on
every page of the built book."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docutils import nodes

from briefing.sphinx.horizons import horizon_node, inside_parentheses

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"


def _paragraph(before: str, after: str = "") -> horizon_node:
    node = horizon_node("30 September 2026", "30 September 2026", date="2026-09-30")
    nodes.paragraph("", "", nodes.Text(before), nodes.emphasis("", "low"), node, nodes.Text(after))
    return node


@pytest.mark.parametrize(("before", "nested"), [
    ("The plan (", True),
    ("The plan (confidence; horizon ", True),
    ("The plan (a) and (b), horizon ", False),
    ("The plan, horizon ", False),
    ("((", True),
    (") (", True),
])
def test_the_note_knows_whether_it_stands_inside_a_parenthesis(before, nested):
    assert inside_parentheses(_paragraph(before)) is nested


def test_a_citation_marker_s_markup_is_not_counted():
    node = horizon_node("30 September 2026", "30 September 2026", date="2026-09-30")
    nodes.paragraph("", "", nodes.Text("The plan "), nodes.raw("", '<a href="#x">(1</a>', format="html"), node)
    assert not inside_parentheses(node)


def test_in_the_built_book_every_passed_note_inside_a_parenthesis_takes_brackets():
    pages = sorted(HTML.rglob("*.html"))
    if not pages:
        pytest.fail("the book is not built: run `make html` first")
    checked = 0
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for note in soup.select("span.bf-horizon-note"):
            block = note.find_parent(["p", "li", "td", "th", "dd", "figcaption"])
            if block is None:
                continue
            before = ""
            for piece in block.find_all(string=True):
                if piece.find_parent("span", class_="bf-horizon-note") is note:
                    break
                before += piece
            depth = 0
            for ch in before:
                depth = depth + 1 if ch == "(" else max(0, depth - 1) if ch == ")" else depth
            text = note.get_text().strip()
            checked += 1
            assert text.startswith("[" if depth else "("), (
                f"{page.relative_to(HTML)}: “…{before[-60:]}{text}” nests parentheses (or brackets one that is not)")
    assert checked, "no passed horizon note in the built book"
