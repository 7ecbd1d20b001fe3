"""Data as MyST text (briefing.myst): what escaping produces, and what the MyST parser makes of it.

Every string is parsed here by myst-parser's own markdown-it configuration (the one Sphinx uses for the
book, with the book's extensions), so "renders exactly as written" is checked on the parser's output,
not on the escaping code's idea of it. tests/test_data_as_written.py builds a page with Sphinx for HTML
and LaTeX.
"""

from __future__ import annotations

import html
import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.myst import Trusted, ar, cite_role, escape, link, md, md_text

PUNCTUATION = string.punctuation  # CommonMark's ASCII punctuation: each may be backslash-escaped
BREAKS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
CONTROLS = [chr(c) for c in [*range(0x00, 0x09), *range(0x0E, 0x1C), *range(0x7F, 0x85), *range(0x86, 0xA0)]]


@pytest.fixture(scope="module")
def parser():
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    return create_md_parser(MdParserConfig(enable_extensions={"colon_fence", "deflist"}), RendererHTML)


def rendered_text(parser, myst: str) -> tuple[str, list[str]]:
    """The text a reader sees of ``myst`` (tags removed, entities decoded) and the tags it made."""
    out = parser.render(myst)
    tags = re.findall(r"<(/?[a-z0-9]+)", out)
    return html.unescape(re.sub(r"<[^>]+>", "", out)).strip("\n"), tags


def test_every_ascii_punctuation_character_is_escaped_alone_and_in_runs() -> None:
    for ch in PUNCTUATION:
        assert escape(ch) == "\\" + ch
        assert escape(ch * 3) == ("\\" + ch) * 3
        assert escape(f"a{ch}b") == f"a\\{ch}b"
    assert escape(PUNCTUATION) == "".join("\\" + c for c in PUNCTUATION)


def test_letters_digits_spaces_and_non_ascii_punctuation_are_left_as_they_are() -> None:
    text = string.ascii_letters + string.digits + " عين الأسد، «قال» ؟ ٢٠٢٥ — ‘x’ … ¶ é"
    assert escape(text) == text


@pytest.mark.parametrize("brk", BREAKS)
def test_each_line_break_becomes_one_space(brk: str) -> None:
    assert escape(f"a{brk}b") == "a b"
    assert escape(f"a{brk}{brk}{brk}b") == "a b"
    assert escape(f"# x{brk}# y") == "\\# x \\# y"


def test_controls_are_dropped_and_a_tab_is_a_space() -> None:
    for ch in CONTROLS:
        assert escape(f"a{ch}b") == "ab", repr(ch)
    assert escape("a\tb") == "a b"
    assert escape(3) == "3" and escape(None) == "None"


def test_escaped_punctuation_renders_as_the_characters_given(parser) -> None:
    for ch in PUNCTUATION:
        for text in (ch, ch * 3, f"x{ch}y", f"{ch}x{ch}", f"{ch} x"):
            seen, tags = rendered_text(parser, escape(text))
            assert (seen, tags) == (text, ["p", "/p"]), (text, escape(text))


# Constructs a data value could carry, each at the start of a line (where block syntax starts) too.
CONSTRUCTS = ["`code`", "``two``", "```", "~~~", "a`b", "\\`x\\`", "\\", "x\\", "*em*", "**strong**", "_u_", "__uu__",
              "[link](https://example.invalid)", "<https://example.invalid>", "![i](x.png)", "<b>b</b>", "&amp;",
              "&#x41;", "&copy", "$x^2$", "$$y$$", "{{ sub }}", "{ev}`nope`", "{ar}`x`", "(target)=", "[^1]",
              "# heading", "1. item", "- item", "+ item", "> quote", "---", "***", ":::{note} x", "| a | b |",
              "<!-- c -->", "term\n: definition", "-- --- '' `` << >>", "%comment", "%%", "line\\\nbreak"]


