"""How Arabic text looks after it was copied from elsewhere: the variants the anchoring tests paste.

- ``presentation_forms``: what PDF text extraction gives — each letter as its contextual glyph
  (isolated / initial / medial / final form, U+FB50–FEFF), lam-alef as one ligature, harakat as
  their isolated forms. Built from the Unicode character names, so no table is typed by hand.
- ``persian_keyboard``: ك → ک and ي / ى → ی, as a Persian keyboard types them.
- ``kurdish_keyboard``: ه → ھ inside a word and a final ه / ة → ە, as a Sorani keyboard types them.
- ``nfd``: canonical decomposition (أ → ا + U+0654).
"""

from __future__ import annotations

import unicodedata

_LAM_ALEF = {"ا": "", "أ": " WITH HAMZA ABOVE", "إ": " WITH HAMZA BELOW", "آ": " WITH MADDA ABOVE"}


def _form(ch: str, form: str) -> str | None:
    try:
        return unicodedata.lookup(f"{unicodedata.name(ch)} {form} FORM")
    except (KeyError, ValueError):
        return None


def _joins_forward(ch: str | None) -> bool:
    """Dual-joining letters (they have an initial form) connect to the letter after them."""
    return ch is not None and (ch == "\u0640" or _form(ch, "INITIAL") is not None)


def _joins_backward(ch: str | None) -> bool:
    return ch is not None and (ch == "\u0640" or _form(ch, "FINAL") is not None)


def presentation_forms(text: str) -> str:
    """``text`` as a PDF's text layer gives it: contextual glyphs and lam-alef ligatures."""
    out: list[str] = []
    letters = [i for i, c in enumerate(text) if not unicodedata.combining(c)]
    prev_of = {i: (text[letters[k - 1]] if k else None) for k, i in enumerate(letters)}
    next_of = {i: (text[letters[k + 1]] if k + 1 < len(letters) else None) for k, i in enumerate(letters)}
    skip = -1
    for i, ch in enumerate(text):
        if i == skip:
            continue
        if unicodedata.combining(ch):
            out.append(_form(ch, "ISOLATED") or ch)
            continue
        prev, nxt = prev_of[i], next_of[i]
        joins_prev = _joins_forward(prev) and _joins_backward(ch)
        if ch == "ل" and i + 1 < len(text) and text[i + 1] in _LAM_ALEF:
            name = f"ARABIC LIGATURE LAM WITH ALEF{_LAM_ALEF[text[i + 1]]} {'FINAL' if joins_prev else 'ISOLATED'} FORM"
            out.append(unicodedata.lookup(name))
            skip = i + 1
            continue
        joins_next = _joins_forward(ch) and _joins_backward(nxt)
        form = {(False, False): "ISOLATED", (True, False): "FINAL",
                (False, True): "INITIAL", (True, True): "MEDIAL"}[(joins_prev, joins_next)]
        out.append(_form(ch, form) or _form(ch, "ISOLATED") or ch)
    return "".join(out)


def persian_keyboard(text: str) -> str:
    """Kaf and yeh as a Persian keyboard types them (ک, ی)."""
    return text.translate(str.maketrans({"ك": "ک", "ي": "ی", "ى": "ی"}))


def kurdish_keyboard(text: str) -> str:
    """Heh as a Sorani Kurdish keyboard types it: ە at a word's end (also for ة), ھ elsewhere."""
    out = []
    for i, ch in enumerate(text):
        final = i + 1 == len(text) or not text[i + 1].isalpha()
        if ch in "هة" and final:
            out.append("ە")
        elif ch == "ه":
            out.append("ھ")
        else:
            out.append(ch)
    return "".join(out)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


VARIANTS = {
    "presentation forms": presentation_forms,
    "Persian keyboard": persian_keyboard,
    "Kurdish keyboard": kurdish_keyboard,
    "NFD": nfd,
    "Persian keyboard, then PDF": lambda t: presentation_forms(persian_keyboard(t)),
}
