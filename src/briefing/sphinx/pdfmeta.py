"""The PDF's document metadata: its language (/Lang en) and an XMP packet whose dates say what they are.

- ``briefing:evidenceHorizon``: the newest source's latest possible date (``Corpus.as_of``): nothing after
  it is covered. Also written as Dublin Core ``dc:coverage`` ("Evidence to September 2025").
- ``briefing:editionDate`` (and PRISM's ``prism:publicationDate``): the edition's date (``briefing.edition``:
  ``data/edition.yaml``, or ``BRIEFING_EDITION_DATE`` for one build); nothing reads the clock.

The packet is written, XML-escaped, next to the LaTeX sources (``briefing-xmp.xml``) once Sphinx has written
them; ``briefing-layout.sty``'s ``\\bfembedxmp`` puts it in the PDF as the catalog's /Metadata stream.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from sphinx.application import Sphinx

from . import assets
from .horizons import edition

XMP_FILE = "briefing-xmp.xml"
NS_BRIEFING = "https://briefing.invalid/ns/edition/1.0/"


def xmp_packet(title: str, author: str, subject: str, horizon: dt.date, edition_date: dt.date) -> str:
    """An XMP packet (RDF/XML): title, author, description, language, and the two dates, named."""
    e = xml_escape
    edition_props = (f"<briefing:editionDate>{edition_date.isoformat()}</briefing:editionDate>"
                     f"<prism:publicationDate>{edition_date.isoformat()}</prism:publicationDate>")
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:prism="http://prismstandard.org/namespaces/basic/2.0/"'
        f' xmlns:briefing="{NS_BRIEFING}">\n'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(title)}</rdf:li></rdf:Alt></dc:title>\n'
        f'<dc:creator><rdf:Seq><rdf:li>{e(author)}</rdf:li></rdf:Seq></dc:creator>\n'
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(subject)}</rdf:li></rdf:Alt></dc:description>\n'
        '<dc:language><rdf:Bag><rdf:li>en</rdf:li><rdf:li>ar</rdf:li></rdf:Bag></dc:language>\n'
        f'<dc:coverage>Evidence to {horizon:%B %Y} (newest source: {horizon.isoformat()})</dc:coverage>\n'
        f'<briefing:evidenceHorizon>{horizon.isoformat()}</briefing:evidenceHorizon>\n'
        f'{edition_props}\n'
        '</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end="r"?>\n')


def name_xmp(app: Sphinx, config: Any) -> None:
    """``config-inited``: the preamble embeds the packet (``\\bfembedxmp``) if the LaTeX build wrote one."""
    assets.prepend_preamble(config, r"\newcommand{\bfxmpfile}{" + XMP_FILE + "}")


def write_xmp(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write the packet into the LaTeX output folder, before LaTeX runs. Not earlier:
    jupyter-book sets ``latex_documents`` (the title) after the builder is initialised."""
    if exception is not None or app.builder.format != "latex":
        return
    config = app.config
    ed = edition(app)
    title = config.latex_documents[0][2] if config.latex_documents else config.project
    packet = xmp_packet(str(title or ""), str(config.author or ""), str(config.briefing_subtitle or ""),
                        ed.evidence_horizon, ed.edition_date)
    out = Path(app.outdir)
    out.mkdir(parents=True, exist_ok=True)
    (out / XMP_FILE).write_text(packet, encoding="utf-8")


def setup(app: Sphinx) -> None:
    app.connect("config-inited", name_xmp)
    app.connect("build-finished", write_xmp)
