"""LaTeX for citations, inline Arabic and the appendix. Every string from data goes through ``escape``:
no data is ever LaTeX source."""

from __future__ import annotations

import hashlib

from ..anchor import Match
from ..characters import neutralise
from ..corpus import Source
from ..evidence import Registry
from ..typography import curly_quotes

_SPECIALS = str.maketrans({
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "#": r"\#", "&": r"\&", "_": r"\_",
    "$": r"\$", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}", "\u00a0": " ",
    # every character TeX or a PDF viewer could take as a line or paragraph break
    "\n": " ", "\r": " ", "\x0b": " ", "\x0c": " ", "\x85": " ", "\u2028": " ", "\u2029": " ",
})
_CONTROLS = {c: None for c in [*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F, *range(0x80, 0x85), *range(0x86, 0xA0)]}


def escape(text: str) -> str:
    """Text as LaTeX text: every special character printed, never interpreted; controls dropped; a bidi or
    other invisible character printed as ``[U+202E]`` (braced, so safe inside an optional argument)."""
    return neutralise(text.translate(_CONTROLS).translate(_SPECIALS), marker="{{[}}{code}{{]}}")


def prose(text: str, inside_double: bool = False) -> str:
    """English text from data as LaTeX: curly quotation marks, every quotation closed, then escaped."""
    return escape(curly_quotes(text, inside_double))


def arabic(text: str) -> str:
    return r"\foreignlanguage{arabic}{" + escape(text) + "}"


def source_meta(source: Source, reliability=None) -> str:  # noqa: ANN001 — briefing.reliability.Reliability
    """A source's metadata for readers: outlet, title (Arabic, then the project's translation), date and
    reliability. Nothing internal (file names, checksums, ids): the HTML edition and the data carry those."""
    p = source.published
    # no bracket after the Arabic: babel draws a neutral that follows an Arabic run inside it, mirrored
    date = (prose(p.display()) + "; printed as " + arabic(p.as_printed)
            if not p.inferred else prose(f"{p.display()}. {p.reason}"))
    rows = [("Outlet", prose(source.outlet_en) + (r" \bfarabicrun{" + escape(source.outlet_ar) + "}" if source.outlet_ar else "")
             + (". " + prose(source.outlet_note) if source.outlet_note else "")),
            ("Title", r"\emph{as printed}\bfrtlblock{" + escape(source.title_ar) + "}"),
            ("Published", date),
            ("Reliability", prose(". ".join((f"{label}: " if label else "") + text for label, text in reliability.parts()))
             if reliability else "not yet assessed")]
    items = "".join(r"\bfsourcefield{" + k + "}{" + v + "}\n" for k, v in rows)
    return r"\begin{bfsourcemeta}" + "\n" + items + r"\end{bfsourcemeta}" + "\n"


def cited_spans(registry: Registry, source: Source) -> list[tuple[str, Match]]:
    """The passages of ``source`` in the evidence registry, in text order, with their evidence ids (each
    lies inside one title or body paragraph)."""
    return sorted(((ev.id, registry.match(ev.id)) for ev in registry.for_source(source.id)),
                  key=lambda s: (s[1].start, -s[1].end))


def passage_label(evidence_id: str) -> str:
    """The LaTeX label of a passage's place in the appendix: a digest, so no id (data) is LaTeX."""
    return "bf-src-" + hashlib.sha256(evidence_id.encode("utf-8")).hexdigest()[:16]


def _backlinks(numbers: list[int]) -> str:
    """"p. 12 n. 4, p. 30 n. 2": each note citing a passage, linked (labels from numbers only)."""
    return ", ".join(r"\bfnoteref{bf-n-" + str(n) + "}" for n in numbers)


def source_text(registry: Registry, source: Source, cited_by: dict[str, list[int]] | None = None) -> str:
    """Each passage of ``source`` the book cites, once, in text order: its paragraph, the Arabic set right to
    left beside the project's translation, and links back to the notes that cite it."""
    cited_by = cited_by or {}
    entries = [(eid, m) for eid, m in cited_spans(registry, source) if cited_by.get(eid)]
    if not entries:
        return r"\bfnopassages" + "\n"
    out = []
    for eid, m in entries:
        where = "title" if m.paragraph == 0 else f"¶{m.paragraph}"
        out.append(r"\bfsourcepassage{" + passage_label(eid) + "}{" + where + "}{" + escape(m.exact) + "}{"
                   + prose(registry[eid].translation, inside_double=True) + "}{" + _backlinks(cited_by[eid]) + "}\n")
    return r"\begin{bfpassages}" + "\n" + "".join(out) + r"\end{bfpassages}" + "\n"
