"""The text a reader can find on a built page, cut into blocks (a paragraph, a list item, a table row, a
heading, a caption), each with the place to link to: what the book's search matches, ranks and quotes.

Kept out: hover cards and the print endnotes (they repeat the cited passages), the appendix's lists of the
sentences citing a passage (those sentences are found on their chapters) and its table of evidence (it
repeats the passages and translations shown beside the text), citation markers, paragraph numbers,
evidence ids, navigation (tables of contents), scripts and styles. A source's lines that are not
article text (navigation, captions) are kept, marked as such, so that ranking can weigh them down.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "button", "form", "nav", "input",
                       "select", "textarea", "iframe", "object"})
SKIP_CLASSES = frozenset({"headerlink", "bf-pop", "bf-endnotes", "bf-back", "bf-gloss-id", "bf-pnum", "bf-kind",
                          "bf-evidence",
                          "toctree-wrapper", "bf-passed", "bf-cite", "visually-hidden", "d-print-none",
                          "onlyprint"})
# Skipped for their text, but their id marks a place in the block to link to (a citation marker).
ANCHOR_ONLY_CLASSES = frozenset({"bf-cite"})
INLINE = frozenset({"a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark",
                    "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr", "img",
                    "label", "del", "ins"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
CELL_SEPARATOR = " · "  # also a phrase boundary for the browser's matcher
_SPACE = re.compile(r"\s+")
LEADING = " :;,·.–—"


@dataclass
class Block:
    """``kind``: t page title, h heading, c caption, p body, b source text that is not article text.
    ``anchor``: the id of the element to link to; ``marks``: [start, end, id] of elements with an id inside
    the text (cited passages, citation markers), in UTF-16 code units as the browser counts."""

    kind: str
    anchor: str
    section: str
    text: str
    marks: list[list[int | str]] = field(default_factory=list)


@dataclass
class Page:
    title: str
    blocks: list[Block]


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class _Text:
    """Text collected with its white space collapsed, and the ids met on the way with their offsets."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0  # UTF-16 code units
        self.space = True  # the text so far ends with a space (or is empty)
        self.marks: list[list[int | str]] = []

    def add(self, text: str) -> None:
        text = _SPACE.sub(" ", text)
        if self.space:
            text = text.lstrip(" ")
        if not text:
            return
        self.parts.append(text)
        self.length += utf16_len(text)
        self.space = text.endswith(" ")

    def result(self) -> tuple[str, list[list[int | str]]]:
        """The text without the punctuation and space it starts or ends with (a gloss after its removed
        id starts with ': '), and the marks moved with it."""
        whole = "".join(self.parts)
        text = whole.lstrip(LEADING).rstrip(" ")
        cut = utf16_len(whole) - utf16_len(whole.lstrip(LEADING))
        end = utf16_len(text)
        return text, [[max(0, min(int(s) - cut, end)), max(0, min(int(e) - cut, end)), i] for s, e, i in self.marks]


def _classes(tag: Tag) -> set[str]:
    return set(tag.get("class") or [])


def _skipped(tag: Tag) -> bool:
    return tag.name in SKIP_TAGS or bool(_classes(tag) & SKIP_CLASSES) or tag.get("hidden") is not None


def _flatten(node: Tag, out: _Text) -> None:
    """All the text under ``node`` (blocks inside it included, separated by spaces)."""
    _flatten_run(list(node.children), out)


def _flatten_run(children: list[object], out: _Text) -> None:
    """Children in order; two elements with no text between them are kept apart by a space (a heading and
    a detail span that the style sheet sets on lines of their own)."""
    previous: object = None
    for child in children:
        if isinstance(child, Tag) and isinstance(previous, Tag) and not _skipped(previous):
            out.add(" ")
        _flatten_child(child, out)
        if not isinstance(child, Comment):
            previous = child


def _flatten_child(child: object, out: _Text) -> None:
    if isinstance(child, Comment):
        return
    if isinstance(child, NavigableString):
        out.add(str(child))
        return
    if not isinstance(child, Tag):
        return
    if _skipped(child):
        if _classes(child) & ANCHOR_ONLY_CLASSES and child.get("id"):
            out.marks.append([out.length, out.length, child["id"]])
        return
    if child.name == "br":
        out.add(" ")
        return
    start = out.length
    block = child.name not in INLINE
    if block:
        out.add(" ")
    _flatten(child, out)
    if block:
        out.add(" ")
    if child.get("id") and child.name in INLINE:
        out.marks.append([start, out.length, child["id"]])


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []

    def walk(self, element: Tag, anchor: str, section: str, boiler: bool) -> None:
        anchor = element.get("id") or anchor
        boiler = boiler or "bf-boiler" in _classes(element)
        if element.name == "section":
            heading = next((c for c in element.children if isinstance(c, Tag) and c.name in HEADINGS), None)
            if heading is not None and heading.name != "h1":
                section = _heading_text(heading)
        if element.name == "tr":
            self._row(element, anchor, section, boiler)
            return
        run: list[NavigableString | Tag] = []
        for child in element.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, Tag) and _skipped(child) and not _classes(child) & ANCHOR_ONLY_CLASSES:
                continue
            if isinstance(child, NavigableString) or (isinstance(child, Tag) and child.name in INLINE):
                run.append(child)
                continue
            if isinstance(child, Tag):
                self._emit(element, run, anchor, section, boiler)
                run = []
                self.walk(child, anchor, section, boiler)
        self._emit(element, run, anchor, section, boiler)

    def _emit(self, element: Tag, run: list[NavigableString | Tag], anchor: str, section: str, boiler: bool) -> None:
        if not run:
            return
        text = _Text()
        _flatten_run(list(run), text)
        value, marks = text.result()
        if not any(ch.isalnum() for ch in value):
            return
        self.blocks.append(Block(_kind(element, boiler), anchor, section, value, marks))

    def _row(self, row: Tag, anchor: str, section: str, boiler: bool) -> None:
        text = _Text()
        cells = [c for c in row.children if isinstance(c, Tag) and c.name in ("td", "th") and not _skipped(c)]
        for i, cell in enumerate(cells):
            if i:
                text.add(CELL_SEPARATOR)
            _flatten(cell, text)
        value, marks = text.result()
        if any(ch.isalnum() for ch in value):
            self.blocks.append(Block("b" if boiler else "p", anchor, section, value, marks))


def _heading_text(heading: Tag) -> str:
    out = _Text()
    _flatten(heading, out)
    return out.result()[0]


def _kind(element: Tag, boiler: bool) -> str:
    if boiler:
        return "b"
    if element.name == "h1":
        return "t"
    if element.name in HEADINGS:
        return "h"
    if element.name in ("caption", "figcaption") or "caption" in _classes(element):
        return "c"
    return "p"


def page_blocks(html: str) -> Page | None:
    """The blocks of a built page (its article, else its main element); None for a page without one."""
    soup = BeautifulSoup(html, "html.parser")
    root = soup.select_one("article.bd-article") or soup.select_one('[role="main"]') or soup.find("main")
    if root is None:
        return None
    walker = _Walker()
    walker.walk(root, "", "", False)
    h1 = root.find("h1")
    title = _heading_text(h1) if isinstance(h1, Tag) else (soup.title.get_text(strip=True) if soup.title else "")
    return Page(title, walker.blocks)
