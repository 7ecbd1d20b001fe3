"""Print typography (briefing.typography, sphinx/print_quotes.py): curly quotes set by nesting, every
quotation closed, apostrophes kept, Arabic and literals untouched."""

from __future__ import annotations

import re

import pytest
from docutils import nodes
from hypothesis import given
from hypothesis import strategies as st

from briefing.sphinx.print_quotes import set_quotes
from briefing.typography import close_quotations, curly_quote_parts, curly_quotes, curly_quotes_plotly


@pytest.mark.parametrize(("typed", "printed"), [
    ("the 'resistance' factions", "the “resistance” factions"),
    ("the coalition's forces", "the coalition’s forces"),
    ("the forces' bases", "the forces’ bases"),
    ('he said "we will \'never\' leave"', "he said “we will ‘never’ leave”"),
    ("(‘to appease’)", "(“to appease”)"),
    ("“a ‘b’ c”", "“a ‘b’ c”"),
    ("'90s", "’90s"),
    ("—'no'", "—“no”"),
])
def test_marks_are_curled_and_set_by_nesting(typed, printed):
    assert curly_quotes(typed) == printed


def test_inside_double_quotes_the_outermost_quotation_takes_single_marks():
    assert curly_quotes("said: 'Years after the \"liberation\"'", inside_double=True) == "said: ‘Years after the “liberation”’"


@pytest.mark.parametrize(("typed", "printed"), [
    ("he said 'we will stay", "he said “we will stay”"),
    ('he said "we will \'stay', "he said “we will ‘stay’”"),
    ('we leave," he said', "“we leave,” he said"),
    ("no quotation at all", "no quotation at all"),
])
def test_every_quotation_is_closed(typed, printed):
    assert curly_quotes(typed) == printed


def test_a_closed_text_is_left_as_it_is():
    text = "Hafryat’s ‘observers’ and “experts”"
    assert close_quotations(text, inside_double=False).count("“") == close_quotations(text).count("”")


def test_parts_keep_their_lengths_and_share_their_quotations():
    parts = ["the '", "Higher Military Commission", "' said 'soon"]
    out = curly_quote_parts(parts)
    assert out == ["the “", "Higher Military Commission", "” said “soon”"]
    assert [len(p) for p in out[:2]] == [len(p) for p in parts[:2]]


def test_plotly_labels_break_lines_with_br():
    assert curly_quotes_plotly("'Islamic<br>Resistance' group") == "“Islamic<br>Resistance” group"


def _paragraph(*children: nodes.Node) -> nodes.document:
    doc = nodes.document(None, None)
    doc += nodes.paragraph("", "", *children)
    return doc


def test_the_doctree_pass_sets_quotes_across_inline_markup_and_leaves_literals_and_arabic():
    doc = _paragraph(nodes.Text("they called it 'the "), nodes.emphasis("", "Afghanistan scenario"),
                     nodes.Text("' and "), nodes.literal("", "'code'"), nodes.Text(" and "),
                     nodes.Text('"المقاومة"'), nodes.Text(" 'open"))
    set_quotes(doc)
    text = doc.astext()
    assert text == "they called it “the Afghanistan scenario” and 'code' and \"المقاومة\" “open”", text


def test_the_doctree_pass_works_block_by_block():
    doc = nodes.document(None, None)
    doc += nodes.paragraph("", "", nodes.Text("one 'open"))
    doc += nodes.paragraph("", "", nodes.Text('two" closed'))
    doc += nodes.paragraph("", "", nodes.Text("the forces' bases"))  # a closing single mark alone: an apostrophe
    set_quotes(doc)
    assert [p.astext() for p in doc.children] == ["one “open”", "“two” closed", "the forces’ bases"]


@pytest.mark.parametrize(("typed", "printed"), [
    ('He said "yes" and x="1"', "He said “yes” and x=“1”"),
    ("key='value' and 'more'", "key=“value” and “more”"),
    ('a "b"c "d"', "a “b”c “d”"),
    ('size=\'3\'', "size=“3”"),
])
def test_a_mark_between_two_characters_pairs_with_its_kind_and_adds_nothing(typed, printed):
    """A straight quote that the neighbours do not decide (after ``=``, before a letter) opens or closes by
    what is open: the data's pairs print as pairs, with no mark added at either end."""
    assert curly_quotes(typed) == printed


@given(st.lists(st.sampled_from(["x=", "said ", "(", "a", "1", " and ", "—"]), min_size=1, max_size=6),
       st.lists(st.sampled_from(["yes", "1", "the force", "b2"]), min_size=1, max_size=6))
def test_balanced_straight_quotes_print_balanced_with_nothing_added(befores, words):
    """Any text whose straight double quotes come in pairs, each pair around a word, prints every pair as
    “…” and adds no mark: as many marks out as in."""
    typed = "".join(f'{b}"{w}"' for b, w in zip(befores, words))
    printed = curly_quotes(typed)
    assert printed.count("“") == printed.count("”") == typed.count('"') // 2
    assert len(printed) == len(typed)


def test_web_cards_and_endnotes_print_a_translation_with_curly_quotes():
    """The citation card and the page's endnotes print the project's translation inside double quotes, with
    its own quotation marks curled and nested as in print ('Higher Military Commission' -> ‘…’)."""
    from briefing.cite import cite
    from briefing.sphinx.html import endnotes, marker

    c = cite("hafryat-working-groups")
    assert "'Higher Military Commission'" in c.evidence.translation  # as typed in data/evidence.yaml
    card = re.search(r'<span class="bf-en"[^>]*>(.*?)<em>', marker(c, 1, "cite-x", "#x")).group(1)
    notes = re.search(r"— (“.*?”) <em>", endnotes([(1, c, "#x")])).group(1)
    for shown in (card, notes):
        assert "‘Higher Military Commission’" in shown and "'" not in shown and '"' not in shown, shown
