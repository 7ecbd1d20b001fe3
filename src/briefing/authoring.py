"""Authoring: add a source to the corpus, and turn a quote into an evidence entry.

Nothing an author wrote is rewritten: new entries are appended as text to data/sources.yaml,
data/evidence.yaml and _toc.yml, so comments, order and formatting stay as they were. Every write
goes to a temporary file that replaces the target only once all new content is ready, so an
interrupted run leaves the corpus as it was.

Encoding policy for new sources (the stored file is the original bytes, so it must already be clean):
UTF-8 only; a byte-order mark, CR line ends, NUL bytes (usually UTF-16), the characters
``briefing.characters`` refuses (controls, bidi and other invisible characters), text that reads as
mis-decoded Arabic (mojibake), an empty file or one over MAX_BYTES are refused with the exact command
that fixes the file: ``iconv`` for another encoding, ``briefing strip-controls`` for the characters
(it removes exactly those and nothing else, whatever the locale).

Every text flag goes through the same character policy; ``--url`` through ``briefing.links``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from .anchor import Match, anchor, not_found
from .characters import cut, explain, for_terminal, unsafe_characters
from .consistency import appendix_page, toc_with
from .corpus import Corpus, _schema, published_from, source_from, validate
from .errors import AmbiguousQuote, BriefingError, DataError, SourceFileError
from .evidence import Registry
from .ids import valid_id
from .links import url_problem
from .yamlio import Located, comment, read_capped, scalar

MAX_BYTES = 2_000_000  # a news article is ~10 kB; anything this large is not one
MAX_PLACES = 5  # occurrences of an ambiguous quote listed in the error
_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
# A first line made only of these (and digits, punctuation) is a dateline, not a title.
_DATELINE_WORDS = {
    "الأحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الاربعاء", "الخميس", "الجمعة", "السبت",
    "يناير", "فبراير", "مارس", "أبريل", "ابريل", "مايو", "يونيو", "يوليو", "أغسطس", "اغسطس", "سبتمبر",
    "أكتوبر", "اكتوبر", "نوفمبر", "ديسمبر", "كانون", "الثاني", "الأول", "شباط", "آذار", "اذار", "نيسان",
    "أيار", "ايار", "حزيران", "تموز", "آب", "اب", "أيلول", "ايلول", "تشرين", "الموافق", "م", "هـ", "ه",
    "نشر", "في", "تاريخ", "النشر", "آخر", "اخر", "تحديث", "بتوقيت", "بغداد", "غرينتش", "صباحا", "مساء",
    "ص", "pm", "am",
}
_WEEKDAY_OR_MONTH = {w for w in _DATELINE_WORDS if len(w) > 2} - {
    "الموافق", "نشر", "في", "تاريخ", "النشر", "آخر", "اخر", "تحديث", "بتوقيت", "بغداد", "غرينتش", "صباحا", "مساء",
    "الثاني", "الأول"}


def looks_like_dateline(line: str) -> bool:
    """True for a line such as «الأربعاء 01 أكتوبر 2025» or «2026-01-18 15:49»: a date, not a title."""
    words = re.findall(r"\w+", line)
    if not words or len(words) > 10:
        return False
    dated = any(w.isdigit() for w in words) or any(w.removeprefix("و") in _WEEKDAY_OR_MONTH for w in words)
    rest = [w for w in words if not w.isdigit() and w.removeprefix("و").lower() not in _DATELINE_WORDS]
    return dated and len(rest) <= 1


def check_source_bytes(path: Path) -> tuple[str, bytes]:
    """The file's text and bytes if it is clean UTF-8 news text; otherwise a SourceFileError with the fix."""
    name = shlex.quote(str(path))
    data = read_capped(path, MAX_BYTES, SourceFileError, missing="check the path",
                       not_regular="save the article's text to a file and give that file")
    if len(data) > MAX_BYTES:
        raise SourceFileError(str(path), f"is over {MAX_BYTES:,} bytes (the limit)",
                              "a source is one article as plain text; split or trim the file")
    if not data.strip():
        raise SourceFileError(str(path), "is empty", "save the article's text into the file first")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data[:200].count(b"\x00") > 10:
        raise SourceFileError(str(path), "is UTF-16, not UTF-8",
                              f"convert it: iconv -f UTF-16 -t UTF-8 {name} > {name}.utf8")
    if b"\x00" in data:
        raise SourceFileError(str(path), f"contains NUL bytes (first at byte {data.index(0)})",
                              f"remove them: tr -d '\\000' < {name} > {name}.clean")
    if data.startswith(b"\xef\xbb\xbf"):
        raise SourceFileError(str(path), "starts with a UTF-8 byte-order mark",
                              f"remove it: briefing strip-controls {name} (writes {shlex.quote(str(path) + '.clean')}, "
                              "the text otherwise unchanged); then add that file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = f"is not UTF-8 (invalid byte 0x{data[exc.start]:02x} at {exc.start})"
        if _reads_as_arabic(data.decode("cp1256", errors="replace")):
            raise SourceFileError(str(path), f"{bad}; it reads as Arabic in Windows-1256",
                                  f"convert it: iconv -f WINDOWS-1256 -t UTF-8 {name} > {name}.utf8") from None
        raise SourceFileError(str(path), f"{bad}, and it is not Arabic text in Windows-1256 either: the file is "
                              "damaged or in another encoding", "save the article again from its page as UTF-8 "
                              "text (a command that edited it byte by byte may have broken its letters)") from None
    if "\r" in text:
        line = text.count("\n", 0, text.index("\r")) + 1
        if "\r" in text.replace("\r\n", ""):  # CR alone ends lines (old Mac) or mixed line ends
            raise SourceFileError(f"{path}:{line}", "has CR line ends (CR alone, not followed by LF)",
                                  f"convert them: sed -i 's/\\r$//; s/\\r/\\n/g' {name}")
        raise SourceFileError(f"{path}:{line}", "has CR (Windows) line ends", f"convert them: sed -i 's/\\r$//' {name}")
    garbled = mojibake(text)
    if garbled:
        raise SourceFileError(str(path), garbled, "the file was converted with the wrong encoding; save the article "
                              "again from its page as UTF-8 text")
    unsafe = unsafe_characters(text, limit=1)
    if unsafe:
        index = unsafe[0][0]
        line = text.count("\n", 0, index) + 1
        raise SourceFileError(f"{path}:{line}", explain(text) or "",
                              f"remove exactly those characters: briefing strip-controls {name} (writes "
                              f"{shlex.quote(str(path) + '.clean')}, the article's text otherwise unchanged); then "
                              "add that file")
    return text, data


_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0660-\u0669\u066e-\u06d3\u06fa-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]")
# what Arabic UTF-8 read as Windows-1256, -1252 or Latin-1 turns into: Latin-1 letters and symbols (Ø§Ù„),
# the Persian/Urdu letters and typographic symbols of the 0x80–0x9F range (پ ٹ چ ژ ڈ گ ک ڑ ں ھ € ‚ „ …)
_MOJIBAKE = re.compile(r"[\u0080-\u02ff\u2018-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122\u067e\u0679\u0686\u0698"
                       r"\u0688\u06af\u06a9\u0691\u06ba\u06be\u0152\u0153\ufffd]")


