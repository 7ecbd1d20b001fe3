"""Links from data: one allowlist, ``https`` and ``http``, for every URL a reader can click.

A source's ``url`` is the one field the book turns into a link (the bibliography); it must be an
absolute ``http(s)://host/…`` URL written plainly: no other scheme (``javascript:``, ``data:``,
``file:``, ``vbscript:`` …), no protocol-relative ``//host``, no user name before the host (the
``https://trusted.example@evil.example`` disguise), no backslash (browsers read it as ``/``), no
white space, control or invisible character anywhere, no HTML entity, and an ASCII host (an IDN host
is written in its ``xn--`` form, so a Cyrillic lookalike cannot pose as a Latin name). The test is on
the characters as written, so ``JaVaScRiPt:``, `` javascript:``, ``java<TAB>script:`` and
``&#106;avascript:`` are all refused: none of them starts with ``http://`` or ``https://``.

Free text (translations, notes, table cells) is never made a link: it is escaped for MyST, HTML and
LaTeX. ``hidden_links`` still finds anything in it that a browser or a Markdown renderer could follow
to a script or a local file, after decoding entities, dropping controls and white space and folding
compatibility forms, so a table or a card never carries one.
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import urlsplit

ALLOWED_SCHEMES = ("https", "http")
MAX_URL = 2000
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_HOST = re.compile(r"(?:[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.?(?::[0-9]{1,5})?\Z"
                   r"|\[[0-9a-f:.]+\](?::[0-9]{1,5})?\Z")
# schemes that run script, read local files or embed content when followed; the first four are never English
# words, so they count even with a space after the colon
ACTIVE_SCHEMES = ("javascript", "vbscript", "livescript", "mocha", "data", "file", "blob", "filesystem", "about",
                  "jar", "view-source", "mhtml", "ms-its", "its", "res", "resource", "chrome", "intent", "wyciwyg")
_SCRIPT_SCHEMES = ACTIVE_SCHEMES[:4]
_SCHEME_AT = re.compile(r"(?i)(?<![a-z0-9+.\-])([a-z][a-z0-9+.\-]*):")
_NOT_IN_URLS = frozenset('"<>^`{|}')
_HINT = re.compile(r"[:/&\\\ufe13\ufe55\uff0f\uff1a\uff06\uff3c]")
_PROTOCOL_RELATIVE = re.compile(r"(?<![:/\w])//[^\s/]")
# what browsers drop inside a URL (tab, LF, CR), other controls, and invisible format characters
_DROPPED = re.compile(r"[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


def url_problem(value: str) -> str | None:
    """Why ``value`` may not be a link ("" is no link, and fine); None when it is a plain http(s) URL."""
    from .characters import explain

    if value == "":
        return None
    if len(value) > MAX_URL:
        return f"is {len(value):,} characters long (limit {MAX_URL:,})"
    hidden = explain(value)
    if hidden:
        return hidden + "; a link is written plainly"
    if any(ch.isspace() for ch in value):
        return "contains white space; a link is written plainly (spaces as %20)"
    odd = sorted({ch for ch in value if ch in _NOT_IN_URLS})
    if odd:  # RFC 3986: these are never part of a URL as written; BibTeX and HTML would change or cut them
        return f"contains {' '.join(repr(ch) for ch in odd)}, which a URL carries only percent-encoded"
    m = _SCHEME.match(value)
    if not m:
        folded = _scheme(value)
        if folded:
            return (f"reads as a '{folded}:' link once decoded or folded; links are written plainly and may only be "
                    "https:// or http://")
        if value.startswith(("//", "\\\\", "/\\", "\\/")):
            return "is protocol-relative (//host); write the full https:// URL"
        return "is not an absolute https:// or http:// URL"
    scheme = m.group(1).lower()
    if scheme not in ALLOWED_SCHEMES:
        return f"uses the '{scheme}:' scheme; links may only be https:// or http://"
    if "\\" in value:
        return "contains a backslash, which browsers read as '/'; write the URL with '/'"
    if not value[m.end():].startswith("//"):
        return f"has no '//' after '{m.group(1)}:'; write https://host/…"
    netloc = urlsplit(value).netloc
    if "@" in netloc:
        return "has a user name before the host ('…@host'), which disguises where it leads; give the host only"
    if not netloc.isascii():
        return (f"has a host with non-ASCII characters ({_codes(netloc)}); write an international name in its "
                "xn-- form")
    if not _HOST.match(netloc.lower()):
        return f"has no valid host ('{netloc}')"
    port = netloc.rpartition("]")[2].rpartition(":")[2] if ":" in netloc.rpartition("]")[2] else ""
    if port and not 0 < int(port) <= 65535:
        return f"has port {port}, outside 1–65535 (browsers refuse to open it)"
    return None


def is_safe_url(value: str) -> bool:
    """A non-empty plain http(s) URL (see ``url_problem``)."""
    return bool(value) and url_problem(value) is None


def _codes(text: str) -> str:
    return ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(text) if not c.isascii())


def _folded(text: str) -> str:
    """``text`` as a browser may end up reading it: entities decoded (repeatedly, for ``&amp;#106;``),
    compatibility forms folded (fullwidth letters), and what browsers drop inside a URL dropped."""
    for _ in range(4):
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return _DROPPED.sub("", unicodedata.normalize("NFKC", text))


def _scheme(value: str) -> str | None:
    m = _SCHEME.match(_folded(value).lstrip(" "))
    return m.group(1).lower() if m else None


def may_hide_links(text: str) -> bool:
    """False when ``text`` holds nothing ``hidden_links`` could find (no colon, slash, entity or compatibility form
    of them): a cheap test for many cells at once (joined)."""
    return _HINT.search(text) is not None


def hidden_links(text: str) -> list[str]:
    """What in free text could be followed as a link outside http(s): an active scheme (``javascript:``,
    ``data:image`` … however spelled, split or encoded), any other ``scheme://``, or a protocol-relative
    ``//host``."""
    found: list[str] = []
    if not may_hide_links(text):  # no colon, slash, entity or compatibility form of them: nothing to follow
        return found
    folded = _folded(text)
    for m in _SCHEME_AT.finditer(folded):
        scheme = m.group(1).lower()
        rest = folded[m.end():m.end() + 2]
        if scheme in ALLOWED_SCHEMES:
            continue
        if scheme in _SCRIPT_SCHEMES or (scheme in ACTIVE_SCHEMES and rest[:1] not in ("", " ")):
            found.append(f"{scheme}:")
        elif rest == "//":
            found.append(f"{scheme}://")
    if _PROTOCOL_RELATIVE.search(folded):
        found.append("//host")
    return list(dict.fromkeys(found))
