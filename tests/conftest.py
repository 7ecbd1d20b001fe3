"""Fixtures shared by the tests, and how the suite is split and spread over the cores.

Markers (registered in pyproject.toml) are set here, centrally, from what a test uses, so that a new test in an
existing file is classified without a decorator:

- ``browser``: drives Debian's Chromium (it uses the ``browser`` or ``site`` fixture);
- ``built``: reads the book built by ``make html`` / ``make pdf`` (BRIEFING_BUILD, default ``_build``);
- ``build``: builds a book (Jupyter Book, Sphinx, ``briefing build``) or runs LuaLaTeX itself, in a temporary folder;
- ``chromium``: exports a figure through kaleido, which drives Debian's Chromium (without the built book);
- ``notebook``: a cell of a chapter, re-executed by nbval;
- ``slow``: any of these. ``make test-fast`` runs ``-m "not slow"``; ``make test`` runs everything, in two
  rounds: ``not built and not browser`` while the book builds, then ``built or browser or notebook``.

Under pytest-xdist, ``make test`` runs ``-n auto --dist loadfile --no-loadscope-reorder``: each file is one unit
of work (a file of more than UNIT_SIZE quick tests is cut into runs of UNIT_SIZE), so a module-scoped fixture (a
book built in a temporary copy, a PDF compiled once…) is made once and a notebook's cells (nbval) run in order
in one kernel; the files that share a session fixture building a book
(``SHARED_BUILD_FILES``) are one unit together. Files are handed out in collection order, which puts first
those that build a book, then those that drive the browser: the long units start first, the short ones fill
the end. (``--dist loadgroup`` would group by test, but with pytest 9.2 it silently stops grouping:
pytest-xdist issue 1386.)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from helpers import make_project


@pytest.fixture(scope="session", autouse=True)
def journal_keys(tmp_path_factory):
    """Journal signing keys (briefing.writes.journal_key) of the many test projects go to a temporary folder,
    never to the user's ~/.local/state/briefing (the commands run as subprocesses inherit the variable)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("BRIEFING_STATE_DIR", str(tmp_path_factory.mktemp("journal-keys")))
        yield


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's data (sources, metadata, schemas) with a small evidence registry."""
    return make_project(tmp_path)


@pytest.fixture(scope="session")
def grown_corpus(tmp_path_factory):
    """A copy of the project grown through the command line (a long-titled source, two more sources and a
    cited sentence) and built once, HTML and PDF: see grown_corpus.py."""
    from grown_corpus import grow

    return grow(tmp_path_factory.mktemp("grown") / "project")


# --- the built HTML book in Debian's Chromium (shared by the browser tests) ---------------------------

ROOT = Path(__file__).resolve().parents[1]
BUILD = Path(os.environ.get("BRIEFING_BUILD", ROOT / "_build"))
BUILT_HTML = BUILD / "html"