def _reads_as_arabic(text: str) -> bool:
    letters = sum(1 for ch in text if ch.isalpha())
    return letters > 0 and len(_ARABIC_LETTER.findall(text)) >= 0.6 * letters and not mojibake(text)


def mojibake(text: str) -> str | None:
    """Why ``text`` looks like Arabic mis-decoded (a replacement character, or Latin-1 letters and symbols
    among too few Arabic letters), or None. News articles quote the odd Latin name; not sequences like Ø§Ù„."""
    if "\ufffd" in text:
        line = text.count("\n", 0, text.index("\ufffd")) + 1
        return f"contains U+FFFD (REPLACEMENT CHARACTER) at line {line}: text was lost when it was decoded"
    visible = sum(1 for ch in text if not ch.isspace())
    odd = _MOJIBAKE.findall(text)
    arabic = len(_ARABIC_LETTER.findall(text))
    letters = sum(1 for ch in text if ch.isalpha())
    if visible and (len(odd) > max(3, 0.02 * visible) or (letters >= 20 and arabic < 0.5 * letters)):
        sample = "".join(dict.fromkeys(odd))[:12]
        return (f"does not read as Arabic text: {arabic} of its {letters} letters are Arabic"
                + (f", and it holds {len(odd)} characters typical of mis-decoded text («{sample}»)" if odd else ""))
    return None


@dataclass
class NewSource:
    id: str
    outlet_en: str
    title_en: str
    outlet_ar: str = ""
    title_ar: str = ""
    url: str = ""
    published: str = ""  # YYYY-MM-DD as printed …
    as_printed: str = ""
    inferred: str = ""  # … or YYYY-MM-DD/YYYY-MM-DD
    reason: str = ""


def _iso(value: str, flag: str) -> dt.date:
    """A strict YYYY-MM-DD date (not 20251002, 2025-W40-4 or other forms Python would accept)."""
    try:
        if _ISO.match(value):
            return dt.date.fromisoformat(value)
    except ValueError:
        pass
    raise DataError(f"{flag} {comment(value)}", "is not a date", "write it as YYYY-MM-DD, e.g. 2025-10-02")


def _text_arg(value: str, flag: str, required: bool = False) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise DataError(flag, "is not valid UTF-8 text", "retype it in a UTF-8 terminal") from None
    hidden = explain(value)
    if hidden:
        raise DataError(flag, hidden, "retype the value without it")
    if required and not value.strip():
        raise DataError(flag, "must not be empty", f"give {flag} \"…\"")
    return value


def _url_arg(value: str) -> str:
    """``--url``: empty, or a plain http(s) URL (``briefing.links``)."""
    why = url_problem(_text_arg(value, "--url"))
    if why:
        raise DataError(f"--url {for_terminal(value[:200], keep_newlines=False)}", why,
                        "give the article's https:// address as printed, or leave --url out")
    return value


def published_record(new: NewSource) -> dict:
    """The ``published:`` mapping of sources.yaml from the flags (validated)."""
    if bool(new.published) == bool(new.inferred):
        raise DataError("add-source", "give either --published DATE or --inferred EARLIEST/LATEST", "")
    if new.published:
        _iso(new.published, "--published")
        as_printed = _text_arg(new.as_printed, "--as-printed") or new.published
        return {"basis": "printed", "date": new.published, "as_printed": as_printed}
    parts = new.inferred.split("/")
    if len(parts) != 2:
        raise DataError(f"--inferred {comment(new.inferred)}", "must be EARLIEST/LATEST", "e.g. 2025-09-01/2025-09-30")
    lo, hi = (_iso(p, "--inferred") for p in parts)
    if lo > hi:
        raise DataError(f"--inferred {new.inferred}", "earliest is after latest", "swap the dates")
    if len(_text_arg(new.reason, "--reason").strip()) < 20:
        raise DataError("--reason", "an inferred date needs the reason (at least a sentence)",
                        "say what in the text dates it, e.g. 'refers to next September as the deadline'")
    return {"basis": "inferred", "earliest": parts[0], "latest": parts[1], "reason": new.reason}


def title_and_segments(text: str, title_ar: str, file: Path) -> tuple[str, list[dict]]:
    """The Arabic title (given, or the first line) and the segments marking it and any dateline above it."""
    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if line.strip())
    if not title_ar.strip():
        if looks_like_dateline(lines[first]):
            nxt = next((i for i, line in enumerate(lines) if i > first and line.strip()
                        and not looks_like_dateline(line)), None)
            hint = f" --title {shlex.quote(comment(lines[nxt].strip()))}" if nxt is not None else " --title \"…\""
            raise DataError(f"{file}:{first + 1}", f"the first line «{comment(lines[first].strip())}» is a dateline, "
                            "not a title", f"give the title as printed, e.g.{hint}")
        title_ar = lines[first].strip()
    segments = []
    for i, line in enumerate(lines):
        if line.strip() == title_ar.strip():
            segments = [{"lines": [j + 1, j + 1], "kind": "dateline"} for j in range(i)
                        if lines[j].strip() and looks_like_dateline(lines[j])]
            segments.append({"lines": [i + 1, i + 1], "kind": "title"})
            break
    return title_ar, segments


