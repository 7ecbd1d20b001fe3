"""How the PDF's Arabic copies in the four families of PDF viewers: routes for its text layer, scored.

    .venv/bin/python benchmarks/pdf_text.py score [PDF ...]     # the built book by default
    .venv/bin/python benchmarks/pdf_text.py routes [--book] [ROUTE ...]

`score` extracts each PDF's text with pdf.js, PDFium, poppler and MuPDF (tests/pdf_extractors.py) and counts
the cited passages found with their word spaces, in logical order: the development half, the held-out half
(`is_held_out`: never looked at while choosing a route), and all passages with every mark as written.

`routes` sets a test document (the development passages in the places the book sets Arabic: an Arabic
paragraph with highlighted passages and a ¶ label, an evidence entry, a footnote, an English sentence, a
narrow table cell) with the built book's own preamble (its fonts, whatever they are), once per route of the
text layer, and scores each; `--book` sets the built book itself (a copy of _build/latex) once per route
instead. A route is a set of options of the Lua text layer (ROUTES below). Needs `make pdf` first.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import pdf_extractors as px  # noqa: E402

from briefing.pdfbuild import hardened_env  # noqa: E402

LATEX = ROOT / "_build" / "latex"
LUA = ROOT / "src" / "briefing" / "static" / "latex"
LAYER_FILES = ("briefing-spaces.lua", "briefing-visual-order.lua", "briefing-tounicode.lua")

# Each route: the text-layer Lua files loaded, and the options table the layer reads (briefing_text_layer).
ROUTES: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    "plain LuaTeX (no text layer)": ((), {}),
    "space glyphs only": (("briefing-spaces.lua",), {}),
    "visual order, hidden blanks (December edition)": (LAYER_FILES, {"word_space": "joiner", "in_word": "fill", "actual_text": "none"}),
    "visual order, space blank at word gaps, no blanks in words": (LAYER_FILES, {"word_space": "space", "in_word": "none", "actual_text": "none"}),
    "visual order, space blank at word gaps, blanks in words where pdf.js needs them":
        (LAYER_FILES, {"word_space": "space", "in_word": "needed", "actual_text": "none"}),
    "same, tanween left after its alef": (LAYER_FILES, {"word_space": "space", "in_word": "needed", "tanween": "keep", "actual_text": "none"}),
    "visual order, space blank at word gaps, blanks at every move in words": (LAYER_FILES, {"word_space": "space", "in_word": "fill", "actual_text": "none"}),
    "same as the December edition, each right-to-left run in an /ActualText span, text in logical order":
        (LAYER_FILES, {"word_space": "joiner", "in_word": "fill", "actual_text": "logical"}),
    "same, /ActualText in visual order": (LAYER_FILES, {"word_space": "joiner", "in_word": "fill", "actual_text": "visual"}),
    "hidden layer: runs' glyphs in /ActualText (a tab), a span per word (its text as drawn) over its box":
        (LAYER_FILES, {"actual_text": "hidden", "hidden": "words"}),
    "hidden layer: runs' glyphs in /ActualText (a tab), a span per character over its box":
        (LAYER_FILES, {"actual_text": "hidden", "hidden": "characters"}),
    "hidden layers per viewer: characters for MuPDF and poppler, direction runs for PDFium":
        (LAYER_FILES, {"actual_text": "hidden", "hidden": "viewers"}),
    "hidden layers per viewer, poppler's laid out for the direction it reads each page in":
        (LAYER_FILES, {"actual_text": "hidden", "hidden": "pages"}),
    "book's text layer, Amiri's pair kerning off (moves glyphs)": (LAYER_FILES, {"actual_text": "none"}),
    "same, kerning off and no blanks in words (moves glyphs)": (LAYER_FILES, {"in_word": "none", "actual_text": "none"}),
}
# Routes that also change the Arabic face's OpenType features (fontspec options added to its \babelfont line).
# These move glyphs: they are measured to weigh what the text layer costs, not candidates by themselves.
AMIRI_FEATURES: dict[str, str] = {
    "book's text layer, Amiri's pair kerning off (moves glyphs)": "RawFeature=-kern",
    "same, kerning off and no blanks in words (moves glyphs)": "RawFeature=-kern",
}


SHORT = {"pdfjs": "pdf.js", "pdfium": "PDFium", "poppler": "poppler", "mupdf": "MuPDF"}


def _lua_options(options: dict[str, str]) -> str:
    items = ", ".join(f'{k} = "{v}"' for k, v in options.items())
    return r"\directlua{briefing_text_layer = {" + items + "}}"


def _layer_lines(files: tuple[str, ...], options: dict[str, str]) -> list[str]:
    lines = [_lua_options(options)] if options else []
    return lines + [r'\AtBeginDocument{\directlua{dofile(kpse.find_file("%s"))}}' % f for f in files]


def _with_features(preamble: str, features: str) -> str:
    """The book's preamble with ``features`` added to the options of its Arabic face (Amiri)."""
    line = re.compile(r"(\\babelfont\[arabic\]\{rm\}\[)([^\]]*)(\]\{Amiri\})")
    if not line.search(preamble):
        raise SystemExit("briefing.tex: no \\babelfont[arabic]{rm}[...]{Amiri} line to add font features to")
    return line.sub(lambda m: m.group(1) + m.group(2) + "," + features + m.group(3), preamble, count=1)


