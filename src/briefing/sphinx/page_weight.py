"""Page weight: the stylesheets and scripts that Jupyter Book's default extensions add to every page are left
off a page that does not use them.

Jupyter Book enables sphinx-design, sphinx-thebe, sphinx-togglebutton and sphinx-copybutton for every book;
each adds its files to every page (about 100 kB together), and sphinx-thebe an inline configuration that
names a CDN. A page keeps an extension's files only when its body holds what the extension works on.
The theme's Sphinx search scripts and index are kept for the search page only (``templates/layout.html``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

#: (file names or inline-script fragments of an extension, whether a page body needs them)
EXTENSIONS: list[tuple[tuple[str, ...], Callable[[str], bool]]] = [
    (("sphinx-design.min.css", "design-tabs.js"), lambda body: 'class="sd-' in body or " sd-" in body),
    (("sphinx-thebe.css", "sphinx-thebe.js", "THEBE_JS_URL"), lambda body: "thebe-launch" in body or 'class="thebe' in body),
    (("togglebutton.css", "togglebutton.js", "togglebuttonSelector"),
     lambda body: 'class="toggle' in body or " toggle " in body or "admonition dropdown" in body or "tag_hide-" in body),
    (("copybutton.css", "copybutton.js", "clipboard.min.js"), lambda body: "<pre" in body),
]


def _names(asset: Any) -> str:
    """What identifies a registered asset: its file name, or an inline script's body."""
    filename = getattr(asset, "filename", asset) or ""
    return str(filename) + " " + str(getattr(asset, "attributes", {}).get("body", ""))


def drop_unused(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """html-page-context: remove from the page the files of the extensions its body does not use."""
    body = context.get("body")
    if not isinstance(body, str):
        return
    unused = [marks for marks, needed in EXTENSIONS if not needed(body)]
    for key in ("script_files", "css_files"):
        files = context.get(key)
        if isinstance(files, list):
            context[key] = [f for f in files if not any(m in _names(f) for marks in unused for m in marks)]


TEMPLATES = Path(__file__).with_name("templates")


def add_templates(app: Sphinx, config: Any) -> None:
    """config-inited: the book's layout template (templates/layout.html), which leaves Sphinx's search
    scripts and index (about 115 kB) off every page but the search page."""
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path.append(str(TEMPLATES))


def setup(app: Sphinx) -> None:
    app.connect("config-inited", add_templates)
    app.connect("html-page-context", drop_unused, priority=150)  # after assets.dedupe_scripts (100)
