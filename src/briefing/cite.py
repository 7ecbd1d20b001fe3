"""Citation objects for notebooks, and W3C Web Annotation export of every citation."""

from __future__ import annotations

import html
from dataclasses import dataclass

from .anchor import Match
from .corpus import Source
from .evidence import Evidence, Registry, default_registry

APPENDIX = "sources"  # folder of the sources appendix pages, relative to the book's chapters


def where_in_source(match: Match) -> str:
    return "title" if match.paragraph == 0 else f"¶{match.paragraph}"


def attribution(evidence: Evidence, source: Source) -> str:
    """Who a quoted passage is credited to where the book prints it as a quotation: the speaker whose
    words or position it gives, if any, then the outlet and the source's date.

    'Hussein Allawi, the Prime Minister's adviser, via the official news agency; Al-Jibal, 17 August 2025'
    (the speaker, then after a semicolon the outlet that reports the words); 'Erem News, 1–30 September
    2025, date inferred' when the words are the outlet's own (the attribution is printed in parentheses,
    so an inferred date says so without nesting them).
    Plain text: escape it for the output (``briefing.myst.md_text``, HTML or LaTeX escaping)."""
    shown = source.published.display()
    if source.published.inferred:
        shown = shown.removesuffix(" (inferred)") + ", date inferred"
    reported = f"{source.outlet_en}, {shown}"
    return f"{evidence.speaker}; {reported}" if evidence.speaker else reported


@dataclass(frozen=True)
class Citation:
    """A resolved citation: evidence, the exact span it anchors to, and its source."""

    evidence: Evidence
    match: Match
    source: Source

    @property
    def id(self) -> str:
        return self.evidence.id

    @property
    def href(self) -> str:
        return f"{APPENDIX}/{self.source.id}.html#ev-{self.evidence.id}"

    def attribution(self) -> str:
        """The printed attribution of the passage (see ``attribution``)."""
        return attribution(self.evidence, self.source)

    def relay(self) -> str:
        """The outlet the source relays the passage's speaker through ("…, via Baghdad Today" → "Baghdad
        Today"), or '' when the speaker spoke to the source itself or there is none."""
        speaker = self.evidence.speaker
        return speaker.rsplit(" via ", 1)[1].strip() if " via " in speaker else ""

    def label(self) -> str:
        """'Al-Jibal, 17 August 2025, ¶14'."""
        return f"{self.source.outlet_en}, {self.source.published.display()}, {where_in_source(self.match)}"

    def __str__(self) -> str:
        return (f"[{self.id}] {self.label()}: «{self.match.exact}» — “{self.evidence.translation}” "
                "(project translation)")

    def __repr__(self) -> str:
        return f"<Citation {self.id}: {self.label()}>"

    def _repr_markdown_(self) -> str:
        # MyST role resolved by the briefing Sphinx extension (numbered marker in HTML, footnote in PDF)
        return f"{{ev}}`{self.id}`"

    def _repr_html_(self) -> str:
        e = html.escape
        return (f'<sup class="bf-cite"><a href="{e(self.href)}" title="{e(self.label())}">[{e(self.id)}]</a></sup>'
                f' <span class="bf-quote" lang="ar" dir="rtl">{e(self.match.exact)}</span>'
                f' <span class="bf-translation">“{e(self.evidence.translation)}”</span>')

    def annotation(self, base: str = "") -> dict:
        """This citation as a W3C Web Annotation (JSON-LD)."""
        m, s = self.match, self.source
        return {
            "@context": "http://www.w3.org/ns/anno.jsonld",
            "id": f"{base}#ev-{self.id}",
            "type": "Annotation",
            "motivation": "quoting",
            "body": {"type": "TextualBody", "value": self.evidence.translation, "language": "en",
                     "format": "text/plain", "purpose": "describing",
                     **({"note": self.evidence.note} if self.evidence.note else {})},
            "target": {
                "source": f"{base}data/sources/{s.path.name}",
                "state": {"type": "sha256", "value": s.sha256},
                "selector": [
                    {"type": "TextQuoteSelector", "exact": m.exact, "prefix": m.prefix, "suffix": m.suffix},
                    {"type": "TextPositionSelector", "start": m.start, "end": m.end},
                ],
            },
        }


def cite(evidence_id: str, registry: Registry | None = None) -> Citation:
    """Resolve an evidence id to a citation; raises a clear error when it does not anchor."""
    registry = registry or default_registry()
    ev = registry[evidence_id]
    return Citation(ev, registry.match(evidence_id), registry.corpus[ev.source])


def annotations(registry: Registry | None = None, base: str = "") -> dict:
    """Every evidence entry as one W3C AnnotationCollection (JSON-LD)."""
    registry = registry or default_registry()
    items = [cite(ev.id, registry).annotation(base) for ev in registry]
    return {"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection",
            "label": "Evidence cited in the briefing book", "total": len(items),
            "first": {"type": "AnnotationPage", "items": items}}