@pytest.fixture(scope="session")
def site():
    """The built book served on loopback; its base URL (one server per test process)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from screenshot import serve

    if not (BUILT_HTML / "book" / "overview.html").exists():
        pytest.fail(f"the HTML book is not built in {BUILT_HTML}: run `make html` (or `make test`, which builds it) "
                    "first, or set BRIEFING_BUILD")
    if not Path("/usr/bin/chromium").exists():
        pytest.fail("Debian's Chromium is missing: run `make setup` (apt-get install chromium)")
    server, base = serve(BUILT_HTML)
    yield base
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright (nothing downloaded): one browser per test process, each test in
    contexts of its own (``_close_browser_contexts`` closes whatever a test left open)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from playwright.sync_api import sync_playwright
    from screenshot import CHROMIUM_ARGS

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(autouse=True)
def _close_browser_contexts(request):
    """After a browser test, close the contexts (and so the pages, cookies, storage) it opened: the next test
    starts from a browser with nothing open, as it did when each module launched its own."""
    yield
    if "browser" in request.fixturenames:
        for context in list(request.getfixturevalue("browser").contexts):
            context.close()


# --- markers and the spread over cores ---------------------------------------------------------------

#: session fixtures that build a book, and the files that use them: one unit of work for xdist, so that the
#: book is built once
SHARED_BUILDS = {"grown_corpus"}
SHARED_BUILD_FILES = {"test_add_sources_end_to_end.py": "grown_corpus", "test_pdf_long_titles.py": "grown_corpus"}
#: fixtures that mean a browser
BROWSER_FIXTURES = {"browser", "site"}
#: test files that build a book (Jupyter Book, Sphinx) or run LuaLaTeX in a temporary folder
BUILD_FILES = {"test_add_sources_end_to_end", "test_build_fails", "test_data_as_written", "test_edition_build",
               "test_horizon_roles", "test_incremental_appendix", "test_pdf_hardening", "test_pdf_long_titles",
               "test_pdf_text_layer", "test_smartquotes_data", "test_untrusted_data", "test_untrusted_source"}
#: how a test runs LuaLaTeX: through briefing.pdfbuild's environment, or the command by name; a test whose code,
#: or its fixtures' or helpers', names either compiles a PDF, whatever its file is called
LATEX_NAMES, LATEX_COMMANDS = {"hardened_env"}, {"lualatex"}
#: the targets of `briefing build`: a test whose code names "build" and one of them runs the command
BUILD_TARGETS = {"html", "pdf", "all"}
#: names (attributes) by which a test exports a figure through kaleido, which drives Chromium: plotly.io's
#: to_image / write_image, briefing.figures.Figure.pdf
KALEIDO_NAMES = {"to_image", "write_image", "pdf"}


def _in_build(value: object) -> bool:
    """Whether ``value`` is a path in the build folder (BRIEFING_BUILD or the project's _build)."""
    if not isinstance(value, Path):
        return False
    for build in {BUILD.resolve(), (ROOT / "_build").resolve()}:
        if value.resolve() == build or build in value.resolve().parents:
            return True
    return False


#: _code_of's answer for each function seen (a parametrised test is one function for all its cases)
_CODE_OF: dict[object, tuple[set[str], set[object], list[object]]] = {}


def _code_of(func: object) -> tuple[set[str], set[object], list[object]]:
    """The global and attribute names, the string constants and the default argument values in ``func``'s code,
    its nested functions' and those of the functions of the same module it calls (so a helper that reads ``PDF``,
    or takes it as a default, counts for the test that calls it). Worked out once per function."""
    try:
        return _CODE_OF[func]
    except (KeyError, TypeError):  # TypeError: an unhashable callable, worked out each time
        pass
    found = _walk_code(func)
    try:
        _CODE_OF[func] = found
    except TypeError:
        pass
    return found


def _walk_code(func: object) -> tuple[set[str], set[object], list[object]]:
    names: set[str] = set()
    consts: set[object] = set()
    defaults: list[object] = []
    seen: set[object] = set()
    funcs = [func]
    while funcs:
        f = funcs.pop()
        code = getattr(f, "__code__", None)
        if code is None or code in seen:
            continue
        seen.add(code)
        defaults += [*(getattr(f, "__defaults__", None) or ()), *(getattr(f, "__kwdefaults__", None) or {}).values()]
        module = getattr(f, "__module__", None)
        stack = [code]
        while stack:
            c = stack.pop()
            names |= set(c.co_names)
            consts |= {k for k in c.co_consts if isinstance(k, str)}
            stack += [k for k in c.co_consts if hasattr(k, "co_names")]
        glob = getattr(f, "__globals__", {})
        funcs += [g for g in (glob.get(name) for name in code.co_names)
                  if callable(g) and getattr(g, "__module__", None) == module and hasattr(g, "__code__")]
    return names, consts, defaults


_NAMES_THE_BUILD: dict[object, bool] = {}


def _names_the_build(func: object) -> bool:
    """Whether a test or fixture function (or a function of its module that it calls) names a module-level path
    in the build folder (``PDF``, ``HTML``…): then it reads the book that `make html` / `make pdf` built."""
    try:
        return _NAMES_THE_BUILD[func]
    except (KeyError, TypeError):
        pass
    answer = _look_for_the_build(func)
    try:
        _NAMES_THE_BUILD[func] = answer
    except TypeError:
        pass
    return answer


def _look_for_the_build(func: object) -> bool:
    names, _, defaults = _code_of(func)
    glob = getattr(func, "__globals__", {})
    # a name imported inside the function (``from conftest import BUILT_HTML``) is looked up here too
    return any(_in_build(glob.get(name, globals().get(name))) for name in names) or any(map(_in_build, defaults))


def _item_funcs(item: pytest.Item) -> list[object]:
    """The test function and the functions of the fixtures it uses."""
    info = getattr(item, "_fixtureinfo", None)
    funcs = [getattr(item, "function", None)]
    if info is not None:
        funcs += [defs[-1].func for defs in info.name2fixturedefs.values() if defs]
    return funcs


def _reads_the_build(item: pytest.Item) -> bool:
    return any(_names_the_build(f) for f in _item_funcs(item))


def _runs_a_build(item: pytest.Item) -> bool:
    """Whether the test runs `briefing build` (the words ``"build"`` and a target in its code or in its
    parameters): a Jupyter Book build, or its refusal, in a temporary project."""
    words: set[object] = set()
    for f in _item_funcs(item):
        words |= _code_of(f)[1]
    for value in getattr(getattr(item, "callspec", None), "params", {}).values():
        if isinstance(value, (list, tuple)):
            words |= {v for v in value if isinstance(v, str)}
    return "build" in words and bool(words & BUILD_TARGETS)


def _runs_latex(item: pytest.Item) -> bool:
    """Whether the test compiles a PDF with LuaLaTeX (its code names ``hardened_env`` or ``"lualatex"``)."""
    return any(_code_of(f)[0] & LATEX_NAMES or _code_of(f)[1] & LATEX_COMMANDS for f in _item_funcs(item))


def _uses_kaleido(item: pytest.Item) -> bool:
    """Whether the test renders a figure with kaleido (Debian's Chromium, without the built book)."""
    return any(_code_of(f)[0] & KALEIDO_NAMES for f in _item_funcs(item))


def _own_module_fixture(item: pytest.Item) -> bool:
    """Whether the test uses a module- or class-scoped fixture defined in its own file."""
    info = getattr(item, "_fixtureinfo", None)
    module = getattr(getattr(item, "module", None), "__name__", None)
    if info is None or module is None:
        return False
    return any(defs and defs[-1].scope in ("module", "class") and getattr(defs[-1].func, "__module__", None) == module
               for defs in info.name2fixturedefs.values())


def pytest_itemcollected(item: pytest.Item) -> None:
    """Mark each test as it is collected, before any plugin's collection hook (-m selects by these markers)."""
    path = Path(str(item.fspath))
    names = set(getattr(item, "fixturenames", ()))
    kinds = set()
    if names & BROWSER_FIXTURES:
        kinds |= {"browser", "built"}
    if _reads_the_build(item):
        kinds.add("built")
    if path.stem in BUILD_FILES or names & SHARED_BUILDS or _runs_a_build(item) or _runs_latex(item):
        kinds.add("build")
    if _uses_kaleido(item):
        kinds.add("chromium")
    if path.suffix == ".ipynb":
        kinds.add("notebook")
    for kind in sorted(kinds):
        item.add_marker(kind)
    if kinds:
        item.add_marker("slow")


@pytest.hookimpl(tryfirst=True)  # before -m selects by the markers
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The notebooks' cells marked (pytest_itemcollected above sees only the items under tests/); then the files
    that build a book first, then those that drive the browser, then the rest (each in its order): under xdist
    each file is one unit of work, and the long units should start first."""
    for item in items:
        if Path(str(item.fspath)).suffix == ".ipynb" and not item.get_closest_marker("notebook"):
            item.add_marker("notebook")
            item.add_marker("slow")
    rank: dict[str, int] = {}
    for item in items:
        file = str(item.fspath)
        mine = 0 if item.get_closest_marker("build") else 1 if item.get_closest_marker("browser") else 2
        rank[file] = min(rank.get(file, 2), mine)
    items.sort(key=lambda item: rank[str(item.fspath)])  # stable: the order within a file is kept


#: under xdist, a file with more tests than this is cut into units of this many (in order): one file of 328
#: quick tests (test_characters) took a core on its own for longer than the rest of the fast tests together
UNIT_SIZE = 40


def _units(nodeids: list[str]) -> dict[str, str]:
    """The unit of work of each test: its file, cut into runs of UNIT_SIZE tests when it has more (never a
    notebook, whose cells share one kernel in order); the files in SHARED_BUILD_FILES are one unit together."""
    by_file: dict[str, list[str]] = {}
    for nodeid in nodeids:
        by_file.setdefault(nodeid.split("::", 1)[0], []).append(nodeid)
    units: dict[str, str] = {}
    for file, ids in by_file.items():
        shared = SHARED_BUILD_FILES.get(Path(file).name)
        for n, nodeid in enumerate(ids):
            if shared:
                units[nodeid] = shared
            elif len(ids) > UNIT_SIZE and not file.endswith(".ipynb"):
                units[nodeid] = f"{file}#{n // UNIT_SIZE}"
            else:
                units[nodeid] = file
    return units


def pytest_xdist_make_scheduler(config: pytest.Config, log):  # noqa: ANN201
    """For ``--dist loadfile``: one unit of work per file (a long file cut into runs of UNIT_SIZE tests), except
    the files in SHARED_BUILD_FILES, which are one unit per shared fixture."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class FilesAndSharedBuilds(LoadFileScheduling):
        _unit_of: dict[str, str] | None = None

        def _split_scope(self, nodeid: str) -> str:
            if self._unit_of is None:
                assert self.collection is not None  # set by schedule() before it asks for the first scope
                self._unit_of = _units(self.collection)
            return self._unit_of[nodeid]

    return FilesAndSharedBuilds(config, log)
