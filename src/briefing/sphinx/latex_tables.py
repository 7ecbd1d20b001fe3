"""Tables designed for paper (the LaTeX builder only; the HTML tables reflow on their own).

Every table gets fixed column widths that add up to the text block, computed from an estimate of its
text's printed width (TeX Gyre Pagella advance widths at the table font size): each column has room for its
longest unbreakable piece, the rest of the line goes to the columns with the most text. A table that
cannot fit that way, or that would waste paper as a grid of narrow columns (several long-text columns
side by side), is set in a stacked layout instead: one block per row, a bold heading line (the row's
first cells), then one "Column: value" line per other cell. The stacked layout is a one-column table
built from docutils nodes, so Sphinx escapes every piece of data and a block is never split across a
page (a longtable row never breaks). Long tables break across pages (longtable).

Line-break help: in table cells a break is allowed after '/', an en or em dash and '..' (the constant
``\\bftablebreak`` from briefing-tables.sty; data is never LaTeX), and the sty makes Sphinx's hyphen
breakable in tables.
"""

from __future__ import annotations

import math
import re

from docutils import nodes

#: a table with more rows than this is set as a longtable, so it breaks across pages
LONGTABLE_ROWS = 8
#: ... or more lines than this (estimated; a page holds about 55 lines of table text)
LONGTABLE_LINES = 30

#: the text block's width (A4, Sphinx's margins) and the table font (\small in a 10 pt book: 9 pt)
LINE_PT = 452.97
FONT_PT = 9.0
#: the padding on each side of a cell (\tabcolsep, set in briefing-tables.sty)
TABCOLSEP_PT = 5.0
#: a stacked layout is used when the grid would take this many times the lines of the stacked blocks
STACK_RATIO = 1.25
#: the heading of a stacked block joins the second cell when it is this short (characters) at most
HEADING_JOIN_CHARS = 60

# TeX Gyre Pagella advance widths (em) of the printable ASCII characters, measured with LuaTeX
_ASCII_EM = dict(zip(
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
    [
     0.250, 0.278, 0.500, 0.500, 0.500, 0.840, 0.778, 0.278, 0.456, 0.456, 0.390, 0.760, 0.250, 0.333, 0.250,
     0.486, 0.500, 0.500, 0.500, 0.500, 0.500, 0.500, 0.500, 0.500, 0.500, 0.500, 0.250, 0.250, 0.767, 0.760,
     0.767, 0.444, 0.747, 0.778, 0.611, 0.709, 0.774, 0.611, 0.556, 0.763, 0.832, 0.337, 0.333, 0.726, 0.611,
     0.946, 0.831, 0.786, 0.604, 0.786, 0.668, 0.525, 0.613, 0.778, 0.722, 1.000, 0.667, 0.667, 0.667, 0.428,
     0.486, 0.428, 0.606, 0.500, 0.278, 0.500, 0.553, 0.444, 0.611, 0.479, 0.333, 0.556, 0.582, 0.287, 0.234,
     0.556, 0.291, 0.883, 0.582, 0.546, 0.601, 0.560, 0.395, 0.424, 0.326, 0.603, 0.565, 0.834, 0.516, 0.556,
     0.500, 0.441, 0.208, 0.441, 0.606,
     ],
))
_OTHER_EM = {"\u2013": 0.5, "\u2014": 1.0, "\u2018": 0.278, "\u2019": 0.278, "\u201c": 0.5, "\u201d": 0.5,
             "\u00b6": 0.628, "\u2026": 0.86, "\u2192": 0.92}
#: a letter of another script (Arabic: Amiri at scale 1.15, mostly narrow joined letters)
_DEFAULT_EM = 0.6
#: the printed width of one note call in a table cell ("n. 123", at the cell's size: sphinx/notes.py)
MARK_EM = 2.6
#: header cells are set in TeX Gyre Heros (sans), slightly wider on average than the serif
HEAD_FACTOR = 1.12

#: where a line may break inside a word in a table cell (after these); hyphens are handled by the sty
_BREAK_AFTER = re.compile(r"(?<=[/\u2013\u2014])(?=\S)|(?<=\.\.)(?=[^\s.])")


def text_em(text: str) -> float:
    """The printed width of ``text`` in em of the table font."""
    return sum(_ASCII_EM.get(c, _OTHER_EM.get(c, _DEFAULT_EM)) for c in text)


#: a word narrower than this (em) gets a column wide enough to keep it whole, even when it could break
#: after a hyphen or slash (a date such as 2024-01-26 should not be split)
WHOLE_WORD_EM = 7.0


