"""The `briefing` command line. Exit codes: 0 all good, 1 problems found, 2 bad usage or unknown id.

Everything it prints goes through ``characters.for_terminal`` (controls shown as ``\x1b``, bidi and
other invisible characters as ``⟨U+202E⟩``), so no text from a source, a field or an argument can
drive the terminal; JSON output escapes those characters as ``\u202e``. Arguments carrying them are
refused before anything runs. Readers (check, build, locate …) hold the project lock shared, writers
exclusively (see ``writes``).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .anchor import anchor, not_found
from .characters import UNSAFE_RE, cut, describe, explain, for_terminal, strip_unsafe
from .checks import check
from .corpus import Corpus, find_root
from .errors import BriefingError

if TYPE_CHECKING:
    from .authoring import NewSource, PlannedSource

MAX_ERROR_LINE = 8000  # a longer line on stderr is cut, saying how much was left out


def _json_escape(m: Any) -> str:
    n = ord(m.group())
    if n > 0xFFFF:  # a UTF-16 surrogate pair, as JSON writes characters beyond the BMP
        n -= 0x10000
        return f"\\u{0xD800 + (n >> 10):04x}\\u{0xDC00 + (n & 0x3FF):04x}"
    return f"\\u{n:04x}"


def _print_json(obj: object) -> None:
    """JSON with every refused character escaped (\u202e): the data is exact, the terminal safe."""
    print(UNSAFE_RE.sub(_json_escape, json.dumps(obj, ensure_ascii=False, indent=2)))


class _TerminalStream:
    """A text stream that shows, never runs, what is written to it (see ``characters.for_terminal``)."""

    def __init__(self, stream: Any, limit: int | None = None) -> None:
        self._stream, self._limit = stream, limit

    def write(self, text: str) -> int:
        safe = for_terminal(text)
        if self._limit is not None:
            safe = "\n".join(cut(line, self._limit) for line in safe.split("\n"))
        return self._stream.write(safe)

    def raw(self, text: str) -> None:
        """Write project-made control output (the progress line's carriage return) as is."""
        self._stream.write(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextlib.contextmanager
def _terminal_output() -> Iterator[None]:
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _TerminalStream(out), _TerminalStream(err, MAX_ERROR_LINE)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err


def _raw(text: str) -> None:
    write = getattr(sys.stdout, "raw", sys.stdout.write)
    write(text)
    sys.stdout.flush()


def _refused_argument(argv: Sequence[str], args: argparse.Namespace) -> str | None:
    """The first argument holding a refused character, named by its flag and said in one line (None when
    every argument is clean)."""
    for dest, value in vars(args).items():
        if isinstance(value, str) and explain(value):
            flag = f"--{dest.replace('_', '-')}"
            name = flag if any(a == flag or a.startswith(flag + "=") for a in argv) else dest.upper()
            return (f"{name} «{for_terminal(cut(value, 60), keep_newlines=False)}»: {explain(value)} — retype it "
                    "without that character")
    for n, arg in enumerate(argv, start=1):
        what = explain(arg)
        if what:
            return (f"argument {n} «{for_terminal(cut(arg, 60), keep_newlines=False)}»: {what} — retype it without "
                    "that character")
    return None


def _reading(func: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Run a command that reads the project under the shared project lock (a writer waits, and it waits
    for a writer), so it sees one consistent corpus."""

    @functools.wraps(func)
    def wrapper(args: argparse.Namespace) -> int:
        from .writes import project_lock

        with project_lock(find_root(), shared=True):
            return func(args)

    return wrapper


def _building(func: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Run the build under the build lock (one build at a time writes _build/ and its logs) and the shared
    project lock (no command changes the corpus while the book is built from it)."""

    @functools.wraps(func)
    def wrapper(args: argparse.Namespace) -> int:
        from .writes import build_lock, project_lock

        root = find_root()
        with build_lock(root), project_lock(root, shared=True):
            return func(args)

    return wrapper


@_reading
def cmd_check(args: argparse.Namespace) -> int:
    if args.claims:  # claim checks and the estimative standard, per chapter
        from .claims import claims_command

        return claims_command(as_json=args.json)
    t0 = time.perf_counter()
    problems, counts = check()
    seconds = round(time.perf_counter() - t0, 3)
    if args.json:
        _print_json({"ok": not problems, "counts": counts, "seconds": seconds,
                     "problems": [p.as_dict() for p in problems]})
    else:
        for p in problems:
            print(f"error: {p.message}", file=sys.stderr)
        status = "OK" if not problems else f"{len(problems)} problem(s)"
        print(f"{status}: {counts['sources']} sources (checksums verified), {counts['anchored']}/"
              f"{counts['evidence']} evidence entries anchored exactly once, "
              f"{counts['citations_in_book']} citations in book/ and data/ checked ({seconds} s)")
    return 1 if problems else 0


@_reading
def cmd_locate(args: argparse.Namespace) -> int:
    corpus = Corpus.load()
    source = corpus[args.source_id]
    source.verify()
    matches = anchor(source, args.quote)
    if args.json:
        _print_json({"source": source.id, "matches": [m.as_dict() for m in matches]})
    else:
        for m in matches:
            where = "title" if m.paragraph == 0 else f"¶{m.paragraph}"
            print(f"{source.id} {where} [{m.start}:{m.end}] {m.exact}")
    if not matches:
        print(f"error: {not_found(source, args.quote, f'source {source.id!r}').message}", file=sys.stderr)
        return 1
    return 0


@_reading
def cmd_sources(args: argparse.Namespace) -> int:
    corpus = Corpus.load()
    if args.json:
        _print_json({"as_of": corpus.as_of.isoformat(), "sources": [s.as_dict() for s in corpus]})
        return 0
    for s in corpus:
        print(f"{s.id:24} {s.outlet_en:20} {s.published.display():36} {s.title_en}")
    return 0


@_reading
def cmd_extract(args: argparse.Namespace) -> int:
    from .extract import extract

    corpus = Corpus.load()
    source = corpus[args.source_id]
    source.verify()
    facts = [f for f in extract(source) if not args.kind or f.kind in args.kind]
    if args.json:
        _print_json({"source": source.id, "published": source.published.display(),
                     "facts": [f.as_dict() for f in facts]})
        return 0
    for f in facts:
        where = "title" if f.paragraph == 0 else f"¶{f.paragraph}"
        extra = ", ".join(f"{k}={v}" for k, v in f.attrs.items() if k != "pattern" and v not in (None, False))
        print(f"{f.kind:9} {where:5} [{f.start}:{f.end}] {f.exact}  →  {f.value}" + (f"  ({extra})" if extra else ""))
    return 0


@_reading
def cmd_compare(args: argparse.Namespace) -> int:
    from .agreement import compare

    corpus = Corpus.load()
    groups = compare(corpus)
    if args.json:
        _print_json([{"topic": g.topic, "status": g.status(corpus),
                      "facts": [{"source": sid, **f.as_dict()} for sid, f in g.facts]} for g in groups])
        return 0
    for g in groups:
        print(f"{g.topic}: {g.status(corpus)}")
        for sid, f in g.facts:
            where = "title" if f.paragraph == 0 else f"¶{f.paragraph}"
            print(f"    {sid:24} {where:5} {f.exact}  →  {f.value}")
    return 0


@contextlib.contextmanager
def _writing(root: Path) -> Iterator[None]:
    """Hold the project lock; first finish any change a crashed command of this clone left behind (a
    journal this clone did not sign stops the command: see `briefing recover`)."""
    from .writes import project_lock, recover

    with project_lock(root):
        for line in recover(root):
            print(f"recovered: {line}", file=sys.stderr)
        yield


def _warn_near(new_id: str, existing: Sequence[str], what: str) -> None:
    """Warn (stderr) when ``new_id`` is one edit from an existing id: he1m beside helm."""
    from .ids import near_ids

    for other, how in near_ids(new_id, existing)[:3]:
        print(f"warning: the new {what} id '{new_id}' is one edit from the existing id '{other}' ({how}); "
              "make sure it is a new one and not a typing slip", file=sys.stderr)


def _source_flags(args: argparse.Namespace, source_id: str) -> NewSource:
    from .authoring import NewSource

    return NewSource(id=source_id, outlet_en=args.outlet or "", outlet_ar=args.outlet_ar or "",
                     title_en=args.title_en or "", title_ar=args.title or "", url=args.url or "",
                     published=args.published or "", as_printed=args.as_printed or "",
                     inferred=args.inferred or "", reason=args.reason or "")


def _show_and_write(root: Path, plan: PlannedSource, label: str, dry_run: bool) -> bool:
    """Print what ``plan`` records, then write its files as one journalled change unless ``dry_run``."""
    from .writes import atomic_write

    print(f"{label}:" if not dry_run else f"{label} (dry run, nothing written):")
    print(plan.summary())
    if not dry_run:
        atomic_write(plan.files, journal_root=root)
    return not dry_run


def cmd_add_source(args: argparse.Namespace) -> int:
    """Copy a file byte for byte into data/sources/ and record it (sources.yaml, appendix page, toc, bib)."""
    from .authoring import plan_source

    root = find_root()
    with _writing(root):
        corpus = Corpus.load(root)
        plan = plan_source(corpus, Path(args.file), _source_flags(args, args.id))
        _warn_near(args.id, list(corpus.sources), "source")
        if not _show_and_write(root, plan, "new source", args.dry_run):
            return 0
    written = ", ".join(str(p.relative_to(root)) for p in plan.files)
    print(f"added {args.id}: {written}")
    print("next: mark non-body lines under `segments:` in data/sources.yaml, then `briefing check`; "
          f"to correct the metadata: `briefing edit-source {args.id} --title-en …`")
    return 0


def cmd_edit_source(args: argparse.Namespace) -> int:
    from .authoring import plan_edit

    root = find_root()
    with _writing(root):
        corpus = Corpus.load(root)
        plan = plan_edit(corpus, args.source_id, _source_flags(args, args.source_id))
        if not _show_and_write(root, plan, "edited source", args.dry_run):
            return 0
    print("rewrote " + ", ".join(str(p.relative_to(root)) for p in plan.files))
    page = root / "book" / "sources" / f"{args.source_id}.md"
    if page not in plan.files and page.exists():
        print(f"note: {page.relative_to(root)} was edited by hand; update its heading yourself")
    return 0


def cmd_cite(args: argparse.Namespace) -> int:
    from .authoring import append_evidence, evidence_entry
    from .evidence import Registry

    if not args.add:
        from .writes import project_lock

        with project_lock(find_root(), shared=True):
            registry = Registry.load(Corpus.load())
            entry, _ = evidence_entry(registry, args.source_id, args.quote, args.id, args.translation or "",
                                      args.occurrence)
        print(entry, end="")
        return 0
    if not args.translation:
        print("error: --add needs --translation (the project's English rendering)", file=sys.stderr)
        return 2
    root = find_root()
    with _writing(root):  # read, check the id is free and append, all under the lock
        registry = Registry.load(Corpus.load(root))
        entry, _ = evidence_entry(registry, args.source_id, args.quote, args.id, args.translation, args.occurrence)
        if args.id:
            _warn_near(args.id, list(registry.entries), "evidence")
        path = append_evidence(registry, entry)
    print(entry, end="")
    print(f"appended to {path.relative_to(root)}")
    return 0


def cmd_recover(args: argparse.Namespace) -> int:
    """Show an interrupted change, then finish it (a journal of another clone only with --apply-foreign) or
    drop it (--discard); remove stray temporary files; restore derived pages and toc lines."""
    from .consistency import repair
    from .writes import describe_plan, discard, interrupted, project_lock, read_journal

    root = find_root()
    with project_lock(root):
        journal = read_journal(root)
        if journal is not None and not journal.problem:
            print(f"interrupted change in data/.briefing-journal.json ("
                  f"{'written in this clone' if journal.signed_here else 'NOT written in this clone'}):")
            for line in describe_plan(root, journal):
                print(f"  {line}")
        if args.discard:
            done = discard(root)
        elif args.dry_run:
            print("dry run: nothing done")
            return 0
        else:
            problem = interrupted(root) if journal is not None else None
            if problem is not None and (journal.problem or (not journal.signed_here and not args.apply_foreign)):
                raise problem
            done = repair(root, apply_foreign=args.apply_foreign)
    for line in done:
        print(line)
    print("nothing to recover" if not done else f"{len(done)} repair(s) done; run `briefing check`")
    return 0


def cmd_strip_controls(args: argparse.Namespace) -> int:
    """Write FILE.clean: FILE without the characters the project refuses (line ends made LF); list them."""
    from .characters import code
    from .errors import SourceFileError
    from .writes import _explain
    from .yamlio import read_capped

    path = Path(args.file)
    out = Path(args.output) if args.output else path.with_name(path.name + ".clean")
    limit = 50_000_000
    data = read_capped(path, limit, SourceFileError, missing="check the path")
    if len(data) > limit:
        raise SourceFileError(str(path), f"is over {limit:,} bytes", "this is not a text file the project uses")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceFileError(str(path), f"is not UTF-8 (invalid byte 0x{data[exc.start]:02x} at {exc.start})",
                              "convert it to UTF-8 first (for Arabic often: iconv -f WINDOWS-1256 -t UTF-8)") from None
    clean, removed = strip_unsafe(text)
    line_ends = text.count("\r")
    try:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except FileExistsError:
        raise SourceFileError(str(out), "already exists and is never overwritten",
                              "move it away, or give --output another path") from None
    except OSError as exc:
        raise _explain(exc, out) from None
    with os.fdopen(fd, "wb") as fh:
        fh.write(clean.encode("utf-8"))
    kinds = ", ".join(f"{describe(ch)} ×{n}" for ch, n in removed.most_common())
    print(f"removed {sum(removed.values())} character(s)" + (f": {kinds}" if kinds else "")
          + (f"; {line_ends} CR line end(s) made LF" if line_ends else ""))
    if removed:
        print("codes: " + " ".join(code(ch) for ch in removed))
    print(f"wrote {out} (every other character as in {path})")
    return 0


def cmd_refresh(args: argparse.Namespace) -> int:
    """Regenerate what derives from the corpus (book/references.bib, appendix page headings)."""
    from .consistency import refresh

    root = find_root()
    with _writing(root):
        done = refresh(root)
    print("\n".join(done) if done else "everything derived from the corpus is up to date")
    return 0


def refresh_execution_cache(root) -> bool:  # noqa: ANN001
    """Empty jupyter-cache and the saved Sphinx environment when the package or the data changed.

    jupyter-cache keys a notebook on its code cells only, so a change to `briefing` or to data/ (or to the
    edition date set by $BRIEFING_EDITION_DATE) would otherwise leave stale outputs (an old figure, another
    edition's statuses) in the book. Returns True when it emptied it.
    """
    import hashlib
    import os
    import shutil

    from .edition import ENV

    digest = hashlib.sha256()
    # the edition date of this build: a chapter judges horizons against it, so another date means other outputs
    digest.update(f"{ENV}={os.environ.get(ENV, '')}".encode() + b"\0")
    for folder in (root / "src" / "briefing", root / "data"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    stamp = root / "_build" / ".inputs-sha256"
    current = digest.hexdigest()
    if stamp.exists() and stamp.read_text() == current:
        return False
    # the cached outputs, and Sphinx's saved environment (else unchanged notebooks are not re-read)
    shutil.rmtree(root / "_build" / ".jupyter_cache", ignore_errors=True)
    shutil.rmtree(root / "_build" / ".doctrees", ignore_errors=True)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current)
    return True


def regenerate_stale(root: Path, stale: list[BriefingError]) -> bool:
    """Regenerate each notebook whose text form changed (one progress line each); True when one failed."""
    from .chapters import limits
    from .execute import generate

    lim = limits(root)
    for problem in stale:
        name = Path(problem.where).stem
        print(f"notebook: book/_text/{name}.md changed since book/{name}.ipynb was generated: regenerating it "
              f"(executing, at most {lim.timeout} s a cell)", flush=True)
        try:
            target, durations = generate(root, name, lim)
        except BriefingError as exc:
            print(f"error: {exc.message}", file=sys.stderr)
            print(f"not building: book/{name}.ipynb could not be regenerated (the committed one is unchanged)",
                  file=sys.stderr)
            return True
        print(f"notebook: wrote {target.relative_to(root)} ({len(durations)} code cells); commit it with its text form")
    return False


@_building
def cmd_build(args: argparse.Namespace) -> int:
    """Check, then run Jupyter Book with a one-line progress display; the full log goes to _build/."""
    import re
    import shutil
    import subprocess
    from pathlib import Path

    from . import pdfbuild
    from .chapters import StaleNotebook
    from .corpus import find_root

    root = find_root()
    t0 = time.perf_counter()
    problems, counts = check(root)
    stale = [p for p in problems if isinstance(p, StaleNotebook)]  # the build regenerates these itself
    problems = [p for p in problems if not isinstance(p, StaleNotebook)]
    if problems:
        for p in problems:
            print(f"error: {p.message}", file=sys.stderr)
        print(f"not building: {len(problems)} problem(s) found by `briefing check`", file=sys.stderr)
        return 1
    print(f"checked: {counts['sources']} sources, {counts['anchored']} evidence entries anchored, "
          f"{counts['citations_in_book']} citations")
    if stale and regenerate_stale(root, stale):
        return 1
    if refresh_execution_cache(root):
        print("src/ or data/ changed since the last build: notebooks will be re-executed")
    jb = Path(sys.executable).parent / "jupyter-book"
    builders = {"html": ["html"], "pdf": ["pdflatex"], "all": ["html", "pdflatex"]}[args.target]
    progress = re.compile(r"^(\w[\w ]*)\.\.\. \[\s*(\d+)%\] (\S+)")
    (root / "_build").mkdir(exist_ok=True)
    for builder in builders:
        log_path = root / "_build" / f"{builder}.log"
        cmd = [str(jb), "build", str(root), "--builder", builder, "-W", "--keep-going"] + (["-n"] if builder == "html" else [])
        with log_path.open("w", encoding="utf-8") as log:
            env = pdfbuild.hardened_env() if builder == "pdflatex" else None  # no shell escape, no stray file I/O
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=root, env=env)
            assert proc.stdout is not None
            for line in proc.stdout:
                log.write(line)
                m = progress.match(re.sub(r"\x1b\[[0-9;]*m", "", line))
                if m and sys.stdout.isatty():
                    _raw("\r" + for_terminal(f"{builder}: {m.group(1)} {m.group(2):>3}% {m.group(3)[:50]:50}",
                                              keep_newlines=False))
            code = proc.wait()
        if sys.stdout.isatty():
            _raw("\r" + " " * 80 + "\r")
        if code:
            from .buildlog import execution_failures

            text = re.sub(r"\x1b\[[0-9;]*m", "", log_path.read_text(encoding="utf-8"))
            failures = execution_failures(text, root)  # a failing cell: one line, not three tracebacks
            for line in failures:
                print(f"error: {line}", file=sys.stderr)
            for line in [] if failures else text.splitlines():
                if re.search(r"WARNING|ERROR|Error:|error:|^! ", line):
                    print(line, file=sys.stderr)
            print(f"{builder} build failed; full log: {log_path.relative_to(root)}", file=sys.stderr)
            return 1
        if builder == "pdflatex":
            if (root / "_build" / "html").exists():  # the HTML book links to the PDF next to it
                shutil.copyfile(root / "_build" / "latex" / "briefing.pdf", root / "_build" / "html" / "briefing.pdf")
            pages = subprocess.run(["pdfinfo", str(root / "_build" / "latex" / "briefing.pdf")], capture_output=True,
                                   text=True).stdout
            n = re.search(r"Pages:\s+(\d+)", pages)
            print(f"pdf: _build/latex/briefing.pdf ({n.group(1) if n else '?'} pages)")
            over = pdfbuild.overfull_boxes(root / "_build" / "latex" / "briefing.log")
            print(f"pdf: {len(over)} overfull box(es) wider than {pdfbuild.TOLERANCE_PT:g} pt (at most "
                  f"{pdfbuild.MAX_OVERFULL} allowed; see _build/latex/briefing.log)")
            if len(over) > pdfbuild.MAX_OVERFULL:
                print("error: the PDF layout regressed: more overfull boxes than briefing.pdfbuild.MAX_OVERFULL",
                      file=sys.stderr)
                return 1
        else:
            html_pages = [p for p in (root / "_build" / "html").rglob("*.html")
                          if p.name not in ("genindex.html", "search.html")]
            print(f"html: _build/html/index.html ({len(html_pages)} pages)")
    print(f"done in {time.perf_counter() - t0:.1f} s; every citation verified against its source")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="briefing", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check", help="verify checksums, metadata, every evidence anchor and every citation")
    c.add_argument("--json", action="store_true", help="machine-readable report")
    c.add_argument("--claims", action="store_true",
                   help="only the claim checks: per chapter, claims checked, facets verified, findings, accepted")
    c.set_defaults(func=cmd_check)
    loc = sub.add_parser("locate", help="find a quote in a source")
    loc.add_argument("source_id")
    loc.add_argument("quote")
    loc.add_argument("--json", action="store_true")
    loc.set_defaults(func=cmd_locate)
    x = sub.add_parser("extract", help="dates, quantities, places and actors in a source, with offsets")
    x.add_argument("source_id")
    x.add_argument("--kind", action="append", choices=["date", "quantity", "place", "actor"],
                   help="only these kinds (repeatable)")
    x.add_argument("--json", action="store_true")
    x.set_defaults(func=cmd_extract)
    cmp = sub.add_parser("compare", help="group extracted facts by topic: corroborated, single-source, differs in precision, "
                         "conflicting")
    cmp.add_argument("--json", action="store_true")
    cmp.set_defaults(func=cmd_compare)
    a = sub.add_parser("add-source", help="copy an article into the corpus and record its metadata")
    a.add_argument("file")
    a.add_argument("--id", required=True, help="stable id, e.g. shafaq-2025-09-01")
    a.add_argument("--outlet", required=True, help="outlet name in English")
    a.add_argument("--outlet-ar", default="", help="outlet name in Arabic, as printed")
    a.add_argument("--title", help="title in Arabic as printed (default: the first line of the file)")
    a.add_argument("--title-en", required=True, help="the project's English translation of the title")
    when = a.add_mutually_exclusive_group(required=True)
    when.add_argument("--published", help="publication date printed in the text, YYYY-MM-DD")
    when.add_argument("--inferred", help="inferred date range EARLIEST/LATEST (YYYY-MM-DD/YYYY-MM-DD)")
    a.add_argument("--as-printed", help="the date exactly as the text prints it (with --published)")
    a.add_argument("--reason", help="why the date is inferred (with --inferred)")
    a.add_argument("--url", default="", help="only if the text gives it; never invent one")
    a.add_argument("--dry-run", action="store_true", help="print the metadata that would be recorded; write nothing")
    a.set_defaults(func=cmd_add_source)
    e = sub.add_parser("edit-source", help="correct the metadata of a source (its text never changes)")
    e.add_argument("source_id")
    e.add_argument("--outlet", help="outlet name in English")
    e.add_argument("--outlet-ar", help="outlet name in Arabic, as printed")
    e.add_argument("--title", help="title in Arabic as printed")
    e.add_argument("--title-en", help="the project's English translation of the title")
    when = e.add_mutually_exclusive_group()
    when.add_argument("--published", help="publication date printed in the text, YYYY-MM-DD")
    when.add_argument("--inferred", help="inferred date range EARLIEST/LATEST")
    e.add_argument("--as-printed", help="the date exactly as the text prints it")
    e.add_argument("--reason", help="why the date is inferred (with --inferred)")
    e.add_argument("--url", help="only if the text gives it")
    e.add_argument("--dry-run", action="store_true", help="print the new metadata; write nothing")
    e.set_defaults(func=cmd_edit_source)
    r = sub.add_parser("recover", help="show, then finish or drop, what an interrupted command left; restore derived "
                       "files")
    how = r.add_mutually_exclusive_group()
    how.add_argument("--apply-foreign", action="store_true",
                     help="also apply a journal that was not written in this clone (look at what it does first)")
    how.add_argument("--discard", action="store_true",
                     help="drop the interrupted change: delete the journal and its temporary files, keep the targets")
    how.add_argument("--dry-run", action="store_true", help="show what would be done; do nothing")
    r.set_defaults(func=cmd_recover)
    st = sub.add_parser("strip-controls", help="write FILE.clean without the control, bidi and invisible characters "
                        "the project refuses (nothing else changes)")
    st.add_argument("file")
    st.add_argument("--output", help="where to write (default: FILE.clean; never overwritten)")
    st.set_defaults(func=cmd_strip_controls)
    rf = sub.add_parser("refresh", help="regenerate book/references.bib and appendix headings from data/sources.yaml")
    rf.set_defaults(func=cmd_refresh)
    c2 = sub.add_parser("cite", help="anchor a quote and print (or --add) a ready evidence entry")
    c2.add_argument("source_id")
    c2.add_argument("quote")
    c2.add_argument("--id", help="evidence id (default: a proposal like erem-p9-1)")
    c2.add_argument("--translation", help="the project's English rendering")
    c2.add_argument("--occurrence", type=int, help="which match, when the quote occurs more than once")
    c2.add_argument("--add", action="store_true", help="append the entry to data/evidence.yaml")
    c2.set_defaults(func=cmd_cite)
    b = sub.add_parser("build", help="check, then build the book (html, pdf or all) with a summary")
    b.add_argument("target", nargs="?", default="html", choices=["html", "pdf", "all"])
    b.set_defaults(func=cmd_build)
    s = sub.add_parser("sources", help="list the corpus with its metadata")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_sources)
    return p


def _os_error(exc: OSError) -> str:
    """One line for an OSError no command explained: the file, what happened, what to do."""
    from .writes import _explain

    name = exc.filename if exc.filename is not None else "briefing"
    if isinstance(exc, FileNotFoundError):
        return f"{name}: not found; the command stopped — restore it from git, or run from the project's root"
    return _explain(exc, name, "the command stopped").message


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    with _terminal_output():
        args = parser().parse_args(argv)  # argparse's own errors are escaped like everything printed
        refused = _refused_argument(argv, args)
        if refused:
            print(f"error: {refused}", file=sys.stderr)
            return 2
        try:
            return args.func(args)
        except BriefingError as exc:
            print(f"error: {exc.message}", file=sys.stderr)
            return exc.exit_code
        except BrokenPipeError:  # the reader went away (| head): nothing to say
            with contextlib.suppress(OSError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.__stdout__.fileno())
            return 141
        except OSError as exc:  # every path that did not say more: still one line naming the file
            print(f"error: {_os_error(exc)}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            return 130
        except Exception as exc:  # a bug, not bad input: still one escaped line (BRIEFING_DEBUG=1 shows the traceback)
            if os.environ.get("BRIEFING_DEBUG"):
                raise
            print(f"error: internal error ({type(exc).__name__}: {cut(str(exc), 300)}) while running "
                  f"`briefing {args.command}` — this is a bug in briefing: report the command and this line "
                  "(BRIEFING_DEBUG=1 shows where it happened)", file=sys.stderr)
            return 70


if __name__ == "__main__":
    sys.exit(main())
