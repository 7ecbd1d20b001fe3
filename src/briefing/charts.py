"""The book's figures, built from the data tables. Each returns a ``briefing.figures.Figure``.

Text from data reaches plotly only through ``plotly_text`` / ``plotly_arabic`` (escaped for plotly's
HTML subset; Arabic in a right-to-left isolate), and the narrow-screen list view only as ``Entry``
fields (escaped as HTML). Colours are the Okabe–Ito colour-blind-safe palette, always paired with a
shape or a text label.
"""

from __future__ import annotations

import datetime as dt
import textwrap

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .cite import cite
from .dates import parse_span, span_text
from .edition import Edition, load_edition
from .evidence import Registry, default_registry
from .figures import PRINT_MAX_HEIGHT, Entry, Figure, plotly_arabic, plotly_text
from .precision import SINGLE_SOURCE, statement_status
from .standards.horizons import dates_a_target
from .tables import IMPACT_ORDER, LIKELIHOOD_ORDER, load_table, publication_order, topic_holds_as_of_report
from .usage import split_ids

OKABE_ITO = {"orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73", "yellow": "#F0E442",
             "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7", "grey": "#999999"}
KIND_STYLE = {
    "event": {"name": "Reported event", "symbol": "circle", "color": OKABE_ITO["blue"]},
    "plan": {"name": "Scheduled plan or deadline", "symbol": "diamond", "color": OKABE_ITO["vermillion"]},
    "forecast": {"name": "Forecast or estimate", "symbol": "triangle-up", "color": OKABE_ITO["green"]},
}
STANCE_CODE = {"opposes": 0, "inferred-opposes": 1, "conditional": 2, "ambiguous": 3, "inferred-supports": 4,
               "supports": 5}
# an outlet's inference is its own category, in a paler shade of the stance it infers
STANCE_COLOR = [OKABE_ITO["vermillion"], "#f3c1a3", OKABE_ITO["orange"], "#d9d9d9", "#c6e4f6", OKABE_ITO["sky"]]
STATUS_STYLE = {  # agreement grid: status of a source's statement within its topic
    "corroborated": {"name": "Corroborated (another source says the same)", "symbol": "circle",
                     "color": OKABE_ITO["blue"]},
    "differs in precision": {"name": "Differs in precision (another source is more or less precise, not contrary)",
                             "symbol": "diamond-open", "color": OKABE_ITO["purple"]},
    "differs by reporting date": {"name": "Differs by reporting date (a later report gives a later state or date, "
                                           "not a contradiction)", "symbol": "triangle-up-open",
                                  "color": OKABE_ITO["green"]},
    "conflicting": {"name": "Conflicting (another source says otherwise)", "symbol": "x",
                    "color": OKABE_ITO["vermillion"]},
    "single source": {"name": "Single source (no other source on this)", "symbol": "square-open",
                      "color": OKABE_ITO["orange"]},
}
FONT = "DejaVu Sans, Noto Sans Arabic, sans-serif"
FOCUS_START, FOCUS_END = dt.date(2023, 1, 1), dt.date(2027, 12, 31)


def _wrap(text: str, width: int = 60) -> str:
    """Plain text for plotly, escaped and wrapped with <br> (the only markup we add)."""
    return "<br>".join(plotly_text(line) for line in textwrap.wrap(str(text), width, break_on_hyphens=False))


def _wrap_ar(text: str, width: int = 55) -> str:
    return "<br>".join(plotly_arabic(line) for line in textwrap.wrap(str(text), width, break_on_hyphens=False))


def _evidence_hover(ids: str, registry: Registry, limit: int = 2) -> str:
    parts = []
    for eid in split_ids(ids)[:limit]:
        c = cite(eid, registry)
        parts.append(f"<b>{plotly_text(c.label())}</b><br>{_wrap_ar(c.match.exact, 55)}<br>"
                     f"<i>“{_wrap(c.evidence.translation, 60)}”</i>")
    return "<br>".join(parts)


def _first_quote(ids: str, registry: Registry) -> tuple[str, str]:
    """(label, Arabic passage) of the first cited evidence, for list views: 'Al-Jibal, 17 August 2025, ¶14',
    with the outlet the source relays when the passage's speaker came through one ('…, ¶7, relaying Baghdad
    Today'), so a list entry never credits a relayed statement to the relaying article alone."""
    c = cite(split_ids(ids)[0], registry)
    return c.label() + (f", relaying {c.relay()}" if c.relay() else ""), c.match.exact


