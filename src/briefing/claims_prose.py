"""Split a chapter's MyST text into the sentences a reader sees, each with its line and whether it is Analysis.

Front matter, code cells and other fenced code are skipped (``cite("id")`` lines in code cells are
returned separately by ``code_citations``); directive fence lines (``:::{container} bf-analysis``,
``::::{only} html``) are not text, but what they enclose is. Headings and table rows are their own
paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .usage import CALL

FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
DIRECTIVE_OPEN = re.compile(r"^\s*(:{3,})\{([\w-]+)\}\s*(.*)$")
DIRECTIVE_CLOSE = re.compile(r"^\s*(:{3,})\s*$")
OPTION = re.compile(r"^\s*:[\w-]+:")
# A sentence ends at . ! ? (optionally followed by closing quotes or brackets) before a capital or an
# opening quote; not after common abbreviations or initials.
_END = re.compile(r"(?<!\be\.g)(?<!\bi\.e)(?<!\bcf)(?<!\bvs)(?<!\bNo)(?<!\bMr)(?<!\bDr)(?<!\bSt)(?<!\b[A-Z])"
                  r"[.!?][\"”’')\]*]*\s+(?=[A-Z“\"'(\[*{¶])")


@dataclass(frozen=True)
class Sentence:
    """One sentence of prose: its text (MyST, roles included), the line of each character, Analysis or not."""

    text: str
    lines: tuple[int, ...]  # lines[i] = 1-based file line of text[i]
    analysis: bool

    def line_at(self, index: int) -> int:
        return self.lines[min(index, len(self.lines) - 1)] if self.lines else 0


@dataclass(frozen=True)
class Paragraph:
    text: str
    lines: tuple[int, ...]
    analysis: bool


def paragraphs(text: str) -> list[Paragraph]:
    """Prose paragraphs of a MyST file, with per-character line numbers and the Analysis flag."""
    out: list[Paragraph] = []
    buf: list[tuple[str, int]] = []
    stack: list[tuple[str, bool]] = []  # open directives: (colons, is analysis)
    fence: str | None = None
    lines = text.split("\n")
    start = 0
    if lines and lines[0].strip() == "---":  # front matter
        for i in range(1, len(lines)):
            if lines[i].strip() == "---":
                start = i + 1
                break

    def analysis() -> bool:
        return any(a for _, a in stack)

    def flush() -> None:
        if buf:
            chars: list[int] = []
            parts = []
            for line_text, lineno in buf:
                piece = line_text.strip()
                if parts:
                    parts.append(" ")
                    chars.append(lineno)
                parts.append(piece)
                chars.extend([lineno] * len(piece))
            out.append(Paragraph("".join(parts), tuple(chars), analysis()))
            buf.clear()

    for i in range(start, len(lines)):
        line, lineno = lines[i], i + 1
        if fence:
            if line.strip().startswith(fence):
                fence = None
            continue
        m = FENCE.match(line)
        if m:
            flush()
            fence = m.group(1)
            continue
        m = DIRECTIVE_OPEN.match(line)
        if m:
            flush()
            stack.append((m.group(1), m.group(2) == "container" and "bf-analysis" in m.group(3)))
            continue
        m = DIRECTIVE_CLOSE.match(line)
        if m and stack:
            flush()
            stack.pop()
            continue
        if not line.strip() or OPTION.match(line):
            flush()
            continue
        if line.lstrip().startswith(("#", "|")):
            flush()
            buf.append((line.lstrip("# "), lineno))
            flush()
            continue
        if re.match(r"^\s*(?:\d+\.|[-*+])\s", line):  # a list item starts a new paragraph
            flush()
            line = re.sub(r"^\s*(?:\d+\.|[-*+])\s", "", line)
        buf.append((line, lineno))
    flush()
    return out


def sentences(text: str) -> list[Sentence]:
    """The sentences of every prose paragraph of a MyST file."""
    out = []
    for para in paragraphs(text):
        pos = 0
        for m in _END.finditer(para.text):
            end = m.start() + 1 + len(m.group(0).rstrip()) - 1
            out.append(Sentence(para.text[pos:end], para.lines[pos:end], para.analysis))
            pos = m.end()
        if pos < len(para.text):
            out.append(Sentence(para.text[pos:], para.lines[pos:], para.analysis))
    return out


def code_citations(text: str) -> list[tuple[int, str, str]]:
    """(line, evidence id, the line's other string literals) for each ``cite("id")`` call in a code cell."""
    out = []
    fence: str | None = None
    code_cell = False
    for lineno, line in enumerate(text.split("\n"), start=1):
        m = FENCE.match(line)
        if fence is None:
            if m:
                fence, code_cell = m.group(1), "{code-cell}" in line
            continue
        if line.strip() == fence:
            fence = None
            continue
        if code_cell:
            for c in CALL.finditer(line):
                literals = " ".join(s for s in re.findall(r"""["']([^"']*)["']""", line) if s != c.group(1))
                out.append((lineno, c.group(1), literals))
    return out
