"""The evidence registry (data/evidence.yaml): every cited passage, its quote and translation."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .anchor import Match, resolve
from .corpus import Corpus, _schema, find_root, validate
from .errors import BriefingError, DataError, UnknownIdError
from .ids import show_id
from .yamlio import load_yaml, unique_entries


@dataclass(frozen=True)
class Evidence:
    """One cited passage: the Arabic quote in a source, and the project's English rendering."""

    id: str
    source: str
    quote: str
    translation: str
    note: str = ""
    occurrence: int | None = None
    where: str = ""  # file:line of the entry
    speaker: str = ""  # whose words or position the quote gives ("" when they are the outlet's own narration)


@dataclass
class Registry:
    """Evidence entries by id, with the corpus they cite; anchors are resolved once and cached."""

    corpus: Corpus
    entries: dict[str, Evidence] = field(default_factory=dict)
    _matches: dict[str, Match] = field(default_factory=dict, repr=False)

    def __getitem__(self, evidence_id: str) -> Evidence:
        try:
            return self.entries[evidence_id]
        except KeyError:
            raise UnknownIdError(f"citation '{evidence_id}'", "unknown evidence id",
                                 "add it to data/evidence.yaml (see `briefing cite --help`) or fix the id") from None

    def __iter__(self):
        return iter(self.entries.values())

    def __len__(self) -> int:
        return len(self.entries)

    def match(self, evidence_id: str) -> Match:
        """The single span of the source that the evidence quotes (raises AnchorError)."""
        if evidence_id not in self._matches:
            ev = self[evidence_id]
            self._matches[evidence_id] = resolve(self.corpus[ev.source], ev.quote, ev.occurrence,
                                                 label=f"{ev.where} (citation '{ev.id}')")
        return self._matches[evidence_id]

    def verify(self) -> list[BriefingError]:
        """Anchor every entry; return every problem (empty when all anchor exactly once)."""
        problems: list[BriefingError] = []
        for ev in self:
            try:
                self.match(ev.id)
            except BriefingError as exc:
                problems.append(exc)
        return problems

    def duplicate_passages(self) -> list[BriefingError]:
        """An error for each entry that anchors on exactly the span of an earlier one (the same passage
        twice: cite the first id instead). Entries that do not anchor are left to ``verify``."""
        first: dict[tuple[str, int, int], Evidence] = {}
        problems: list[BriefingError] = []
        for ev in self:
            try:
                m = self.match(ev.id)
            except BriefingError:
                continue
            key = (ev.source, m.start, m.end)
            if key in first:
                problems.append(DataError(ev.where, f"evidence '{ev.id}' quotes the same passage as '{first[key].id}' "
                                          f"({first[key].where}): source '{ev.source}', characters {m.start}–{m.end}",
                                          f"cite '{first[key].id}' and delete this entry"))
            else:
                first[key] = ev
        return problems

    def for_source(self, source_id: str) -> list[Evidence]:
        return [ev for ev in self if ev.source == source_id]

    @classmethod
    def load(cls, corpus: Corpus | None = None, path: Path | None = None) -> Registry:
        registry, problems = cls.load_with_problems(corpus, path)
        if problems:
            raise problems[0]
        return registry

    @classmethod
    def load_with_problems(cls, corpus: Corpus | None = None,
                           path: Path | None = None) -> tuple[Registry, list[BriefingError]]:
        corpus = corpus or Corpus.load()
        path = path or corpus.root / "data" / "evidence.yaml"
        located = load_yaml(path)
        registry = cls(corpus)
        if located.data is None:
            return registry, []
        problems: list[BriefingError] = list(validate(located, _schema("evidence.schema.json", corpus.root)))
        if problems or not isinstance(located.data, list):
            return registry, problems or [DataError(str(path), "must be a list of evidence entries", "")]
        entries, duplicates = unique_entries(located, "evidence")
        problems += duplicates
        for i, entry, where in entries:
            eid = entry["id"]
            if entry["source"] not in corpus.sources:
                problems.append(UnknownIdError(located.where(i, "source"),
                                               f"evidence '{eid}' cites unknown source '{show_id(entry['source'])}'",
                                               f"use one of: {', '.join(corpus.sources)}"))
                continue
            registry.entries[eid] = Evidence(eid, entry["source"], entry["quote"], entry["translation"],
                                             entry.get("note", ""), entry.get("occurrence"), where,
                                             entry.get("speaker", ""))
        return registry, problems


_DEFAULT: Registry | None = None


def default_registry(root: Path | None = None) -> Registry:
    """The registry of the project found from the working directory (loaded once per process)."""
    global _DEFAULT
    if _DEFAULT is None or (root is not None and _DEFAULT.corpus.root != root):
        _DEFAULT = Registry.load(Corpus.load(root or find_root()))
    return _DEFAULT
