"""A position's date as readers see it: the statement's own date, or, when the source does not date the
statement, the report's date marked as such ("statement undated; reported 31 January 2024"), in the
positions figure (hover and list view) and in the annex table alike (``charts.display_stated``)."""

from __future__ import annotations

import pytest

from briefing import charts
from briefing.evidence import default_registry
from briefing.tables import load_table


@pytest.mark.parametrize("stated, dated_by, shown", [
    ("2025-08-17", "statement", "17 August 2025"),
    ("2024-01", "statement", "January 2024"),
    ("2024-07-01/2024-09-30", "statement", "July–September 2024 (date inferred)"),
    ("2024-01-26", "resolved", "26 January 2024 (date inferred from the text)"),
    ("2024-01-31", "report", "statement undated; reported 31 January 2024"),
    ("2025-09-01/2025-09-30", "report", "statement undated; reported September 2025 (date inferred)"),
    ("2024-01-25/2025-09-30", "report", "statement undated; reported January 2024 – September 2025 (date inferred)"),
])
def test_display_stated(stated: str, dated_by: str, shown: str) -> None:
    assert charts.display_stated(stated, dated_by) == shown


def test_every_undated_statement_is_shown_as_reported_in_the_figure() -> None:
    """The second read found undated statements (Barzani's, the factions') shown with the article's date as
    if it were theirs; every row coded dated_by=report must say so wherever the figure shows its date."""
    registry = default_registry()
    positions, actors = load_table("positions"), load_table("actors")
    fig = charts.positions_matrix(positions, actors, registry, load_table("questions"))
    names = dict(zip(actors["id"], actors["name"]))
    reported = positions[positions["dated_by"] == "report"]
    assert len(reported) >= 10  # Hafryat's relayed faction statements, Erem News's reports and inferences…
    for r in reported.itertuples():
        entry = next(e for e in fig.entries if e.heading.startswith(f"{names[r.actor]} — ") and r.summary in e.detail)
        assert "statement undated; reported " in entry.detail, entry.detail
    dated = positions[positions["dated_by"] == "statement"]
    for r in dated.itertuples():
        entry = next(e for e in fig.entries if e.heading.startswith(f"{names[r.actor]} — ") and r.summary in e.detail)
        assert "statement undated" not in entry.detail, entry.detail
        assert "inferred from the text" not in entry.detail, entry.detail


def test_every_resolved_statement_date_is_marked_as_inferred() -> None:
    """The fourth read found the factions' "Friday evening" statement printed as 26 January 2024, the
    project's resolution shown as if the source printed the day; a row coded dated_by=resolved must say so
    in the figure and the annex table alike."""
    registry = default_registry()
    positions, actors = load_table("positions"), load_table("actors")
    fig = charts.positions_matrix(positions, actors, registry, load_table("questions"))
    names = dict(zip(actors["id"], actors["name"]))
    resolved = positions[positions["dated_by"] == "resolved"]
    assert len(resolved) >= 1  # the factions' statement "issued on Friday evening" (Hafryat)
    for r in resolved.itertuples():
        entry = next(e for e in fig.entries if e.heading.startswith(f"{names[r.actor]} — ") and r.summary in e.detail)
        assert "(date inferred from the text" in entry.detail, entry.detail


def test_a_relayed_statement_names_its_relay_in_the_list() -> None:
    """A statement the article relays from another outlet (speaker "…, via Baghdad Today") is credited in the
    figure's list to the article and the outlet it relays, never to the relaying article alone."""
    registry = default_registry()
    positions, actors = load_table("positions"), load_table("actors")
    fig = charts.positions_matrix(positions, actors, registry, load_table("questions"))
    relayed = [r for r in positions.itertuples() if " via " in registry[r.evidence.split(";")[0]].speaker]
    assert len(relayed) >= 3  # Allawi via the official agency, Rebin Salam via Baghdad Today, the embassy via Shafaq
    for r in relayed:
        relay = registry[r.evidence.split(";")[0]].speaker.rsplit(" via ", 1)[1].strip()
        entry = next(e for e in fig.entries if r.summary in e.detail)
        assert f"relaying {relay}" in entry.detail, entry.detail


def test_an_inferred_stance_names_whose_reading_it_is() -> None:
    """An inferred stance is its own category: the grid's cell names the outlet that reports it, and the list
    entry who drew it, the outlet or the voices its passages give it to. On the real data the regional
    government's inferred support is Erem News's own ('indicators'); the Trump administration's is the reading
    of the unnamed specialists Erem News cites."""
    registry = default_registry()
    positions, actors = load_table("positions"), load_table("actors")
    fig = charts.positions_matrix(positions, actors, registry, load_table("questions"))
    cells = [cell for row in fig.fig.data[0].text for cell in row if cell and cell.startswith("inferred ")]
    inferred = positions[positions["stance"].str.startswith("inferred-")]
    assert len(cells) == len(inferred) >= 2 and set(cells) == {"inferred support<br>(Erem News)"}
    headings = {e.heading for e in fig.entries}
    for r in inferred.itertuples():
        voices = [registry[e].speaker for e in r.evidence.split(";") if registry[e].speaker]
        label = charts.stance_label(r.stance, r.evidence, registry)
        assert all(v in label for v in voices) and "Erem News" in label, label
        assert any(label in h for h in headings), (label, headings)
    labels = {charts.stance_label(r.stance, r.evidence, registry) for r in inferred.itertuples()}
    assert labels == {"supports (an inference by Erem News)",
                      "supports (an inference by unnamed specialists, reported by Erem News)"}
