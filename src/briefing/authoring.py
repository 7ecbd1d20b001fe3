"""Authoring: add a source to the corpus, and turn a quote into an evidence entry.

Nothing an author wrote is rewritten: new entries are appended as text to data/sources.yaml,
data/evidence.yaml and _toc.yml, so comments, order and formatting stay as they were. Every write
goes to a temporary file that replaces the target only once all new content is ready, so an
interrupted run leaves the corpus as it was.

Encoding policy for new sources (the stored file is the original bytes, so it must already be clean):
UTF-8 only; a byte-order mark, CR line ends, NUL bytes (usually UTF-16), bidi control characters,
an empty file or one over MAX_BYTES are refused with the exact command that fixes the file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from .anchor import Match, anchor, not_found
from .arabic import bidi_controls
from .corpus import Corpus
from .errors import AmbiguousQuote, DataError, SourceFileError
from .evidence import Registry

MAX_BYTES = 2_000_000  # a news article is ~10 kB; anything this large is not one
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def check_source_bytes(path: Path) -> str:
    """The file's text if it is clean UTF-8 news text; otherwise a SourceFileError with the fix."""
    name = shlex.quote(str(path))
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceFileError(str(path), "file not found", "check the path") from None
    if not data.strip():
        raise SourceFileError(str(path), "is empty", "save the article's text into the file first")
    if len(data) > MAX_BYTES:
        raise SourceFileError(str(path), f"is {len(data):,} bytes (limit {MAX_BYTES:,})",
                              "a source is one article as plain text; split or trim the file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data[:200].count(b"\x00") > 10:
        raise SourceFileError(str(path), "is UTF-16, not UTF-8",
                              f"convert it: iconv -f UTF-16 -t UTF-8 {name} > {name}.utf8")
    if b"\x00" in data:
        raise SourceFileError(str(path), f"contains NUL bytes (first at byte {data.index(0)})",
                              f"remove them: tr -d '\\000' < {name} > {name}.clean")
    if data.startswith(b"\xef\xbb\xbf"):
        raise SourceFileError(str(path), "starts with a UTF-8 byte-order mark",
                              f"remove it: sed -i '1s/^\\xEF\\xBB\\xBF//' {name}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceFileError(str(path), f"is not UTF-8 (invalid byte 0x{data[exc.start]:02x} at {exc.start}); "
                              "Arabic text in this state is usually Windows-1256",
                              f"convert it: iconv -f WINDOWS-1256 -t UTF-8 {name} > {name}.utf8") from None
    if "\r" in text:
        line = text.count("\n", 0, text.index("\r")) + 1
        raise SourceFileError(f"{path}:{line}", "has CR (Windows) line ends", f"convert them: sed -i 's/\\r$//' {name}")
    marks = bidi_controls(text)
    if marks:
        raise SourceFileError(str(path), f"contains {len(marks)} bidi control character(s) (first at offset {marks[0]})",
                              "they can reorder what readers see and never match a quote; remove them: "
                              f"sed -i 's/[\\xe2\\x80\\xaa-\\xe2\\x80\\xae\\xe2\\x81\\xa6-\\xe2\\x81\\xa9]//g' {name}")
    return text


def _atomic_writes(files: dict[Path, bytes]) -> None:
    """Write every file to a temporary sibling, then move them all into place."""
    temps = {}
    try:
        for target, content in files.items():
            tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            tmp.write_bytes(content)
            temps[target] = tmp
        for target, tmp in temps.items():
            os.replace(tmp, target)
    finally:
        for tmp in temps.values():
            if tmp.exists():
                tmp.unlink()


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


def add_source(corpus: Corpus, file: Path, new: NewSource) -> Path:
    """Copy ``file`` byte for byte into data/sources/ and record it; returns the stored path."""
    root = corpus.root
    if not ID_RE.match(new.id):
        raise DataError(f"--id {new.id}", "ids are lower-case words joined by hyphens", "e.g. --id shafaq-2025-09-01")
    if new.id in corpus.sources:
        raise DataError(f"--id {new.id}", "a source with this id already exists", "choose another id")
    target = root / "data" / "sources" / f"{new.id}.txt"
    page = root / "book" / "sources" / f"{new.id}.md"
    for path in (target, page):
        if path.exists():
            raise DataError(str(path), "already exists and would be overwritten", "choose another id")
    if bool(new.published) == bool(new.inferred):
        raise DataError("add-source", "give either --published DATE or --inferred EARLIEST/LATEST", "")
    text = check_source_bytes(file)
    data = file.read_bytes()
    lines_of_text = text.split("\n")
    first = next(i for i, line in enumerate(lines_of_text) if line.strip())
    title_ar = new.title_ar or lines_of_text[first].strip()
    segments = (f"[{{lines: [{first + 1}, {first + 1}], kind: title}}]"
                if lines_of_text[first].strip() == title_ar.strip() else "[]")
    if new.published:
        _iso(new.published, "--published")
        published = (f"{{basis: printed, date: {_q(new.published)}, "
                     f"as_printed: {_q(new.as_printed or new.published)}}}")
    else:
        parts = new.inferred.split("/")
        if len(parts) != 2:
            raise DataError(f"--inferred {new.inferred}", "must be EARLIEST/LATEST", "e.g. 2025-09-01/2025-09-30")
        lo, hi = (_iso(p, "--inferred") for p in parts)
        if lo > hi:
            raise DataError(f"--inferred {new.inferred}", "earliest is after latest", "swap the dates")
        if len(new.reason.strip()) < 20:
            raise DataError("--reason", "an inferred date needs the reason (at least a sentence)",
                            "say what in the text dates it, e.g. 'refers to next September as the deadline'")
        published = (f"\n    basis: inferred\n    earliest: {_q(parts[0])}\n    latest: {_q(parts[1])}\n"
                     f"    reason: {_q(new.reason)}")
    entry = (f"\n- id: {new.id}\n  file: sources/{new.id}.txt\n  sha256: {hashlib.sha256(data).hexdigest()}\n"
             f"  outlet: {{ar: {_q(new.outlet_ar)}, en: {_q(new.outlet_en)}}}\n"
             f"  title:\n    ar: {_q(title_ar)}\n    en: {_q(new.title_en)}\n  language: ar\n  url: {_q(new.url)}\n"
             f"  published: {published}\n  segments: {segments}\n")
    meta = root / "data" / "sources.yaml"
    meta_text = meta.read_text(encoding="utf-8")
    toc = root / "_toc.yml"
    toc_text = toc.read_text(encoding="utf-8")
    lines = toc_text.rstrip("\n").split("\n")
    last = max((i for i, line in enumerate(lines) if "file: book/sources/" in line and "index" not in line),
               default=None)
    if last is None:
        raise DataError(str(toc), "has no entries under book/sources/", "add the appendix to _toc.yml first")
    indent = lines[last][: len(lines[last]) - len(lines[last].lstrip())]
    lines.insert(last + 1, f"{indent}- file: book/sources/{new.id}")
    page_text = (f"# {new.outlet_en}, {{{{ date }}}}\n\n**{new.title_en}** *(title translated by the project)*\n\n"
                 f"```{{source-text}} {new.id}\n```\n")
    date_label = new.published or new.inferred.replace("/", " to ") + " (inferred)"
    page_text = page_text.replace("{{ date }}", date_label)
    _atomic_writes({
        target: data,
        meta: (meta_text.rstrip("\n") + "\n" + entry).encode("utf-8"),
        page: page_text.encode("utf-8"),
        toc: ("\n".join(lines) + "\n").encode("utf-8"),
    })
    return target


def _iso(value: str, flag: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DataError(f"{flag} {value}", "is not a date", "write it as YYYY-MM-DD") from None


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
        places = "; ".join(f"{i}: ¶{m.paragraph} …{m.prefix[-20:]}[{m.exact}]{m.suffix[:20]}…"
                           for i, m in enumerate(matches, start=1))
        raise AmbiguousQuote(label, f"occurs {len(matches)} times ({places})", "add --occurrence N or lengthen the quote")
    if occurrence is not None and not 1 <= occurrence <= len(matches):
        raise AmbiguousQuote(label, f"--occurrence {occurrence}, but the quote occurs {len(matches)} time(s)", "")
    match = matches[(occurrence or 1) - 1]
    evidence_id = evidence_id or propose_id(registry, source_id, match)
    if not ID_RE.match(evidence_id):
        raise DataError(f"--id {evidence_id}", "ids are lower-case words joined by hyphens", "")
    if evidence_id in registry.entries:
        raise DataError(f"--id {evidence_id}", f"already used at {registry.entries[evidence_id].where}",
                        "choose another id")
    where = "title" if match.paragraph == 0 else f"¶{match.paragraph}"
    text = (f"- id: {evidence_id}\n  source: {source_id}\n  quote: {_q(match.exact)}\n"
            f"  translation: {_q(translation or 'TODO: the project translation')}\n"
            + (f"  occurrence: {occurrence}\n" if occurrence else "")
            + f"  # {where}, offsets {match.start}-{match.end}; prefix «{_one_line(match.prefix)}»; "
              f"suffix «{_one_line(match.suffix)}»\n")
    return text, match


def _one_line(text: str) -> str:
    return " ⏎ ".join(part.strip() for part in text.split("\n") if part.strip())


def append_evidence(registry: Registry, entry: str) -> Path:
    path = registry.corpus.root / "data" / "evidence.yaml"
    original = path.read_text(encoding="utf-8")
    _atomic_writes({path: (original.rstrip("\n") + "\n\n" + entry).encode("utf-8")})
    return path
