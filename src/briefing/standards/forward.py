"""Forward-looking wording: present- and future-tense framings that the passage of time falsifies.

A briefing read after its edition must not say "now", "what comes next" or "will show": it dates the
statement instead ("As of September 2025 the sources expected …"). ``briefing check`` flags the phrases
of ``FORWARD`` (whole words, any case) in

- the chapters' prose (book/_text/*.md and book/*.md), outside quotations (“…”, "…", ‘…’, and '…'
  opened after a space), roles (citations, Arabic, ``{horizon}``, ``{asof}``), inline code, code cells
  and fences, HTML comments, and names (a capitalised phrase inside a sentence: "Baghdad Today");
- the text columns of the data tables the chapters print (``DATA_COLUMNS``), outside quotations.

An author marks a deliberate use with the role ``{asof}`…``` (it prints its text unchanged) or with the
comment ``<!-- briefing: allow-forward -->`` on the line before (it exempts that one line).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..claims_prose import paragraphs
from ..errors import BriefingError, DataError
from .data import table, where
from .prose import chapter_pages

# (pattern, what it is), matched case-insensitively as whole words
FORWARD = [
    (r"now|nowadays|currently|presently|at present|at the moment|these days|today", "the present tense of the edition"),
    (r"(?:what|who|which) comes next|comes next", "what follows the evidence"),
    (r"will (?:show|tell|reveal|decide whether|determine whether)", "a future the corpus cannot see"),
    (r"(?:is|are) (?:now )?(?:winding down|drawing to a close|under way now)", "the present tense of the edition"),
    (r"upcoming|forthcoming", "a future relative to an unstated today"),
    (r"(?:next|this|coming) (?:week|month|year|spring|summer|autumn|fall|winter)", "a date relative to an unstated "
     "today"),
    (r"in the coming \w+|in the near future|going forward|from now on|sooner or later", "a future relative to an "
     "unstated today"),
    (r"to watch|watch for|remains? to be seen|so far|to date|as yet", "a present that the passage of time moves"),
]
_FORWARD = re.compile(r"(?<![\w-])(?:" + "|".join(f"(?:{p})" for p, _ in FORWARD) + r")(?![\w-])", re.IGNORECASE)
ALLOW = "<!-- briefing: allow-forward -->"
# text a reader sees that is not the project's own present tense: quotations, roles, code, comments
_QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"|‘[^’]*’|(?<![\w'])'[^'\n]*'(?![\w'])|\{\w[\w-]*\}`[^`]*`|``[^`]*``|`[^`]*`"
                     r"|<!--.*?-->", re.DOTALL)
DATA_COLUMNS = {
    "events": ("label", "summary", "date_note"),
    "positions": ("summary",),
    "questions": ("question",),
    "risks": ("risk", "mechanism", "confidence_basis", "indicators", "assessment"),
    "judgments": ("judgment", "basis"),
    "scenarios": ("scenario",),
    "indicators": ("indicator", "threshold"),
}
FIX = ("date the statement (\"As of September 2025 …\", \"On 17 August 2025 … said\"), or mark a deliberate use "
       "with {asof}`…` or " + ALLOW + " on the line before")


def blank_quoted(text: str) -> str:
    """``text`` with quotations, roles, code and comments blanked to spaces (offsets kept)."""
    return _QUOTED.sub(lambda m: " " * len(m.group(0)), text)


def _in_a_name(text: str, start: int, phrase: str) -> bool:
    """A capitalised phrase inside a sentence is part of a name ("Baghdad Today", "USA Today")."""
    before = text[:start].rstrip(" *_")
    return phrase[:1].isupper() and bool(before) and before[-1] not in ".!?:;#|(-–—\n" and \
        bool(re.search(r"\b[A-Z][\w'-]*$", before))


def forward_phrases(text: str) -> list[tuple[int, str]]:
    """(offset, phrase) of each forward-looking phrase outside quotations, roles, code, comments and names."""
    blanked = blank_quoted(text)
    return [(m.start(), m.group(0)) for m in _FORWARD.finditer(blanked)
            if not _in_a_name(blanked, m.start(), m.group(0))]


def _allowed_lines(text: str) -> set[int]:
    return {n + 1 for n, line in enumerate(text.split("\n"), start=1) if ALLOW in line}


def prose_problems(root: Path) -> list[BriefingError]:
    """Forward-looking phrases in the chapters' prose, each with its file and line."""
    problems: list[BriefingError] = []
    for path in chapter_pages(root):
        rel = str(path.relative_to(root))
        text = path.read_text(encoding="utf-8")
        allowed = _allowed_lines(text)
        for para in paragraphs(text):
            for offset, phrase in forward_phrases(para.text):
                line = para.lines[offset]
                if line not in allowed:
                    problems.append(BriefingError(f"{rel}:{line}", f"forward-looking wording “{phrase}” outside a "
                                                  "quotation: the passage of time falsifies it", FIX))
    return problems


def data_problems(root: Path) -> list[BriefingError]:
    """Forward-looking phrases in the text columns of the data tables the chapters print."""
    problems: list[BriefingError] = []
    for name, columns in DATA_COLUMNS.items():
        for row in table(root, name):
            for column in columns:
                for _, phrase in forward_phrases(row[column]):
                    problems.append(DataError(where(name, row, column), f"forward-looking wording “{phrase}” outside "
                                              "a quotation: the passage of time falsifies it",
                                              "date the statement (\"as of August 2025\", \"said in January 2024\"), "
                                              "or quote the source if these are its words"))
    return problems


def forward_problems(root: Path) -> list[BriefingError]:
    """The forward-looking wording rule over the chapters and the data they print."""
    return prose_problems(root) + data_problems(root)
