"""Only the Font Awesome icons the book shows, as a small stylesheet, instead of the theme's full kit.

pydata-sphinx-theme loads ``scripts/fontawesome.js`` (1.5 MB: every free icon as SVG, replacing ``<i>``
elements at load) on every page, and its stylesheet carries Font Awesome's webfont rules. After the build
this module reads the icons of the installed theme's own kit, finds the ``fa-NAME`` classes the built pages
and the theme's scripts use, and writes ``_static/briefing-icons.css``: one CSS mask per icon used (a few
kB), drawn in ``currentColor``, so neither the kit nor the webfont is needed; the kit's file becomes a
stub. Icons: Font Awesome Free, CC BY 4.0 (named in the stylesheet).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from sphinx.application import Sphinx

ICONS_CSS = "briefing-icons.css"
KIT = "scripts/fontawesome.js"
THEME_CSS = "styles/pydata-sphinx-theme.css"
#: a rule of the theme's stylesheet that only gives an icon class its webfont glyph (1,881 of them, 86 kB,
#: render-blocking on every page): the icons used have their own rules in ICONS_CSS
_GLYPH_RULE = re.compile(r'(?<=[};])(?:\.fa-[a-z0-9-]+::?before,?)+\{content:"[^"{}]*"\}')
STUB = "/* Font Awesome's kit is not loaded: the icons the book uses are in briefing-icons.css. */\n"
_SETS = {"fas": "solid", "far": "regular", "fab": "brands"}
_CLASS = re.compile(r"(?<![\w-])fa-([a-z0-9]+(?:-[a-z0-9]+)*)")
_BARE_KEY = re.compile(r'([{,])([A-Za-z0-9_$]+):')


def _object_literal(js: str, end: int, var: str) -> str:
    """The object literal ``var={...}`` assigned last before ``end``, braces balanced (strings skipped)."""
    start = js.rfind(f"{var}={{", 0, end) + len(var) + 1
    depth, i, quote = 0, start, ""
    while i < len(js):
        ch = js[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return js[start:i + 1]
        i += 1
    raise ValueError("unbalanced object literal in Font Awesome's kit")


def read_kit(kit: Path) -> dict[str, dict[str, tuple[int, int, str]]]:
    """{set: {name: (width, height, path)}} for the solid, regular and brands sets of the theme's kit;
    aliases (``navicon`` for ``bars``) included."""
    js = kit.read_text(encoding="utf-8")
    out: dict[str, dict[str, tuple[int, int, str]]] = {}
    for m in re.finditer(r'\w\("(fa[srb])",(\w+)\)', js):
        if _SETS[m.group(1)] in out:
            continue
        literal = _BARE_KEY.sub(r'\1"\2":', _object_literal(js, m.start(), m.group(2)))
        icons: dict[str, tuple[int, int, str]] = {}
        for name, (width, height, aliases, _code, path) in json.loads(literal).items():
            if not isinstance(path, str):  # duotone: not in the free sets the theme uses
                continue
            for alias in [name] + [a for a in aliases if isinstance(a, str)]:
                icons.setdefault(alias, (width, height, path))
        out[_SETS[m.group(1)]] = icons
    return out


def used_classes(outdir: Path) -> set[str]:
    """Every ``fa-NAME`` class named in the built pages and in the scripts they load."""
    names: set[str] = set()
    files = list(outdir.rglob("*.html")) + [p for p in (outdir / "_static").rglob("*.js")
                                             if p.name != Path(KIT).name and "vendor" not in p.parts]
    for path in files:
        names.update(_CLASS.findall(path.read_text(encoding="utf-8", errors="replace")))
    return names


def svg_url(width: int, height: int, path: str) -> str:
    """One icon's path as a CSS ``url()`` of an inline SVG image."""
    svg = f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}'><path d='{path}'/></svg>"
    return "url(\"data:image/svg+xml," + svg.replace("<", "%3C").replace(">", "%3E").replace("#", "%23") + "\")"


def icon_rule(selector: str, width: int, height: int, path: str) -> str:
    """One icon as the mask image of ``selector::before`` (its width follows the icon's proportions)."""
    return f"{selector}::before{{--bf-icon:{svg_url(width, height, path)};width:{width / height:.4f}em}}"


#: what every icon shares: the theme's webfont glyph replaced by a mask painted in the text colour
SHARED = ("{content:\"\"!important;display:inline-block;height:1em;vertical-align:-.125em;"
          "background-color:currentColor;-webkit-mask:var(--bf-icon) no-repeat center/contain;"
          "mask:var(--bf-icon) no-repeat center/contain}")