def inference_by(ids: str, registry: Registry) -> tuple[str, str]:
    """Whose an inferred stance is: the outlets that report it ("Erem News") and the voices its passages give it
    to ("unnamed specialists"), or '' when the outlet draws it itself (from "indicators")."""
    cited = [cite(eid, registry) for eid in split_ids(ids)]
    outlets = " and ".join(dict.fromkeys(c.source.outlet_en for c in cited)) or "the outlet"
    return outlets, ", ".join(dict.fromkeys(c.evidence.speaker for c in cited if c.evidence.speaker))


def stance_label(stance: str, ids: str, registry: Registry) -> str:
    """The stance as shown in the list: an inference is its own category and names who drew it, "supports (an
    inference by Erem News)" or "supports (an inference by unnamed specialists, reported by Erem News)"."""
    if not stance.startswith("inferred-"):
        return stance
    outlets, voices = inference_by(ids, registry)
    by = f"{voices}, reported by {outlets}" if voices else outlets
    return f"{stance.removeprefix('inferred-')} (an inference by {by})"


def event_date(date: str) -> dt.date:
    """A point to plot for an ISO date of day, month or year precision (middle of the period), or the middle
    of a range ``A/B``."""
    if "/" in date:
        span = parse_span(date)
        return span.earliest + (span.latest - span.earliest) / 2
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 7, 1)
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], 15)
    return dt.date(*parts)


def display_date(date: str, precision: str) -> str:
    """The date as readers see it: '17 September 2025', 'September 2025', '2025', a range 'May–August 2025'."""
    if precision == "range":
        return span_text(date)
    d = event_date(date)
    return {"day": f"{d.day} {d:%B %Y}", "month": f"{d:%B %Y}", "year": f"{d.year}"}[precision]


def _grid_layout(fig: go.Figure, x_title: str, y_title: str, height: int, top: int, size: int) -> None:
    """Layout of a category × category grid: column labels on top, rows read downwards. No plotly title
    (the caption carries it, so the modebar never covers it)."""
    fig.update_layout(
        xaxis={"title": {"text": x_title}, "side": "top", "tickangle": 0, "automargin": True},
        yaxis={"title": {"text": y_title}, "autorange": "reversed", "automargin": True},
        height=height, margin={"l": 10, "r": 10, "t": top, "b": 20}, font={"family": FONT, "size": size},
        hoverlabel={"align": "left"}, template="plotly_white")


def merge_events(events: pd.DataFrame, registry: Registry) -> pd.DataFrame:
    """Near-duplicate rows merged: scheduled plans with the same deadline (the same plan as reported by
    several sources) become one row, with every member kept for the hover and the number of distinct
    sources (``sources``) for the badge. The row takes the members' label when they share one, else a
    neutral "Plans due September 2026": one source's framing ("the coalition's tasks", "US withdrawal from
    Harir") must not stand for plans the others describe differently. Events and forecasts on the same date
    stay apart (they are different happenings)."""
    ev = events.assign(x=events["date"].map(event_date)).sort_values(["x", "id"])
    ev = ev.assign(_group=[f"{k}|{d}" if k == "plan" else f"{k}|{d}|{i}" for k, d, i in zip(ev["kind"], ev["date"], ev["id"])])
    rows = []
    for _, group in ev.groupby("_group", sort=False):
        members = list(group.itertuples())
        labels = {m.label for m in members}
        label = labels.pop() if len(labels) == 1 else f"Plans due {span_text(members[0].date)}"
        sources = {registry[eid].source for m in members for eid in split_ids(m.evidence)}
        rows.append({"label": label, "kind": members[0].kind, "x": members[0].x, "date": members[0].date,
                     "precision": members[0].precision, "members": members, "sources": len(sources)})
    return pd.DataFrame(rows).sort_values(["x", "label"]).reset_index(drop=True)


#: the characters a row label takes per line before it wraps (on screen; a capped print may widen it)
ROW_LABEL_WIDTH = 34


def _row_label(text: str, width: int = ROW_LABEL_WIDTH) -> str:
    """A row label wrapped at ``width`` characters, whole (never cut with '…', never broken inside a hyphenated
    name): the figure gives each row the height of its longest label (``_row_pitch``)."""
    return "<br>".join(plotly_text(line) for line in textwrap.wrap(text, width, break_on_hyphens=False))