def build_entry(new: NewSource, text: str, data: bytes, file: Path, root: Path) -> dict:
    """The sources.yaml entry for ``new``, validated with the schema `briefing check` uses."""
    valid_id(new.id)
    outlet_en = _text_arg(new.outlet_en, "--outlet", required=True)
    title_en = _text_arg(new.title_en, "--title-en", required=True)
    title_ar, segments = title_and_segments(text, _text_arg(new.title_ar, "--title"), file)
    entry = {
        "id": new.id, "file": f"sources/{new.id}.txt", "sha256": hashlib.sha256(data).hexdigest(),
        "outlet": {"ar": _text_arg(new.outlet_ar, "--outlet-ar"), "en": outlet_en},
        "title": {"ar": title_ar, "en": title_en}, "language": "ar", "url": _url_arg(new.url),
        "published": published_record(new), "segments": segments,
    }
    schema_check(entry, "add-source", root)
    return entry


def schema_check(entry: dict, where: str, root: Path) -> None:
    """Raise the first schema error of one sources.yaml entry (the schema `briefing check` uses)."""
    problems = validate(Located(Path(where), [entry], {}), _schema("sources.schema.json", root))
    if problems:
        raise DataError(where, problems[0].what.replace("entry: ", ""), "see data/schema/sources.schema.json")


def entry_text(entry: dict) -> str:
    """A sources.yaml entry as text in the file's own layout; every string through ``scalar``."""
    q = scalar
    pub = entry["published"]
    if pub["basis"] == "printed":
        published = f"{{basis: printed, date: {q(pub['date'])}, as_printed: {q(pub['as_printed'])}}}"
    else:
        published = (f"\n    basis: inferred\n    earliest: {q(pub['earliest'])}\n    latest: {q(pub['latest'])}\n"
                     f"    reason: {q(pub['reason'])}")
    segments = "".join(
        f"\n    - {{lines: [{int(s['lines'][0])}, {int(s['lines'][1])}], kind: {_kind(s['kind'])}"
        + (f", note: {q(s['note'])}" if s.get("note") else "") + "}" for s in entry.get("segments", []))
    outlet = entry["outlet"]
    note = f", note: {q(outlet['note'])}" if outlet.get("note") else ""
    return (f"- id: {valid_id(entry['id'])}\n  file: {q(entry['file'])}\n  sha256: {q(entry['sha256'])}\n"
            f"  outlet: {{ar: {q(outlet['ar'])}, en: {q(outlet['en'])}{note}}}\n"
            f"  title:\n    ar: {q(entry['title']['ar'])}\n    en: {q(entry['title']['en'])}\n  language: ar\n"
            f"  url: {q(entry['url'])}\n  published: {published}\n  segments:{segments or ' []'}\n")


def _kind(kind: str) -> str:
    return kind if re.fullmatch(r"[a-z]+(?:-[a-z]+)*", kind) else scalar(kind)


@dataclass
class PlannedSource:
    """Everything add-source will write, computed (and validated) before anything is written."""

    entry: dict
    files: dict[Path, bytes]

    def summary(self) -> str:
        e = self.entry
        published = published_from(e["published"], e["id"]).display()
        rows = [("id", e["id"]), ("file", f"data/{e['file']} (sha256 {e['sha256'][:16]}…)"),
                ("outlet", f"{e['outlet']['en']} / {e['outlet']['ar']}"), ("title (ar)", e["title"]["ar"]),
                ("title (en)", e["title"]["en"]), ("published", published), ("url", e["url"] or "(none)"),
                ("segments", ", ".join(f"{s['kind']} line {s['lines'][0]}" for s in e["segments"]) or "(none)")]
        return "\n".join(f"  {k:11} {comment(v)}" for k, v in rows)