def _pieces(text: str) -> list[str]:
    """The pieces of a cell's text a column must hold: short words whole, long ones split where a
    table allows a break."""
    out = []
    for word in text.split():
        if text_em(word) <= WHOLE_WORD_EM:
            out.append(word)
        else:
            out.extend(p for p in re.split(r"(?<=[-/\u2013\u2014])|(?<=\.\.)", word) if p)
    return out


def _is_mark(node: nodes.Node) -> bool:
    return node.__class__.__name__ == "ev_node"


def _cell_text(cell: nodes.Element) -> str:
    """The words a reader sees in a cell, without citation markup (footnotes do not widen a column)."""
    return " ".join(t.astext() for t in cell.findall(nodes.Text)
                    if not isinstance(t.parent, nodes.raw) and not _is_mark(t.parent))


def _marks(cell: nodes.Element) -> int:
    """The note calls in a cell: citations side by side (nothing between them) make one note."""
    calls = 0
    for n in cell.findall(nodes.Element):
        if _is_mark(n):
            parent = n.parent
            at = parent.index(n) if parent is not None else 0
            calls += not (at and _is_mark(parent[at - 1]))
    return calls


class _Measure:
    """One table's cells as text widths (em): per column, the widest unbreakable piece and each cell's width."""

    def __init__(self, table: nodes.table) -> None:
        group = next(table.findall(nodes.tgroup))
        self.group = group
        self.ncols = len(list(group.findall(nodes.colspec)))
        self.head = [list(r.children) for t in group.findall(nodes.thead) for r in t.findall(nodes.row)]
        self.body = [list(r.children) for t in group.findall(nodes.tbody) for r in t.findall(nodes.row)]
        self.spanned = any(e.get("morecols") or e.get("morerows") for r in self.head + self.body for e in r)
        self.floor = [0.0] * self.ncols   # em: the widest piece that cannot break
        self.width = [[0.0] * self.ncols for _ in self.body]  # em: each body cell's text on one line
        self.words = [[()] * self.ncols for _ in self.body]  # em: each body cell's pieces, for wrapping
        for rows, factor, widths in ((self.head, HEAD_FACTOR, None), (self.body, 1.0, self.width)):
            for i, row in enumerate(rows):
                for j, cell in enumerate(row[: self.ncols]):
                    text, marks = _cell_text(cell), _marks(cell)
                    widest = max((text_em(p) for p in _pieces(text)), default=0.0) * factor
                    self.floor[j] = max(self.floor[j], widest, marks * MARK_EM)
                    if widths is not None:
                        widths[i][j] = text_em(text) + marks * MARK_EM
                        self.words[i][j] = tuple(text_em(p) for p in _pieces(text)) + (
                            (marks * MARK_EM,) if marks else ())

    def labels(self) -> list[str]:
        return [_cell_text(c) for c in self.head[-1]] if self.head else [""] * self.ncols


def _line_em() -> float:
    return LINE_PT / FONT_PT


def _pad_em() -> float:
    return 2 * TABCOLSEP_PT / FONT_PT


#: the width of an interword space (em)
SPACE_EM = _ASCII_EM[" "]


def wrapped_lines(words: tuple[float, ...], column_em: float) -> int:
    """How many lines a cell's pieces take in a column ``column_em`` wide, filled greedily (no hyphenation)."""
    lines, used = 1, -SPACE_EM
    for w in words:
        if used + SPACE_EM + w > column_em and used > 0:
            lines, used = lines + 1, w
        else:
            used += SPACE_EM + w
    return lines


def _column_lines(m: _Measure, j: int, column_em: float) -> list[int]:
    return [wrapped_lines(row[j], column_em) for row in m.words]


#: the width (em) handed out at a time when the spare width of a grid is shared, and how many steps
#: a column may be given at once (a cell loses a line only when its column passes some width)
STEP_EM = 0.5
LOOKAHEAD = 8


