"""Static files and page assets: the project's CSS, JavaScript (plotly.js's partial bundle among its
vendored files) and favicon, the as-of date, and the theme's duplicated inline scripts removed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from . import state

STATIC = Path(__file__).resolve().parent.parent / "static"


#: the most sources whose appendix pages the sidebar lists one by one
SIDEBAR_SOURCES = 30


def configure(app: Sphinx, config: Any) -> None:
    config.html_static_path = list(config.html_static_path) + [str(STATIC)]
    if not config.today:  # the title page of the PDF carries the as-of date, not the build date
        config.today = f"As of {state.corpus(app).as_of:%B %Y}"
    # the PDF's running header names the edition's as-of date (\bfasof, used by the preamble's page styles)
    from .latex import escape as latex_escape

    prepend_preamble(config, r"\newcommand{\bfasof}{" + latex_escape(str(config.today)) + "}")
    if not config.html_favicon:
        config.html_favicon = str(STATIC / "favicon.svg")
    # pydata-sphinx-theme logs a console error when no default mode is set
    config.html_context = {"default_mode": "light", **(config.html_context or {})}
    # The sidebar lists each source's appendix page while the appendix is short; beyond SIDEBAR_SOURCES it
    # lists the chapters and the Sources page only: the theme renders the whole sidebar into every page, so
    # a source listed there costs every page (at 200 sources, 31 s of a one-chapter edit).
    options = dict(config.html_theme_options or {})
    if len(state.corpus(app).sources) > SIDEBAR_SOURCES and "max_navbar_depth" not in options:
        options["max_navbar_depth"] = 1
        config.html_theme_options = options


def prepend_preamble(config: Any, tex: str) -> None:
    """Put ``tex`` (LaTeX built by the caller from escaped text) at the start of the preamble."""
    elements = dict(config.latex_elements or {})
    elements["preamble"] = tex + "\n" + elements.get("preamble", "")
    config.latex_elements = elements


def ship_latex_files(app: Sphinx, config: Any) -> None:
    """``config-inited``: every style and Lua file of static/latex reaches the LaTeX build. A project whose
    _config.yml lists one where it does not exist (a copy of the book elsewhere, as the hostile-data tests
    build) gets the package's own: Sphinx skips a missing additional file silently, and LaTeX would stop at
    its \\usepackage, or the sandbox Lua would not load."""
    files = list(config.latex_additional_files or [])
    for own in sorted((STATIC / "latex").iterdir()):
        listed = [f for f in files if Path(f).name == own.name]
        if not any(Path(app.confdir, f).is_file() for f in listed):
            files = [f for f in files if f not in listed] + [str(own)]
    config.latex_additional_files = files


def dedupe_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Inline scripts added with filename None (sphinx-thebe, sphinx-togglebutton) are registered twice
    by Sphinx 7.4 (once as None, once as ""); the duplicate thebe config throws
    "Identifier 'THEBE_JS_URL' has already been declared" in the browser; keep each script once."""
    seen, unique = set(), []
    for script in context.get("script_files", []):
        key = (getattr(script, "filename", script) or "", repr(sorted(getattr(script, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique
