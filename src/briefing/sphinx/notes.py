"""PDF notes a reader can follow: a one-line footnote per passage and chapter, and at each chapter's end
an "Evidence cited in this chapter" list with the full Arabic quote and the project's translation.

A footnote reads ``Hafryat, 31 January 2024, ¶2: “first words…” — see E4.30``; a repeated citation of
the passage in the same chapter prints the same footnote number again. Entry E4.30 (chapter 4, passage
30, numbered in order of first citation) gives the label, the quote right-to-left, the translation and
links back to its footnote and on to the passage's highlighted place in the sources appendix.

Sphinx's LaTeX builder resolves the whole book as ONE doctree (the root document with every chapter
inlined as a ``start_of_file`` node) and calls ``doctree-resolved`` once, with the root's docname, so
chapters are the outermost ``start_of_file`` nodes; citations outside them (the root document's own
text, before the first chapter) form chapter 0, "the introduction". Every string from data reaches
LaTeX through ``latex.escape``/``latex.arabic``; labels are built from numbers only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from docutils import nodes
from sphinx import addnodes

from ..cite import Citation, cite
from ..evidence import Registry
from . import latex
from .markup import ev_node, source_text_node

#: the LaTeX side: \\bfevidencesection, the bfevidence list, \\bfevidenceitem, per-chapter footnote numbers

#: a footnote's line in characters (footnote size, the text block's width): label, first words, "see E3.4"
NOTE_CHARS = 92
#: the first words of a quote in a footnote: at most this many characters (whole words), at least ``MIN``
FIRST_WORDS_CHARS, FIRST_WORDS_MIN = 30, 12


@dataclass
class Entry:
    """A passage cited in a chapter: its reader number (``E3.4``) and its footnote's label."""

    chapter: int
    n: int
    citation: Citation

    @property
    def number(self) -> str:
        return f"E{self.chapter}.{self.n}"

    @property
    def note_label(self) -> str:
        return f"bf-fn-{self.chapter}-{self.n}"

    @property
    def entry_label(self) -> str:
        return f"bf-ev-{self.chapter}-{self.n}"


@dataclass
class Chapter:
    """The passages one chapter cites, in order of first citation."""

    number: int
    entries: dict[str, Entry] = field(default_factory=dict)

    def entry(self, c: Citation) -> tuple[Entry, bool]:
        """The chapter's entry for ``c`` and whether this is its first citation here."""
        if c.id in self.entries:
            return self.entries[c.id], False
        e = self.entries[c.id] = Entry(self.number, len(self.entries) + 1, c)
        return e, True


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


def footnote(e: Entry) -> str:
    """The first citation of a passage in a chapter: a one-line footnote linked to its evidence entry."""
    c = e.citation
    label = c.label()
    room = min(FIRST_WORDS_CHARS, max(FIRST_WORDS_MIN, NOTE_CHARS - len(label) - len(": “” — see ") - len(e.number)))
    return (r"\footnote{\label{" + e.note_label + "}" + latex.escape(label) + ": “"
            + latex.arabic(first_words(c.match.exact, room)) + "” —~see~"
            + r"\hyperref[" + e.entry_label + "]{" + e.number + "}}")


def again(e: Entry) -> str:
    """A later citation of the passage in the same chapter: the same footnote number, linked."""
    return r"\textsuperscript{\ref{" + e.note_label + "}}"


def evidence_list(ch: Chapter, in_appendix: set[str]) -> str:
    """The chapter's evidence section: each passage once, in order of first citation."""
    title = "Evidence cited in the introduction" if ch.number == 0 else "Evidence cited in this chapter"
    items = []
    for e in ch.entries.values():
        c = e.citation
        where = (r"note~\ref{" + e.note_label + r"}, p.~\pageref*{" + e.note_label + "}")
        if c.id in in_appendix:
            src = latex.passage_label(c.id)
            where += r"; \hyperref[" + src + r"]{source text, p.~\pageref*{" + src + "}}"
        items.append(r"\bfevidenceitem{" + e.entry_label + "}{" + e.number + "}{" + latex.escape(c.label())
                     + "}{" + where + "}{" + latex.escape(c.match.exact) + "}{"
                     + latex.escape(c.evidence.translation) + "}\n")
    return ("\n" + r"\bfevidencesection{" + title + "}\n" + r"\begin{bfevidence}" + "\n" + "".join(items)
            + r"\end{bfevidence}" + "\n")


def _citations(node: nodes.Element, chapter: addnodes.start_of_file | None = None,
               ) -> Iterator[tuple[ev_node, addnodes.start_of_file | None]]:
    """Every citation under ``node`` in reading order, with the outermost ``start_of_file`` (its chapter)
    around it. Walks down through ``children``: Sphinx's ``inline_all_toctrees`` moves a document's
    children into the ``start_of_file`` without updating their ``parent``, so walking up would miss it."""
    for child in node.children:
        if isinstance(child, ev_node):
            yield child, chapter
        elif isinstance(child, nodes.Element):
            inner = child if chapter is None and isinstance(child, addnodes.start_of_file) else chapter
            yield from _citations(child, inner)


def _chapters(node: nodes.Element) -> Iterator[tuple[addnodes.start_of_file, nodes.Element]]:
    """The outermost ``start_of_file`` nodes in reading order, each with the node that holds it."""
    for child in node.children:
        if isinstance(child, addnodes.start_of_file):
            yield child, node
        elif isinstance(child, nodes.Element):
            yield from _chapters(child)


def resolve(doctree: nodes.document, registry: Registry) -> None:
    """Replace every citation in the assembled LaTeX doctree by its footnote (or its number again) and put
    each chapter's evidence section at the chapter's end."""
    in_appendix = {eid for node in doctree.findall(source_text_node)
                   for eid, _ in latex.cited_spans(registry, registry.corpus[node["source"]])}
    tops = list(_chapters(doctree))
    number = {id(n): i for i, (n, _) in enumerate(tops, start=1)}
    chapters: dict[int, Chapter] = {}
    for node, top in list(_citations(doctree)):
        ch_no = number[id(top)] if top is not None else 0
        ch = chapters.setdefault(ch_no, Chapter(ch_no))
        e, first = ch.entry(cite(node["evidence"], registry))
        sep = r"\textsuperscript{,}" if isinstance(node.next_node(descend=False, siblings=True), ev_node) else ""
        _no_space_before(node)
        node.replace_self(nodes.raw("", (footnote(e) if first else again(e)) + sep, format="latex"))
    for ch_no, ch in chapters.items():
        section = nodes.raw("", evidence_list(ch, in_appendix), format="latex")
        if ch_no:
            tops[ch_no - 1][0].append(section)
        elif tops:  # the introduction's list goes before the first chapter
            first, holder = tops[0]
            holder.insert(holder.index(first), section)
        else:
            doctree.append(section)
