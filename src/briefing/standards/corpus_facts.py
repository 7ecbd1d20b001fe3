"""What the prose says of the corpus agrees with the corpus: "five Arabic news articles, from January 2024
to September 2025" must name as many sources as ``data/sources.yaml`` holds, and its dates must be the
oldest source's and the evidence horizon's months. Written by hand in a chapter, such a sentence silently
goes wrong the day an author adds a source; ``briefing check`` names the line instead.

A description of the corpus is a count followed by "Arabic" or "news" and "articles", "sources" or
"reports" ("five Arabic news articles", "6 Arabic sources"), outside quotations and roles, as the
forward-looking rule reads prose. The dates checked are the months named in the rest of that sentence.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..claims_prose import paragraphs
from ..corpus import Corpus
from ..dates import month_year
from ..errors import BriefingError
from .forward import blank_quoted
from .prose import chapter_pages

NUMBER_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
                "sixteen seventeen eighteen nineteen twenty").split()
MONTHS = ("January February March April May June July August September October November December").split()
_COUNT = re.compile(r"(?<![\w-])(\d+|" + "|".join(NUMBER_WORDS) + r")\s+(?:Arabic\s+news|Arabic|news)\s+"
                    r"(?:articles|sources|reports)(?![\w-])", re.IGNORECASE)
_MONTH = re.compile(r"(?<![\w-])(" + "|".join(MONTHS) + r")\s+(\d{4})(?![\w-])")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


def _count(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS.index(word.lower())


def corpus_fact_problems(root: Path, corpus: Corpus) -> list[BriefingError]:
    """Each description of the corpus in the chapters' prose whose count, or whose first or last month,
    disagrees with the corpus, named by file and line."""
    size = len(corpus)
    first = month_year(corpus.first_published)
    last = month_year(corpus.as_of)
    problems: list[BriefingError] = []
    for path in chapter_pages(root):
        rel = str(path.relative_to(root))
        for para in paragraphs(path.read_text(encoding="utf-8")):
            text = blank_quoted(para.text)
            for m in _COUNT.finditer(text):
                where = f"{rel}:{para.lines[m.start()]}"
                if _count(m.group(1)) != size:
                    problems.append(BriefingError(where, f"the prose says “{m.group(0)}”; the corpus holds {size} "
                                                  "sources (data/sources.yaml)", f"write {size}, or describe the "
                                                  "corpus without a count"))
                end = _SENTENCE_END.search(text, m.end())
                months = [f"{a} {b}" for a, b in _MONTH.findall(text[m.end():end.start() if end else len(text)])]
                if months and (months[0] != first or months[-1] != last):
                    problems.append(BriefingError(where, f"the prose dates the corpus {months[0]} to {months[-1]}; "
                                                  f"its sources run from {first} to {last} (the evidence horizon)",
                                                  f"write “{first}” and “{last}”, or leave the dates out"))
    return problems
