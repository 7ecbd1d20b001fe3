"""How a chapter's MyST text is split into what the claim check reads (briefing.claims_prose), asserted whole
and in-process: front matter, fences and code cells, directives and the Analysis container, headings,
table rows and list items, each paragraph's per-character lines, the sentences, and the ``cite("id")``
calls of code cells with the line's other string literals."""

from __future__ import annotations

from briefing.claims_prose import Paragraph, Sentence, code_citations, paragraphs, sentences


def _para(text: str, line: int, analysis: bool = False) -> Paragraph:
    """A paragraph written on one line."""
    return Paragraph(text, (line,) * len(text), analysis)


def test_a_file_without_front_matter_starts_at_its_first_line() -> None:
    assert paragraphs("First words.\n\nSecond words.") == [_para("First words.", 1), _para("Second words.", 3)]
    # a thematic break further down is text, not the end of a front matter
    assert paragraphs("Intro.\n\n---\n\nAfter.") == [_para("Intro.", 1), _para("---", 3), _para("After.", 5)]
    # a second line of dashes (a setext heading) is not a front matter either
    assert paragraphs("Intro\n---\nBody") == [Paragraph("Intro --- Body", (1,) * 5 + (2,) * 4 + (3,) * 5, False)]


def test_front_matter_is_skipped_up_to_its_closing_line() -> None:
    text = "---\njupytext:\n  format: md\n---\nRight after.\n\nLater."
    assert paragraphs(text) == [_para("Right after.", 5), _para("Later.", 7)]
    assert paragraphs("---\n---\nText at three.") == [_para("Text at three.", 3)]  # an empty front matter


def test_a_paragraph_over_several_lines_keeps_each_characters_line() -> None:
    [p] = paragraphs("One\n  two\nthree")
    assert p == Paragraph("One two three", (1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3), False)


def test_fenced_code_is_not_prose_and_the_text_after_it_is() -> None:
    text = "Before.\n```python\nx = 'Not prose.'\n\ny = 2\n```\nAfter one.\n~~~\nhidden\n~~~\n\nAfter two."
    assert paragraphs(text) == [_para("Before.", 1), _para("After one.", 7), _para("After two.", 12)]


def test_directive_lines_are_not_text_and_only_the_analysis_container_is_analysis() -> None:
    text = ("Plain.\n:::{container} bf-analysis\n:class: x\nJudged.\n\n::::{only} html\nNested.\n::::\n:::\n"
            "Out again.\n:::{container} bf-note\nA note.\n:::\nLast.")
    assert paragraphs(text) == [_para("Plain.", 1), _para("Judged.", 4, True), _para("Nested.", 7, True),
                                _para("Out again.", 10), _para("A note.", 12), _para("Last.", 14)]


def test_headings_table_rows_and_list_items_are_their_own_paragraphs() -> None:
    text = ("## XML and Xenon\nText under it.\n  | a | b |\nMore text.\n"
            "- first item\n  continued\n2. second item\n* third\nclosing words")
    assert [p.text for p in paragraphs(text)] == [
        "XML and Xenon", "Text under it.", "| a | b |", "More text.", "first item continued", "second item",
        "third closing words"]
    assert paragraphs("#")[0].text == ""


def test_sentences_split_where_a_sentence_ends_and_keep_their_lines() -> None:
    text = "He left. She stayed, i.e. not him!\n“Then” came. (Later) too?\n\n:::{container} bf-analysis\nA. B. Yes.\n:::"
    got = sentences(text)
    assert [s.text for s in got] == ["He left.", "She stayed, i.e. not him!", "“Then” came.", "(Later) too?",
                                     "A. B. Yes."]
    assert got[0] == Sentence("He left.", (1,) * 8, False)
    assert got[2] == Sentence("“Then” came.", (2,) * 12, False)
    assert got[3] == Sentence("(Later) too?", (2,) * 12, False)
    assert got[4] == Sentence("A. B. Yes.", (5,) * 10, True)
    assert sentences("#") == []  # an empty heading has no sentence


def test_line_at_clamps_to_the_last_character_and_is_zero_when_empty() -> None:
    s = Sentence("ab c", (3, 3, 4, 5), False)
    assert [s.line_at(i) for i in (0, 2, 3, 4, 99)] == [3, 4, 5, 5, 5]
    assert Sentence("", (), False).line_at(0) == 0
    assert Sentence("", (), False).line_at(5) == 0


def test_code_citations_are_read_from_code_cells_only() -> None:
    text = ("```{code-cell} ipython3\n"
            "show(cite(\"ev-a\"), \"2,500 troops\", 'about')\n"
            "```\n"
            "Prose naming cite(\"not-a-call\") after the cell.\n"
            "```python\n"
            "cite(\"in-plain-code\")\n"
            "```\n"
            "```{code-cell} ipython3\n"
            "x = 1\n"
            "cite('ev-b'); cite(\"ev-c\", \"in 2014\")\n"
            "```\n")
    assert code_citations(text) == [(2, "ev-a", "2,500 troops about"), (10, "ev-b", "ev-c in 2014"),
                                    (10, "ev-c", "ev-b in 2014")]


def test_code_citations_after_prose_and_front_matter() -> None:
    text = "---\ntitle: x\n---\nSome prose.\n\n````{code-cell} ipython3\ncite(\"ev-a\")\n````\ncite(\"ev-z\")\n"
    assert code_citations(text) == [(7, "ev-a", "")]
