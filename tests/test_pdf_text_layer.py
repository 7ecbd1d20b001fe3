"""The Lua passes that make the PDF's Arabic copyable move nothing on the page.

A small document with Arabic (kerned non-joining letters, marks after word spaces, parentheses, a
justified paragraph, a highlighted passage) is set twice with the book's fonts: without and with
briefing-visual-order.lua and briefing-tounicode.lua. Every glyph must be drawn in the same place (mutool's
trace of the page, to 0.05 pt: the split moves are written rounded to 1/1000 em; measured 0.021 pt), the
only glyphs added are blank, and pdf.js must read the second one with its spaces, in logical order.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from briefing.pdfbuild import hardened_env
from test_pdf_text import normal

ROOT = Path(__file__).resolve().parents[1]
LUA = ROOT / "src" / "briefing" / "static" / "latex"
LINES = [
    "يضغطون دبلوماسياً وعسكرياً عن طريق الفصائل، فضلاً عن سوريا والجوية والمشتركة",
    "فعلى الرغم من قيادة تكتل (الإطار التنسيقي) المقرّب من طهران دفة الحكم",
    "وتؤكد الحكومة العراقية أن القوات الاتحادية في مختلف برامج التدريب أي فراغ محتمل",
]
TEXT_LAYER = r"""\AtBeginDocument{\directlua{dofile(kpse.find_file("briefing-visual-order.lua"))}}
\AtBeginDocument{\directlua{dofile(kpse.find_file("briefing-tounicode.lua"))}}"""


def document(text_layer: bool) -> str:
    paragraph = " ".join(LINES * 4)
    return "\n".join([
        r"\documentclass[11pt]{article}",
        r"\usepackage[english,bidi=basic]{babel}",
        r"\babelprovide[import, onchar=ids fonts]{arabic}",
        r"\babelfont{rm}{DejaVu Serif}",
        r"\babelfont[arabic]{rm}[Scale=1.15,Renderer=HarfBuzz]{Amiri}",
        r'\AtBeginDocument{\directlua{dofile(kpse.find_file("briefing-spaces.lua"))}}',
        TEXT_LAYER if text_layer else "",
        r"\usepackage{luacolor,lua-ul}",
        r"\begin{document}",
        *[r"\foreignlanguage{arabic}{" + line + "}\n" for line in LINES],
        r"\noindent\foreignlanguage{arabic}{" + paragraph + "}\n",
        r"\par\noindent\textbf{¶2}\quad\foreignlanguage{arabic}{مقدمة \highLight[yellow]{" + LINES[0] + "} خاتمة}",
        r"\end{document}",
    ])


def build(tmp: Path, name: str, text_layer: bool) -> Path:
    for lua in LUA.glob("*.lua"):
        shutil.copy(lua, tmp / lua.name)
    (tmp / f"{name}.tex").write_text(document(text_layer), encoding="utf-8")
    run = subprocess.run(["lualatex", "-interaction=nonstopmode", f"{name}.tex"], cwd=tmp, env=hardened_env(),
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-2000:]
    return tmp / f"{name}.pdf"


def glyphs(pdf: Path) -> dict[str, list[tuple[float, float]]]:
    """Where each glyph of the page is drawn, by glyph id: mutool's trace of page 1. Blank glyphs (spaces,
    and the text layer's zero-width blanks, which copy as U+0020 or U+2060) are left out."""
    trace = subprocess.run(["mutool", "trace", str(pdf), "1"], capture_output=True, text=True, check=True).stdout
    found: dict[str, list[tuple[float, float]]] = {}
    for unicode, glyph, x, y in re.findall(r'<g unicode="([^"]*)" glyph="([^"]*)" x="([-\d.]+)" y="([-\d.]+)"', trace):
        if unicode not in (" ", "\u2060"):
            found.setdefault(glyph, []).append((float(y), float(x)))
    return {g: sorted(p) for g, p in found.items()}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> tuple[Path, Path]:
    for tool in ("lualatex", "mutool", "node"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is not installed: run `make setup`")
    tmp = tmp_path_factory.mktemp("text-layer")
    return build(tmp, "plain", False), build(tmp, "layer", True)


def test_every_glyph_is_drawn_where_it_was(pdfs):
    plain, layer = (glyphs(p) for p in pdfs)
    assert sum(len(p) for p in plain.values()) > 500, "the document did not build as intended"
    assert {g: len(p) for g, p in plain.items()} == {g: len(p) for g, p in layer.items()}
    worst = max(abs(xa - xb) + abs(ya - yb) for g in plain for (ya, xa), (yb, xb) in zip(plain[g], layer[g]))
    assert worst <= 0.05, f"a glyph moved by {worst:.3f} pt"


def test_pdfjs_reads_the_arabic_with_its_spaces_in_order(pdfs):
    text = subprocess.run(["node", str(ROOT / "tools" / "pdf_text.mjs"), str(pdfs[1])], capture_output=True,
                          text=True, check=True, timeout=300).stdout
    flat = normal(text)
    for line in LINES:
        assert normal(line) in flat, line
    assert "(الإطار التنسيقي)" in text
    # a highlight that starts inside the line (a cited passage in the appendix) does not cut the line
    assert normal("مقدمة " + LINES[0] + " خاتمة") in flat
    # and without the passes, as a check that this document shows the problem they solve
    before = normal(subprocess.run(["node", str(ROOT / "tools" / "pdf_text.mjs"), str(pdfs[0])],
                                   capture_output=True, text=True, check=True, timeout=300).stdout)
    assert not any(normal(line) in before for line in LINES)
