# One entry point for people and CI. `make book` and `make test` each install what they need first.
PY     := .venv/bin/python
JB     := .venv/bin/jupyter-book
BUILD  := _build

.PHONY: setup book html pdf test check clean bench

setup:                ## install Debian packages and the pinned Python environment (idempotent)
	bash scripts/setup.sh

book: setup html     ## the HTML book (the PDF edition is added by `make pdf`)

# -W --keep-going: every warning is an error, but report them all before failing.
# -n: nitpicky, so broken cross-references fail too.
html:
	$(PY) -m briefing.cli check
	$(JB) build . --builder html -W -n --keep-going

pdf:
	$(JB) build . --builder pdflatex -W --keep-going

check:
	$(PY) -m briefing.cli check

# The tests: unit and property tests, the notebooks re-executed against their committed outputs
# (nbval), and the browser tests of the built HTML book.
test: setup html
	$(PY) -m pytest tests book/*.ipynb --nbval --nbval-current-env -q

bench: setup
	$(PY) benchmarks/bench_check.py

clean:
	rm -rf $(BUILD)