def _row_pitch(rows: list[str], minimum: int) -> int:
    """The height in px of one row: ``minimum`` for labels of up to two lines, 15 px more per further line."""
    lines = max((r.count("<br>") + 1 for r in rows), default=1)
    return minimum + 15 * max(0, lines - 2)


def _print_row_ticks(labels: list[str], categories: list[str], height: int, chrome: int) -> dict:
    """The y axis as printed when the figure is capped at PRINT_MAX_HEIGHT: its rows then share less height than
    on screen, so each label is rewrapped as wide as it must be (from ``_row_label``'s width) to take no more
    lines than its row holds, 15 px a line; ``chrome`` is the height of everything but the rows."""
    pitch = (min(height, PRINT_MAX_HEIGHT) - chrome) / max(1, len(labels))
    lines = max(1, int(pitch // 15))
    for width in range(ROW_LABEL_WIDTH, 61):
        wrapped = [_row_label(text, width) for text in labels]
        if max(w.count("<br>") + 1 for w in wrapped) <= lines:
            break
    return {"tickmode": "array", "tickvals": categories, "ticktext": wrapped}


def passed_notes(ev: pd.DataFrame, edition: Edition) -> list[str]:
    """For each merged row of ``merge_events``: the edition's note on a plan or forecast dated by its target
    whose last day (of its month or year) is before the edition date ("horizon passed; this corpus holds
    no outcome", for a scheduled plan "deadline passed; this corpus reports no completion", or "date passed by
    the newest source" when the sources reached it), else ''. Events, and
    forecasts placed at the date of their report, have no horizon."""
    notes = []
    for r in ev.itertuples():
        first = r.members[0]
        note = str(first.date_note) if isinstance(first.date_note, str) else ""
        notes.append(edition.passed_note(parse_span(r.date).latest, scheduled=r.kind == "plan")
                     if dates_a_target(r.kind, note) else "")
    return notes


def timeline(events: pd.DataFrame, registry: Registry | None = None, edition: Edition | None = None) -> Figure:
    """Reported events, scheduled plans and forecasts, one row per entry (same kind and date merged):
    a narrow context panel for the years before 2023 and a focus panel on 2023–2027 with month ticks. A plan
    or forecast whose date the edition (``briefing.edition``, never the clock) has passed says so in its
    hover and in the list under the figure."""
    registry = registry or default_registry()
    edition = edition or load_edition(registry.corpus.root, registry.corpus)
    ev = merge_events(events, registry)
    ev["passed"] = passed_notes(ev, edition)
    ev["row"] = [_row_label(t) for t in ev["label"]]
    order = list(ev["row"])
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, column_widths=[0.17, 0.83], horizontal_spacing=0.045)
    past = ev["x"] < FOCUS_START
    for kind, style in KIND_STYLE.items():
        for col, part in ((1, ev[(ev["kind"] == kind) & past]), (2, ev[(ev["kind"] == kind) & ~past])):
            hover = []
            for r in part.itertuples():
                lines = []
                passed = f" ({plotly_text(r.passed)})" if r.passed else ""
                for m in r.members:
                    lines.append(f"<b>{plotly_text(m.label)}</b><br>{display_date(m.date, m.precision)}{passed}"
                                 + (f" <i>({_wrap(m.date_note, 70)})</i>" if m.date_note else "")
                                 + f"<br>{_wrap(m.summary)}<br>{_evidence_hover(m.evidence, registry, 1)}")
                hover.append("<br><br>".join(lines[:3]) + ("<br>…" if len(lines) > 3 else ""))
            badge = [f"{r.sources} sources" if len(r.members) > 1 else "" for r in part.itertuples()]
            fig.add_trace(go.Scatter(
                x=part["x"], y=part["row"], mode="markers+text", name=style["name"], legendgroup=kind,
                showlegend=col == 2, text=badge, textposition="middle right", textfont={"size": 11},
                marker={"symbol": style["symbol"], "size": 13, "color": style["color"],
                        "line": {"width": 1, "color": "white"}},
                hovertext=hover, hoverinfo="text"), row=1, col=col)
    years = sorted({x.year for x in ev["x"][past]}) or [2011]
    ticks = sorted({years[0], years[-1]})
    fig.update_xaxes(type="date", range=[dt.date(years[0] - 1, 1, 1), dt.date(years[-1] + 1, 12, 31)],
                     tickvals=[dt.date(y, 7, 1) for y in ticks], ticktext=[str(y) for y in ticks], tickangle=0,
                     showgrid=True, row=1, col=1)
    fig.update_xaxes(type="date", range=[FOCUS_START - dt.timedelta(days=20), FOCUS_END], dtick="M6",
                     tickformat="%b<br>%Y", showgrid=True, tickangle=0,
                     minor={"dtick": "M1", "ticks": "outside", "showgrid": False}, row=1, col=2)
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1], automargin=True, row=1, col=1)
    for col, text in ((1, "Earlier"), (2, "2023–2027, by month (focus)")):
        fig.add_annotation(text=text, xref=f"x{col if col > 1 else ''} domain", yref="paper", x=0, y=1,
                           xanchor="left", yanchor="bottom", showarrow=False, font={"size": 12})
    height = max(420, _row_pitch(order, 38) * len(order) + 180)
    fig.update_layout(
        legend={"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0},
        height=height, margin={"l": 10, "r": 20, "t": 30, "b": 110},
        font={"family": FONT, "size": 12}, hoverlabel={"align": "left"}, template="plotly_white")
    entries = []
    for r in ev.itertuples():
        # every entry of a merged row keeps its own summary, each with the passage it is first cited to
        said = [f"{m.summary} ({_first_quote(m.evidence, registry)[0]})" for m in r.members]
        entries.append(Entry(
            heading=f"{display_date(r.date, r.precision)}: {r.label}" + (f" ({r.passed})" if r.passed else ""),
            badge=f"{r.sources} sources" if len(r.members) > 1 else "",
            detail=f"{KIND_STYLE[r.kind]['name']}. " + " ".join(said),
            # a merged row's entry gives each source's summary with its passage reference: one Arabic passage
            # after them all would read as the last-named source's words, so it gives none
            arabic=_first_quote(r.members[0].evidence, registry)[1] if len(r.members) == 1 else ""))
    # on paper the focus panel is 420 px wide: a tick a year (months as minor ticks), and the narrow panel's
    # two years upright, so that no label runs into the next ("20112014", "20232023…" at screen ticks)
    on_paper = {"xaxis": {"tickangle": -90},
                "xaxis2": {"dtick": "M12", "tickformat": "%Y", "minor": {"dtick": "M3", "ticks": "outside"}},
                "yaxis": _print_row_ticks(list(ev["label"]), order, height, chrome=180)}
    return Figure(fig, "timeline", print_layout=on_paper,
                  title="Timeline: reported events, scheduled plans and forecasts", alt=(
        f"Dot timeline of {len(events)} entries ({len(ev)} rows after merging plans with the same deadline) "
        f"from {ev['x'].min():%Y} to {ev['x'].max():%Y}: a narrow panel for the years before 2023, a wide "
        "panel for 2023–2027 by month; circles are reported events, diamonds scheduled plans, triangles "
        "forecasts; a badge gives the number of sources of a merged row."),
        caption="As the sources date them; year or month precision is plotted at mid-period, and plans with "
                "the same deadline from several sources share a row, with a badge for their number. In the web edition "
                "the list of entries under the figure gives each entry's passage.", height=height, entries=entries)


def display_stated(stated: str, dated_by: str) -> str:
    """A position's ``stated`` date for readers: "17 August 2025", "January 2024", or an inferred range
    ("July–September 2024 (date inferred)"). A date the project resolved from a relative expression
    (``dated_by`` is "resolved") says so: "26 January 2024 (date inferred from the text)". When the source
    does not date the statement (``dated_by`` is "report"), the date is the report's and says so: "statement
    undated; reported 31 January 2024"."""
    if "/" in stated:
        first, last = (dt.date.fromisoformat(d) for d in stated.split("/"))
        if (first.year, first.month) == (last.year, last.month):
            span = f"{first:%B %Y}"
        elif first.year == last.year:
            span = f"{first:%B}–{last:%B %Y}"
        else:
            span = f"{first:%B %Y} – {last:%B %Y}"
        when = f"{span} (date inferred)"
    else:
        parts = stated.split("-")
        if len(parts) == 3:
            when = f"{dt.date.fromisoformat(stated):%-d %B %Y}"
        elif len(parts) == 2:
            when = f"{dt.date(int(parts[0]), int(parts[1]), 1):%B %Y}"
        else:
            when = stated
    if dated_by == "resolved" and not when.endswith("(date inferred)"):
        return f"{when} (date inferred from the text)"
    return f"statement undated; reported {when}" if dated_by == "report" else when


def _cell_stance(stance: str, ids: str, registry: Registry) -> str:
    """The stance as a cell shows it: an inference is its own category, 'inferred support (Erem News)', with the
    outlet that reports it (the list entry names who drew it: the cells are too narrow, in print, for more)."""
    if not stance.startswith("inferred-"):
        return stance
    noun = "support" if stance == "inferred-supports" else "opposition"
    return f"inferred {noun}\n({inference_by(ids, registry)[0]})"


def _question_axis(text: str) -> str:
    return "<br>".join(plotly_text(line) for line in textwrap.wrap(text, 18, break_on_hyphens=False))


def positions_matrix(positions: pd.DataFrame, actors: pd.DataFrame, registry: Registry | None = None,
                     questions: pd.DataFrame | None = None) -> Figure:
    """Actors × questions (data/questions.csv, in its order), each cell naming the stance and coloured by it;
    an outlet's inference is its own, paler category labelled with the outlet; blank where the sources state
    no position. Hover and list entries give the summary, the attribution and the date of the statement."""
    registry = registry or default_registry()
    questions = questions if questions is not None else load_table("questions", registry)
    labels = dict(zip(questions["id"], questions["question"]))
    names = dict(zip(actors["id"], actors["name"]))
    groups = dict(zip(actors["id"], actors["group"]))
    ordered = sorted(positions["actor"].unique(), key=lambda a: (groups.get(a, ""), names.get(a, a)))
    rows = [_row_label(names.get(a, a), 22) for a in ordered]
    cols = [q for q in questions["id"] if q in set(positions["question"])]
    z, text, hover, entries = [], [], [], []
    for actor in ordered:
        zr, tr, hr = [], [], []
        for q in cols:
            hit = positions[(positions["actor"] == actor) & (positions["question"] == q)]
            if hit.empty:
                zr.append(None), tr.append(""), hr.append("No position stated in the sources")
                continue
            r = hit.iloc[0]
            stance = stance_label(r["stance"], r["evidence"], registry)
            when = display_stated(r["stated"], r["dated_by"])
            zr.append(STANCE_CODE[r["stance"]])
            tr.append("<br>".join(plotly_text(line) for line in _cell_stance(r["stance"], r["evidence"], registry).split("\n")))
            hr.append(f"<b>{plotly_text(names.get(actor, actor))}</b> — {plotly_text(labels[q])}: "
                      f"<b>{plotly_text(stance)}</b> ({plotly_text(r['attribution'])}, {plotly_text(when)})"
                      f"<br>{_wrap(r['summary'])}<br><br>{_evidence_hover(r['evidence'], registry, 1)}")
            source, quote = _first_quote(r["evidence"], registry)
            entries.append(Entry(heading=f"{names.get(actor, actor)} — {labels[q]}: {stance}",
                                 detail=f"{r['summary']} ({r['attribution']}, {when}; {source})", arabic=quote))
        z.append(zr), text.append(tr), hover.append(hr)
    scale = []
    n = len(STANCE_COLOR)
    for i, color in enumerate(STANCE_COLOR):
        scale += [[i / n, color], [(i + 1) / n, color]]
    fig = go.Figure(go.Heatmap(
        z=z, x=[_question_axis(labels[c]) for c in cols], y=rows, text=text, texttemplate="%{text}",
        textfont={"size": 11}, hovertext=hover, hoverinfo="text", colorscale=scale, zmin=-0.5, zmax=n - 0.5,
        xgap=3, ygap=3, showscale=False))
    height = max(420, _row_pitch(rows, 36) * len(rows) + 140)
    _grid_layout(fig, x_title="", y_title="", height=height, top=70, size=12)
    question_list = "; ".join(labels[c] for c in cols)
    return Figure(fig, "positions-matrix", title="Who holds which position", height=height, entries=entries, alt=(
        f"Grid of {len(rows)} actors against {len(cols)} questions ({question_list}); each cell names the stance "
        "and is coloured by it, an inference paler."),
        caption="Stances as the sources report them, dated. 'Inferred support (Erem News)' is a reading that outlet "
                "reports, its own or that of voices it cites; it is not the actor's statement. "
                "Blank: no position stated.")


RISK_STEP_X, RISK_STEP_Y, RISK_PER_ROW = 0.42, 0.34, 2


def risk_offsets(cells: list[tuple[int, int]]) -> list[tuple[float, float]]:
    """Offsets that spread the risks sharing a likelihood × impact cell on a small grid (up to
    RISK_PER_ROW side by side, further rows below), centred on the cell, so no two markers overlap, within a
    cell or across neighbouring cells, for up to four risks per cell."""
    count: dict[tuple[int, int], int] = {}
    for cell in cells:
        count[cell] = count.get(cell, 0) + 1
    seen: dict[tuple[int, int], int] = {}
    out = []
    for cell in cells:
        k = seen.get(cell, 0)
        seen[cell] = k + 1
        n = count[cell]
        per_row = min(n, RISK_PER_ROW)
        rows = (n + RISK_PER_ROW - 1) // RISK_PER_ROW
        row, col = divmod(k, RISK_PER_ROW)
        in_row = per_row if row < rows - 1 else n - per_row * (rows - 1)
        out.append((RISK_STEP_X * (col - (in_row - 1) / 2), RISK_STEP_Y * ((rows - 1) / 2 - row)))
    return out


def risk_matrix(risks: pd.DataFrame) -> Figure:
    """Likelihood (ICD-203 terms) against impact, one point per risk, its code (column ``code``, e.g. R1)
    written inside the marker (the full names are in the hover and in the register table). The hover and the
    list give the rating only: each risk's mechanism is printed once, in the chapter's analysis."""
    x = [LIKELIHOOD_ORDER.index(v) for v in risks["likelihood"]]
    y = [IMPACT_ORDER.index(v) for v in risks["impact"]]
    offsets = risk_offsets(list(zip(x, y)))
    codes = list(risks["code"]) if "code" in risks else [f"R{i + 1}" for i in range(len(risks))]
    fig = go.Figure(go.Scatter(
        x=[a + dx for a, (dx, _) in zip(x, offsets)], y=[b + dy for b, (_, dy) in zip(y, offsets)],
        mode="markers+text", text=[plotly_text(c) for c in codes], textposition="middle center",
        textfont={"size": 12, "color": "white"},
        marker={"size": 28, "color": OKABE_ITO["blue"], "line": {"width": 1, "color": "white"}},
        hovertext=[f"<b>{plotly_text(c)}. {plotly_text(r.risk)}</b><br>Likelihood: {plotly_text(r.likelihood)}; "
                   f"confidence: {plotly_text(r.confidence)}; impact: {plotly_text(r.impact)}"
                   for c, r in zip(codes, risks.itertuples())],
        hoverinfo="text"))
    fig.update_layout(
        xaxis={"title": {"text": "Likelihood (ICD-203), to September 2026"}, "tickvals": list(range(7)),
               "ticktext": [t.replace(" ", "<br>", 1) for t in LIKELIHOOD_ORDER], "tickangle": 0,
               "range": [-0.5, 6.5], "automargin": True},
        yaxis={"title": {"text": "Impact"}, "tickvals": list(range(4)), "ticktext": IMPACT_ORDER,
               "range": [-0.5, 3.5], "automargin": True},
        height=480, margin={"l": 10, "r": 10, "t": 20, "b": 60}, font={"family": FONT, "size": 12},
        showlegend=False, template="plotly_white", hoverlabel={"align": "left"})
    # The mechanism is printed once, in the chapter's analysis of each risk, not again in the figure.
    entries = [Entry(heading=f"{c}. {r.risk}",
                     detail=f"Likelihood: {r.likelihood}; confidence: {r.confidence}; impact: {r.impact}.")
               for c, r in zip(codes, risks.itertuples())]
    return Figure(fig, "risk-matrix", title="Risk register: likelihood and impact (project assessment)",
                  height=480, entries=entries, alt=(
        f"Scatter of {len(risks)} risks, {codes[0]} to {codes[-1]}, by likelihood (x, seven ICD-203 terms) and "
        "impact (y, low to severe)."),
        caption="Each risk by its code; the register below names it.")


#: statuses from the most to the least concordant: a source giving several values on a topic is marked by the last
SEVERITY = ["single source", "corroborated", "differs in precision", "differs by reporting date", "conflicting"]


def claim_status(keys: list[str], key: str, dates: list | None = None) -> str:
    """A source's statement within its topic: corroborated when another source gives the same value,
    differs in precision when the others give only values that contain it or that it contains ("2025"
    and "2025-09"), differs by reporting date when, for a fact that holds as of its report (``dates``: each
    key's reporting date), every contrary value was reported on another date, conflicting when another
    gives a contrary value, single source when no other speaks (``briefing.precision.statement_status``)."""
    at = keys.index(key)
    others = keys[:at] + keys[at + 1:]
    other_dates = None if dates is None else dates[:at] + dates[at + 1:]
    status = statement_status(key, others, None if dates is None else dates[at], other_dates)
    return "single source" if status == SINGLE_SOURCE else status


def agreement_matrix(claims: pd.DataFrame, registry: Registry | None = None) -> Figure:
    """Topics × sources: a marker where a source speaks, its colour and shape giving the status of what it
    says (corroborated / differs in precision / conflicting / single source); the value itself is in the hover and the list."""
    registry = registry or default_registry()
    sources = sorted(registry.corpus, key=publication_order)
    cols = ["<br>".join(plotly_text(line) for line in textwrap.wrap(s.outlet_en, 12) + textwrap.wrap(
        s.published.display().replace(" (inferred)", "*").replace("–", "– "), 11)) for s in sources]
    topics = list(dict.fromkeys(claims["topic"]))
    points: dict[str, list[tuple[str, str, str]]] = {k: [] for k in STATUS_STYLE}
    entries = []
    for topic in topics:
        group = claims[claims["topic"] == topic]
        said = []  # every value each source gives on the topic (one source may give two: an officer's
        for s, col in zip(sources, cols):  # expectation and a government source's deadline)
            said += [(s, col, r) for r in group.itertuples() if registry[split_ids(r.evidence)[0]].source == s.id]
        as_of = topic_holds_as_of_report(group)
        for s, col in dict.fromkeys((s, col) for s, col, _ in said):
            mine = [r for t, _, r in said if t == s]
            others = [(r.value_key, publication_order(t)) for t, _, r in said if t != s]
            statuses = []
            for r in mine:
                status = claim_status([r.value_key] + [k for k, _ in others], r.value_key,
                                      [publication_order(s)] + [d for _, d in others] if as_of else None)
                statuses.append(status)
                label, quote = _first_quote(r.evidence, registry)
                entries.append(Entry(heading=f"{topic} — {s.outlet_en}", badge=status, detail=f"{r.value} ({label})",
                                     arabic=quote))
            # the marker takes the status of the source's least concordant value; the hover gives each value
            shown = max(statuses, key=SEVERITY.index)
            hover = f"<b>{plotly_text(topic)}</b> — {plotly_text(s.outlet_en)}: <b>{shown}</b>" + "".join(
                (f"<br>{_wrap(r.value)}<br>" if len(mine) == 1 else f"<br><br><i>{st}</i>: {_wrap(r.value)}")
                + f"<br>{_evidence_hover(r.evidence, registry, 1)}" for r, st in zip(mine, statuses))
            points[shown].append((col, plotly_text(topic), hover))
    fig = go.Figure()
    for status, style in STATUS_STYLE.items():
        pts = points[status]
        fig.add_trace(go.Scatter(
            x=[p[0] for p in pts], y=[p[1] for p in pts], mode="markers", name=style["name"],
            marker={"symbol": style["symbol"], "size": 18, "color": style["color"],
                    "line": {"width": 2, "color": style["color"]}},
            hovertext=[p[2] for p in pts], hoverinfo="text"))
    height = 44 * len(topics) + 230
    _grid_layout(fig, x_title="Source, by publication date (* date inferred)", y_title="",
                 height=height, top=40, size=12)
    fig.update_layout(legend={"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0},
                      margin={"b": 100})
    fig.update_xaxes(categoryorder="array", categoryarray=cols, type="category", range=[-0.5, len(cols) - 0.5])
    fig.update_yaxes(categoryorder="array", categoryarray=[plotly_text(t) for t in topics], type="category")
    return Figure(fig, "agreement-matrix", title="Where the sources agree and disagree", height=height,
                  entries=entries, alt=(
        f"Grid of {len(topics)} topics against {len(sources)} sources; a marker where a source speaks: blue "
        "circle corroborated, purple open diamond differs in precision (more or less precise, not contrary), "
        "green open triangle differs by reporting date (a later report, not a contradiction), vermillion cross "
        "conflicting, orange open square single source; blank where the source is silent. The values are in the "
        "table that follows the figure."),
        caption="What each source says on each fact reported more than once, by the status of its value "
                "(the legend names each marker; an outlet that gives two values is marked by the one that agrees "
                "less); the table that follows gives each value with its passage.")
