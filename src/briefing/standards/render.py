"""The analytic data as the chapters print it: the bottom line, the key judgments, the scenarios and the
indicators ("What to check"), as MyST built by ``briefing.myst`` (every value from data escaped; citation
roles from validated ids; ``{horizon}`` roles from validated dates).

Call them from a chapter's code cell::

    from briefing.standards.render import bottom_line, key_judgments, scenarios, what_to_check
    bottom_line()           # or, under a bottom line written as prose, bottom_line_basis()
    key_judgments()
    scenarios("us-presence-after-phase-two")   # or scenarios() for every set
    what_to_check()

Statuses are judged against the edition date (``briefing.edition``), never the clock, so the committed
outputs do not change with the calendar; horizon dates are printed through the ``{horizon}`` role, which
the build renders as passed when the edition is after them (and, in HTML, at view time too).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from IPython.display import Markdown

from ..dates import long_date, parse_day, parse_span
from ..edition import PASSED_NOTE, Edition, load_edition
from ..errors import DataError
from ..evidence import Registry, default_registry
from ..myst import Trusted, cite_role, escape, md_text
from .data import ids, table
from .indicators import status_of
from .markers import clauses
from .scenarios import probability


def _context(registry: Registry | None, edition: Edition | None) -> tuple[Registry, Path, Edition]:
    registry = registry or default_registry()
    root = registry.corpus.root
    return registry, root, edition or load_edition(root, registry.corpus)


def _cites(cell: str) -> Trusted:
    found = ids(cell)
    return Trusted(" " + cite_role(found)) if found else Trusted("")


def horizon(value: str, compact: bool = False) -> Trusted:
    """``{horizon}`YYYY-MM-DD``` for a valid day, or ``{horizon}`YYYY-MM``` / ``{horizon}`YYYY``` for a plan
    dated to the month or year (rebuilt from the parsed date, so nothing else can pass), else the escaped
    text. The build renders it as passed when the edition is after its last day; ``compact`` (the role
    ``{horizon-short}``) says only "passed", for a list whose introduction says what that means."""
    role = "{horizon-short}`" if compact else "{horizon}`"
    try:
        return Trusted(role + parse_day(value).isoformat() + "`")
    except ValueError:
        pass
    if re.fullmatch(r"\d{4}(-\d{2})?", value.strip()):
        try:
            latest = parse_span(value).latest
        except ValueError:
            return Trusted(escape(value))
        return Trusted(role + (f"{latest:%Y-%m}" if "-" in value else f"{latest:%Y}") + "`")
    return Trusted(escape(value))


def marked_text(text: str, evidence: str) -> Trusted:
    """A basis with its markers (``briefing.standards.markers``) as citation roles in place, the text between
    them escaped; evidence ids no marker places are cited at the end (``briefing check`` refuses that for
    the tables whose bases must be marked)."""
    parts = clauses(text)
    out = "".join(md_text("{text}", text=c.text) + _cites(";".join(c.ids)) for c in parts)
    placed = {i for c in parts for i in c.ids}
    rest = [i for i in ids(evidence) if i not in placed]
    return Trusted(out + _cites(";".join(rest)))


def _judgment_md(row: dict[str, str], compact: bool = False) -> str:
    """'**Judgment.** (*likely*, moderate confidence; horizon {horizon}`…`) Basis: … {ev}`…` … {ev}`…`'."""
    term = md_text("*{likelihood}*, ", likelihood=row["likelihood"]) if row["likelihood"] else ""
    return (md_text("**{judgment}** (", judgment=row["judgment"]) + term
            + md_text("{confidence} confidence; horizon ", confidence=row["confidence"])
            + horizon(row["horizon"], compact)
            + md_text(") Basis: ") + marked_text(row["basis"], row["evidence"]))


def _bottom_line_row(root: Path) -> dict[str, str]:
    rows = [r for r in table(root, "judgments") if r["rank"] == "bottom-line"]
    if len(rows) != 1:
        raise DataError("data/judgments.csv", f"has {len(rows)} bottom-line rows, needs exactly one",
                        "set rank to bottom-line on the one main judgment")
    return rows[0]


def bottom_line(registry: Registry | None = None, edition: Edition | None = None) -> Markdown:
    """The bottom-line judgment (rank ``bottom-line`` in data/judgments.csv) as one paragraph."""
    _, root, _ = _context(registry, edition)
    return Markdown(_judgment_md(_bottom_line_row(root)))


def bottom_line_basis(registry: Registry | None = None, edition: Edition | None = None) -> Markdown:
    """What the bottom line's confidence rests on, for a chapter that writes the bottom line itself as prose:
    '*Basis* (moderate confidence): … {ev}`…`', from the bottom-line row of data/judgments.csv."""
    _, root, _ = _context(registry, edition)
    row = _bottom_line_row(root)
    return Markdown(md_text("*Basis* ({confidence} confidence): ", confidence=row["confidence"])
                    + marked_text(row["basis"], row["evidence"]))


def key_judgments(registry: Registry | None = None, edition: Edition | None = None,
                  compact: bool = False) -> Markdown:
    """The key judgments (ranks 1…6, in order) as a numbered list; ``compact`` horizons say only "passed"
    (``{horizon-short}``), for a chapter that says once, above the list, what a passed horizon means."""
    _, root, _ = _context(registry, edition)
    rows = [r for r in table(root, "judgments") if r["rank"] != "bottom-line"]
    try:
        rows.sort(key=lambda r: int(r["rank"]))
    except ValueError:
        bad = next(r for r in rows if not r["rank"].isdigit())
        raise DataError(f"data/judgments.csv:{bad['_line']} (rank)", f"rank '{bad['rank'][:20]}' is not a number",
                        "use bottom-line for the main judgment and 1, 2, 3 … for the key judgments") from None
    return Markdown("\n".join(f"{n}. " + _judgment_md(r, compact) for n, r in enumerate(rows, start=1)))


def _target_labels(root: Path, codes: Mapping[str, str] | None = None) -> dict[str, str]:
    """id -> how a reader finds it: "key judgment 2", "the bottom line", a scenario's or a risk's name, or the
    code the chapter gives it (``codes``: {"r-faction-attacks": "R1"} -> "risk R1")."""
    labels = {}
    for row in table(root, "judgments"):
        labels[row["id"]] = "the bottom line" if row["rank"] == "bottom-line" else f"key judgment {row['rank']}"
    scenario_rows = table(root, "scenarios")
    shorts = [_short_scenario(row["scenario"]) for row in scenario_rows]
    distinct = len(set(shorts)) == len(shorts)  # else the full wording, so no two scenarios read alike
    for row, short in zip(scenario_rows, shorts):
        labels[row["id"]] = f"scenario “{short if distinct else row['scenario']}”"
    for row in table(root, "risks"):
        labels[row["id"]] = f"risk “{row['risk']}”"
    for id_, code in (codes or {}).items():
        kind = "risk" if id_ in {r["id"] for r in table(root, "risks")} else "scenario" if id_ in {
            r["id"] for r in scenario_rows} else ""
        labels[id_] = f"{kind} {code}".strip()
    return labels


def _short_scenario(text: str) -> str:
    """A scenario as an indicator refers to it: its name before a colon ("Kurdistan only: US forces remain …"),
    else its text up to the first parenthesis or comma ("US military forces remain only in the Kurdistan
    Region"); the full wording is printed once, in the scenario list."""
    return re.split(r": | \(|, ", text, maxsplit=1)[0].rstrip(".")


def scenarios(set_name: str | None = None, registry: Registry | None = None,
              edition: Edition | None = None, signposts: bool = True, horizon_line: bool = True) -> Markdown:
    """The scenarios of one set (or of every set), each with its probability, ICD-203 term and signposts,
    highest probability first; a horizon the set's scenarios share is printed once, under the list (or not at
    all with ``horizon_line=False``, for a chapter that states it once for its risks and scenarios together). A
    chapter whose What to check already names the scenario each indicator moves passes ``signposts=False``."""
    _, root, ed = _context(registry, edition)
    rows = [r for r in table(root, "scenarios") if set_name is None or r["set"] == set_name]
    if not rows:
        raise DataError("data/scenarios.csv", f"has no scenario in set '{set_name}'",
                        "use a set name of the file's set column")
    indicator_rows = table(root, "indicators")
    checks = {r["id"]: r["indicator"] for r in indicator_rows}
    numbers = check_numbers(indicator_rows, ed)
    blocks = []
    for name in dict.fromkeys(r["set"] for r in rows):
        members = sorted((r for r in rows if r["set"] == name), key=lambda r: -(probability(r) or 0))
        shared = len({r["horizon"] for r in members}) == 1
        items = []
        for r in members:
            posts = _signposts(ids(r["signposts"]), checks, numbers)
            term = md_text("- **{scenario}** {probability} % (*{likelihood}*", scenario=r["scenario"],
                           probability=r["probability"], likelihood=r["likelihood"])
            items.append(term + (Trusted(")") if shared else md_text("; horizon ") + horizon(r["horizon"]) + ")")
                         + (md_text(". Signposts: {signposts}.", signposts=posts or "none") if signposts else md_text("."))
                         + _cites(r["evidence"]))
        head = "" if set_name else md_text("**{name}** ({n} scenarios)\n\n", name=name, n=len(members))
        tail = ("\n\n" + md_text("Every scenario of this set has the horizon ") + horizon(members[0]["horizon"]) + ".") \
            if shared and horizon_line else ""
        blocks.append(head + "\n".join(items) + tail)
    return Markdown("\n\n".join(blocks))


def _signposts(found: list[str], checks: dict[str, str], numbers: dict[str, int]) -> str:
    """A scenario's signposts: "items 1, 2 and 7 of What to check" when What to check numbers each of them
    (``check_numbers``), else their names ("Harir vacated; US numbers")."""
    if found and all(i in numbers for i in found):
        return _numbered([numbers[i] for i in found]) + " of What to check"
    return "; ".join(checks.get(i, i) for i in found)


def indicator_status(row: dict[str, str], edition: Edition) -> Trusted:
    """What the book shows for an indicator: open (check-by as a {horizon} role, so a browser marks it once
    passed), "horizon passed 30 September 2026; this corpus holds no outcome", met or not met (cited)."""
    status = status_of(row, edition)
    if status == "passed":
        return md_text("horizon passed {day}; {note}", day=long_date(parse_day(row["check_by"])),
                       note=PASSED_NOTE.removeprefix("horizon passed; "))
    if status == "open":
        return Trusted(md_text("open; check by ") + horizon(row["check_by"]))
    return Trusted(md_text("{status}", status="met" if status == "met" else "not met") + _cites(row["outcome_evidence"]))


def _indicator_order(row: dict[str, str]) -> tuple[int, str, str]:
    """Ranked indicators first (rank 1 = most decisive), then the unranked by check-by date."""
    rank = row.get("rank", "")
    return (int(rank) if rank.isdigit() else 10**6, row["check_by"], row["id"])


def check_numbers(rows: list[dict[str, str]], edition: Edition) -> dict[str, int]:
    """id -> the number What to check prints for it: the ranked checks still to make (not past their horizon),
    1, 2, 3 … in rank order with no gap; both rows of one observation share its number. Lapsed and unranked
    checks get none (the first are listed after, by name; the second bulleted)."""
    numbers: dict[str, int] = {}
    groups = [g for g in _one_observation_each(sorted(rows, key=_indicator_order))
              if g[0].get("rank", "").isdigit() and status_of(g[0], edition) != "passed"]
    for n, group in enumerate(groups, start=1):
        numbers.update({r["id"]: n for r in group})
    return numbers


def _numbered(numbers: list[int]) -> str:
    """[1, 2, 3] -> "items 1–3"; [1, 4] -> "items 1 and 4"; [2] -> "item 2"."""
    numbers = sorted(set(numbers))
    if len(numbers) == 1:
        return f"item {numbers[0]}"
    if len(numbers) > 2 and numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"items {numbers[0]}–{numbers[-1]}"
    return "items " + ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"


def what_to_check(registry: Registry | None = None, edition: Edition | None = None,
                  codes: Mapping[str, str] | None = None) -> Markdown:
    """The indicators, judged against the edition date. Those still to check (open, met or not met) come first,
    each in full: what to check, the threshold, what meeting it would move, and its check-by date (a {horizon}
    role that a browser marks once the reader's date passes it) or its status, cited. Those whose horizon passed
    with no outcome follow in one paragraph, by name, under the date each lapsed. Ranked indicators (``rank`` in
    data/indicators.csv, 1 = the most decisive) are numbered 1, 2, 3 … in rank order (``check_numbers``, which a
    scenario's signposts and ``first_checks`` use too); without ranks, soonest check-by date first, bulleted.
    ``codes`` names risks or scenarios by the codes the chapter gives them ("risk R2")."""
    _, root, ed = _context(registry, edition)
    labels = _target_labels(root, codes)
    all_rows = table(root, "indicators")
    rows = sorted(all_rows, key=_indicator_order)
    numbers = check_numbers(all_rows, ed)
    items: list[str] = []
    lapsed: dict[str, list[str]] = {}
    for group in _one_observation_each(rows):
        first = group[0]
        status = status_of(first, ed)
        name = first["indicator"].rstrip(".")
        if status == "passed":
            lapsed.setdefault(first["check_by"], []).append(md_text("{name}", name=lower_first(name)))
            continue
        effects = " and ".join(md_text("{direction} {moves}", direction=r["direction"],
                                       moves="; ".join(labels.get(i, i) for i in ids(r["moves"]))) for r in group)
        end = Trusted(md_text(". Check by ") + horizon(first["check_by"]) + ".") if status == "open" \
            else Trusted(md_text(". Status: ") + indicator_status(first, ed) + ".")
        marker = f"{numbers[first['id']]}. " if first["id"] in numbers else "- "
        items.append(marker + md_text("**{indicator}** Threshold: {threshold}. ", indicator=name + ".",
                                      threshold=first["threshold"].rstrip("."))
                     + effects[:1].upper() + effects[1:] + end)
    tail = ""
    if lapsed:
        tail = md_text("*Past their horizon, with no outcome in this corpus:*") + "\n\n" + "\n".join(
            md_text("- horizon passed {day}: ", day=long_date(parse_day(day))) + "; ".join(names)
            + (";" if i < len(lapsed) - 1 else ".")
            for i, (day, names) in enumerate(sorted(lapsed.items())))
    return Markdown("\n\n".join(part for part in ("\n".join(items), tail) if part))


def first_checks(count: int = 3, where: str = "", registry: Registry | None = None,
                 edition: Edition | None = None) -> Markdown:
    """'To update it, check first: <check 1>; <check 2>; <check 3> (items 1–3 of What to check WHERE).': the
    most decisive checks still to make, as What to check numbers them, so a chapter that points to them cannot
    name a lapsed check or a number the list no longer gives. ``where`` is the author's MyST ("in the
    [risks chapter](risks.ipynb)")."""
    _, root, ed = _context(registry, edition)
    rows = table(root, "indicators")
    numbers = check_numbers(rows, ed)
    by_number = {}
    for row in rows:
        if row["id"] in numbers:
            by_number.setdefault(numbers[row["id"]], row)
    chosen = [by_number[n] for n in sorted(by_number)[:count]]
    if not chosen:
        return Markdown("")
    names = "; ".join(md_text("{name}", name=lower_first(r["indicator"].rstrip("."))) for r in chosen)
    return Markdown(md_text("To update it, check first: ") + names
                    + Trusted(f" ({_numbered([numbers[r['id']] for r in chosen])} of What to check"
                              + (f" {where}" if where else "") + ")."))


def lower_first(text: str) -> str:
    """'The text of …' -> 'the text of …' after a colon or semicolon (the risks chapter's impact definitions too). A first word in capitals ("US forces") or
    one of ``_NAMES_FIRST`` keeps its case; any other capitalised first word is lowered, so an indicator
    whose name starts with a proper noun not in that list must be added to it."""
    first = text.split(" ", 1)[0]
    if first[:1].isupper() and (len(first) == 1 or first[1:].islower()) and first not in _NAMES_FIRST:
        return text[:1].lower() + text[1:]
    return text


_NAMES_FIRST = {"Iraq", "Iraq's", "Iraqi", "Erbil", "Baghdad", "Kurdistan", "Washington", "Harir", "Ain", "ISIS"}


def _one_observation_each(rows: list[dict[str, str]]) -> list[list[dict[str, str]]]:
    """Rows that record one observation (same indicator, threshold, check-by and status) grouped, in the order
    of their first row: ``direction`` is one per row, so an observation that raises some ids and lowers others
    is two rows, and the reader sees it once ("Meeting it raises … and lowers …")."""
    groups: dict[tuple[str, str, str, str, str], list[dict[str, str]]] = {}
    for r in rows:
        key = (r["indicator"], r["threshold"], r["check_by"], r["status"], r["outcome_evidence"])
        groups.setdefault(key, []).append(r)
    return list(groups.values())
