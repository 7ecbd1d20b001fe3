"""The PDF edition's page layout, measured on the built PDF (`make pdf` first): the title page, the
contents heading, no empty headings, figures with their captions and labels of at least 8 pt, nothing
that only makes sense on a screen, whole Arabic titles in the bibliography and even line spacing in
the sources appendix.

Measured with poppler: `pdftotext` (page text), `pdftotext -bbox-layout` (line positions, in pt from
the top of the page) and PyMuPDF (each figure's page and printed width, from the page's content stream).
"""

from __future__ import annotations

import html as html_lib
import re
import statistics
import subprocess
from pathlib import Path

import pytest
import yaml

from briefing import Corpus
from briefing.figures import PRINT_WIDTH
from briefing.typography import curly_quotes
from helpers import notebook_figures
from test_pdf import CHAPTERS

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "_build" / "latex" / "briefing.pdf"
MIN_LABEL_PT = 8.0
#: a chapter's opening line: its number and title ("3 Timeline"), as briefing-layout.sty sets it
CHAPTER_HEADING = r"^\d+\s+(?:" + "|".join(re.escape(t) for t in CHAPTERS) + r")$"


def _run(*args: str) -> str:
    return subprocess.run(list(args), capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def pages() -> list[str]:
    if not PDF.exists():
        pytest.fail("the PDF is not built: run `make pdf` (or `make test`, which builds it) first")
    text = _run("pdftotext", "-enc", "UTF-8", str(PDF), "-")
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


@pytest.fixture(scope="module")
def config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def as_of() -> str:
    return f"As of {Corpus.load(ROOT).as_of:%B %Y}"


def flat(text: str) -> str:
    return " ".join(text.split())


def key(text: str) -> str:
    """Letters and digits only: pdftotext reorders neutrals (brackets) and adds bidi controls around a
    line it takes for right-to-left, such as a heading that follows Arabic text."""
    return re.sub(r"\W", "", text)


def body_lines(page: str, title: str, as_of: str) -> list[str]:
    """A page's lines without the running header (as-of date, book title) and footer (page number,
    section title)."""
    out = []
    # pdftotext wraps a line it takes for right-to-left (a footer on a page of Arabic) in bidi controls
    for line in (re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", ln).strip() for ln in page.splitlines()):
        if not line or line in (as_of, title) or re.fullmatch(r"[ivxlc\d]+", line):
            continue
        # footer: "3.3. Where the sources agree" (numbers end in '.'); on a page pdftotext reads as right-to-left
        # its closing bracket comes first: ")7.4. Unidentified outlet, July–September 2024 (inferred"
        if re.fullmatch(r"\)?(\d+\.)+\s+.*", line):
            continue
        out.append(line)
    return out


def lines_bbox(first: int, last: int | None = None) -> list[dict]:
    """Every text line of pages first..last: page, yMin, yMax (pt from the top), xMin and its words."""
    html = _run("pdftotext", "-f", str(first), "-l", str(last or first), "-bbox-layout", str(PDF), "-")
    out = []
    for number, page in enumerate(html.split("<page ")[1:], start=first):
        for m in re.finditer(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>',
                             page, re.S):
            words = re.findall(r">([^<]*)</word>", m.group(5))
            # a line's top is its words' most common top: a raised mark printed apart (the damma of أُ)
            # is a word of its own, higher than the line
            tops = [float(y) for y in re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)"', m.group(5))]
            top = statistics.mode(tops) if tops else float(m.group(2))
            out.append({"page": number, "x": float(m.group(1)), "top": top,
                        "bottom": float(m.group(4)), "words": words})
    return out


_TOKEN = re.compile(rb"\((?:\\.|[^\\)])*\)|<<|>>|<[0-9A-Fa-f\s]*>|/[^\s/\[\]()<>{}%]+|[-+]?(?:\d+\.?\d*|\.\d+)|[A-Za-z'\"*]+|\[|\]")


def _placed_xobjects(content: bytes) -> list[tuple[str, list[float]]]:
    """Each XObject a page content stream draws (``/Name Do``) with the matrix in force (q, Q, cm tracked)."""
    ctm, stack, operands, out = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], [], [], []
    for token in _TOKEN.findall(content):
        if token == b"q":
            stack.append(ctm)
        elif token == b"Q":
            ctm = stack.pop() if stack else ctm
        elif token == b"cm" and len(operands) >= 6:
            a, b, c, d, e, f = (float(x) for x in operands[-6:])
            A, B, C, D, E, F = ctm
            ctm = [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F]
        elif token == b"Do" and operands and operands[-1].startswith(b"/"):
            out.append((operands[-1][1:].decode(), ctm))
        if re.fullmatch(rb"[-+]?(?:\d+\.?\d*|\.\d+)|/.*", token):
            operands.append(token)
        else:
            operands = []
    return out


def images() -> list[dict]:
    """Every figure the PDF places, raster or vector (a PDF included as a form XObject: plotly's print export),
    with its page and printed width in pt."""
    import pymupdf

    out = []
    with pymupdf.open(str(PDF)) as doc:
        for page in doc:
            boxes = {name: bbox for _, name, _, bbox in page.get_xobjects()}
            images = {item[7]: (item[2], item[3]) for item in page.get_images(full=True)}
            for name, m in _placed_xobjects(page.read_contents()):
                if name in boxes:  # a form: its own box, scaled
                    x0, y0, x1, y1 = boxes[name]
                elif name in images:  # an image: the unit square, scaled
                    x0, y0, x1, y1 = 0.0, 0.0, 1.0, 1.0
                else:
                    continue
                low, high = m[5] + y0 * m[3], m[5] + y1 * m[3]
                out.append({"page": page.number + 1, "printed_pt": (x1 - x0) * abs(m[0]),
                            "top": page.rect.height - max(low, high), "bottom": page.rect.height - min(low, high)})
    return out


# ---- title page and contents ------------------------------------------------------------------------

def test_the_title_page_has_title_subtitle_edition_and_attribution(pages, config, as_of):
    first = flat(pages[0])
    assert flat(config["title"]) in first
    subtitle = config["sphinx"]["config"]["briefing_subtitle"]
    assert subtitle and flat(subtitle) in first
    from briefing.edition import load_edition

    assert load_edition(ROOT).line() in first, "both dates of the edition (evidence horizon, edition date) are on the title page"
    assert config["author"] in first
    assert "Contents" not in first and "Overview" not in first, "the title page holds nothing else"


def test_the_contents_are_headed_contents(pages, config, as_of):
    contents = body_lines(pages[1], config["title"], as_of)
    assert contents[0].lower() == "contents", contents[:3]
    assert not any(line.lower() == "briefing" for line in contents)


def test_the_introduction_has_a_heading_and_comes_first_in_the_contents(pages, config, as_of):
    """The text before chapter 1 opens under "Introduction", which the contents list first (not its
    evidence list, which otherwise opened the contents with no chapter above it)."""
    contents = [ln for ln in body_lines(pages[1], config["title"], as_of)[1:] if ln.strip()]
    assert contents[0].startswith("Introduction"), contents[:3]
    opener = next(n for n, page in enumerate(pages) if n >= _body_start(pages) and re.search(r"^Introduction$", page, re.M))
    assert opener == _body_start(pages), "the introduction opens the body"


# ---- headings and pages -----------------------------------------------------------------------------

HEADING = re.compile(r"(\d+\.)+\d+ [A-Z0-9‘“'\"].*")  # "7.2 Data behind the book" (a footer ends its number in '.')


def _body_start(pages: list[str]) -> int:
    """The index of the first page after the title page and the contents (whose lines end in leader dots)."""
    return 1 + max(n for n, page in enumerate(pages[:6]) if n == 0 or ". . ." in page)


def _toc_headings(pages: list[str]) -> list[str]:
    toc = " ".join(p for p in pages[:6] if "Contents" in p or "CONTENTS" in p or ". . ." in p)
    return [h.strip() for h in re.findall(r"^((?:\d+\.)+\d+ [^.\n]+?)\s*(?:\. )+", toc, re.M)]


def test_no_heading_is_followed_directly_by_another(pages, config, as_of):
    """A numbered section heading must have text (or a figure) before the next heading."""
    headings = set(_toc_headings(pages))
    assert len(headings) >= 20, "could not read the table of contents"  # 29 numbered headings in this edition
    body = []
    for page in pages[_body_start(pages):]:
        body += body_lines(page, config["title"], as_of)
    keys = {key(h) for h in headings}
    empty = [a for a, b in zip(body, body[1:]) if key(a) in keys and (key(b) in keys or HEADING.fullmatch(b))]
    assert not empty, f"headings with nothing under them: {empty}"


def test_every_numbered_heading_is_in_the_body(pages, config, as_of):
    """Each entry of the contents is a heading in the book: a heading dropped for being empty is gone from both."""
    body = key(" ".join(pages[_body_start(pages):]))
    missing = [h for h in _toc_headings(pages) if key(h) not in body]
    assert not missing, missing


def _text_block(log: Path) -> tuple[float, float]:
    """The top and bottom of the text block, in pt from the top of the page (the geometry LaTeX logs)."""
    text = log.read_text(encoding="utf-8", errors="replace")

    def dim(name: str) -> float:
        return float(re.search(rf"^\* \\{name}=(-?[\d.]+)pt", text, re.M).group(1)) * 72 / 72.27

    top = 72 + dim("voffset") + dim("topmargin") + dim("headheight") + dim("headsep")
    return top, top + dim("textheight")


def filled(first: int, last: int) -> dict[int, float]:
    """Each page's share of the text block's height that holds something: text lines (running head and foot
    excluded) or a figure."""
    html = _run("pdftotext", "-f", str(first), "-l", str(last), "-bbox", str(PDF), "-")
    top, bottom = _text_block(PDF.with_suffix(".log"))
    figures = images()
    out = {}
    for n, page in enumerate(html.split("<page ")[1:], start=first):
        spans = [(float(m.group(1)), float(m.group(2)))
                 for m in re.finditer(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">', page)]
        spans += [(f["top"], f["bottom"]) for f in figures if f["page"] == n]
        spans = sorted((max(a, top), min(b, bottom)) for a, b in spans if b > top and a < bottom)
        covered, end = 0.0, None
        for a, b in spans:
            if end is not None and a - end < LINE_GAP_PT:
                a = min(a, end)  # the leading between two lines (or a line and a figure) counts as filled
            if end is None or b > end:
                covered += b - max(a, end if end is not None else a)
                end = b
        out[n] = covered / (bottom - top)
    return out


#: the least share of the text block a page may fill (the last page and the title page aside)
MIN_FILL = 0.5
#: a vertical gap smaller than this between two lines is their leading, not empty space
LINE_GAP_PT = 14


def test_no_near_empty_or_ragged_pages(pages):
    """Every page but the title page and the last fills at least half its text block with text or a figure:
    no page left near empty, or ending ragged, by a float or a block that moved on (chapters run on)."""
    fill = filled(2, len(pages) - 1)
    thin = {n: round(f, 2) for n, f in fill.items() if f < MIN_FILL}
    assert not thin, f"pages filled less than {MIN_FILL:.0%}: {thin}"


# ---- Arabic faces -------------------------------------------------------------------------------------

def test_arabic_is_never_slanted(pdf_fonts):
    """Italic English around an Arabic word (an emphasised term, an analysis paragraph) leaves the Arabic
    upright: no slanted or italic Arabic face is embedded."""
    arabic_faces = [f for f in pdf_fonts if re.search(r"Amiri|Arabic|Naskh", f)]
    assert arabic_faces and not [f for f in arabic_faces if re.search(r"Slanted|Italic|Oblique", f)], arabic_faces


@pytest.fixture(scope="module")
def pdf_fonts() -> list[str]:
    lines = _run("pdffonts", str(PDF)).splitlines()[2:]
    return [line.split()[0].split("+", 1)[-1] for line in lines if line.strip()]


# ---- figures ----------------------------------------------------------------------------------------

def reading_sequence(pdf: Path = PDF) -> list[dict]:
    """The body's chapter headings, figure and table captions and long tables' "continued" marks, in page
    order (top to bottom): kind, text, page, top (pt). A chapter heading is a line in the bold sans at
    chapter size that starts with its number."""
    import pymupdf

    out = []
    with pymupdf.open(str(pdf)) as doc:
        for page in doc:
            if page.number < 2:  # title page and contents
                continue
            for block in page.get_text("dict")["blocks"]:
                for line in block.get("lines", []):
                    text = " ".join("".join(s["text"] for s in line["spans"]).split())
                    first = line["spans"][0]
                    where = {"page": page.number + 1, "top": line["bbox"][1], "text": text}
                    if "Bold" in first["font"] and first["size"] > 16 and re.match(r"\d+\s", text):
                        out.append({"kind": "chapter", "number": int(text.split()[0]), **where})
                    elif m := re.match(r"(Figure|Table) (\d+)\.(\d+)(:| – continued)", text):
                        kind = m.group(1).lower() + (" head" if m.group(4) != ":" else "")
                        out.append({"kind": kind, "number": int(m.group(2)), **where})
                    elif text == "continues on next page":
                        out.append({"kind": "continues", **where})
    return sorted(out, key=lambda item: (item["page"], item["top"]))


def misplaced_captions(sequence: list[dict]) -> list[str]:
    """Figures and tables printed outside their chapter (Figure 3.1 after the heading of chapter 4)."""
    chapter, out = None, []
    for item in sequence:
        if item["kind"] == "chapter":
            chapter = item["number"]
        elif item["kind"] in ("figure", "table") and item["number"] != chapter:
            out.append(f"page {item['page']}: {item['text'][:50]!r} printed in chapter {chapter}")
    return out


def bare_table_starts(sequence: list[dict]) -> list[str]:
    """Pages where a long table's "continues on next page" has no caption or head of the table above it."""
    out = []
    for n, item in enumerate(sequence):
        if item["kind"] != "continues":
            continue
        before = [x for x in sequence[:n] if x["page"] == item["page"]]
        if not any(x["kind"] in ("table", "table head") for x in before):
            out.append(f"page {item['page']}: 'continues on next page' with no table above it")
    return out


def test_each_figure_and_table_prints_in_its_own_chapter():
    """Figure 3.1 prints in chapter 3, before chapter 4 opens: a float waiting while a long table broke pages
    came out only after the table (longtable's output routine places no float), two sections into the next
    chapter."""
    sequence = reading_sequence()
    assert sum(x["kind"] == "figure" for x in sequence) >= 1 and sum(x["kind"] == "chapter" for x in sequence) >= 5
    assert not misplaced_captions(sequence)


def test_a_long_table_never_starts_as_a_bare_continuation():
    """A page with "continues on next page" carries the table's caption or its repeated head, and so rows:
    never the footer alone under half a page of white (the caption and head carried to the next page)."""
    sequence = reading_sequence()
    # the reading finds the tables' captions (so the check reads this PDF); whether a table breaks a page
    # depends on the edition's text (none does on 7 December): the detector itself is checked on a made-up
    # sequence below
    assert sum(x["kind"] == "table" for x in sequence) >= 2, [x["text"] for x in sequence]
    assert not bare_table_starts(sequence)


def probe_of_the_cited_long_table(latex: Path, lines: range) -> str:
    """A document in the book's own preamble that sets the long table with the most notes once for each
    count of filler lines above it, each on a fresh page: so the table starts at every height of a page."""
    tex = (latex / "briefing.tex").read_text(encoding="utf-8")
    preamble = tex[:tex.index(r"\begin{document}")]
    tables = [block for block in re.findall(r"\\begin\{savenotes\}.*?\\end\{savenotes\}", tex, flags=re.S)
              if r"\begin{longtable}" in block]
    assert tables, "the built LaTeX holds no long table"
    table = max(tables, key=lambda block: block.count(r"\bftablenote"))
    assert r"\bftablenote" in table, "no long table cites: the probe would not test notes on a first row"
    body = [r"\begin{document}", r"\null\clearpage\null\clearpage", r"\chapter{Placement}"]
    for count in lines:
        body += [r"\clearpage", *[r"\noindent Filler line.\par"] * count, table]
    return preamble + "\n".join([*body, r"\end{document}"])


@pytest.mark.built
def test_a_long_table_starts_with_its_caption_wherever_it_falls_on_a_page(tmp_path):
    """Whatever the text above it, a long table starts on a page with its caption and head, or on the next
    page: never as a bare "continues on next page" (a break TeX took before the table after longtable's
    output routine took over, as \\needspace's \\penalty-100 invited). The book's cited long table is set
    after 0 to 47 filler lines, so it starts at every height of a page."""
    from briefing.pdfbuild import hardened_env

    latex = PDF.parent
    if not PDF.exists():
        pytest.fail("the PDF is not built: run `make pdf` (or `make test`, which builds it) first")
    for support in latex.iterdir():
        if support.suffix in (".sty", ".lua", ".cls", ".xml", ".fd", ".def", ".cfg") or support.name.endswith(".pdf"):
            (tmp_path / support.name).symlink_to(support)
    (tmp_path / "probe.tex").write_text(probe_of_the_cited_long_table(latex, range(48)), encoding="utf-8")
    run = subprocess.run(["lualatex", "-interaction=nonstopmode", "probe.tex"], cwd=tmp_path, env=hardened_env(),
                         capture_output=True, text=True, timeout=300)
    assert (tmp_path / "probe.pdf").exists(), run.stdout[-2000:]
    sequence = reading_sequence(tmp_path / "probe.pdf")
    assert sum(x["kind"] == "table" for x in sequence) == 48, [x["text"] for x in sequence][:10]
    assert sum(x["kind"] == "continues" for x in sequence) >= 10, "the probe's tables do not break pages"
    assert not bare_table_starts(sequence)


def test_the_placement_checks_find_what_they_look_for():
    """The two checks on a made-up sequence: a figure after the next chapter's heading, a bare footer."""
    made_up = [{"kind": "chapter", "number": 3, "page": 8, "top": 500, "text": "3 Timeline"},
               {"kind": "continues", "page": 9, "top": 700, "text": "continues on next page"},
               {"kind": "table head", "number": 3, "page": 10, "top": 60, "text": "Table 3.1 – continued"},
               {"kind": "chapter", "number": 4, "page": 12, "top": 60, "text": "4 Positions"},
               {"kind": "figure", "number": 3, "page": 13, "top": 600, "text": "Figure 3.1: Timeline"}]
    assert misplaced_captions(made_up) == ["page 13: 'Figure 3.1: Timeline' printed in chapter 4"]
    assert bare_table_starts(made_up) == ["page 9: 'continues on next page' with no table above it"]



@pytest.fixture(scope="module")
def figures():
    from briefing import charts
    from briefing.evidence import default_registry
    from briefing.tables import load_table

    registry = default_registry()
    drawn = [charts.timeline(load_table("events"), registry),
             charts.positions_matrix(load_table("positions"), load_table("actors"), registry)]
    assert len(drawn) == sum(notebook_figures().values()), "the book draws other figures than these"
    return drawn


def test_each_figure_has_its_whole_caption_on_its_page(pages, figures):
    found = images()
    assert len(found) == len(figures), found
    for f in figures:
        # numbered by chapter in print, as the tables are: "Figure 3.1: Timeline: …"
        title = re.compile(r"Figure \d+\.\d+: " + re.escape(f"{curly_quotes(f.title)}."))
        where = [n for n, page in enumerate(pages, start=1) if title.search(flat(page))]
        assert len(where) == 1, (f.name, where)
        page = flat(pages[where[0] - 1])
        assert where[0] in {i["page"] for i in found}, f"{f.name}: caption on page {where[0]}, not with the image"
        end = " ".join(curly_quotes(f.alt).split()[-5:])  # as printed: quotation marks curled
        assert end in page, f"{f.name}: the caption runs on past page {where[0]}"


def test_figures_are_vector_with_their_labels_as_text(figures):
    """Each figure is placed as a PDF form (plotly's vector export), not a raster: the PDF holds no image, and
    each figure's labels are text a reader can select and search."""
    import pymupdf

    placed = images()
    assert len(placed) == len(figures), placed
    assert not [row for row in _run("pdfimages", "-list", str(PDF)).splitlines()[2:] if row.split()[2:3] == ["image"]]
    with pymupdf.open(str(PDF)) as doc:
        texts = [" ".join(doc[where["page"] - 1].get_text().split()) for where in placed]
        for f in figures:
            printed = f.print_figure()
            labels = [t.name for t in printed.data if t.name and t.showlegend is not False]
            for axis in (printed.layout.xaxis, printed.layout.yaxis):
                labels += [str(c) for c in (axis.ticktext or axis.categoryarray or [])]
            lines = {" ".join(html_lib.unescape(line).split()) for label in labels for line in label.split("<br>")}
            lines = {line for line in lines if len(line) > 3}
            assert len(lines) >= 3, (f.name, lines)
            best = max(sum(line in text for line in lines) for text in texts)
            assert best >= 0.8 * len(lines), f"{f.name}: {best} of {len(lines)} labels found as text on its page"


def test_figure_labels_print_at_8pt_or_more(figures):
    """The smallest font in each printed figure (read from plotly's own SVG rendering of the print figure),
    scaled by the image's printed width (pdfimages) over the width it was drawn at (PRINT_WIDTH px)."""
    import plotly.io as pio

    smallest = []
    for f in figures:
        fig = f.print_figure()
        svg = pio.to_image(fig, format="svg", width=PRINT_WIDTH, height=f.print_height).decode()
        sizes = [float(s) for s in re.findall(r"font-size:\s*([\d.]+)px", svg)]
        assert sizes, f.name
        smallest.append(min(sizes))
    printed = [i["printed_pt"] for i in images()]
    assert printed
    label_pt = min(smallest) * min(printed) / PRINT_WIDTH
    assert label_pt >= MIN_LABEL_PT, f"smallest figure label prints at {label_pt:.1f} pt"


def test_no_screen_only_instructions_in_the_pdf(pages):
    text = " ".join(pages)
    hits = re.findall(r"\b(hover\w*|click\w*|tap to|mouse\w*)\b", text, re.I)
    assert not hits, hits


# ---- bibliography and appendix ----------------------------------------------------------------------

def _bibliography_pages(pages: list[str]) -> range:
    """From the page of the bibliography's heading (the first body page with a line "Bibliography": the running
    foot repeats it on the pages after) to the end."""
    start = min(n for n, page in enumerate(pages, start=1)
                if n > _body_start(pages) and re.search(r"^Bibliography$", page, re.M | re.I))
    return range(start, len(pages) + 1)


def _bbox_lines(pdf: Path, first: int, last: int) -> list[list[dict]]:
    """The printed lines of pages first..last, top to bottom, each a list of word boxes."""
    html = _run("pdftotext", "-f", str(first), "-l", str(last), "-bbox", str(pdf), "-")
    out: list[list[dict]] = []
    for number, page in enumerate(html.split("<page ")[1:], start=first):
        words = [{"page": number, "text": html_lib.unescape(m.group(5)), "x0": float(m.group(1)), "x1": float(m.group(3)),
                  "bottom": float(m.group(4))}
                 for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                                      page)]
        rows: list[list[dict]] = []
        for w in sorted(words, key=lambda w: (w["bottom"], w["x0"])):
            if rows and abs(w["bottom"] - rows[-1][0]["bottom"]) < 3:
                rows[-1].append(w)
            else:
                rows.append([w])
        out += rows
    return out


ARABIC_LETTER = re.compile("[\u0600-\u06ff]")


def arabic_title_problems(pdf: Path, first: int, last: int, titles: dict[str, str]) -> list[str]:
    """What is wrong with how each Arabic title is printed on pages first..last: read as a reader does,
    right to left within a line (word boxes by x, descending) and line after line, the title's words must
    come in order, across line breaks; and on each line, no Latin word may sit among the title's words."""
    from test_pdf import canonical

    lines = _bbox_lines(pdf, first, last)
    # per line: its Arabic words right to left (by position), canonical, no spaces; poppler gives the letters of
    # a right-to-left word in visual order, so each word is also read reversed (the word ORDER is what counts)
    streams, reversed_streams = [], []
    for line in lines:
        arabic = sorted((w for w in line if ARABIC_LETTER.search(w["text"])), key=lambda w: -w["x1"])
        streams.append("".join(canonical(w["text"]) for w in arabic))
        reversed_streams.append("".join(canonical(w["text"][::-1]) for w in arabic))
    problems = []
    for sid, title in titles.items():
        want = "".join(canonical(t) for t in title.split())
        at = -1
        for candidate in (streams, reversed_streams):
            whole = "".join(candidate)
            if want in whole:
                at, streams_used = whole.find(want), candidate
                break
        if at < 0:
            problems.append(f"{sid}: title not found in reading order")
            continue
        # the lines that hold the title: no Latin word between its leftmost and rightmost Arabic word
        pos = 0
        for line, stream in zip(lines, streams_used):
            start, end = pos, pos + len(stream)
            pos = end
            if end <= at or start >= at + len(want) or not stream:
                continue
            arabic = [w for w in line if ARABIC_LETTER.search(w["text"])]
            left, right = min(w["x0"] for w in arabic), max(w["x1"] for w in arabic)
            latin = [w["text"] for w in line if re.search("[A-Za-z]", w["text"]) and left < w["x0"] < right]
            if latin:
                problems.append(f"{sid}: Latin words among the title on page {line[0]['page']}: {latin}")
    return problems


def test_bibliography_arabic_titles_keep_their_word_order_across_lines(pages):
    """A long Arabic title may wrap inside its bibliography entry, but read right to left and line after
    line its words are in order, and nothing of the English part of the entry mixes into it."""
    bib = _bibliography_pages(pages)
    titles = {s.id: s.title_ar for s in Corpus.load(ROOT)}
    assert not arabic_title_problems(PDF, bib.start, bib.stop - 1, titles)


def test_the_word_order_check_fails_on_a_title_out_of_order(pages):
    """The check itself: the same titles with two words swapped are not found."""
    bib = _bibliography_pages(pages)
    swapped = {}
    for s in Corpus.load(ROOT):
        words = s.title_ar.split()
        if len(words) > 3:
            words[1], words[2] = words[2], words[1]
            swapped[s.id] = " ".join(words)
    assert swapped
    assert len(arabic_title_problems(PDF, bib.start, bib.stop - 1, swapped)) == len(swapped)
