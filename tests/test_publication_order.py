"""Sources listed "by date" sit at their printed date or, undated, at the middle of their inferred range: the
second read found Iraq Observer (undated, January–September 2024) listed before Hafryat (31 January 2024)
under "oldest first", because the lists sorted on the earliest possible day."""

from __future__ import annotations

from briefing import charts
from briefing.evidence import default_registry
from briefing.tables import load_table, publication_order


def test_the_sources_in_publication_order() -> None:
    corpus = default_registry().corpus
    assert [s.id for s in sorted(corpus, key=publication_order)] == [
        "hafryat-2024-01-31", "iraqobserver-2024", "unattributed-2024-q3", "jibal-2025-08-17", "erem-2025-09"]


def test_the_agreement_grid_uses_that_order() -> None:
    registry = default_registry()
    fig = charts.agreement_matrix(load_table("claims"), registry)
    columns = [str(c).split("<br>")[0] for c in fig.fig.layout.xaxis.categoryarray]
    assert columns.index("Hafryat") < columns.index("Iraq") < columns.index("Unidentified"), columns
