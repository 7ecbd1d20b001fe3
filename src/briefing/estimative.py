"""One estimative standard: the ICD-203 likelihood terms, three confidence levels, and the risk schema.

Likelihood is said only in the seven terms of US Intelligence Community Directive 203, confidence only
as low / moderate / high. ``estimative_problems`` flags any other probability language in Analysis
blocks (``:::{container} bf-analysis``) and in the risk register's text; ``risk_problems`` checks that
every risk carries likelihood, confidence with a one-line basis, impact on a scale defined in
data/risk-scales.csv, and a horizon date.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import BriefingError, DataError

# ICD-203 terms, least to most likely, with the probability band each stands for.
LIKELIHOOD = {
    "almost no chance": "1–5 %", "very unlikely": "5–20 %", "unlikely": "20–45 %",
    "roughly even chance": "45–55 %", "likely": "55–80 %", "very likely": "80–95 %", "almost certain": "95–99 %",
}
# The same bands as numbers (integer percent, inclusive): a boundary value may take either neighbouring term.
LIKELIHOOD_RANGE = {
    "almost no chance": (1, 5), "very unlikely": (5, 20), "unlikely": (20, 45), "roughly even chance": (45, 55),
    "likely": (55, 80), "very likely": (80, 95), "almost certain": (95, 99),
}
CONFIDENCE = {
    "low": "the information is scant, questionable, fragmented or from one source, or solid inferences cannot "
           "be drawn from it",
    "moderate": "the information is credibly sourced and plausible but not corroborated enough for higher "
                "confidence, or can be read in more than one way",
    "high": "the judgment rests on high-quality information from several independent sources, or the nature of "
            "the issue makes a solid judgment possible",
}
# Other probability language, with what to write instead. Matched case-insensitively on whole words,
# after the allowed terms have been blanked out.
OFF_STANDARD = [
    (r"most likely|more likely|less likely|least likely|likeliest|likelier", "a likelihood term on its own"),
    (r"(?:highly|quite|fairly|rather|somewhat|extremely|increasingly|reasonably) (?:likely|unlikely)",
     "one of the seven terms"),
    (r"probably|probable|improbable|probability|probabilities", "a likelihood term"),
    (r"plausible|plausibly|implausible", "a likelihood term, or say what the evidence shows"),
    (r"expected to|is expected|are expected|to be expected", "a likelihood term (or attribute the expectation "
     "to a source)"),
    (r"possibly|it is possible|quite possible|a possibility|distinct possibility", "a likelihood term"),
    (r"may well|might well|could well", "a likelihood term"),
    (r"chances?(?! of)|chances? of|odds|in all likelihood|good bet", "a likelihood term"),
    (r"certainly|surely|undoubtedly|doubtless|inevitabl[ey]|bound to|sure to", "almost certain / very likely"),
    (r"perhaps|maybe", "a likelihood term"),
    (r"(?:medium|fair|limited|strong|great) confidence", "low, moderate or high confidence"),
]
_OFF = re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p, _ in OFF_STANDARD) + r")\b", re.IGNORECASE)
_ALLOWED = re.compile(r"\b(?:" + "|".join(sorted(LIKELIHOOD, key=len, reverse=True)) + r")\b", re.IGNORECASE)
RISK_TEXT_COLUMNS = ("risk", "mechanism", "confidence_basis", "assessment")
SCALES_FILE = "data/risk-scales.csv"


@dataclass(frozen=True)
class Wording:
    """Probability language outside the standard, where it is and what to use instead."""

    where: str
    phrase: str
    instead: str


def off_standard(text: str) -> list[tuple[int, str, str]]:
    """(offset, phrase, what to use instead) for each probability phrase outside the standard in ``text``."""
    allowed = [m.span() for m in _ALLOWED.finditer(text)]
    out = []
    for m in _OFF.finditer(text):
        if any(a <= m.start() < b for a, b in allowed):
            continue  # "chance" or "chance of" starting inside "roughly even chance"
        phrase = m.group(0)
        instead = next(i for p, i in OFF_STANDARD if re.fullmatch(p, phrase, re.IGNORECASE))
        out.append((m.start(), phrase, instead))
    return out


def terms_for(probability: int) -> list[str]:
    """The ICD-203 term(s) for a probability in percent: one, or two at a band boundary (55 → roughly even
    chance or likely); none outside 1–99."""
    return [term for term, (low, high) in LIKELIHOOD_RANGE.items() if low <= probability <= high]


def _terms() -> str:
    return ", ".join(LIKELIHOOD)


def scan(root: Path) -> list[Wording]:
    """Off-standard probability language in Analysis blocks of the chapters and in data/risks.csv."""
    from .claims_prose import paragraphs

    found: list[Wording] = []
    pages = sorted((root / "book" / "_text").glob("*.md")) + sorted((root / "book").glob("*.md"))
    for path in pages:
        rel = str(path.relative_to(root))
        for para in paragraphs(path.read_text(encoding="utf-8")):
            if not para.analysis:
                continue
            for pos, phrase, instead in off_standard(para.text):
                found.append(Wording(f"{rel}:{para.lines[pos]}", phrase, instead))
    risks = root / "data" / "risks.csv"
    if risks.exists():
        with risks.open(encoding="utf-8", newline="") as fh:
            for lineno, row in enumerate(csv.DictReader(fh), start=2):
                for col in RISK_TEXT_COLUMNS:
                    for _, phrase, instead in off_standard(row.get(col) or ""):
                        found.append(Wording(f"data/risks.csv:{lineno} ({col})", phrase, instead))
    return found


def estimative_problems(root: Path) -> list[BriefingError]:
    """Each off-standard phrase as an error naming file:line, the phrase and the allowed terms."""
    return [BriefingError(w.where, f"probability language outside the estimative standard: “{w.phrase}”",
                          f"use {w.instead} — likelihood: {_terms()}; confidence: low, moderate, high")
            for w in scan(root)]


def impact_scales(root: Path) -> dict[str, dict]:
    """data/risk-scales.csv as {scale: {"label": what the impact is on, "levels": {level: definition}}}."""
    path = root / SCALES_FILE
    scales: dict[str, dict] = {}
    if not path.exists():
        return scales
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            entry = scales.setdefault(row["scale"], {"label": row["label"], "levels": {}})
            entry["levels"][row["level"]] = row["definition"]
    return scales


def risk_problems(root: Path) -> list[BriefingError]:
    """Every risk has confidence with a one-line basis, impact on a defined scale, and a horizon date."""
    from .tables import IMPACT_ORDER, IMPACT_SCALES

    problems: list[BriefingError] = []
    path = root / "data" / "risks.csv"
    if not path.exists():  # no risk table, nothing to scale
        return problems
    scales = impact_scales(root)
    if not scales:
        return [DataError(SCALES_FILE, "missing: the impact scales are not defined",
                          "restore it from git (columns scale,label,level,definition)")]
    for scale in IMPACT_SCALES:
        missing = [lvl for lvl in IMPACT_ORDER if lvl not in scales.get(scale, {}).get("levels", {})]
        if missing:
            problems.append(DataError(SCALES_FILE, f"scale '{scale}' does not define level(s) {', '.join(missing)}",
                                      "add a row with a definition for each level"))
    with path.open(encoding="utf-8", newline="") as fh:
        for lineno, row in enumerate(csv.DictReader(fh), start=2):
            where = f"data/risks.csv:{lineno}"
            basis = (row.get("confidence_basis") or "").strip()
            if not basis:
                problems.append(DataError(f"{where} (confidence_basis)", f"risk '{row.get('id')}' has no basis for "
                                          "its confidence", "say in one line what the confidence rests on"))
            elif len(basis.splitlines()) > 1 or len(basis) > 300:  # any line break: \n, \r, U+2028 …
                problems.append(DataError(f"{where} (confidence_basis)", "the basis must be one line of at most "
                                          "300 characters", "shorten it; put the argument in the assessment"))
            horizon = (row.get("horizon") or "").strip()
            try:
                dt.date.fromisoformat(horizon)
            except ValueError:
                problems.append(DataError(f"{where} (horizon)", f"horizon '{horizon}' is not a date",
                                          "write the date by which the judgment holds as YYYY-MM-DD"))
    return problems
