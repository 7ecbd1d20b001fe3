#!/usr/bin/env bash
# Install everything the book and the tests need, on a fresh Debian machine or again (idempotent).
#   Debian packages: Chromium (kaleido's static images, browser tests), poppler and mupdf-tools (PDF checks:
#                    text, glyph positions),
#                    LuaLaTeX and Arabic/Latin fonts (the PDF edition: TeX Gyre Pagella for the text, Amiri for Arabic). Nothing is downloaded at build time.
#   Python: a venv in .venv with the pinned versions of requirements.lock, then camel-tools without its
#           declared dependencies (requirements-nodeps.lock: the book uses only its character tables, and
#           its torch/transformers/scipy stack would be 1.2 GB of code nothing runs).
set -euo pipefail
cd "$(dirname "$0")/.."

# Installed with --no-install-recommends (no Java runtime, CUPS, viewers…); the recommended packages the PDF
# build does use are named: lmodern (fontspec's default fonts), texlive-fonts-recommended, texlive-plain-generic.
# wordnet-base: WordNet's lists of irregular English forms, from which the search learns "withdrew" → withdraw.
APT_PACKAGES=(chromium poppler-utils mupdf-tools fonts-hosny-amiri fonts-texgyre fonts-dejavu-core fonts-dejavu-extra fonts-noto-core
              texlive-luatex texlive-latex-extra latexmk lmodern texlive-fonts-recommended texlive-plain-generic
              wordnet-base)
missing=()
command -v npm >/dev/null || missing+=(nodejs npm)   # the machine image ships Node.js; Debian's otherwise
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  python3 -m venv .venv
fi
PIP=(.venv/bin/python -m pip install -q --disable-pip-version-check)
"${PIP[@]}" -r requirements.lock
"${PIP[@]}" --no-deps -r requirements-nodeps.lock
"${PIP[@]}" --no-deps -e .
# Test-only JavaScript (axe-core, pdf.js) from the npm registry, exact versions from tools/package-lock.json
# (re-installed only when the lock file changed: npm's own node_modules/.package-lock.json has another shape)
if ! cmp -s tools/package-lock.json tools/node_modules/.installed-from-lock 2>/dev/null; then
  (cd tools && npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.installed-from-lock)
fi
echo "setup: done ($(.venv/bin/python --version), briefing $(.venv/bin/python -c 'import briefing; print(briefing.__version__)'))"
