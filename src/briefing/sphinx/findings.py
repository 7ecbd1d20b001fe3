"""The ``accepted-findings`` directive: the reviewed claim-check findings that the book accepts, listed
in the methodology so a reader sees every waiver. Built from docutils text nodes: data is never markup."""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import Directive

from ..claims import accepted_findings
from ..errors import BriefingError
from .state import registry


def _table(headers: list[str], rows: list[list[str]], widths: list[int]) -> nodes.table:
    table = nodes.table(classes=["bf-findings"])
    group = nodes.tgroup(cols=len(headers))
    table += group
    group += [nodes.colspec(colwidth=w) for w in widths]
    head = nodes.thead()
    group += head
    head += nodes.row("", *[nodes.entry("", nodes.paragraph("", h)) for h in headers])
    body = nodes.tbody()
    group += body
    for cells in rows:
        body += nodes.row("", *[nodes.entry("", nodes.paragraph("", nodes.Text(c))) for c in cells])
    return table


class AcceptedFindingsDirective(Directive):
    """``accepted-findings``: a table of data/accepted-findings.yaml (where, facet, claim, reason, reviewer)."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        env = self.state.document.settings.env
        root = registry(env.app).corpus.root
        env.note_dependency(str(root / "data" / "accepted-findings.yaml"))
        try:
            accepted = accepted_findings(root)
        except BriefingError as exc:
            raise self.error(f"accepted-findings: {exc.message}") from None
        if not accepted:
            return [nodes.paragraph("", "No claim-check finding is accepted in this edition.")]
        rows = [[a.where, a.facet, a.claim, a.reason, f"{a.reviewer}, {a.date}"] for a in accepted]
        return [_table(["Where", "Facet", "Claim", "Why it is accepted", "Reviewed"], rows, [18, 8, 28, 34, 12])]