def _with_layer(preamble: str, files: tuple[str, ...], options: dict[str, str]) -> str:
    """The book's preamble with its text-layer lines replaced by the route's."""
    kept = [line for line in preamble.splitlines() if not any(f in line for f in LAYER_FILES)]
    at = next(i for i, line in enumerate(kept) if "briefing-sandbox.lua" in line) + 1
    return "\n".join(kept[:at] + _layer_lines(files, options) + kept[at:])


def _tex(text: str) -> str:
    return re.sub(r"([%&#_$])", r"\\\1", text.replace("\\", ""))


def test_body(quotes: list[str]) -> str:
    """The passages in the places the book sets Arabic, in turn."""
    out = [r"\providecommand{\bfmark}[1]{\highLight{#1}}", r"\chapter{Passages}"]
    for i, q in enumerate(quotes):
        ar = _tex(q)
        place = i % 5
        if place == 0:    # the sources appendix: a labelled Arabic paragraph with a highlighted passage
            out.append(r"\par\noindent\textbf{¶%d}\quad\foreignlanguage{arabic}{مقدمة الفقرة، \bfmark{%s}، ثم خاتمة.}\par"
                       % (i + 1, ar))
        elif place == 1:  # an evidence entry: the passage as its own right-to-left paragraph
            out.append(r"\begin{otherlanguage}{arabic}%s\end{otherlanguage}\par" % ar)
        elif place == 2:  # a footnote
            out.append(r"A statement.\footnote{Outlet, date, ¶%d: “\foreignlanguage{arabic}{%s}”} More.\par" % (i, ar))
        elif place == 3:  # inside an English sentence
            out.append(r"The source says “\foreignlanguage{arabic}{%s}” (project translation).\par" % ar)
        else:             # a narrow table cell
            out.append(r"\par\noindent\begin{tabular}{|p{6cm}|l|}\hline\foreignlanguage{arabic}{%s} & E%d\\\hline"
                       r"\end{tabular}\par" % (ar, i))
    return "\n".join(out)


def _run_lualatex(workdir: Path, name: str) -> Path:
    run = subprocess.run(["lualatex", "-interaction=nonstopmode", f"{name}.tex"], cwd=workdir, env=hardened_env(),
                         capture_output=True, text=True, timeout=1800)
    pdf = workdir / f"{name}.pdf"
    if run.returncode != 0 and not pdf.exists():
        raise SystemExit(f"{workdir / name}.tex: LuaLaTeX failed:\n{run.stdout[-1500:]}")
    return pdf


def build_route(route: str, workdir: Path, book: bool, quotes: list[str]) -> Path:
    """The test document (or the book) set with ``route``'s text layer; the PDF."""
    files, options = ROUTES[route]
    if not (LATEX / "briefing.tex").exists():
        raise SystemExit(f"{LATEX / 'briefing.tex'} is missing: run `make pdf` first")
    if workdir.exists():
        shutil.rmtree(workdir)
    shutil.copytree(LATEX, workdir, ignore=shutil.ignore_patterns("*.pdf", "*.png", "*.jpg"))
    for png in LATEX.glob("*.png"):
        (workdir / png.name).symlink_to(png)
    for lua in LUA.glob("*.lua"):
        shutil.copy(lua, workdir / lua.name)
    tex = (LATEX / "briefing.tex").read_text(encoding="utf-8")
    preamble, _, body = tex.partition(r"\begin{document}")
    preamble = _with_layer(preamble, files, options)
    if route in AMIRI_FEATURES:
        preamble = _with_features(preamble, AMIRI_FEATURES[route])
    if book:
        (workdir / "briefing.tex").write_text(preamble + r"\begin{document}" + body, encoding="utf-8")
        return _run_lualatex(workdir, "briefing")
    (workdir / "passages.tex").write_text(preamble + "\\begin{document}\n" + test_body(quotes) + "\n\\end{document}\n",
                                          encoding="utf-8")
    return _run_lualatex(workdir, "passages")


