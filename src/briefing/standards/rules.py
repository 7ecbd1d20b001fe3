"""Every analytic standard in one call, for `briefing check`."""

from __future__ import annotations

from pathlib import Path

from ..errors import BriefingError
from ..evidence import Registry
from ..reliability import Reliability
from .confidence import confidence_problems
from .corpus_facts import corpus_fact_problems
from .forward import forward_problems
from .horizons import horizon_problems
from .indicators import indicator_problems
from .markers import marker_problems
from .notation import notation_problems
from .positions import inference_problems, position_problems
from .scenarios import scenario_problems
from .shape import shape_problems


def standards_problems(root: Path, registry: Registry, reliability: dict[str, Reliability]) -> list[BriefingError]:
    """The analytic standards (confidence, scenarios, indicators, positions, forward-looking wording,
    internal notation in reader-facing data, horizons, what the prose says of the corpus, the briefing's
    shape), each problem naming its file, row or line, and field. A table that cannot be read gives one error (from ``briefing.tables``) and the rules that read it are
    skipped."""
    problems: list[BriefingError] = []
    for rule in (lambda: horizon_problems(root), lambda: scenario_problems(root), lambda: indicator_problems(root),
                 lambda: position_problems(root), lambda: inference_problems(root, registry),
                 lambda: confidence_problems(root, registry, reliability), lambda: forward_problems(root),
                 lambda: notation_problems(root, registry), lambda: marker_problems(root),
                 lambda: corpus_fact_problems(root, registry.corpus), lambda: shape_problems(root)):
        try:
            problems += rule()
        except BriefingError as exc:  # a table the rule reads is malformed: reported once
            if not any(p.message == exc.message for p in problems):
                problems.append(exc)
    return problems
