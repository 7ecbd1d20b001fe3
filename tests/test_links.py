"""One link allowlist, https and http, for every URL a reader can click (issue 21).

A source's url (the bibliography's link) must be a plain absolute http(s) URL: `check`, `add-source` and
`edit-source` refuse every other scheme however it is spelled (case, white space, controls, entities,
fullwidth letters) and the disguises (protocol-relative, user name before the host, backslash, a non-ASCII
host). Free text in any data file may not hide such a link either. The real build is covered in
tests/test_untrusted_data.py.
"""

from __future__ import annotations

import csv
import re

import pytest

from briefing.links import hidden_links, is_safe_url, url_problem
from helpers import assert_clean_error, run, snapshot, with_appendix

ALLOWED = ["https://www.example.com/news/2025/10/02/x", "http://example.com", "HTTPS://EXAMPLE.COM/a?b=1&c=2#d",
           "https://xn--mgbaam7a8h.example/خبر", "https://example.com:8443/a%20b", "https://[2001:db8::1]/x"]
REFUSED = [
    "javascript:alert(document.domain)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "java\nscript:alert(1)", "&#106;avascript:alert(1)", "&#x6A;avascript:alert(1)", "&#106&#97vascript:alert(1)",
    "&amp;#106;avascript:alert(1)", "ｊａｖａｓｃｒｉｐｔ:alert(1)", "\x01javascript:alert(1)", "javascript\u200b:alert(1)",
    "vbscript:msgbox(1)", "VBScript:x", "data:text/html;base64,PHNjcmlwdD4=", "DATA:text/html,x", "file:///etc/passwd",
    "FILE://host/share", "blob:https://example.com/x", "about:blank", "ftp://example.com/x", "mailto:a@example.com",
    "//evil.example/x", "\\\\evil.example\\x", "/\\evil.example", "https://trusted.example@evil.example/",
    "https:\\\\evil.example", "https:evil.example", "https://exаmple.com/", "https://example.com/\u202egpj.exe",
    "https://example.com/a b", "relative/path", "#fragment", "https://", "http:// example.com",
    'https://example.com/"onmouseover=alert(1)', "https://example.com/{x}", "https://example.com/<script>",
]


@pytest.mark.parametrize("url", ALLOWED)
def test_plain_http_urls_are_links(url):
    assert url_problem(url) is None and is_safe_url(url)


@pytest.mark.parametrize("url", REFUSED)
def test_everything_else_is_refused(url):
    why = url_problem(url)
    assert why and not is_safe_url(url)
    assert "\n" not in why and "\t" not in why and "\u202e" not in why


@pytest.mark.parametrize("text", ["see javascript:alert(1)", "x &#106;avascript&#58;alert(1)", "JAVASCRIPT:alert(1)",
                                  "a data:image/svg+xml;base64,PHN2Zz4= b", "open file:///etc/shadow",
                                  "vbscript: msgbox", "go to //evil.example/x", "ftp://x.example", "java\tscript:x"])
def test_free_text_may_not_hide_a_link(text):
    assert hidden_links(text)


@pytest.mark.parametrize("text", ["Key data: the figures", "relative: \"last October\" resolved", "and/or 2024/01",
                                  "see https://example.com/x//y", "file: the committee's", "about: 2,500 troops"])
def test_prose_is_not_a_link(text):
    assert hidden_links(text) == []


@pytest.fixture
def project(project):
    with_appendix(project)
    return project


ARTICLE = "عنوان الخبر الجديد\n\nقال مصدر إن القوات ستغادر قاعدة حرير في أيلول 2026 وفق الاتفاق.\n"


@pytest.mark.parametrize("url", ["javascript:alert(document.domain)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
                                 "&#106;avascript:alert(1)", "data:text/html,<script>x</script>", "file:///etc/passwd",
                                 "//evil.example/", "vbscript:x"])
def test_writing_commands_refuse_the_url(project, tmp_path, url):
    article = tmp_path.parent / f"{tmp_path.name}-a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    before = snapshot(project)
    proc = run(project, "add-source", str(article), "--id", "new-2026", "--outlet", "N", "--title-en", "N",
               "--published", "2026-01-01", "--url", url)
    assert_clean_error(proc, 1, "--url", "https://")
    proc = run(project, "edit-source", "erem-2025-09", "--url", url)
    assert_clean_error(proc, 1, "--url", "https://")
    assert snapshot(project) == before
    assert run(project, "edit-source", "erem-2025-09", "--url", "https://www.eremnews.com/x").returncode == 0


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "\\tjavascript:alert(1)",
                                 "&#x6a;avascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "//evil.example"])
def test_check_refuses_a_url_in_the_metadata(project, url):
    meta = project / "data" / "sources.yaml"
    text = meta.read_text(encoding="utf-8")
    first = re.search(r'\n  url: .*\n', text)
    meta.write_text(text[:first.start()] + f'\n  url: "{url}"\n' + text[first.end():], encoding="utf-8")
    proc = run(project, "check")
    assert_clean_error(proc, 1, "sources.yaml:", "field url")
    assert "https://" in proc.stderr or "U+0009" in proc.stderr  # a tab is refused as a character first


def test_check_refuses_a_hidden_link_in_a_table(project):
    path = project / "data" / "claims.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([["topic", "value_key", "value", "evidence"],
                                                      ["Force", "2500", "&#106;avascript:alert(1)", "erem-force-level"]])
    assert_clean_error(run(project, "check"), 1, "data/claims.csv:2", "column 'value'", "javascript:")


def test_the_bibliography_never_links_outside_http(project):
    from briefing.bibliography import bibtex
    from briefing.corpus import Corpus

    corpus = Corpus.load(project)
    source = next(iter(corpus))
    for url, linked in [("javascript:alert(1)", False), ("https://example.com/a", True), ("//evil.example", False)]:
        object.__setattr__(source, "url", url)
        assert ("url = {" + url) in bibtex([source]) if linked else "url =" not in bibtex([source])


def test_the_rendered_book_unlinks_a_reference_outside_http():
    from docutils import nodes

    from briefing.sphinx.textsafety import neutralise_doctree

    para = nodes.paragraph()
    for uri in ["javascript:alert(1)", " JAVASCRIPT:x", "data:text/html,x", "//evil.example", "https://ok.example/",
                "../sources/x.html#ev-a"]:
        para += nodes.reference("", uri, refuri=uri)
    para += nodes.Text("a\u202eb")
    neutralise_doctree(para)
    kept = [r["refuri"] for r in para.findall(nodes.reference)]
    assert kept == ["https://ok.example/", "../sources/x.html#ev-a"]
    assert "a[U+202E]b" in para.astext() and "javascript:alert(1)" in para.astext()