def grid_widths(m: _Measure) -> list[float] | None:
    """Column text widths (em) that fit the line, or None when the unbreakable pieces alone do not fit:
    each column gets its widest piece, then the spare width goes, a few steps at a time, to the column
    that shortens the table most per step (rows are as tall as their fullest cell); what no column
    needs is shared out evenly."""
    widths = [f + 0.3 for f in m.floor]  # a little air: the estimate is not exact
    spare = _line_em() - m.ncols * _pad_em() - sum(widths)
    if spare < 0:
        return None
    cols = [_column_lines(m, j, widths[j]) for j in range(m.ncols)]

    def height(columns: list[list[int]]) -> int:
        return sum(max(c[i] for c in columns) for i in range(len(m.words)))

    current = height(cols)
    while spare >= STEP_EM:
        best = None  # (gain per step, column, steps, its lines)
        for j in range(m.ncols):
            for k in range(1, LOOKAHEAD + 1):
                if k * STEP_EM > spare:
                    break
                lines = _column_lines(m, j, widths[j] + k * STEP_EM)
                gain = (current - height(cols[:j] + [lines] + cols[j + 1:])) / k
                if gain > 0 and (best is None or gain > best[0]):
                    best = (gain, j, k, lines)
        if best is None:
            break
        _, j, k, lines = best
        widths[j] += k * STEP_EM
        spare -= k * STEP_EM
        cols[j] = lines
        current = height(cols)
    return [w + spare / m.ncols for w in widths]


def _lines(width_em: float, column_em: float) -> int:
    return max(1, math.ceil(width_em / max(column_em, 0.1) * 1.08))  # 8 %: words do not fill a line


def grid_lines(m: _Measure, widths: list[float]) -> int:
    return sum(max(wrapped_lines(w, c) for w, c in zip(row, widths)) for row in m.words)


def heading_columns(m: _Measure) -> int:
    """How many leading cells make a stacked block's heading: the first, and the second too when the
    first column has no header (a row code) or both are short labels."""
    if m.ncols < 3:
        return 1
    labels = m.labels()
    short = all(len(_cell_text(r[j])) <= HEADING_JOIN_CHARS and not _marks(r[j]) for r in m.body for j in (0, 1))
    return 2 if (not labels[0].strip() or short) else 1


def stacked_lines(m: _Measure) -> int:
    n, labels, line = heading_columns(m), m.labels(), _line_em()
    total = 0
    for row in m.width:
        total += _lines(sum(row[:n]) * 1.1, line)  # bold
        total += sum(_lines(text_em(labels[j] + ": ") * 1.1 + w, line) for j, w in enumerate(row) if j >= n and w)
    return total


def column_weights(widths: list[float]) -> list[int]:
    """``grid_widths`` as the weights of ``\\X{w}{total}`` columns: tenths of a point, padding included,
    adding up to the line."""
    return [round((w + _pad_em()) * FONT_PT * 10) for w in widths]


def should_stack(m: _Measure, widths: list[float] | None) -> bool:
    """Stack a table whose pieces do not fit side by side, or whose grid would take clearly more lines
    than one block per row."""
    if m.spanned or m.ncols < 2 or not m.body:
        return False
    return widths is None or grid_lines(m, widths) > STACK_RATIO * stacked_lines(m)


def _content(cell: nodes.Element) -> list[nodes.Node]:
    return [c.deepcopy() for c in cell.children]


def _inline(cell: nodes.Element) -> list[nodes.Node]:
    """A cell's content as inline nodes (its paragraphs' children; other blocks as their text)."""
    out: list[nodes.Node] = []
    for block in cell.children:
        if out:
            out.append(nodes.Text(" "))
        if isinstance(block, nodes.paragraph):
            out.extend(c.deepcopy() for c in block.children)
        else:
            out.append(nodes.Text(block.astext()))
    return out


#: a stacked field this short (em, no citations, one paragraph) shares its line with its short neighbours
SHORT_FIELD_EM = 12.0


def _is_short(cell: nodes.Element) -> bool:
    return (len(cell.children) == 1 and isinstance(cell.children[0], nodes.paragraph)
            and text_em(_cell_text(cell)) + _marks(cell) * MARK_EM <= SHORT_FIELD_EM)