def icons_css(kit: dict[str, dict[str, tuple[int, int, str]]], names: set[str]) -> str:
    """The stylesheet: a rule for each used name found in the kit (solid first; the ``fa-regular`` and
    ``fa-brands`` variants of a name as well where the kit has them)."""
    rules, selectors, elements = [], [], []
    for name in sorted(names):
        found = [(style, kit[style][name]) for style in ("solid", "regular", "brands") if name in kit.get(style, {})]
        if not found:
            continue  # a modifier (fa-lg, fa-solid) or an icon the kit lacks
        selectors.append(f".fa-{name}::before")
        elements.append(f".fa-{name}")
        rules.append(icon_rule(f".fa-{name}", *found[0][1]))
        rules += [icon_rule(f".fa-{style}.fa-{name}", *icon) for style, icon in found[1:]]
    head = ("/* Icons: Font Awesome Free by @fontawesome, https://fontawesome.com, CC BY 4.0; only those the book\n"
            "   uses, generated by briefing.sphinx.icons from the theme's kit. */\n")
    # the element keeps the text's font: with the theme's icon font it would still be downloaded (for the line's strut)
    shared = (",".join(elements) + "{font-family:inherit!important}\n" + ",".join(selectors) + SHARED + "\n"
              if selectors else "")
    return head + shared + "\n".join(rules) + "\n"


def theme_kit(app: Sphinx) -> Path | None:
    for folder in app.builder.theme.get_theme_dirs():
        candidate = Path(folder) / "static" / KIT
        if candidate.is_file():
            return candidate
    return None


_PST_ICON = re.compile(r'--pst-icon-([a-z0-9-]+):(?:var\(--pst-icon-([a-z0-9-]+)\)|"[^"]*")')
_PSEUDO_ICON_RULE = re.compile(r'(?<=[};])([^{}@]+)\{[^{}]*content:var\(--pst-icon-([a-z0-9-]+)\)[^{}]*\}')
_CLASS_ATTR = re.compile(r'class="([^"]*)"')


def page_classes(outdir: Path) -> set[str]:
    """Every class name on an element of the built pages."""
    names: set[str] = set()
    for path in outdir.rglob("*.html"):
        for value in _CLASS_ATTR.findall(path.read_text(encoding="utf-8", errors="replace")):
            names.update(value.split())
    return names


def theme_icon_rules(theme_css: str, kit: dict[str, dict[str, tuple[int, int, str]]], classes: set[str]) -> str:
    """The theme's own icons drawn by CSS rather than by an ``<i>`` element (an admonition's title, a
    version note: ``content:var(--pst-icon-NAME)`` in the webfont) as masks, for the selectors whose classes
    the built pages use; without them the first admonition on a page downloads the 150 kB webfont."""
    aliases = {m.group(1): m.group(2) for m in _PST_ICON.finditer(theme_css)}

    def icon_of(var: str) -> tuple[int, int, str] | None:
        seen: set[str] = set()
        while aliases.get(var) and var not in seen:  # a variable naming another: follow it to the icon
            seen.add(var)
            var = aliases[var]
        return kit.get("solid", {}).get(var)

    rules = []
    for m in _PSEUDO_ICON_RULE.finditer(theme_css):
        icon = icon_of(m.group(2))
        used = [sel.strip() for sel in m.group(1).split(",")
                if set(re.findall(r"\.([A-Za-z0-9_-]+)", sel)) <= classes]
        if icon is None or not used:
            continue
        url = svg_url(*icon)
        rules.append(",".join(used) + "{content:\"\"!important;font:inherit!important;background-color:currentColor;"
                     f"-webkit-mask:{url} no-repeat center/contain;mask:{url} no-repeat center/contain}}")
    return "\n".join(rules) + ("\n" if rules else "")


def write_icons(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: the used icons' stylesheet; the kit replaced by a stub and the theme's glyph rules
    removed from its stylesheet."""
    if exception or app.builder.format != "html" or not hasattr(app.builder, "theme"):
        return
    kit_path = theme_kit(app)
    if kit_path is None:
        return
    static = Path(app.outdir) / "_static"
    kit = read_kit(kit_path)
    theme_css = static / THEME_CSS
    theme = theme_css.read_text(encoding="utf-8") if theme_css.is_file() else ""
    css = icons_css(kit, used_classes(Path(app.outdir))) + theme_icon_rules(theme, kit, page_classes(Path(app.outdir)))
    (static / ICONS_CSS).write_text(css, encoding="utf-8")
    (static / KIT).write_text(STUB, encoding="utf-8")
    if theme:
        theme_css.write_text(strip_glyph_rules(theme), encoding="utf-8")


def strip_glyph_rules(css: str) -> str:
    """The theme's stylesheet without the rules that map icon classes to webfont glyphs."""
    return _GLYPH_RULE.sub("", css)


def setup(app: Sphinx) -> None:
    app.add_css_file(ICONS_CSS)
    app.connect("build-finished", write_icons)
