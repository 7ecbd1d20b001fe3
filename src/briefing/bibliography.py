"""The corpus as BibTeX (book/references.bib), for sphinxcontrib-bibtex's bibliography."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .corpus import Corpus, Source
from .errors import DataError
from .links import is_safe_url

# pybtex reads every field but the URL as LaTeX (sphinxcontrib-bibtex renders it through Text.from_latex):
# "%" starts a comment (the rest of the field is dropped and the build stops on "unbalanced braces"), "~" is a
# no-break space, and the TeX ligatures "--", "---", "``", "''", ",,", "?`" and "!`" become dashes and quotes.
# Each is written so that it reads back as itself (a ligature's characters braced one by one; only where they
# form one, so an Arabic title's own punctuation is left as it is and stays in one right-to-left run); braces and
# backslashes, which cannot be, are shown as ( ) and /.
_LIGATURE = re.compile(r"-{2,}|`{2,}|'{2,}|,{2,}|[?!]`")


def _braced(text: str, raw: bool = False) -> str:
    """A BibTeX field value that pybtex reads back as ``text`` (``raw``: a URL, which it takes as written)."""
    text = text.replace("{", "(").replace("}", ")").replace("\\", "/")
    if not raw:
        text = _LIGATURE.sub(lambda m: "".join("{" + ch + "}" for ch in m.group()), text)
        text = text.replace("%", r"\%").replace("~", r"\textasciitilde{}")
    return "{" + text + "}"


def entry(source: Source) -> str:
    p = source.published
    fields = {
        "howpublished": source.outlet_en,
        "year": str(p.date.year if p.date else p.latest.year),  # type: ignore[union-attr]
        "note": (f"In Arabic. Title as printed: {source.title_ar}. "
                 + (f"Published {p.display()} (printed as {p.as_printed})." if p.date else
                    f"Date not printed; {p.display()}.")),
    }
    if p.date:
        fields["month"] = f"{p.date:%B}"  # braced, so printed as written: "January", not "jan"
    if is_safe_url(source.url):  # only a plain http(s) URL becomes a link; `briefing check` reports the others
        fields["url"] = source.url
    # the outlet as institutional author (no byline is printed); double braces keep it one name
    # and the title braced twice so the style keeps its capitals
    author = "  author = {" + _braced(source.outlet_en) + "}"
    title = "  title = {" + _braced(source.title_en) + "}"
    body = ",\n".join([author, title] + [f"  {k} = {_braced(v, raw=k == 'url')}" for k, v in fields.items()])
    return f"@misc{{{source.id},\n{body}\n}}\n"


def bibtex(corpus: Iterable[Source]) -> str:
    """BibTeX for every source, in corpus order."""
    header = "% Generated from data/sources.yaml by `briefing refresh`; do not edit.\n\n"
    return header + "\n".join(entry(s) for s in corpus)


def stale(corpus: Corpus) -> DataError | None:
    """A DataError with the refresh command when book/references.bib does not match the corpus."""
    path = corpus.root / "book" / "references.bib"
    if not path.exists():
        return None  # a project without a bibliography page
    try:
        current = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        current = None
    if current != bibtex(corpus):
        return DataError("book/references.bib", "is out of date with data/sources.yaml",
                         "regenerate it: briefing refresh")
    return None
