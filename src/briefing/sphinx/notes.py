"""PDF notes: one footnote per citation, on the page of its call, numbered in order and never reused.

A citation is one ``{ev}`` role (or several roles side by side with nothing between them): it becomes
ONE footnote, which gives for each passage it cites the outlet, the date, the paragraph and the first
words of the passage, linked to the passage in the sources appendix::

    ¹² Hafryat, 31 Jan. 2024, ¶2: “فصائل المقاومة…”; Erem News, Sept. 2025, ¶5: “…”

Notes are numbered per chapter (``briefing-notes.sty``); each has a label built from a running number
only (``bf-n-17``), so the appendix links back to every note that cites a passage ("p. 12 n. 4"). In a
table cell the call is printed at the cell's size, "n. 12", rather than a superscript cluster.

Sphinx's LaTeX builder resolves the whole book as ONE doctree and calls ``doctree-resolved`` once, so the
notes are numbered here in reading order. Every string from data reaches LaTeX through
``latex.escape``/``latex.arabic``; labels are built from numbers and digests only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from docutils import nodes

from ..cite import Citation, cite
from ..evidence import Registry
from . import latex
from .markup import ev_node, source_text_node

#: the first words of a quote in a note: at most this many characters (whole words), at least ``MIN``
FIRST_WORDS_CHARS, FIRST_WORDS_MIN = 30, 12
#: a note's line in characters (footnote size, the text block's width): one passage fits on one line
NOTE_CHARS = 100


@dataclass
class Note:
    """One citation: its running number (the LaTeX label ``bf-n-K``) and the passages it cites."""

    number: int
    citations: list[Citation] = field(default_factory=list)

    @property
    def label(self) -> str:
        return note_label(self.number)


def note_label(number: int) -> str:
    return f"bf-n-{number}"


def first_words(text: str, limit: int = FIRST_WORDS_CHARS) -> str:
    """Whole words from the start of ``text`` up to ``limit`` characters, '…' when cut; brackets balanced
    (a cut never leaves an opening parenthesis or quote without its partner)."""
    words = text.split()
    head: list[str] = []
    for w in words:
        if head and len(" ".join([*head, w])) > limit:
            break
        head.append(w)
    cut = len(head) < len(words)
    while len(head) > 1 and any(" ".join(head).count(a) != " ".join(head).count(b) for a, b in ("()", "[]", "«»")):
        head.pop()
        cut = True
    out = " ".join(head)
    return out.rstrip("،,.:;؛-–— ") + "…" if cut else out


def short_label(c: Citation) -> str:
    """'Hafryat, 31 Jan. 2024, ¶2': the outlet, the date with the month abbreviated, the paragraph."""
    return f"{c.source.outlet_en}, {short_date(c.source.published.display())}, {_where(c)}"


_MONTHS = {m: (m[:3] + "." if len(m) > 4 else m) for m in (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December")}
_MONTHS["September"] = "Sept."


def short_date(display: str) -> str:
    """'31 January 2024' -> '31 Jan. 2024'; 'July–September 2024 (inferred)' -> 'July–Sept. 2024 (inferred)'."""
    return " ".join("–".join(_MONTHS.get(p, p) for p in word.split("–")) for word in display.split(" "))


def _where(c: Citation) -> str:
    return "title" if c.match.paragraph == 0 else f"¶{c.match.paragraph}"


def passage(c: Citation, linked: bool) -> str:
    """One passage in a note: label and first words, linked to its place in the appendix when it is there."""
    label = short_label(c)
    room = min(FIRST_WORDS_CHARS, max(FIRST_WORDS_MIN, NOTE_CHARS - len(label) - 8))
    target = latex.passage_label(c.id) if linked else ""
    return (r"\bfpassage{" + target + "}{" + latex.prose(label) + "}{"
            + latex.arabic(first_words(c.match.exact, room)) + "}")


def footnote(note: Note, linked: set[str], in_table: bool) -> str:
    """The note's LaTeX: ``\\bfnote`` (a superscript call) or ``\\bftablenote`` (a call "n. 12" in a table)."""
    body = "; ".join(passage(c, c.id in linked) for c in note.citations)
    macro = r"\bftablenote" if in_table else r"\bfnote"
    return macro + "{" + note.label + "}{" + body + "}"


def _citations(node: nodes.Element) -> Iterator[ev_node]:
    """Every citation under ``node`` in reading order. Walks down through ``children``: Sphinx's
    ``inline_all_toctrees`` moves a document's children without updating their ``parent``."""
    for child in node.children:
        if isinstance(child, ev_node):
            yield child
        elif isinstance(child, nodes.Element):
            yield from _citations(child)


def _in_table(node: nodes.Node, doctree: nodes.document) -> bool:
    parent = node.parent
    while parent is not None and parent is not doctree:
        if isinstance(parent, nodes.entry):
            return True
        parent = parent.parent
    return False


def _no_space_before(node: nodes.Node) -> None:
    """A note mark sits on the word it follows ("base¹", not "base ¹", which can also wrap the mark to the
    next line): the space the author typed before the citation goes. Not after a label such as "Cited:"."""
    parent = node.parent
    at = parent.index(node) if parent is not None else 0
    prev = parent[at - 1] if at else None
    if not isinstance(prev, nodes.Text) or not prev.astext()[-1:].isspace():
        return
    before = prev.astext().rstrip() or (parent[at - 2].astext().rstrip() if at > 1 else "")  # **Cited:** ␣
    if not before.endswith(":"):
        # by position: Text nodes compare equal by value, so parent.replace() could hit an earlier "\n"
        parent[at - 1] = nodes.Text(prev.astext().rstrip())


def _groups(doctree: nodes.document) -> list[list[ev_node]]:
    """The citations in reading order, those side by side (no text between them) as one group."""
    groups: list[list[ev_node]] = []
    for node in _citations(doctree):
        if groups:
            last = groups[-1][-1]
            if last.parent is node.parent and node.parent.index(node) == node.parent.index(last) + 1:
                groups[-1].append(node)
                continue
        groups.append([node])
    return groups


def resolve(doctree: nodes.document, registry: Registry) -> dict[str, list[int]]:
    """Replace every citation in the assembled LaTeX doctree by its footnote. Returns, per evidence id,
    the running numbers of the notes that cite it (for the appendix's links back)."""
    in_appendix = {eid for node in doctree.findall(source_text_node)
                   for eid, _ in latex.cited_spans(registry, registry.corpus[node["source"]])}
    cited_by: dict[str, list[int]] = {}
    for number, group in enumerate(_groups(doctree), start=1):
        note = Note(number)
        for node in group:
            c = cite(node["evidence"], registry)
            if all(c.id != seen.id for seen in note.citations):
                note.citations.append(c)
            if number not in cited_by.setdefault(c.id, []):
                cited_by[c.id].append(number)
        first = group[0]
        _no_space_before(first)
        for extra in group[1:]:
            extra.parent.remove(extra)
        first.replace_self(nodes.raw("", footnote(note, in_appendix, _in_table(first, doctree)), format="latex"))
    return cited_by
