"""Errors a user can act on: each names where the problem is and what to do about it.

Parts of a message often quote data (a passage, a field), so each part is bounded: an error is at
most a few kilobytes, whatever the data, and says how much it left out.
"""

from __future__ import annotations

from .characters import cut

MAX_WHERE, MAX_WHAT, MAX_FIX = 400, 2000, 600


class BriefingError(Exception):
    """Base class. ``where`` names a file (and line), a source id or an evidence id."""

    exit_code = 1

    def __init__(self, where: str, what: str, fix: str = "") -> None:
        self.where, self.what, self.fix = cut(where, MAX_WHERE), cut(what, MAX_WHAT), cut(fix, MAX_FIX)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        text = f"{self.where}: {self.what}"
        return f"{text} — {self.fix}" if self.fix else text

    def as_dict(self) -> dict[str, str]:
        return {"where": self.where, "problem": self.what, "fix": self.fix, "kind": type(self).__name__}


class DataError(BriefingError):
    """A data file is malformed, misses a field or breaks the schema."""


class SourceFileError(BriefingError):
    """A source file is missing, changed (checksum drift) or not clean UTF-8 text."""


class UnknownIdError(BriefingError):
    """A source or evidence id that does not exist."""

    exit_code = 2


class AnchorError(BriefingError):
    """A quote that does not anchor exactly once in its source."""


class QuoteNotFound(AnchorError):
    """The quote is not in the source; the message shows the nearest passage."""


class AmbiguousQuote(AnchorError):
    """The quote occurs more than once; the caller must pick an occurrence."""


class EmptyQuote(AnchorError):
    """The quote has no letters or digits once normalised, or contains bidi controls."""
