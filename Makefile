# One entry point for people and CI. `make book` and `make test` each install what they need first.
PY     := .venv/bin/python
JB     := .venv/bin/jupyter-book
BUILD  := _build
comma  := ,

.PHONY: setup book html pdf test test-fast check clean bench mutation plotly-bundle

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
# (nbval), the browser tests of the built HTML book, and the checks of the PDF. pytest-xdist spreads them over
# the cores (WORKERS=auto: one per core; WORKERS=0 runs in one process), one file at a time, the long files
# first (tests/conftest.py): a module's fixtures are made once and a notebook's cells run in order.
# Two rounds: while the book builds (`make html pdf`, one core most of the time), the tests that do not read
# it run; then the notebooks and the tests of the built book (markers `built`, `browser`, set in conftest.py).
# Every test runs even when the other round failed; the target fails if the build or either round did.
# Compiled modules are cached (__pycache__, git-ignored) even where the environment sets PYTHONDONTWRITEBYTECODE:
# else every xdist worker re-rewrites the ~100 test modules' asserts (about 3.5 CPU-s each) and every fresh
# interpreter (a kernel, a Sphinx run, a command) compiles the package again.
WORKERS ?= auto
CACHE   := PYTHONDONTWRITEBYTECODE=
PYTEST  := $(CACHE) $(PY) -m pytest -q $(if $(filter 0,$(WORKERS)),,-n $(WORKERS) --dist loadfile --no-loadscope-reorder)
test: setup
	@log=$$(mktemp); \
	( $(MAKE) --no-print-directory html pdf >$$log 2>&1; echo $$? >$$log.rc ) & \
	echo "test: building the book in the background (make html pdf) while the tests that do not need it run"; \
	$(PYTEST) tests -m "not built and not browser"; first=$$?; \
	wait; cat $$log; built=$$(cat $$log.rc); rm -f $$log $$log.rc; \
	if [ "$$built" != 0 ]; then echo "test: the book did not build (see above)"; exit 1; fi; \
	$(PYTEST) -m "built or browser or notebook" tests book/*.ipynb --nbval --nbval-current-env; second=$$?; \
	[ $$first = 0 ] && [ $$second = 0 ]

# The inner loop (under a minute): `briefing check` and the unit, property and command-line tests, without
# the browser, the built book, LaTeX or a book build (the `slow` marker, set in tests/conftest.py). The check
# runs while pytest starts its workers and collects (its report is printed after the tests); the target fails
# if either failed. It neither installs nor builds: run `make setup` once (and again when requirements.lock
# changes).
test-fast: $(PY)
	@log=$$(mktemp); \
	( $(CACHE) $(PY) -m briefing.cli check >$$log 2>&1; echo $$? >$$log.rc ) & \
	$(PYTEST) tests -m "not slow"; tests=$$?; \
	wait; echo "briefing check:"; cat $$log; checked=$$(cat $$log.rc); rm -f $$log $$log.rc; \
	[ "$$checked" = 0 ] && [ $$tests = 0 ]

$(PY):
	bash scripts/setup.sh

bench: setup
	$(PY) benchmarks/bench_check.py

# Mutation testing of the core modules (a benchmark, not in CI): scores per module in _build/mutation/results.json,
# recorded in benchmarks/README.md. GROUPS=arabic,anchor … runs only those groups (see benchmarks/mutation.py).
mutation: setup
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-mutation.lock
	$(PY) benchmarks/mutation.py $(subst $(comma), ,$(GROUPS))

# The plotly.js partial bundle the book serves (vendored in src/briefing/static/vendor/plotly/, committed):
# rebuilt from the npm registry's plotly.js and esbuild at the versions in tools/plotly-bundle/package-lock.json.
plotly-bundle:
	cd tools/plotly-bundle && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && node build.mjs

clean:
	rm -rf $(BUILD)