def score(pdf: Path, sets: dict[str, dict[str, str]], keep: Path | None = None) -> dict[str, dict[str, int]]:
    """Passages found per extractor and set (and 'exact': every mark as written, all sets together)."""
    result: dict[str, dict[str, int]] = {}
    everything = {k: v for s in sets.values() for k, v in s.items()}
    for extractor in px.EXTRACTORS:
        text = px.extract(pdf, extractor)
        if keep:
            (keep / f"{extractor}.txt").write_text(text, encoding="utf-8")
        row = {name: len(px.found(text, quotes)) for name, quotes in sets.items()}
        row["exact"] = len(px.found(text, everything, exact=True))
        result[extractor] = row
    return result


def printed(passages: dict[str, str], tex: Path = LATEX / "briefing.tex") -> dict[str, str]:
    """The passages the built book prints (its sources appendix sets each cited passage once); an entry cited
    only in the web edition, or not at all, is not in the PDF and is not counted."""
    from briefing.sphinx.latex import passage_label

    if not tex.exists():
        raise SystemExit(f"{tex} is missing: run `make pdf` first")
    source = tex.read_text(encoding="utf-8")
    return {k: v for k, v in passages.items() if "\\bfsourcepassage{" + passage_label(k) + "}" in source}


def _split() -> tuple[dict[str, str], dict[str, str]]:
    passages = printed(px.passages())
    dev = {k: v for k, v in passages.items() if not px.is_held_out(k)}
    held = {k: v for k, v in passages.items() if px.is_held_out(k)}
    return dev, held


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("score", help="score built PDFs")
    s.add_argument("pdfs", nargs="*", type=Path, default=[LATEX / "briefing.pdf"])
    r = sub.add_parser("routes", help="set the test document (or the book) once per route and score each")
    r.add_argument("--book", action="store_true", help="set the whole book per route (slow) instead")
    r.add_argument("--keep", type=Path, help="keep each route's build and extracted texts under this directory")
    r.add_argument("routes", nargs="*", help=f"route names (default all): {'; '.join(ROUTES)}")
    args = parser.parse_args(argv)
    dev, held = _split()
    if args.command == "score":
        for pdf in args.pdfs:
            if not pdf.exists():
                print(f"{pdf}: no such PDF (run `make pdf`)", file=sys.stderr)
                return 2
            table = score(pdf, {"dev": dev, "held-out": held})
            print(f"{pdf}: {len(dev)} development and {len(held)} held-out passages")
            print("| extractor | development | held-out | all, marks as written |\n|---|---:|---:|---:|")
            for ex, row in table.items():
                print(f"| {px.VIEWERS[ex]} | {row['dev']}/{len(dev)} | {row['held-out']}/{len(held)} "
                      f"| {row['exact']}/{len(dev) + len(held)} |")
        return 0
    names = args.routes or list(ROUTES)
    unknown = [n for n in names if n not in ROUTES]
    if unknown:
        print(f"unknown route(s) {unknown}: one of {list(ROUTES)}", file=sys.stderr)
        return 2
    sets = {"dev": dev, "held-out": held} if args.book else {"dev": dev}
    base = args.keep or Path(tempfile.mkdtemp(prefix="pdf-text-routes-"))
    cols = list(sets) + ["exact"]
    total = {"dev": len(dev), "held-out": len(held), "exact": len(dev) + (len(held) if args.book else 0)}
    heads = [f"{SHORT[e]} {c}" for e in px.EXTRACTORS for c in cols]
    print(f"| route | {' | '.join(heads)} |")
    print("|---|" + "---:|" * (len(cols) * len(px.EXTRACTORS)))
    for i, name in enumerate(names):
        workdir = base / f"route-{i}"
        start = time.monotonic()
        pdf = build_route(name, workdir, args.book, list(dev.values()))
        table = score(pdf, sets, keep=workdir)
        cells = [f"{table[e][c]}/{total[c]}" for e in px.EXTRACTORS for c in cols]
        print(f"| {name} | {' | '.join(cells)} |  <!-- {time.monotonic() - start:.0f} s, {workdir} -->", flush=True)
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
