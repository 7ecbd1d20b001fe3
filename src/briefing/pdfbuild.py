"""The PDF build's safety settings and its log check (used by ``briefing build pdf`` and the tests)."""

from __future__ import annotations

import os
import re
from pathlib import Path

#: kpathsea settings for the LaTeX run: no shell escape; \input, \openin and \openout refuse absolute
#: paths and paths into parent directories (texmf.cnf's "paranoid" level). Lua file writes are limited
#: by static/latex/briefing-sandbox.lua, loaded in the preamble.
HARDENED = {"shell_escape": "f", "openout_any": "p", "openin_any": "p"}

#: overfull boxes wider (or higher) than this many points count as layout defects
TOLERANCE_PT = 1.0

#: the most overfull boxes the PDF may have; lower it when layout fixes land, never raise it silently
MAX_OVERFULL = 0  # measured 184 before fixed table widths, 82 after; 120 after the editorial pass added
#                  columns and passages; 79 once a repeated citation reuses its footnote; 70, then 0 once
#                  tables were designed for paper (issue 11: sphinx/latex_tables.py, briefing-tables.sty)

_OVERFULL = re.compile(r"^Overfull \\[hv]box \((\d+(?:\.\d+)?)pt too (?:wide|high)\)(.*)$", re.M)


def hardened_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a LaTeX run: ``base`` (default: this process's) with ``HARDENED`` applied."""
    return {**(os.environ if base is None else base), **HARDENED}


def overfull_boxes(log: str | Path, tolerance: float = TOLERANCE_PT) -> list[tuple[float, str]]:
    """Every overfull box in a LaTeX log wider than ``tolerance`` points: (points, where)."""
    text = log.read_text(encoding="utf-8", errors="replace") if isinstance(log, Path) else log
    return [(float(m.group(1)), m.group(2).strip()) for m in _OVERFULL.finditer(text) if float(m.group(1)) > tolerance]
