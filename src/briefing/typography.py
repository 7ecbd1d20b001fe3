"""Print typography for English text from data: curly quotation marks, every quotation closed.

Sphinx curls the quotes of the book's own prose (its SmartQuotes transform). Text that reaches print
from data without passing through that transform — a translation or a source's reliability note in the
appendix, a figure's labels — goes through :func:`curly_quotes` instead, so the edition uses one style:
“double” outside, ‘single’ inside, ’ for an apostrophe. Arabic text is never passed here: a passage is
printed as its source prints it.

"Every quotation closed" is a rule of the unit of text (a translation, a note, a label): a quotation
still open at its end is closed there, innermost first, and a closing double quote with no opening
gets its opening at the start. The text itself is not edited; only the printed marks.
"""

from __future__ import annotations

import re

#: after these a quotation mark opens a quotation (or at the start of the text)
_OPENS_AFTER = set(" \t\n([{“‘—–-/«\u00a0")
_LETTER = re.compile(r"\w")


def _curl(text: str) -> str:
    """``text`` with its typewriter quotes curled. Where the neighbours decide (a space or an opening
    character before and a character after: opening; a space or the end after: closing), they do; where
    they do not (``x="1"``, ``'a'b``: a mark between two other characters) the mark closes a quotation
    its kind left open, and opens one otherwise, so data such as ``x="1"`` keeps its pairs."""
    out: list[str] = []
    open_quotes = {'"': 0, "'": 0}  # quotations each straight mark has opened and not yet closed
    for i, ch in enumerate(text):
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if ch == "'" and prev and _LETTER.match(prev) and nxt and _LETTER.match(nxt):
            out.append("’")  # an apostrophe inside a word: coalition's, don't
            continue
        if ch not in open_quotes:
            out.append(ch)
            continue
        opening, closing = ("“", "”") if ch == '"' else ("‘", "’")
        if (not prev or prev in _OPENS_AFTER) and nxt and not nxt.isspace():
            opens = not (ch == "'" and nxt.isdigit())  # '90s is an apostrophe
        elif not nxt or nxt.isspace() or (ch == "'" and _LETTER.match(prev)):
            opens = False  # closing, or an apostrophe after a word (forces')
        else:
            opens = open_quotes[ch] == 0
        if opens:
            open_quotes[ch] += 1
        else:
            open_quotes[ch] = max(0, open_quotes[ch] - 1)
        out.append(opening if opens else closing)
    return "".join(out)


def _is_apostrophe(text: str, i: int) -> bool:
    """’ at ``i`` is an apostrophe (inside a word) rather than a closing single quote."""
    return 0 < i < len(text) - 1 and bool(_LETTER.match(text[i - 1])) and bool(_LETTER.match(text[i + 1]))


def _marks(depth: int, inside_double: bool) -> tuple[str, str]:
    """The opening and closing marks of a quotation at nesting ``depth`` (0: outermost in the text)."""
    return ("“", "”") if (depth + inside_double) % 2 == 0 else ("‘", "’")


def close_quotations(text: str, inside_double: bool = False) -> str:
    """See :func:`_close`: the text with its marks set and its quotations closed."""
    head, body, tail = _close(text, inside_double)
    return head + body + tail


def _close(text: str, inside_double: bool = False) -> tuple[str, str, str]:
    """``text`` (curled) with its quotation marks set by nesting and every quotation closed: the marks to
    add at the start, the text with its own marks set (same length), the marks to add at the end.

    A quotation's marks follow its depth, not how it was typed: double outside, single inside, double inside
    that (``inside_double``: the text is itself printed inside double quotes, so its outermost quotations take
    single marks). A quotation still open at the end is closed there, innermost first; a closing double quote
    with no opening gets one at the start. Apostrophes stay ’."""
    stack: list[str] = []
    out = list(text)
    missing_open = 0
    for i, ch in enumerate(text):
        if ch in "“‘":
            out[i] = _marks(len(stack), inside_double)[0]
            stack.append(ch)
        elif ch == "”":
            if "“" in stack:
                while stack.pop() != "“":
                    pass
                out[i] = _marks(len(stack), inside_double)[1]
            else:
                missing_open += 1
                out[i] = _marks(0, inside_double)[1]
        elif ch == "’" and stack and stack[-1] == "‘" and not _is_apostrophe(text, i):
            stack.pop()
            out[i] = _marks(len(stack), inside_double)[1]
    closers = "".join(_marks(depth, inside_double)[1] for depth in reversed(range(len(stack))))
    return _marks(0, inside_double)[0] * missing_open, "".join(out), closers


def curly_quotes(text: str, inside_double: bool = False) -> str:
    """English ``text`` with typewriter quotes curled, set by nesting and every quotation closed (see the
    module notes); ``inside_double`` when the text is printed inside double quotes."""
    return close_quotations(_curl(text), inside_double)


def curly_quote_parts(parts: list[str], inside_double: bool = False) -> list[str]:
    """:func:`curly_quotes` over a text made of ``parts`` (the text nodes of one paragraph, say): quotations
    may open in one part and close in another. Each part keeps its length, except the first and the last,
    which receive the marks added to open or close a quotation."""
    if not parts:
        return parts
    head, body, tail = _close(_curl("".join(parts)), inside_double)
    out, at = [], 0
    for part in parts:
        out.append(body[at:at + len(part)])
        at += len(part)
    out[0] = head + out[0]
    out[-1] = out[-1] + tail
    return out


def curly_quotes_plotly(text: str) -> str:
    """:func:`curly_quotes` for a plotly label: its ``<br>`` line breaks count as spaces."""
    return curly_quotes(text.replace("<br>", "\n")).replace("\n", "<br>")
