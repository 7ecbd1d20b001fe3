"""JSON from files a clone can carry (the crash journal, notebooks, caches, schemas): read with a bound.

The standard library's decoder recurses once per nested array or object, so a file of a few hundred
kilobytes of ``[`` raised RecursionError, which no caller expected and the command line reported as an
internal error. ``loads`` turns that into the ``ValueError`` every caller already handles as "not valid
JSON", so a hostile file gets the same one-line error as a damaged one.
"""

from __future__ import annotations

import json
from typing import Any


class TooDeep(ValueError):
    """JSON nested deeper than the decoder can follow."""


def loads(text: str | bytes) -> Any:
    """``json.loads``, with nesting too deep to decode raised as ``TooDeep`` (a ``ValueError``)."""
    try:
        return json.loads(text)
    except RecursionError:
        raise TooDeep("nested too deeply to be read (not a file the project wrote)") from None
