"""briefing: the evidence base of the Iraq coalition briefing book, and its executable citations.

Public API::

    from briefing import Corpus, Registry, anchor, cite, normalize
"""

from .anchor import Match, anchor, resolve
from .arabic import Normalized, normalize
from .cite import Citation, annotations, cite
from .corpus import Corpus, Source, find_root
from .errors import (
                     AmbiguousQuote,
                     AnchorError,
                     BriefingError,
                     DataError,
                     EmptyQuote,
                     QuoteNotFound,
                     SourceFileError,
                     UnknownIdError,
)
from .evidence import Evidence, Registry, default_registry

__all__ = [
    "AmbiguousQuote", "AnchorError", "BriefingError", "Citation", "Corpus", "DataError", "EmptyQuote",
    "Evidence", "Match", "Normalized", "QuoteNotFound", "Registry", "Source", "SourceFileError",
    "UnknownIdError", "anchor", "annotations", "cite", "default_registry", "find_root", "normalize", "resolve",
]
__version__ = "0.1.0"
