"""What the reader's browser tests share: viewports, the colour theme, contrast and visibility as the page
computes them (JavaScript evaluated in Chromium)."""

from __future__ import annotations

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = {"1366": DESKTOP, "390": PHONE}
MODES = ["light", "dark"]


def new_page(browser, url: str, viewport: dict, errors: list[str], mode: str = "light", **context):
    """A page in a fresh context (touch on a phone), in the given colour theme, console errors collected."""
    if viewport is PHONE:
        context = {"has_touch": True, "is_mobile": True, **context}
    ctx = browser.new_context(viewport=viewport, **context)
    ctx.add_init_script(f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');")
    page = ctx.new_page()
    page.on("pageerror", lambda e: errors.append(f"{url}: {e}"))
    page.on("console", lambda m: errors.append(f"{url}: {m.text}") if m.type == "error" else None)
    page.goto(url, wait_until="networkidle")
    assert page.evaluate("document.documentElement.dataset.theme") == mode
    return page


#: (text colour, effective background colour, contrast ratio) of an element, the background found on the nearest
#: ancestor with an opaque one (the page's own background at the top)
CONTRAST = """el => {
  const parse = c => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const lum = ([r, g, b]) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  let bg = null;
  for (let n = el; n; n = n.parentElement) {
    const c = parse(getComputedStyle(n).backgroundColor);
    if (c[3] >= 0.99) { bg = c; break; }
  }
  if (!bg) bg = parse(getComputedStyle(document.body).backgroundColor);
  if (bg[3] < 0.99) bg = [255, 255, 255, 1];
  const fg = parse(getComputedStyle(el).color);
  const mixed = [0, 1, 2].map(i => fg[i] * fg[3] + bg[i] * (1 - fg[3]));
  const [a, b] = [lum(mixed), lum(bg)].sort((x, y) => y - x);
  return {fg: getComputedStyle(el).color, bg: `rgb(${bg.slice(0, 3).join(', ')})`, ratio: (a + 0.05) / (b + 0.05),
          bgLum: lum(bg)};
}"""

#: whether the focused element can be seen: a box, not hidden, no transparent ancestor, inside the page
FOCUSED_IS_VISIBLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {ok: true, what: 'body'};
  // a box of its own or of what it holds (a summary may hold only a positioned icon)
  let ok = [el, ...el.querySelectorAll('*')].some(n => { const r = n.getBoundingClientRect(); return r.width > 0 && r.height > 0; });
  for (let n = el; n && ok; n = n.parentElement) {
    const cs = getComputedStyle(n);
    if (cs.visibility === 'hidden' || cs.display === 'none' || parseFloat(cs.opacity) < 0.1) ok = false;
  }
  const what = el.tagName + '.' + (typeof el.className === 'string' ? el.className : '') + ' '
    + (el.getAttribute('aria-label') || el.getAttribute('data-title') || el.textContent || '').trim().slice(0, 40);
  return {ok, what};
}"""