def plan_source(corpus: Corpus, file: Path, new: NewSource) -> PlannedSource:
    """Validate ``new`` and compute the new content of every file add-source writes (writes nothing)."""
    from .bibliography import bibtex

    root = corpus.root
    valid_id(new.id)
    if new.id in corpus.sources:
        raise DataError(f"--id {new.id}", "a source with this id already exists",
                        f"choose another id, or change its metadata with `briefing edit-source {new.id}`")
    target = root / "data" / "sources" / f"{new.id}.txt"
    page = root / "book" / "sources" / f"{new.id}.md"
    for path in (target, page):
        if os.path.lexists(path):
            raise DataError(str(path), "already exists and would be overwritten",
                            "choose another id (or see `briefing check` for a partial add)")
    text, data = check_source_bytes(file)
    digest = hashlib.sha256(data).hexdigest()
    twin = next((s for s in corpus if s.sha256 == digest), None)
    if twin is not None:
        raise DataError(str(file), f"is byte for byte the text of source '{twin.id}' (sha256 {digest[:16]}…)",
                        f"the article is already in the corpus: cite '{twin.id}'")
    entry = build_entry(new, text, data, file, root)
    meta = root / "data" / "sources.yaml"
    meta_text = meta.read_text(encoding="utf-8")
    toc = root / "_toc.yml"
    added = source_from(root, entry, published_from(entry["published"], "add-source"))
    files = {
        target: data,
        meta: (meta_text.rstrip("\n") + "\n\n" + entry_text(entry)).encode("utf-8"),
        page: appendix_page(added).encode("utf-8"),
        toc: toc_with(toc.read_text(encoding="utf-8"), new.id, toc).encode("utf-8"),
    }
    bib = root / "book" / "references.bib"
    if bib.exists():
        files[bib] = bibtex([*corpus, added]).encode("utf-8")
    return PlannedSource(entry, files)


def propose_id(registry: Registry, source_id: str, match: Match) -> str:
    stem = source_id.split("-")[0]
    n = 1
    while f"{stem}-p{match.paragraph}-{n}" in registry.entries:
        n += 1
    return f"{stem}-p{match.paragraph}-{n}"


def evidence_entry(registry: Registry, source_id: str, quote: str, evidence_id: str | None = None,
                   translation: str = "", occurrence: int | None = None) -> tuple[str, Match]:
    """A ready-to-paste evidence entry for ``quote`` (raises if it does not anchor exactly once)."""
    source = registry.corpus[source_id]
    source.verify()
    label = f"quote for '{source_id}'"
    matches = anchor(source, quote, label)
    if not matches:
        raise not_found(source, quote, label)
    if occurrence is None and len(matches) > 1:
        places = "; ".join(comment(f"{i}: ¶{m.paragraph} …{m.prefix[-20:]}[{cut(m.exact, 80)}]{m.suffix[:20]}…")
                           for i, m in enumerate(matches[:MAX_PLACES], start=1))
        more = f"; and {len(matches) - MAX_PLACES:,} more" if len(matches) > MAX_PLACES else ""
        raise AmbiguousQuote(label, f"occurs {len(matches):,} times ({places}{more})",
                             "add --occurrence N or lengthen the quote")
    if occurrence is not None and not 1 <= occurrence <= len(matches):
        raise AmbiguousQuote(label, f"--occurrence {occurrence}, but the quote occurs {len(matches)} time(s)", "")
    match = matches[(occurrence or 1) - 1]
    for other in registry.for_source(source_id):
        try:
            theirs = registry.match(other.id)
        except BriefingError:
            continue
        if (theirs.start, theirs.end) == (match.start, match.end):
            raise DataError(label, f"this passage is already evidence '{other.id}' ({other.where})",
                            f"cite '{other.id}' instead of adding it twice")
    evidence_id = valid_id(evidence_id or propose_id(registry, source_id, match))
    if evidence_id in registry.entries:
        raise DataError(f"--id {evidence_id}", f"already used at {registry.entries[evidence_id].where}",
                        "choose another id")
    translation = translation or "TODO: the project translation"
    if _text_arg(translation, "--translation") and not translation.strip():
        raise DataError("--translation", "must not be blank", "give the project's English rendering")
    where = "title" if match.paragraph == 0 else f"¶{match.paragraph}"
    text = (f"- id: {evidence_id}\n  source: {valid_id(source_id)}\n  quote: {scalar(match.exact)}\n"
            f"  translation: {scalar(translation)}\n"
            + (f"  occurrence: {int(occurrence)}\n" if occurrence else "")
            + "  # " + comment(f"{where}, offsets {match.start}-{match.end}; prefix «{_one_line(match.prefix)}»; "
                               f"suffix «{_one_line(match.suffix)}»") + "\n")
    return text, match


