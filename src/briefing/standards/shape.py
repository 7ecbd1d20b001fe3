"""The shape of a five-minute briefing, as `briefing check` enforces it:

- the **bottom line** (a paragraph that opens with ``**Bottom line.**``) holds at most four sentences and
  120 words;
- under a bottom line there are four to six **key judgments** (``data/judgments.csv``: a row ranked
  ``bottom-line``, and ranks 1, 2, 3 …);
- every **chapter opens with its finding**: the first paragraph after a chapter's title holds two to four
  sentences (a single sentence is a label, five or more a digest).

Words and sentences are counted on the text a reader sees: citation roles are dropped, other roles keep
their text. Chapters are the text forms in ``book/_text/`` and ``book/methodology.md``; the annex
(reference, not briefing) is not a chapter.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ..claims_prose import Paragraph, paragraphs
from ..errors import BriefingError, DataError
from .data import table

BOTTOM_LINE = "**Bottom line.**"
MAX_BOTTOM_LINE_WORDS = 120
MAX_BOTTOM_LINE_SENTENCES = 4
KEY_JUDGMENTS = range(4, 7)
OPENING_SENTENCES = range(2, 5)
NOT_CHAPTERS = {"annex.md"}

_LABEL = re.compile(r"^\s*\*\*[^*]+\*\*\s*")  # a paragraph's bold run-in label: "**Bottom line.**"
_CITATION = re.compile(r"\{(?:ev|cite)\}`[^`]*`")
_ROLE = re.compile(r"\{\w[\w-]*\}`([^`]*)`")
_MARKUP = re.compile(r"\*\*|\*|`")
# a sentence ends at . ! or ? (after any closing quote or bracket) before a space and a capital or an opening
# quote; "e.g." and initials ("U.S.") do not end one
_SENTENCE_END = re.compile(r"(?<!\be\.g)(?<!\bi\.e)(?<!\b[A-Z])[.!?][\"”’)\]]*\s+(?=[A-Z“\"‘(\[])")


def reader_text(markdown: str) -> str:
    """A paragraph as a reader sees it: no citation roles, other roles' text kept, no emphasis marks."""
    text = _CITATION.sub("", markdown)
    text = _ROLE.sub(lambda m: m.group(1), text)
    return " ".join(_MARKUP.sub("", text).split())


def sentences(text: str) -> list[str]:
    """The sentences of reader text."""
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def words(text: str) -> int:
    return len(text.split())


def chapter_texts(root: Path) -> list[Path]:
    book = root / "book"
    pages = sorted((book / "_text").glob("*.md")) + [book / "methodology.md"]
    return [p for p in pages if p.exists() and p.name not in NOT_CHAPTERS]


def _chapters(root: Path) -> Iterator[tuple[str, list[str], list[Paragraph]]]:
    """Each chapter as (path from the root, its lines, its paragraphs)."""
    for path in chapter_texts(root):
        source = path.read_text(encoding="utf-8")
        yield str(path.relative_to(root)), source.split("\n"), paragraphs(source)


def _is_heading(lines: list[str], lineno: int) -> bool:
    return lines[lineno - 1].lstrip().startswith("#")


def bottom_line_problems(root: Path) -> list[BriefingError]:
    problems: list[BriefingError] = []
    for rel, _, prose in _chapters(root):
        for para in prose:
            if not para.text.lstrip().startswith(BOTTOM_LINE):
                continue
            text = reader_text(para.text.lstrip()[len(BOTTOM_LINE):])
            n_words, n_sentences = words(text), len(sentences(text))
            if n_words > MAX_BOTTOM_LINE_WORDS or n_sentences > MAX_BOTTOM_LINE_SENTENCES:
                problems.append(BriefingError(
                    f"{rel}:{para.lines[0]}", f"the bottom line has {n_sentences} sentences and {n_words} words; "
                    f"a principal reads at most {MAX_BOTTOM_LINE_SENTENCES} and {MAX_BOTTOM_LINE_WORDS}",
                    "keep the main judgment, its likelihood and confidence, and what it means; move the "
                    "evidence to the basis or the chapters"))
    return problems


def key_judgment_problems(root: Path) -> list[BriefingError]:
    rows = table(root, "judgments")
    ranked = [row for row in rows if row["rank"].strip().isdigit()]
    if not any(row["rank"].strip() == "bottom-line" for row in rows) or len(ranked) in KEY_JUDGMENTS:
        return []  # the count applies to a briefing's top: a bottom line and its key judgments
    return [DataError("data/judgments.csv (rank)", f"{len(ranked)} key judgments; a briefing carries "
                      f"{KEY_JUDGMENTS.start} to {KEY_JUDGMENTS.stop - 1}",
                      "merge or drop the weakest, or move reporting that is not judgment to the background")]


def opening_problems(root: Path) -> list[BriefingError]:
    problems: list[BriefingError] = []
    for rel, lines, paras in _chapters(root):
        if lines[0].strip() == "---" and not any(line.strip() == "---" for line in lines[1:]):
            continue  # unclosed front matter: the chapters rule reports it, and the prose cannot be read
        prose = [p for p in paras if not _is_heading(lines, p.lines[0])]
        if not prose:
            continue
        first = prose[0]
        n = len(sentences(reader_text(_LABEL.sub("", first.text))))
        if n not in OPENING_SENTENCES:
            problems.append(BriefingError(
                f"{rel}:{first.lines[0]}", f"the chapter opens with {n} sentence{'s' if n != 1 else ''}; it "
                f"should open with its finding in {OPENING_SENTENCES.start} to {OPENING_SENTENCES.stop - 1}",
                "state the chapter's finding first (what the evidence shows, with its likelihood where it is a "
                "judgment), then the evidence"))
    return problems


def shape_problems(root: Path) -> list[BriefingError]:
    """The bottom line's length, the number of key judgments and each chapter's opening."""
    return bottom_line_problems(root) + key_judgment_problems(root) + opening_problems(root)
