"""LaTeX for citations, inline Arabic and the appendix. Every string from data goes through ``escape``:
no data is ever LaTeX source."""

from __future__ import annotations

import hashlib

from ..anchor import Match
from ..characters import neutralise
from ..corpus import Source
from ..evidence import Registry

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


def arabic(text: str) -> str:
    return r"\foreignlanguage{arabic}{" + escape(text) + "}"


def source_meta(source: Source, reliability=None) -> str:  # noqa: ANN001 — briefing.reliability.Reliability
    p = source.published
    # no bracket after the Arabic: babel draws a neutral that follows an Arabic run inside it, mirrored
    date = (escape(p.display()) + "; printed as " + arabic(p.as_printed)
            if not p.inferred else escape(f"{p.display()}. {p.reason}"))
    rows = [("Outlet", escape(source.outlet_en) + (" " + arabic(source.outlet_ar) if source.outlet_ar else "")
             + (". " + escape(source.outlet_note) if source.outlet_note else "")),
            ("Title", arabic(source.title_ar)),
            ("Published", date),
            ("Reliability", escape(". ".join((f"{label}: " if label else "") + text for label, text in reliability.parts()))
             if reliability else "not yet assessed"),
            ("File", r"\texttt{data/sources/" + escape(source.path.name) + r"},\newline sha256 \texttt{\footnotesize\seqsplit{"
             + escape(source.sha256) + "}}")]
    items = "".join(r"\item[" + k + "] " + v + "\n" for k, v in rows)
    return (r"\begin{description}" + "\n" + items + r"\end{description}" + "\n"
            r"\noindent\emph{Body paragraphs are numbered; lines that are not article text are omitted here "
            r"(see the HTML edition); cited passages are highlighted.}\par\medskip" + "\n")


def cited_spans(registry: Registry, source: Source) -> list[tuple[str, Match]]:
    """The passages the appendix highlights, in text order, with their evidence ids: each lies inside one
    title or body paragraph and does not overlap an earlier one."""
    spans = sorted(((ev.id, registry.match(ev.id)) for ev in registry.for_source(source.id)),
                   key=lambda s: (s[1].start, -s[1].end))
    kept = []
    for block in source.blocks:
        if block.kind in ("body", "title"):
            pos = block.start
            for eid, m in spans:
                if block.start <= m.start and m.end <= block.end and m.start >= pos:
                    kept.append((eid, m))
                    pos = m.end
    return kept


def passage_label(evidence_id: str) -> str:
    """The LaTeX label of a passage's highlighted place in the appendix: a digest, so no id (data) is LaTeX."""
    return "bf-src-" + hashlib.sha256(evidence_id.encode("utf-8")).hexdigest()[:16]


def source_text(registry: Registry, source: Source) -> str:
    """The title and body paragraphs, right-to-left, with every cited span highlighted (and labelled)."""
    spans = cited_spans(registry, source)
    out = []
    for block in source.blocks:
        if block.kind not in ("body", "title"):
            continue
        pieces, pos = [], block.start
        for eid, m in spans:
            if block.start <= m.start and m.end <= block.end:
                pieces.append(escape(source.text[pos:m.start]))
                pieces.append(r"\phantomsection\label{" + passage_label(eid) + "}"
                              + r"\bfmark{" + escape(source.text[m.start:m.end]) + "}")
                pos = m.end
        pieces.append(escape(source.text[pos:block.end]))
        label = "title" if block.kind == "title" else f"¶{block.paragraph}"
        out.append(r"\par\noindent\textbf{" + label + r"}\quad\foreignlanguage{arabic}{" + "".join(pieces) + "}\n")
    return "\n".join(out)
