"""Data as MyST text: every string from data reaches the book as literal text, never as markup.

The chapters are notebooks whose outputs are MyST (so citation roles resolve in both builders). Anything
that comes from data — outlets, titles, translations, table cells — is untrusted: it could carry a role,
a directive, a substitution (``{{ … }}``), raw HTML, math, a target or a line that starts a block. In
CommonMark, and so in MyST, a backslash before any ASCII punctuation character makes that character
literal, so escaping *every* ASCII punctuation character (and folding every line break to a space) leaves
no construct that can start: no role, directive, fence, HTML tag, entity, emphasis, link, math or list.

``md(template, **values)`` is the one way chapters mix trusted MyST (the template, written by authors)
with data (the values, escaped). Markers for citations are built by ``cite_role`` from ids that the
registry validated, never from free text.
"""

from __future__ import annotations

import re
import string
from typing import TYPE_CHECKING, Any

from .characters import neutralise

if TYPE_CHECKING:  # IPython is imported by the notebooks that display; the command line never needs it
    from IPython.display import Markdown

# CommonMark's "ASCII punctuation character" set: each may be backslash-escaped.
_ASCII_PUNCT = frozenset(string.punctuation)
# Every character that a Markdown, YAML or Python parser treats as a line break, plus other controls.
_BREAKS = re.compile(r"[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
_ID = re.compile(r"\A[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_DOC = re.compile(r"\A[a-z0-9][a-z0-9_/.-]*\.(?:md|ipynb)(?:#[a-z0-9-]+)?\Z")


def escape(text: object) -> str:
    """``text`` as MyST that renders exactly as the characters given, on one line; a bidi or other
    invisible character (``briefing.characters``) shows as ``[U+202E]``."""
    flat = neutralise(_CONTROLS.sub("", _BREAKS.sub(" ", str(text))).replace("\t", " "))
    return "".join("\\" + ch if ch in _ASCII_PUNCT else ch for ch in flat)


def cite_role(ids: list[str]) -> str:
    """``{ev}`a,b``` for evidence ids; refuses anything that is not a plain id (so nothing can break out)."""
    bad = [i for i in ids if not _ID.match(i)]
    if bad:
        raise ValueError(f"not an evidence id: {bad[0]!r} (ids are lower-case words joined by hyphens)")
    return "{ev}`" + ",".join(ids) + "`" if ids else ""


class _Escaping(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, Trusted):
            return str(value)
        return escape(format(value, format_spec))


class Trusted(str):
    """MyST built by the project's own code (e.g. a citation role), passed through ``md`` unescaped."""


def md_text(template: str, **values: Any) -> Trusted:
    """The author's MyST ``template`` with each ``{name}`` filled by an escaped value."""
    return Trusted(_Escaping().format(template, **values))


def ar(text: str) -> Trusted:
    """Arabic from data as the ``{ar}`` role (right-to-left, lang="ar"). Role content is literal text, so
    only its delimiter matters: a run of backticks longer than any inside it (CommonMark code-span rule),
    padded with a space when the text starts or ends with a backtick or a space."""
    flat = neutralise(_CONTROLS.sub("", _BREAKS.sub(" ", text)).replace("\t", " "))
    fence = "`" * (max((len(r) for r in re.findall(r"`+", flat)), default=0) + 1)
    pad = " " if flat[:1] in "` " or flat[-1:] in "` " else ""
    return Trusted("{ar}" + fence + pad + flat + pad + fence)


def link(text: str, target: str) -> Trusted:
    """A link to a page of the book: ``text`` escaped, ``target`` a plain relative document path."""
    if not _DOC.match(target):
        raise ValueError(f"not a document path: {target!r}")
    return Trusted(f"[{escape(text)}]({target})")


def md(template: str, **values: Any) -> Markdown:
    """As ``md_text``, displayed as a Markdown output of the notebook."""
    from IPython.display import Markdown

    return Markdown(md_text(template, **values))
