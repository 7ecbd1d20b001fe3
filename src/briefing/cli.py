"""The `briefing` command line. Exit codes: 0 all good, 1 problems found, 2 bad usage or unknown id."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence

from .anchor import anchor, not_found
from .checks import check
from .corpus import Corpus
from .errors import BriefingError


def _print_json(obj: object) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2))


def cmd_check(args: argparse.Namespace) -> int:
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


def cmd_sources(args: argparse.Namespace) -> int:
    corpus = Corpus.load()
    if args.json:
        _print_json({"as_of": corpus.as_of.isoformat(), "sources": [s.as_dict() for s in corpus]})
        return 0
    for s in corpus:
        print(f"{s.id:24} {s.outlet_en:20} {s.published.display():36} {s.title_en}")
    return 0


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


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="briefing", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check", help="verify checksums, metadata, every evidence anchor and every citation")
    c.add_argument("--json", action="store_true", help="machine-readable report")
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
    s = sub.add_parser("sources", help="list the corpus with its metadata")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_sources)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except BriefingError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
