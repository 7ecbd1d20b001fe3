"""Fixtures shared by the tests."""

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


# --- the built HTML book in Debian's Chromium (shared by the browser tests) ---------------------------

ROOT = Path(__file__).resolve().parents[1]
BUILT_HTML = Path(os.environ.get("BRIEFING_BUILD", ROOT / "_build")) / "html"


@pytest.fixture(scope="module")
def site():
    """The built book served on loopback; its base URL."""
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


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright (nothing downloaded)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from playwright.sync_api import sync_playwright
    from screenshot import CHROMIUM_ARGS

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield b
        b.close()
