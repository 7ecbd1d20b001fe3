"""The book's figures, built from the data tables. Each returns a ``briefing.figures.Figure``."""

from __future__ import annotations

import datetime as dt
import html
import textwrap

import pandas as pd
import plotly.graph_objects as go

from .cite import cite
from .evidence import Registry, default_registry
from .figures import Figure
from .tables import IMPACT_ORDER, LIKELIHOOD_ORDER
from .usage import split_ids

KIND_STYLE = {
    "event": {"name": "Reported event", "symbol": "circle", "color": "#1f5f8b"},
    "plan": {"name": "Scheduled plan or deadline", "symbol": "diamond", "color": "#c0392b"},
    "forecast": {"name": "Forecast or estimate", "symbol": "triangle-up", "color": "#7d8c2e"},
}
STANCE_CODE = {"opposes": 0, "conditional": 1, "ambiguous": 2, "supports": 3}
STANCE_COLOR = ["#c0392b", "#e6a23c", "#b0b0b0", "#2e7d4f"]
QUESTION_LABEL = {"timing": "Timing of withdrawal", "residual_us": "Residual US presence",
                  "bilateral": "Bilateral security agreements"}
QUESTION_AXIS = {"timing": "Timing of<br>withdrawal", "residual_us": "Residual US<br>presence",
                 "bilateral": "Bilateral security<br>agreements"}
FONT = "DejaVu Sans, Noto Sans Arabic, sans-serif"


def _wrap(text: str, width: int = 60) -> str:
    return "<br>".join(textwrap.wrap(html.escape(text), width))


def _evidence_hover(ids: str, registry: Registry, limit: int = 2) -> str:
    parts = []
    for eid in split_ids(ids)[:limit]:
        c = cite(eid, registry)
        parts.append(f"<b>{html.escape(c.label())}</b><br>{_wrap(c.match.exact, 55)}<br>"
                     f"<i>“{_wrap(c.evidence.translation, 60)}”</i>")
    return "<br>".join(parts)


def event_date(date: str) -> dt.date:
    """A point to plot for an ISO date of day, month or year precision (middle of the period)."""
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 7, 1)
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], 15)
    return dt.date(*parts)


def display_date(date: str, precision: str) -> str:
    d = event_date(date)
    return {"day": f"{d.day} {d:%B %Y}", "month": f"{d:%B %Y}", "year": f"{d.year}"}[precision]


def _grid_layout(fig: go.Figure, title: str, x_title: str, y_title: str, height: int, top: int, size: int) -> None:
    """Layout of a category × category grid: column labels on top, rows read downwards."""
    fig.update_layout(
        title={"text": title},
        xaxis={"title": {"text": x_title}, "side": "top", "tickangle": 0},
        yaxis={"title": {"text": y_title}, "autorange": "reversed", "automargin": True},
        height=height, margin={"l": 10, "r": 10, "t": top, "b": 20}, font={"family": FONT, "size": size},
        hoverlabel={"align": "left"}, template="plotly_white")


def timeline(events: pd.DataFrame, registry: Registry | None = None) -> Figure:
    """Reported events, scheduled plans and forecasts on one time axis, one row per entry."""
    registry = registry or default_registry()
    ev = events.assign(x=events["date"].map(event_date)).sort_values(["x", "id"])
    order = list(ev["label"])
    fig = go.Figure()
    for kind, style in KIND_STYLE.items():
        part = ev[ev["kind"] == kind]
        hover = [
            f"<b>{html.escape(r.label)}</b><br>{display_date(r.date, r.precision)}"
            + (f" <i>({html.escape(r.date_note)})</i>" if r.date_note else "")
            + f"<br>{_wrap(r.summary)}<br><br>{_evidence_hover(r.evidence, registry)}"
            for r in part.itertuples()
        ]
        fig.add_trace(go.Scatter(
            x=part["x"], y=part["label"], mode="markers", name=style["name"],
            marker={"symbol": style["symbol"], "size": 13, "color": style["color"],
                    "line": {"width": 1, "color": "white"}},
            hovertext=hover, hoverinfo="text"))
    fig.update_layout(
        title={"text": "Timeline: reported events, scheduled plans and forecasts"},
        xaxis={"title": {"text": "Date (year or month precision plotted at mid-period)"}, "type": "date",
               "showgrid": True},
        yaxis={"title": {"text": ""}, "categoryorder": "array", "categoryarray": order[::-1],
               "automargin": True},
        legend={"orientation": "h", "y": -0.12, "x": 0},
        height=max(420, 28 * len(order) + 160), margin={"l": 10, "r": 20, "t": 60, "b": 90},
        font={"family": FONT, "size": 12}, hoverlabel={"align": "left"}, template="plotly_white")
    return Figure(fig, "timeline", alt=(
        f"Dot timeline of {len(ev)} entries from {ev['x'].min():%Y} to {ev['x'].max():%Y}; circles are reported "
        "events, diamonds scheduled plans, triangles forecasts."),
        caption="Reported events, scheduled plans and forecasts, as the sources date them. Hover for the "
                "source passage.", height=max(420, 28 * len(order) + 160))


