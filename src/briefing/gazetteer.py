"""The gazetteer (data/gazetteer.csv): places and actors with their English names and Arabic forms.

Each row gives an id, a type (place | actor), an English name, English aliases and transliteration
variants (``aliases_en``, ';'-separated) and the Arabic forms printed in the sources (``forms_ar``).
Common spelling pairs of loanwords are generated here rather than listed by hand: أمريكي/أميركي
(and the feminine and plural forms), غ/ج (البنتاغون/البنتاجون), كـ/گـ. A generated variant that is
another entry's form is dropped, so a listed form always wins.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .arabic import normalize
from .errors import DataError

COLUMNS = ("id", "type", "name_en", "aliases_en", "forms_ar", "note")
TYPES = ("place", "actor")


@dataclass(frozen=True)
class GazetteerEntry:
    """One place or actor: its id, type, English name and aliases, and its Arabic forms as listed."""

    id: str
    type: str
    name_en: str
    aliases_en: tuple[str, ...]
    forms_ar: tuple[str, ...]
    note: str = ""

    @property
    def names_en(self) -> tuple[str, ...]:
        """The English name followed by every alias (no duplicates)."""
        return tuple(dict.fromkeys((self.name_en, *self.aliases_en)))


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (cell or "").split(";") if part.strip())


def read_gazetteer(path: Path) -> list[GazetteerEntry]:
    """The entries of one gazetteer file; a malformed row raises a DataError naming its line."""
    where = str(path)
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in ("id", "type", "name_en", "forms_ar") if c not in (reader.fieldnames or [])]
            if missing:
                raise DataError(f"{where}:1", f"missing column(s) {', '.join(missing)}",
                                f"the header must read {','.join(COLUMNS)}")
            entries, seen = [], {}
            for row in reader:
                line = reader.line_num
                if None in row:
                    raise DataError(f"{where}:{line}", "more cells than columns",
                                    "quote a cell that contains a comma with double quotes")
                entry = GazetteerEntry(
                    id=(row["id"] or "").strip(), type=(row["type"] or "").strip(),
                    name_en=(row["name_en"] or "").strip(), aliases_en=_split(row.get("aliases_en")),
                    forms_ar=_split(row["forms_ar"]), note=(row.get("note") or "").strip())
                if not entry.id or entry.type not in TYPES:
                    raise DataError(f"{where}:{line}", f"id {entry.id!r} with type {entry.type!r}",
                                    f"give an id and a type among {', '.join(TYPES)}")
                if not entry.forms_ar:
                    raise DataError(f"{where}:{line}", f"{entry.id}: no Arabic form",
                                    "list at least one form in forms_ar (';'-separated)")
                if entry.id in seen:
                    raise DataError(f"{where}:{line}", f"id {entry.id!r} repeats line {seen[entry.id]}",
                                    "merge the two rows or rename one")
                seen[entry.id] = line
                entries.append(entry)
    except UnicodeDecodeError as exc:
        raise DataError(where, f"not UTF-8 ({exc.reason} at byte {exc.start})", "save it as UTF-8") from None
    except csv.Error as exc:
        raise DataError(where, f"not valid CSV ({exc})", "fix the quoting on that line") from None
    return entries


def gazetteer_entries(root: Path) -> list[GazetteerEntry]:
    """The entries of the project's gazetteer, ``root``/data/gazetteer.csv (none if it is missing)."""
    path = Path(root) / "data" / "gazetteer.csv"
    return read_gazetteer(path) if path.exists() else []


# Spelling pairs, on normalised text. Each is applied both ways to every form.
_SPELLING_PAIRS = (
    ("امريك", "اميرك"),  # أمريكي / أميركي, أمريكا / أميركا
    ("غ", "ج"),  # البنتاغون / البنتاجون, هيغسيث / هيجسيث
    ("ك", "گ"),  # Persian gaf in Kurdish and Persian names
    ("كرد", "كورد"),  # كردستان / كوردستان (Kurdish spelling)
)


def spelling_variants(form: str) -> set[str]:
    """The normalised form and its spelling-pair variants (one pair applied at a time, all places)."""
    base = normalize(form).text
    out = {base}
    for a, b in _SPELLING_PAIRS:
        for x, y in ((a, b), (b, a)):
            if x in base:
                out.add(base.replace(x, y))
    return out


@lru_cache(maxsize=4)
def _matcher(path: str, stamp: float) -> tuple[re.Pattern[str] | None, dict[str, GazetteerEntry]]:
    """Alternation of every normalised form and variant (longest first), with one-letter clitics."""
    entries = read_gazetteer(Path(path))
    listed: dict[str, GazetteerEntry] = {}
    for entry in entries:
        for form in entry.forms_ar:
            listed.setdefault(normalize(form).text, entry)
    forms = dict(listed)
    for entry in entries:
        for form in entry.forms_ar:
            for variant in spelling_variants(form):
                if variant not in listed:
                    forms.setdefault(variant, entry)
    if not forms:
        return None, {}
    alternation = "|".join(sorted((re.escape(f) for f in forms), key=len, reverse=True))
    # without their article, for "ل" + "ال" contracted to "لل" (للعراق = ل + العراق)
    bare = "|".join(sorted((re.escape(f[2:]) for f in forms if f.startswith("ال")), key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w])(?:[وف]?[بلك]?)(?P<form>{alternation})(?![\w])"
                         + (rf"|(?<![\w])[وف]?لل(?P<contracted>{bare})(?![\w])" if bare else ""))
    return pattern, forms


def gazetteer_hits(n, path: Path | None) -> list[tuple[GazetteerEntry, int, int]]:  # noqa: ANN001
    """(entry, start, end) in the original text for every gazetteer form in normalised text ``n``."""
    if path is None or not Path(path).exists():
        return []
    pattern, forms = _matcher(str(path), Path(path).stat().st_mtime)
    if pattern is None:
        return []
    hits = []
    for m in pattern.finditer(n.text):
        if m.group("form"):
            entry = forms[m.group("form")]
            s, e = n.original_span(*m.span("form"))
        else:
            key = "ال" + m.group("contracted")
            if key not in forms:
                continue
            entry = forms[key]
            s, e = n.original_span(m.start("contracted") - 1, m.end("contracted"))
        hits.append((entry, s, e))
    return hits
