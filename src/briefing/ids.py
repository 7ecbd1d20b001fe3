"""Project ids (sources, evidence entries): lower-case words joined by hyphens.

An id is ASCII, so a Cyrillic ``е`` or a zero-width space cannot make two ids look the same; a
refused id is echoed with every character outside a-z, 0-9 and ``-`` written as ``⟨U+0435⟩``, so the
message shows what the terminal would hide. ASCII lookalikes (``he1m`` beside ``helm``) are valid ids:
``near_ids`` finds them so the commands that create an id can warn.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from .errors import DataError

MAX_ID = 80
ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")


def show_id(value: str) -> str:
    """``value`` with every character that is not printable ASCII shown as ``⟨U+XXXX⟩``."""
    return "".join(ch if " " <= ch <= "~" else f"⟨U+{ord(ch):04X}⟩" for ch in value)


def _first_foreign(value: str) -> str:
    """'character 2 is U+0435 (CYRILLIC SMALL LETTER IE)' for the first character an id may not hold."""
    for i, ch in enumerate(value, start=1):
        if not ("a" <= ch <= "z" or "0" <= ch <= "9" or ch == "-"):
            name = unicodedata.name(ch, "") if not (" " <= ch <= "~") else ""
            shown = f"U+{ord(ch):04X}" + (f" ({name})" if name else "") if not (" " <= ch <= "~") else f"'{ch}'"
            return f"character {i} is {shown}"
    return "a hyphen is doubled or at an end"


def valid_id(value: str, flag: str = "--id") -> str:
    """``value`` if it is a project id (lower-case words joined by hyphens, at most MAX_ID characters)."""
    shown = show_id(value[:MAX_ID])
    if len(value) > MAX_ID:
        raise DataError(f"{flag} {shown}…", f"is {len(value)} characters long (limit {MAX_ID})", "choose a shorter id")
    if not ID_RE.match(value):
        raise DataError(f"{flag} {shown}", f"ids are lower-case words joined by hyphens (a-z, 0-9, -); "
                        f"{_first_foreign(value)}", "e.g. --id shafaq-2025-09-01")
    return value


def _one_edit(a: str, b: str) -> tuple[int, str, str] | None:
    """(position, what a has, what b has) when ``a`` becomes ``b`` by one substitution, insertion,
    deletion or swap of two neighbours; None otherwise (or when they are equal)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return None
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        if a[i + 1:] == b[i + 1:]:
            return i, a[i], b[i]
        if i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:]:
            return i, a[i:i + 2], b[i:i + 2]
        return None
    if len(a) > len(b) and a[i + 1:] == b[i:]:
        return i, a[i], ""
    if len(b) > len(a) and a[i:] == b[i + 1:]:
        return i, "", b[i]
    return None


def near_ids(new: str, existing: Iterable[str]) -> list[tuple[str, str]]:
    """Existing ids one edit away from ``new`` (``he1m`` beside ``helm``), with what differs.

    A change of one digit for another is left out: numbers in ids are dates, paragraphs and counters
    (``erem-p9-1``, ``erem-p9-2``), meant to differ by one."""
    found = []
    for other in existing:
        edit = _one_edit(other, new)
        if edit is None:
            continue
        pos, had, has = edit
        if len(had) == len(has) == 1 and had.isdigit() and has.isdigit():
            continue
        what = (f"'{has}' for '{had}'" if had and has else f"'{has}' added" if has else f"'{had}' left out")
        found.append((other, f"{what} at character {pos + 1}"))
    return found