def positions_matrix(positions: pd.DataFrame, actors: pd.DataFrame,
                     registry: Registry | None = None) -> Figure:
    """Actors × questions, coloured by stance; blank where the sources state no position."""
    registry = registry or default_registry()
    names = dict(zip(actors["id"], actors["name"]))
    groups = dict(zip(actors["id"], actors["group"]))
    ordered = sorted(positions["actor"].unique(), key=lambda a: (groups.get(a, ""), names.get(a, a)))
    rows = [f"{names.get(a, a)}" for a in ordered]
    cols = list(QUESTION_LABEL)
    z, text, hover = [], [], []
    for actor in ordered:
        zr, tr, hr = [], [], []
        for q in cols:
            hit = positions[(positions["actor"] == actor) & (positions["question"] == q)]
            if hit.empty:
                zr.append(None), tr.append(""), hr.append("No position stated in the sources")
            else:
                r = hit.iloc[0]
                zr.append(STANCE_CODE[r["stance"]]), tr.append(r["stance"])
                hr.append(f"<b>{html.escape(names.get(actor, actor))}</b> — {QUESTION_LABEL[q]}: "
                          f"<b>{r['stance']}</b><br>{_wrap(r['summary'])}<br><br>{_evidence_hover(r['evidence'], registry, 1)}")
        z.append(zr), text.append(tr), hover.append(hr)
    scale = []
    for i, color in enumerate(STANCE_COLOR):
        scale += [[i / 4, color], [(i + 1) / 4, color]]
    fig = go.Figure(go.Heatmap(
        z=z, x=[QUESTION_AXIS[c] for c in cols], y=rows, text=text, texttemplate="%{text}",
        hovertext=hover, hoverinfo="text", colorscale=scale, zmin=-0.5, zmax=3.5, xgap=3, ygap=3,
        colorbar={"title": {"text": "Stance"}, "tickvals": [0, 1, 2, 3], "len": 0.5, "y": 1, "yanchor": "top",
                  "ticktext": ["opposes", "conditional", "ambiguous", "supports"]}))
    height = max(420, 30 * len(rows) + 160)
    _grid_layout(fig, "Who holds which position", x_title="", y_title="Actor", height=height, top=100, size=12)
    return Figure(fig, "positions-matrix", height=height, alt=(
        f"Heatmap of {len(rows)} actors against three questions (timing of withdrawal, residual US presence, "
        "bilateral security agreements); cells coloured by stance, blank where no position is stated."),
        caption="Stances as the sources report them. 'Supports' on timing means supporting the agreed "
                "withdrawal timetable; blank cells mean the sources state no position.")


