"""The chapters' prose as the rules read it: Analysis blocks with the text they comment on.

An Analysis block is a ``:::{container} bf-analysis`` directive (any number of colons, closed by a line
of at least as many colons). The text it *follows* is the last prose paragraph or list item before its
opening line that is not itself inside an Analysis block, in the same chapter: the reporting the
project's judgment rests on (an Analysis block nested in a list item follows that item's text). A block
right after a heading follows nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..claims_prose import DIRECTIVE_OPEN, FENCE, Paragraph, paragraphs


@dataclass(frozen=True)
class AnalysisBlock:
    """One Analysis block: its first and last line, its paragraphs, and the paragraph it follows."""

    start: int
    end: int
    paragraphs: tuple[Paragraph, ...]
    follows: Paragraph | None

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


def _block_ranges(lines: list[str]) -> list[tuple[int, int]]:
    """(first, last) 1-based lines of each top-level Analysis block, code fences skipped."""
    ranges, fence = [], None
    open_at: int | None = None
    colons = 0
    depth = 0  # directives opened inside the block
    for n, line in enumerate(lines, start=1):
        if fence:
            if line.strip().startswith(fence):
                fence = None
            continue
        m = FENCE.match(line)
        if m:
            fence = m.group(1)
            continue
        opened = DIRECTIVE_OPEN.match(line)
        if open_at is None:
            if opened and opened.group(2) == "container" and "bf-analysis" in opened.group(3):
                open_at, colons, depth = n, len(opened.group(1)), 0
            continue
        if opened:
            depth += 1
            continue
        close = re.match(r"^\s*(:{3,})\s*$", line)
        if close:
            if depth:
                depth -= 1
            elif len(close.group(1)) >= colons:
                ranges.append((open_at, n))
                open_at = None
    if open_at is not None:  # unclosed: runs to the end (the chapter check reports the fence)
        ranges.append((open_at, len(lines)))
    return ranges


def analysis_blocks(text: str) -> list[AnalysisBlock]:
    """The Analysis blocks of a MyST chapter, each with the prose paragraph or list item it follows."""
    lines = text.split("\n")
    paras = paragraphs(text)
    blocks = []
    ranges = _block_ranges(lines)
    for start, end in ranges:
        inside = tuple(p for p in paras if p.lines and start <= p.lines[0] <= end)
        before = [p for p in paras if p.lines and p.lines[-1] < start
                  and not any(a <= p.lines[0] <= b for a, b in ranges)]
        follows = before[-1] if before else None
        if follows is not None and lines[follows.lines[0] - 1].lstrip().startswith("#"):
            follows = None  # the block opens a section: it comments on no paragraph
        blocks.append(AnalysisBlock(start, end, inside, follows))
    return blocks


def chapter_pages(root: Path) -> list[Path]:
    """The prose the rules read: the chapters' text forms and the book's own Markdown pages."""
    book = root / "book"
    return sorted((book / "_text").glob("*.md")) + sorted(book.glob("*.md"))
