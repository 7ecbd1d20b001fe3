"""Curly quotes for the book's text without eating the backslashes that data may contain.

Sphinx's SmartQuotes transform curls typewriter quotes, but it also reads ``\\-``, ``\\'``, ``\\"``,
``\\.``, ``\\``` and ``\\\\`` in a text node as escapes (reST marks its own escapes with a null byte; MyST
text has none), so a literal backslash that data put there is dropped: the translation "a\\-b" printed
as "a-b". This subclass doubles every literal backslash of the text it hands to docutils' educator,
which turns each pair back into one, so a backslash always prints as written.

Only quotation marks are curled (``smartquotes_action = "q"`` in ``_config.yml``): dashes and ellipses
in data stay as typed ("--" is not an en dash), and the prose types its own dashes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from docutils.nodes import Text
from sphinx.application import Sphinx
from sphinx.transforms import SphinxSmartQuotes
from sphinx.util.nodes import is_smartquotable


class DataSafeSmartQuotes(SphinxSmartQuotes):
    """SphinxSmartQuotes that keeps every literal backslash of a text node."""

    def get_tokens(self, txtnodes: list[Text]) -> Iterator[tuple[str, str]]:
        for txtnode in txtnodes:
            if is_smartquotable(txtnode):
                text = str(txtnode).replace("\\", "\\\\")
                # reST's own escapes (a null byte before the character), as Sphinx hands them on
                yield "plain", re.sub(r'(?<=\x00)([-\\\'".`])', r"\\\1", text)
            else:
                yield "literal", txtnode.astext()


def setup(app: Sphinx) -> dict[str, Any]:
    """Put DataSafeSmartQuotes in the place of Sphinx's own transform."""
    transforms = app.registry.transforms
    transforms[:] = [DataSafeSmartQuotes if t is SphinxSmartQuotes else t for t in transforms]
    if DataSafeSmartQuotes not in transforms:
        app.add_transform(DataSafeSmartQuotes)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
