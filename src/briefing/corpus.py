"""The corpus: source files, their metadata, and their division into title, body and boilerplate."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from . import jsonio
from .arabic import Normalized, bidi_controls, normalize
from .characters import explain, unsafe_characters
from .errors import DataError, SourceFileError, UnknownIdError
from .ids import show_id
from .yamlio import Located, load_yaml, unique_entries

SEARCHABLE_KINDS = ("title", "body")
_ASCII_FIELDS = ("id", "source", "file", "sha256", "date", "earliest", "latest")


def find_root(start: Path | None = None) -> Path:
    """The project root: $BRIEFING_ROOT, else the nearest folder above ``start`` with data/sources.yaml."""
    env = os.environ.get("BRIEFING_ROOT")
    if env:
        return Path(env).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / "sources.yaml").is_file():
            return folder
    raise DataError(str(here), "no data/sources.yaml here or in any parent folder",
                    "run from inside the project or set BRIEFING_ROOT")


@dataclass(frozen=True)
class Published:
    """A publication date as printed, or an inferred range with the reason."""

    basis: str  # "printed" | "inferred"
    date: dt.date | None = None
    as_printed: str = ""
    earliest: dt.date | None = None
    latest: dt.date | None = None
    reason: str = ""

    @property
    def inferred(self) -> bool:
        return self.basis == "inferred"

    @property
    def latest_possible(self) -> dt.date:
        return self.date or self.latest  # type: ignore[return-value]

    @property
    def earliest_possible(self) -> dt.date:
        return self.date or self.earliest  # type: ignore[return-value]

    def display(self) -> str:
        """'31 January 2024'; inferred: '15–30 September 2025 (inferred)', 'September 2025 (inferred)' for a
        whole month, 'January–September 2024 (inferred)'."""
        if self.date:
            return f"{self.date.day} {self.date:%B %Y}"
        a, b = self.earliest, self.latest
        assert a and b
        if a == b:
            span = f"{a.day} {a:%B %Y}"
        elif (a.year, a.month) == (b.year, b.month) and a.day == 1 and (b + dt.timedelta(days=1)).month != b.month:
            span = f"{b:%B %Y}"  # the whole month: 'September 2025', not '1–30 September 2025'
        elif (a.year, a.month) == (b.year, b.month):
            span = f"{a.day}–{b.day} {b:%B %Y}"
        elif a.year == b.year:
            span = f"{a:%B}–{b:%B %Y}"
        else:
            span = f"{a:%B %Y}–{b:%B %Y}"
        return f"{span} (inferred)"


@dataclass(frozen=True)
class Block:
    """A line of the raw text: a body paragraph, the title, or marked boilerplate."""

    kind: str  # "body", "title", or a boilerplate kind (caption, related, footer, …)
    start: int  # offsets into the decoded raw text, half-open, without the line end
    end: int
    line: int  # 1-based line number in the raw file
    paragraph: int | None  # ¶ number for body (1…), 0 for the title, None for boilerplate
    note: str = ""

    @property
    def searchable(self) -> bool:
        return self.kind in SEARCHABLE_KINDS


@dataclass(frozen=True)
class Source:
    """One source article and its metadata."""

    id: str
    path: Path
    sha256: str
    outlet_ar: str
    outlet_en: str
    title_ar: str
    title_en: str
    url: str
    published: Published
    segments: tuple[tuple[int, int, str, str], ...] = ()
    outlet_note: str = ""
    where: str = ""  # file:line of the metadata entry

    @cached_property
    def raw_bytes(self) -> bytes:
        try:  # never through a symlink: a clone's data/sources/x.txt -> /etc/… is not read
            fd = os.open(self.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
            with os.fdopen(fd, "rb") as fh:
                if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                    raise SourceFileError(f"{self.where} ({self.id})", f"source file {self.path} is not a regular "
                                          "file", "restore it from git as a regular file")
                return fh.read()
        except FileNotFoundError:
            raise SourceFileError(f"{self.where} ({self.id})", f"source file {self.path} is missing",
                                  "restore it from git (sources are never edited or removed)") from None
        except OSError as exc:  # a symlink, a directory, a device, no permission …
            why = "is a symbolic link" if exc.errno == errno.ELOOP else f"cannot be read ({exc.strerror})"
            raise SourceFileError(f"{self.where} ({self.id})", f"source file {self.path} {why}",
                                  "restore it from git as a regular file") from None

    def verify(self) -> None:
        """Check the checksum and that the file is clean UTF-8 text (no BOM, CRLF, NUL)."""
        data = self.raw_bytes
        digest = hashlib.sha256(data).hexdigest()
        if digest != self.sha256:
            raise SourceFileError(
                str(self.path),
                f"checksum drift in source '{self.id}': sha256 is {digest}, data/sources.yaml records {self.sha256}",
                "sources are never edited: restore the file with `git checkout -- "
                f"{self.path.name}`, or add the new text as a new source")
        _ = self.text  # decoding raises a SourceFileError for a BOM, CR line ends, NUL or non-UTF-8

    @cached_property
    def text(self) -> str:
        data = self.raw_bytes
        name = str(self.path)
        if data.startswith(b"\xef\xbb\xbf"):
            raise SourceFileError(name, "starts with a UTF-8 byte-order mark",
                                  "sources are stored without a BOM; re-add it with the BOM removed")
        if b"\x00" in data:
            raise SourceFileError(name, f"contains NUL bytes (first at byte {data.index(0)})",
                                  "the file is probably UTF-16: convert it with iconv -f UTF-16 -t UTF-8")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise SourceFileError(name, f"is not UTF-8 (invalid byte at {exc.start})",
                                  f"convert it, e.g. iconv -f WINDOWS-1256 -t UTF-8 {self.path.name}") from None
        if "\r" in text:
            line = text.count("\n", 0, text.index("\r")) + 1
            raise SourceFileError(f"{name}:{line}", "has CR (Windows) line ends",
                                  "sources are stored with LF line ends; convert with dos2unix and re-add")
        unsafe = unsafe_characters(text, limit=1)
        if unsafe:
            index = unsafe[0][0]
            line = text.count("\n", 0, index) + 1
            column = index - (text.rfind("\n", 0, index) + 1) + 1
            raise SourceFileError(f"{name}:{line}:{column}", explain(text, f"source '{self.id}'") or "",
                                  "sources are never edited: clean the article with `briefing strip-controls FILE` "
                                  "and add the clean file as a new source")
        return text

    @cached_property
    def normalized(self) -> Normalized:
        return normalize(self.text)

    @cached_property
    def blocks(self) -> tuple[Block, ...]:
        """Every non-blank line, classified; body lines numbered ¶1, ¶2 … in order."""
        n_lines = self.text.count("\n") + 1
        kinds: dict[int, tuple[str, str]] = {}
        for first, last, kind, note in self.segments:  # bounded by the file's length, whatever the range says
            for n in range(max(first, 1), min(last, n_lines) + 1):
                kinds[n] = (kind, note)
        blocks: list[Block] = []
        offset, number = 0, 0
        for lineno, line in enumerate(self.text.split("\n"), start=1):
            start, end = offset, offset + len(line)
            offset = end + 1
            if not line.strip():
                continue
            kind, note = kinds.get(lineno, ("body", ""))
            paragraph: int | None = None
            if kind == "body":
                number += 1
                paragraph = number
            elif kind == "title":
                paragraph = 0
            blocks.append(Block(kind, start, end, lineno, paragraph, note))
        return tuple(blocks)

    def segment_problems(self) -> list[DataError]:
        """A segment whose line range goes past the end of the file."""
        n_lines = self.text.count("\n") + 1
        return [DataError(self.where, f"source '{self.id}': segment lines [{first}, {last}] go past the file's "
                          f"last line ({n_lines})", f"mark lines 1–{n_lines} only")
                for first, last, _, _ in self.segments if last > n_lines]

    def block_at(self, offset: int) -> Block | None:
        for block in self.blocks:
            if block.start <= offset < block.end:
                return block
        return None

    def paragraph(self, number: int) -> Block:
        for block in self.blocks:
            if block.paragraph == number:
                return block
        raise UnknownIdError(self.id, f"has no paragraph ¶{number}", "see `briefing sources`")

    @property
    def bidi_control_offsets(self) -> list[int]:
        return bidi_controls(self.text)

    def as_dict(self) -> dict:
        p = self.published
        return {
            "id": self.id, "file": str(self.path), "sha256": self.sha256,
            "outlet": {"ar": self.outlet_ar, "en": self.outlet_en},
            "title": {"ar": self.title_ar, "en": self.title_en}, "url": self.url,
            "published": {"basis": p.basis, "display": p.display(),
                          **({"date": p.date.isoformat(), "as_printed": p.as_printed} if p.date else
                             {"earliest": p.earliest.isoformat(), "latest": p.latest.isoformat(),  # type: ignore[union-attr]
                              "reason": p.reason})},
            "paragraphs": sum(1 for b in self.blocks if b.kind == "body"),
        }


def _date(value: object, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise DataError(where, f"'{value}' is not a date", "write it as YYYY-MM-DD") from None


def _schema(name: str, root: Path) -> dict:
    """A JSON Schema from data/schema/, checked; a broken one is a one-line DataError."""
    path = root / "data" / "schema" / name
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"data/schema/{name}", f"cannot be read ({exc})", "restore it from git") from None
    return _checked_schema(text, f"data/schema/{name}")


@lru_cache(maxsize=8)
def _checked_schema(text: str, where: str) -> dict:
    import jsonschema

    try:
        schema = jsonio.loads(text)
    except ValueError as exc:
        raise DataError(f"{where}:{getattr(exc, 'lineno', 1)}", f"is not valid JSON ({getattr(exc, 'msg', exc)})",
                        "fix it or restore it from git") from None
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.SchemaError as exc:
        raise DataError(where, f"is not a valid JSON Schema: {exc.message}", "fix it or restore it from git") from None
    return schema


@lru_cache(maxsize=8)
def _fast_validator(schema_json: str):  # noqa: ANN202
    import fastjsonschema

    return fastjsonschema.compile(json.loads(schema_json))


def validate(located: Located, schema: dict) -> list[DataError]:
    """Schema errors of a loaded YAML file, each with its line.

    fastjsonschema (compiled, fast) says whether the file is valid; only when it is not does
    jsonschema list every error, since fastjsonschema stops at the first.
    """
    import fastjsonschema
    import jsonschema

    try:
        _fast_validator(json.dumps(schema, sort_keys=True))(located.data)
        return []
    except fastjsonschema.JsonSchemaException:
        pass

    validator = jsonschema.Draft202012Validator(schema)
    problems = []
    for err in sorted(validator.iter_errors(located.data), key=lambda e: list(map(str, e.path))):
        path = tuple(err.path)
        field_name = ".".join(str(p) for p in path[1:]) or "entry"
        what = err.message
        if err.validator == "oneOf":
            what = "published must be {basis: printed, date, as_printed} or {basis: inferred, earliest, latest, reason}"
        elif err.validator == "pattern" and isinstance(err.instance, str) and path and path[-1] in _ASCII_FIELDS:
            # an id with a Cyrillic letter or a zero-width space would be echoed looking valid: show the codes
            what = f"'{show_id(err.instance[:100])}' does not match {err.validator_value!r}" + (
                "" if err.instance.isascii() else " (it holds characters outside ASCII, shown as ⟨U+XXXX⟩)")
        problems.append(DataError(located.where(*path), f"{field_name}: {what}",
                                  f"see {schema.get('title', 'the schema')} in data/schema/"))
    return problems


@dataclass
class Corpus:
    """All sources, by id, in the order of data/sources.yaml."""

    root: Path
    sources: dict[str, Source] = field(default_factory=dict)

    def __getitem__(self, source_id: str) -> Source:
        try:
            return self.sources[source_id]
        except KeyError:
            known = ", ".join(self.sources)
            raise UnknownIdError(f"source '{source_id}'", "unknown source id", f"known ids: {known}") from None

    def __iter__(self):
        return iter(self.sources.values())

    def __len__(self) -> int:
        return len(self.sources)

    @property
    def as_of(self) -> dt.date:
        """The latest possible publication date of the newest source."""
        return max(s.published.latest_possible for s in self)

    @property
    def first_published(self) -> dt.date:
        """The earliest possible publication date of the oldest source: where the corpus begins."""
        return min(s.published.earliest_possible for s in self)

    @property
    def surely_reached(self) -> dt.date:
        """The latest of the sources' earliest possible publication dates: a day the corpus surely reached (the
        newest source may have been written on any day from it to ``as_of``, so only what ended before it
        can have been reported)."""
        return max(s.published.earliest_possible for s in self)

    @classmethod
    def load(cls, root: Path | None = None, metadata: str = "data/sources.yaml") -> Corpus:
        """Load and validate the metadata; raise the first DataError (``load_with_problems`` lists all)."""
        corpus, problems = cls.load_with_problems(root, metadata)
        if problems:
            raise problems[0]
        return corpus

    @classmethod
    def load_with_problems(cls, root: Path | None = None,
                           metadata: str = "data/sources.yaml") -> tuple[Corpus, list[DataError]]:
        root = root or find_root()
        located = load_yaml(root / metadata)
        problems: list[DataError] = validate(located, _schema("sources.schema.json", root))
        corpus = cls(root)
        if problems or not isinstance(located.data, list):
            return corpus, problems or [DataError(str(located.path), "must be a list of sources", "")]
        entries, duplicates = unique_entries(located, "source")
        problems += duplicates
        same_bytes: dict[str, str] = {}
        for i, entry, where in entries:
            published = published_from(entry["published"], located.where(i, "published"))
            if published.inferred and published.earliest > published.latest:  # type: ignore[operator]
                problems.append(DataError(located.where(i, "published"), "earliest is after latest",
                                          "swap the two dates"))
            source = source_from(root, entry, published, where)
            for j, (first, last, _, _) in enumerate(source.segments):
                if first > last:
                    problems.append(DataError(located.where(i, "segments", j), f"line range {first}-{last} is reversed",
                                              "write [first, last]"))
            if source.sha256 in same_bytes:
                problems.append(DataError(where, f"source '{source.id}' has the same sha256 as source "
                                          f"'{same_bytes[source.sha256]}': the same article twice",
                                          "keep one of the two entries (and its file)"))
            same_bytes.setdefault(source.sha256, source.id)
            corpus.sources[source.id] = source
        return corpus, problems


def published_from(record: dict, where: str) -> Published:
    """The ``published:`` mapping of a sources.yaml entry; a date that is not one is a DataError at ``where``."""
    if record["basis"] == "printed":
        return Published("printed", date=_date(record["date"], where), as_printed=record["as_printed"])
    return Published("inferred", earliest=_date(record["earliest"], where), latest=_date(record["latest"], where),
                     reason=record["reason"])


def source_from(root: Path, entry: dict, published: Published, where: str = "") -> Source:
    """The Source of one schema-valid sources.yaml entry (``published`` from ``published_from``)."""
    return Source(
        id=entry["id"], path=root / "data" / entry["file"], sha256=entry["sha256"],
        outlet_ar=entry["outlet"]["ar"], outlet_en=entry["outlet"]["en"], outlet_note=entry["outlet"].get("note", ""),
        title_ar=entry["title"]["ar"], title_en=entry["title"]["en"], url=entry["url"], published=published,
        segments=tuple((s["lines"][0], s["lines"][1], s["kind"], s.get("note", "")) for s in entry.get("segments", [])),
        where=where)