def risk_matrix(risks: pd.DataFrame) -> Figure:
    """Likelihood (ICD-203 terms) against impact, one point per risk, labelled with its code
    (column ``code``, e.g. R1; the full names are in the hover and in the register table)."""
    x = [LIKELIHOOD_ORDER.index(v) for v in risks["likelihood"]]
    y = [IMPACT_ORDER.index(v) for v in risks["impact"]]
    per_cell: dict[tuple[int, int], int] = {}
    for cell in zip(x, y):
        per_cell[cell] = per_cell.get(cell, 0) + 1
    seen: dict[tuple[int, int], int] = {}
    dx = []
    for cell in zip(x, y):  # spread risks that share a cell side by side
        k = seen.get(cell, 0)
        seen[cell] = k + 1
        dx.append(0.22 * (k - (per_cell[cell] - 1) / 2))
    codes = list(risks["code"]) if "code" in risks else [str(i + 1) for i in range(len(risks))]
    fig = go.Figure(go.Scatter(
        x=[a + b for a, b in zip(x, dx)], y=y, mode="markers+text", text=codes, textposition="top center",
        marker={"size": 16, "color": "#8a6d3b", "line": {"width": 1, "color": "white"}},
        hovertext=[f"<b>{html.escape(c)}. {html.escape(r.risk)}</b><br>Likelihood: {r.likelihood}; "
                   f"impact: {r.impact}<br>{_wrap(r.mechanism)}" for c, r in zip(codes, risks.itertuples())],
        hoverinfo="text"))
    fig.update_layout(
        title={"text": "Risk register: likelihood and impact (project assessment)"},
        xaxis={"title": {"text": "Likelihood (ICD-203), to September 2026"}, "tickvals": list(range(7)),
               "ticktext": [t.replace(" ", "<br>", 1) for t in LIKELIHOOD_ORDER], "tickangle": 0,
               "range": [-0.5, 6.5]},
        yaxis={"title": {"text": "Impact"}, "tickvals": list(range(4)), "ticktext": IMPACT_ORDER,
               "range": [-0.5, 3.6]},
        height=460, margin={"l": 10, "r": 10, "t": 60, "b": 60}, font={"family": FONT, "size": 12},
        showlegend=False, template="plotly_white", hoverlabel={"align": "left"})
    key = "; ".join(f"{c} {r}" for c, r in zip(codes, risks["risk"]))
    return Figure(fig, "risk-matrix", height=460, alt=(
        f"Scatter of {len(risks)} risks by likelihood (x, seven ICD-203 terms) and impact (y, low to severe): {key}."),
        caption="The project's assessment of each risk, labelled by code; the register below names each risk "
                "and gives the reasoning and the sources.")


VALUE_COLORS = ["#1f5f8b", "#d35400", "#8e44ad"]


def agreement_matrix(claims: pd.DataFrame, registry: Registry | None = None) -> Figure:
    """Topics × sources: what each source says, coloured by value within the topic (same colour = agree)."""
    registry = registry or default_registry()
    sources = sorted(registry.corpus, key=lambda s: s.published.earliest_possible)
    cols = [f"{s.outlet_en}<br>{s.published.display().replace(' (inferred)', '*')}" for s in sources]
    topics = list(dict.fromkeys(claims["topic"]))
    z, text, hover = [], [], []
    for topic in topics:
        group = claims[claims["topic"] == topic]
        keys = list(dict.fromkeys(group["value_key"]))
        zr, tr, hr = [], [], []
        for s in sources:
            hit = [r for r in group.itertuples() if registry[split_ids(r.evidence)[0]].source == s.id]
            if not hit:
                zr.append(None), tr.append(""), hr.append(f"{html.escape(s.outlet_en)}: says nothing on this")
                continue
            r = hit[0]
            zr.append(keys.index(r.value_key)), tr.append(_wrap(r.value, 22))
            hr.append(f"<b>{html.escape(topic)}</b><br>{_evidence_hover(r.evidence, registry, 1)}")
        z.append(zr), text.append(tr), hover.append(hr)
    scale = []
    for i, color in enumerate(VALUE_COLORS):
        scale += [[i / 3, color], [(i + 1) / 3, color]]
    fig = go.Figure(go.Heatmap(z=z, x=cols, y=topics, text=text, texttemplate="%{text}", textfont={"size": 10},
                               hovertext=hover, hoverinfo="text", colorscale=scale, zmin=-0.5, zmax=2.5,
                               showscale=False, xgap=3, ygap=3))
    height = 110 * len(topics) + 160
    _grid_layout(fig, "Where the sources agree and disagree", x_title="Source, oldest first (* date inferred)",
                 y_title="", height=height, top=120, size=11)
    return Figure(fig, "agreement-matrix", height=height, alt=(
        f"Grid of {len(topics)} topics against {len(sources)} sources; each cell gives what the source says, "
        "cells of the same colour within a row agree, blank cells mean the source is silent."),
        caption="What each source says on facts reported by more than one source. Within a row, the same "
                "colour means the same value; a different colour is a disagreement.")