def _one_line(text: str) -> str:
    return " ⏎ ".join(part.strip() for part in text.split("\n") if part.strip())


def append_evidence(registry: Registry, entry: str) -> Path:
    """Append ``entry`` (from ``evidence_entry``) to data/evidence.yaml; call under ``writes.project_lock``."""
    from .writes import atomic_write

    path = registry.corpus.root / "data" / "evidence.yaml"
    original = path.read_text(encoding="utf-8")
    atomic_write({path: (original.rstrip("\n") + "\n\n" + entry).encode("utf-8")})
    return path


def _entry_span(lines: list[str], start: int, stop: int) -> tuple[int, int]:
    """Trim trailing blank and comment lines (they belong to what follows) from lines[start:stop]."""
    while stop > start + 1 and (not lines[stop - 1].strip() or lines[stop - 1].lstrip().startswith("#")):
        stop -= 1
    return start, stop


def plan_edit(corpus: Corpus, source_id: str, new: NewSource) -> PlannedSource:
    """Rewrite the metadata of ``source_id`` with the non-empty fields of ``new`` (the file never changes).

    Only that entry's lines of data/sources.yaml are replaced (comment lines inside it are kept above it);
    the appendix page is regenerated if it is still the generated one, and references.bib is refreshed.
    """
    from .bibliography import bibtex
    from .yamlio import load_yaml

    source = corpus[source_id]
    meta = corpus.root / "data" / "sources.yaml"
    located = load_yaml(meta)
    index = next(i for i, e in enumerate(located.data) if e["id"] == source_id)
    entry = {k: (dict(v) if isinstance(v, dict) else v) for k, v in located.data[index].items()}
    if new.outlet_en:
        entry["outlet"]["en"] = _text_arg(new.outlet_en, "--outlet", required=True)
    if new.outlet_ar:
        entry["outlet"]["ar"] = _text_arg(new.outlet_ar, "--outlet-ar")
    if new.title_en:
        entry["title"]["en"] = _text_arg(new.title_en, "--title-en", required=True)
    if new.title_ar:
        entry["title"]["ar"] = _text_arg(new.title_ar, "--title", required=True)
    if new.url:
        entry["url"] = _url_arg(new.url)
    if new.published or new.inferred:
        entry["published"] = published_record(new)
    elif new.as_printed and entry["published"]["basis"] == "printed":
        entry["published"]["as_printed"] = _text_arg(new.as_printed, "--as-printed", required=True)
    schema_check(entry, f"edit-source {source_id}", corpus.root)
    text = meta.read_text(encoding="utf-8")
    lines = text.split("\n")
    start = located.line(index) - 1
    stop = located.line(index + 1) - 1 if index + 1 < len(located.data) else len(lines)
    start, stop = _entry_span(lines, start, stop)
    kept = [line for line in lines[start + 1:stop] if line.lstrip().startswith("#")]
    replacement = kept + entry_text(entry).rstrip("\n").split("\n")
    new_meta = "\n".join(lines[:start] + replacement + lines[stop:])
    edited = source_from(corpus.root, entry, published_from(entry["published"], f"edit-source {source_id}"))
    files = {meta: new_meta.encode("utf-8")}
    page = corpus.root / "book" / "sources" / f"{source_id}.md"
    if page.is_file() and page.read_text(encoding="utf-8") == appendix_page(source):
        files[page] = appendix_page(edited).encode("utf-8")
    bib = corpus.root / "book" / "references.bib"
    if bib.exists():
        files[bib] = bibtex([edited if s.id == source_id else s for s in corpus]).encode("utf-8")
    return PlannedSource(entry, files)
