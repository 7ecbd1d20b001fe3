"""Project ids (sources, evidence entries): lower-case words joined by hyphens."""

from __future__ import annotations

import re

from .errors import DataError
from .yamlio import comment

MAX_ID = 80
ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")


def valid_id(value: str, flag: str = "--id") -> str:
    """``value`` if it is a project id (lower-case words joined by hyphens, at most MAX_ID characters)."""
    shown = comment(value[:MAX_ID])
    if len(value) > MAX_ID:
        raise DataError(f"{flag} {shown}…", f"is {len(value)} characters long (limit {MAX_ID})", "choose a shorter id")
    if not ID_RE.match(value):
        raise DataError(f"{flag} {shown}", "ids are lower-case words joined by hyphens (a-z, 0-9, -)",
                        "e.g. --id shafaq-2025-09-01")
    return value
