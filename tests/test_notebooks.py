"""The committed notebooks: generated from their text forms, clean, and with captioned figures."""

from __future__ import annotations

import json
from pathlib import Path

import jupytext
import pytest

BOOK = Path(__file__).resolve().parents[1] / "book"
TEXTS = sorted((BOOK / "_text").glob("*.md"))


def test_every_chapter_notebook_has_a_text_form():
    assert {p.stem for p in TEXTS} == {p.stem for p in BOOK.glob("*.ipynb")}


@pytest.mark.parametrize("text", TEXTS, ids=lambda p: p.stem)
def test_notebook_is_in_sync_with_its_text_form(text):
    authored = [(c.cell_type, c.source.strip()) for c in jupytext.read(text).cells]
    committed = [(c["cell_type"], "".join(c["source"]).strip())
                 for c in json.loads((BOOK / f"{text.stem}.ipynb").read_text(encoding="utf-8"))["cells"]]
    assert committed == authored, f"run `python scripts/notebooks.py {text.stem}` and commit book/{text.stem}.ipynb"


@pytest.mark.parametrize("text", TEXTS, ids=lambda p: p.stem)
def test_outputs_are_clean_and_figures_captioned(text):
    nb = json.loads((BOOK / f"{text.stem}.ipynb").read_text(encoding="utf-8"))
    for n, cell in enumerate(nb["cells"], start=1):
        outputs = cell.get("outputs", [])
        for out in outputs:
            assert out["output_type"] != "error", (text.stem, n)
            assert not (out["output_type"] == "stream" and out["name"] == "stderr"), (text.stem, n, out["text"])
        for i, out in enumerate(outputs):
            if "application/pdf" in out.get("data", {}):  # a figure's print export
                assert 'id="fig-' in "".join(out["data"]["text/html"]), (text.stem, n)
                caption = outputs[i + 1]["data"]["text/markdown"]
                assert "".join(caption).startswith("**Figure:"), (text.stem, n)
                figures_after = [o for o in outputs[i + 1:] if "application/pdf" in o.get("data", {})]
                captions_after = [o for o in outputs[i + 1:] if "**Figure:" in "".join(o.get("data", {}).get("text/markdown", ""))]
                assert len(captions_after) == len(figures_after) + 1, (text.stem, n)


@pytest.mark.parametrize("text", TEXTS, ids=lambda p: p.stem)
def test_no_execution_noise_in_committed_notebooks(text):
    nb = json.loads((BOOK / f"{text.stem}.ipynb").read_text(encoding="utf-8"))
    assert set(nb["metadata"]) <= {"kernelspec", "language_info"}, nb["metadata"].keys()
    for cell in nb["cells"]:
        assert "execution" not in cell.get("metadata", {})
        assert "id" not in cell  # nbformat 4.4: no random cell ids to churn in diffs