@pytest.mark.parametrize("construct", CONSTRUCTS)
def test_markup_in_data_renders_as_text(parser, construct: str) -> None:
    text = " ".join(construct.split())  # line breaks fold to spaces
    seen, tags = rendered_text(parser, escape(construct))
    assert (seen, tags) == (text, ["p", "/p"])
    seen, tags = rendered_text(parser, md_text("Value: {v} end", v=construct))
    assert (seen, tags) == (f"Value: {text} end", ["p", "/p"])


@settings(max_examples=300, deadline=None)
@given(st.text(st.one_of(st.characters(min_codepoint=0x20, max_codepoint=0x7E),
                         st.sampled_from(list("عين«»،\u00a0")))).filter(lambda s: s.strip() == s and "  " not in s
                                                                          and s.strip()))
def test_any_printable_text_renders_as_written(parser, text: str) -> None:
    seen, tags = rendered_text(parser, escape(text))
    assert (seen, tags) == (text, ["p", "/p"])


def test_templates_escape_values_and_keep_trusted_myst() -> None:
    assert md_text("**{a}** {b}", a="*x*", b=Trusted("{ev}`id`")) == "**\\*x\\*** {ev}`id`"
    assert md_text("{n:,} troops", n=2500) == "2\\,500 troops"  # the format spec, then escaping
    assert md_text("{{literal}} {x}", x="}") == "{literal} \\}"
    assert md_text("no values") == "no values" and isinstance(md_text("x"), Trusted)
    out = md("Outlet: {o}", o="<b>x</b>")
    assert out.data == "Outlet: \\<b\\>x\\<\\/b\\>"


def test_citation_roles_accept_only_plain_ids() -> None:
    assert cite_role(["a-1", "b2"]) == "{ev}`a-1,b2`"
    assert cite_role([]) == ""
    for bad in ["A", "a_b", "a`b", "a b", "-a", "a-", "a--b", "", "a,b", "a\nb", "{ev}"]:
        with pytest.raises(ValueError, match="not an evidence id"):
            cite_role(["ok", bad])


def test_links_escape_their_text_and_accept_only_plain_document_paths() -> None:
    assert link("a [b] *c*", "book/x.md") == "[a \\[b\\] \\*c\\*](book/x.md)"
    assert link("x", "sources/erem-2025-09.md#bf-src-1") == "[x](sources/erem-2025-09.md#bf-src-1)"
    assert link("x", "a.ipynb") == "[x](a.ipynb)"
    for bad in ["javascript:alert(1)", "https://example.invalid/x.md", "../x.md", "/etc/x.md", "x.md)", "x.html",
                "X.md", "x.md#A", "x.md#a b", ".x.md", "x.md\n", "x .md", "book/x.md?q", ""]:
        with pytest.raises(ValueError, match="not a document path"):
            link("x", bad)


@pytest.mark.parametrize("text", ["عين الأسد", "`", "a`b", "``x``", "` x `", "x`", "`x", " x", "x ", "```a``", "\\",
                                  "{ev}`x`", "<b>", "*x*", "$x$"])
def test_arabic_roles_carry_their_text_whatever_it_holds(parser, text: str) -> None:
    role = ar(text)
    assert isinstance(role, Trusted) and role.startswith("{ar}`")
    fence = re.match(r"\{ar\}(`+)", role).group(1)
    assert len(fence) > max((len(r) for r in re.findall(r"`+", text)), default=0)
    [inline] = [t for t in parser.parse(role) if t.type == "inline"]
    [token] = inline.children
    assert token.type == "myst_role" and token.meta["name"] == "ar"
    padded = text[:1] in "` " or text[-1:] in "` "
    assert token.content == (f" {text} " if padded else text)


def test_arabic_roles_fold_breaks_and_drop_controls() -> None:
    assert ar("a\nb\u2028c\x00d") == "{ar}`a b cd`"
    assert ar("").removeprefix("{ar}").strip("` ") == ""
    assert ar("Xx") == "{ar}`Xx`" and ar("xX") == "{ar}`xX`"  # padding only for a backtick or a space at an end
