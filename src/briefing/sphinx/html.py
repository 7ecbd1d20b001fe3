"""HTML for citation markers and inline Arabic. Every string from data goes through ``escape``."""

from __future__ import annotations

import html

from ..cite import Citation


def escape(text: str) -> str:
    """Text for HTML element content and double-quoted attributes."""
    return html.escape(text, quote=True)


def marker(c: Citation, number: int, anchor: str, href: str) -> str:
    """A numbered marker with its hover card: outlet, date, ¶, the Arabic passage, the English rendering."""
    e = escape
    return (
        f'<sup class="bf-cite" id="{e(anchor)}"><a class="bf-ref" href="{e(href)}" '
        f'aria-label="Source {number}: {e(c.label())}">[{number}]</a>'
        f'<span class="bf-pop" role="tooltip"><span class="bf-pop-head">{e(c.label())}'
        f'</span><span class="bf-ar" lang="ar" dir="rtl">{e(c.match.exact)}</span>'
        f'<span class="bf-en">“{e(c.evidence.translation)}” <em>(project translation)</em></span></span></sup>'
    )


def arabic(text: str) -> str:
    return f'<span class="bf-ar" lang="ar" dir="rtl">{escape(text)}</span>'
