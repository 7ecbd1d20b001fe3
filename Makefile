# One entry point for people and CI. `make book` and `make test` each install what they need first.
PY     := .venv/bin/python
JB     := .venv/bin/jupyter-book
BUILD  := _build
comma  := ,

.PHONY: setup book html pdf test check clean bench mutation

setup:                ## install Debian packages and the pinned Python environment (idempotent)
	bash scripts/setup.sh

book: setup html pdf  ## the HTML book and, next to it, the PDF edition

# `briefing build` runs `briefing check`, empties the notebook execution cache when src/ or data/
# changed, then `jupyter-book build` with -W --keep-going (every warning is an error, all reported)
# and -n for HTML (broken cross-references fail too); the full log is kept in _build/.
html:
	$(PY) -m briefing.cli build html

# The PDF edition (LuaLaTeX), copied next to the HTML so the book links to it.
pdf:
	$(PY) -m briefing.cli build pdf

check:
	$(PY) -m briefing.cli check

# The tests: unit and property tests, the notebooks re-executed against their committed outputs
# (nbval), the browser tests of the built HTML book, and the checks of the PDF.
test: setup html pdf
	$(PY) -m pytest tests book/*.ipynb --nbval --nbval-current-env -q

bench: setup
	$(PY) benchmarks/bench_check.py

# Mutation testing of the core modules (a benchmark, not in CI): scores per module in _build/mutation/results.json,
# recorded in benchmarks/README.md. GROUPS=arabic,anchor … runs only those groups (see benchmarks/mutation.py).
mutation: setup
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-mutation.lock
	$(PY) benchmarks/mutation.py $(subst $(comma), ,$(GROUPS))

clean:
	rm -rf $(BUILD)
