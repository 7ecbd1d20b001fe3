"""Characters that no field may carry, and text made safe to show in a terminal, HTML or LaTeX.

One policy for every field of every data file, every source text and every command-line argument.
Refused (``unsafe_characters``):

- C0 and C1 control characters and DEL, except the newline (U+000A): a terminal runs them as
  commands (ESC starts a sequence that can retitle the window or clear the screen), and CR, NEL or a
  form feed can hide or break what follows;
- every Unicode *format* character (category Cf) and every other *default-ignorable* code point:
  the bidi embeddings, overrides and isolates (U+202A–202E, U+2066–2069) and the marks
  (LRM U+200E, RLM U+200F, ALM U+061C), which reorder what a reader sees while the stored text,
  and so every check, says something else; zero-width spaces, soft hyphens, word joiners, the
  byte-order mark, variation selectors, Hangul fillers, tag characters, which hide text or split
  a word invisibly;
- the line and paragraph separators U+2028 and U+2029 (a paragraph break to the bidi algorithm,
  a line break to JavaScript and YAML), and lone surrogates.

Allowed: the zero-width non-joiner and joiner (U+200C, U+200D) between two letters, where they are
spelling (Persian and Kurdish words; they are ignored when quotes are matched).

The set is written out below rather than computed from ``unicodedata`` at import (which takes
0.1 s); ``tests/test_characters.py`` checks it against the Unicode database of the running Python.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

_UNSAFE_CLASS = (
    "\x00-\x09\x0b-\x1f\x7f-\x9f"  # C0 (not LF), DEL, C1
    "\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb"
    "\ud800-\udfff"  # lone surrogates (PyYAML's "\ud800" escape makes one)
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff"  # tags and variation selectors supplement
)
UNSAFE_RE = re.compile(f"[{_UNSAFE_CLASS}]")
JOINERS = "\u200c\u200d"
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_CONTROL_NAMES = {0: "NUL", 7: "BEL", 8: "BACKSPACE", 9: "TAB", 0x0B: "LINE TABULATION", 0x0C: "FORM FEED",
                  0x0D: "CARRIAGE RETURN", 0x1B: "ESCAPE", 0x7F: "DELETE", 0x85: "NEXT LINE", 0x9B: "CSI"}


def _letter(ch: str) -> bool:
    return bool(ch) and unicodedata.category(ch)[0] in "LM"


def unsafe_characters(text: str, limit: int | None = None) -> list[tuple[int, str]]:
    """(index, character) of every refused character in ``text`` (at most ``limit`` of them)."""
    found: list[tuple[int, str]] = []
    for m in UNSAFE_RE.finditer(text):
        i, ch = m.start(), m.group()
        if ch in JOINERS and i > 0 and _letter(text[i - 1]) and _letter(text[i + 1:i + 2]):
            continue
        found.append((i, ch))
        if limit is not None and len(found) >= limit:
            break
    return found


def is_unsafe(text: str) -> bool:
    return bool(unsafe_characters(text, limit=1))


def code(ch: str) -> str:
    """``U+202E``."""
    return f"U+{ord(ch):04X}"


def describe(ch: str) -> str:
    """``U+202E (RIGHT-TO-LEFT OVERRIDE)``: the code point and its name, never the character itself."""
    name = _CONTROL_NAMES.get(ord(ch)) or unicodedata.name(ch, "") or (
        "a control character" if unicodedata.category(ch) == "Cc" else "an invisible character")
    return f"{code(ch)} ({name})"


def _why(ch: str) -> str:
    if ch in BIDI:
        return "it reorders what readers see"
    if unicodedata.category(ch) == "Cc":
        return "a terminal or viewer acts on it"
    return "it is invisible"


def explain(text: str, what: str = "") -> str | None:
    """One phrase saying which refused characters ``text`` holds and where (None when it holds none)."""
    found = unsafe_characters(text, limit=1000)
    if not found:
        return None
    i, ch = found[0]
    counts = Counter(c for _, c in found)
    more = len(found) - 1
    others = ""
    if more:
        kinds = ", ".join(f"{code(c)} ×{n}" for c, n in counts.most_common(5))
        others = f"; {len(found)}{'+' if len(found) >= 1000 else ''} in all: {kinds}"
    subject = f"{what} " if what else ""
    return (f"{subject}contains {describe(ch)} at character {i + 1} ({_why(ch)}){others}")


STRIP_FIX = "remove them: briefing strip-controls FILE (writes FILE.clean and lists what it removed)"


def strip_unsafe(text: str) -> tuple[str, Counter]:
    """``text`` with every refused character removed (CR LF and a lone CR become LF first); what went."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    removed: Counter = Counter()
    keep = set()
    for i, ch in unsafe_characters(text):
        removed[ch] += 1
        keep.add(i)
    if not keep:
        return text, removed
    return "".join(ch for i, ch in enumerate(text) if i not in keep), removed


# -- showing text from data ------------------------------------------------------------------------------

def for_terminal(text: str, keep_newlines: bool = True) -> str:
    """``text`` that a terminal shows and never runs: controls as ``\\x1b``, other refused characters
    as ``⟨U+202E⟩``; the joiners stay (they only join letters)."""

    def shown(m: re.Match) -> str:
        ch = m.group()
        if ch in JOINERS:
            return ch
        if ord(ch) < 0xA0:
            return f"\\x{ord(ch):02x}"
        return f"⟨{code(ch)}⟩"

    if keep_newlines:
        return "\n".join(UNSAFE_RE.sub(shown, line) for line in text.split("\n"))
    return UNSAFE_RE.sub(shown, text.replace("\n", "\\n"))


def neutralise(text: str, marker: str = "[{code}]", keep: str = "\t\n\r") -> str:
    """``text`` with every refused character (but those in ``keep``) replaced by a visible marker, for
    rendered output (HTML, LaTeX): a reordering or hidden character that got past the checks shows."""

    def shown(m: re.Match) -> str:
        ch = m.group()
        if ch in keep:
            return ch
        start = m.start()
        if ch in JOINERS and start > 0 and _letter(text[start - 1]) and _letter(text[start + 1:start + 2]):
            return ch
        return marker.format(code=code(ch))

    return UNSAFE_RE.sub(shown, text)


def cut(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, saying how many were left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… [{len(text) - limit:,} more characters not shown]"