def stack(table: nodes.table) -> None:
    """Rewrite ``table`` in place as a one-column table of blocks: heading, then "Column: value" lines."""
    m = _Measure(table)
    n, labels = heading_columns(m), m.labels()
    group = m.group
    blocks = []
    for i, row in enumerate(m.body):
        heading = nodes.strong()
        for j in range(n):
            inline = _inline(row[j])
            if inline and len(heading):
                heading += nodes.Text(" \u2014 ")
            heading.extend(inline)
        entry = nodes.entry("", nodes.paragraph("", "", heading))
        shared: nodes.paragraph | None = None  # the line short fields are gathered on
        shared_em = 0.0
        for j in range(n, len(row)):
            cell = row[j]
            if not cell.astext().strip() and not _marks(cell):
                continue
            label = labels[j].strip()
            lead = [nodes.strong("", label + ":"), nodes.Text(" ")] if label else []
            field_em = text_em(label + ": ") * 1.1 + m.width[i][j]
            last = entry.children[-1] if len(entry.children) > 1 else None
            if not _cell_text(cell).strip() and isinstance(last, nodes.paragraph):
                # a cell of note calls only ("Cited") ends the field before it: "… camp. · Cited: n. 92"
                last += [nodes.Text(" \u00b7 "), *lead, *_inline(cell)]
                shared = None
                continue
            if (_is_short(cell) and shared is not None and shared_em + field_em + 2 < _line_em()):
                shared += [nodes.Text(" \u00b7 "), *lead, *_inline(cell)]  # a middle dot between fields
                shared_em += field_em + 1
                continue
            if _is_short(cell):
                shared = nodes.paragraph("", "", *lead, *_inline(cell))
                shared_em = field_em
                entry += shared
                continue
            shared = None
            parts = _content(cell)
            if parts and isinstance(parts[0], nodes.paragraph):
                for node in reversed(lead):
                    parts[0].insert(0, node)
            elif lead:
                parts.insert(0, nodes.paragraph("", "", *lead))
            entry.extend(parts)
        blocks.append(nodes.row("", entry))
    new = nodes.tgroup(cols=1)
    new += nodes.colspec(colwidth=1)
    new += nodes.tbody("", *blocks)
    group.replace_self(new)
    if table.parent is not None:  # briefing-tables.sty's sphinxclassbf-stacked: a little air around each block
        box = nodes.container(classes=["bf-stacked"])
        table.parent.replace(table, box)
        box += table
    table["classes"] = [c for c in table["classes"] if c not in ("colwidths-auto", "colwidths-given")] + [
        "colwidths-given", "bf-stacked"]


def allow_breaks(table: nodes.table) -> None:
    """Let lines break after '/', en and em dashes and '..' inside words of the table's cells."""
    for text in list(table.findall(nodes.Text)):
        parent = text.parent
        if parent is None or isinstance(parent, (nodes.raw, nodes.literal, nodes.literal_block, nodes.math,
                                                 nodes.title)) or _is_mark(parent):
            continue
        pieces = _BREAK_AFTER.split(str(text))
        if len(pieces) < 2:
            continue
        new: list[nodes.Node] = []
        for i, piece in enumerate(pieces):
            if i:
                new.append(nodes.raw("", r"\bftablebreak{}", format="latex"))
            new.append(nodes.Text(piece))
        index = parent.index(text)
        parent[index:index + 1] = new


def fit_tables(doctree: nodes.document) -> None:
    """Every table fits the text block: fixed column widths (Sphinx writes p-columns, not tabulary's
    natural widths, which ran off the page) or the stacked layout; long tables break across pages."""
    for table in list(doctree.findall(nodes.table)):
        m = _Measure(table)
        widths = grid_widths(m)
        if should_stack(m, widths):
            stack(table)
            tall = len(m.body) > 1  # a tabular cannot break across pages, and blocks add up fast
        else:
            tall = len(m.head) + len(m.body) > LONGTABLE_ROWS or (
                widths is not None and grid_lines(m, widths) > LONGTABLE_LINES)
            # spanned cells (none in this book) or pieces too wide: share the line evenly
            weights = column_weights(widths) if widths is not None and not m.spanned else [1] * m.ncols
            for spec, w in zip(table.findall(nodes.colspec), weights):
                spec["colwidth"] = w
            table["classes"] = [c for c in table["classes"] if c not in ("colwidths-auto", "colwidths-given")] + [
                "colwidths-given"]
        # a table that cites is a longtable: its notes are set below each row, on that row's page
        # (briefing-tables.sty), not all after the table, where they can spill onto the next page
        tall = tall or any(_is_mark(n) for n in table.findall(nodes.Element))
        if tall and "longtable" not in table["classes"]:
            table["classes"].append("longtable")
        allow_breaks(table)


def fit_tables_for_latex(app, doctree: nodes.document, docname: str) -> None:  # noqa: ANN001 — Sphinx
    """``doctree-resolved`` handler: ``fit_tables`` for the LaTeX builder only (the HTML tables reflow)."""
    if app.builder.format == "latex":
        fit_tables(doctree)


def setup(app) -> None:  # noqa: ANN001 — Sphinx
    app.connect("doctree-resolved", fit_tables_for_latex, priority=400)  # before the citations are resolved
