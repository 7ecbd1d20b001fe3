"""Fixtures shared by the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import make_project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's data (sources, metadata, schemas) with a small evidence registry."""
    return make_project(tmp_path)
