"""Reliability notes (data/reliability.csv): validated by `briefing check`, shown in cards and the appendix."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefing.errors import DataError
from briefing.reliability import COLUMNS, load_reliability

ROOT = Path(__file__).resolve().parents[1]
HTML = Path(os.environ.get("BRIEFING_BUILD", ROOT / "_build")) / "html"


def test_every_source_of_the_corpus_has_a_note():
    from briefing import Corpus

    corpus = Corpus.load(ROOT)
    notes = load_reliability(ROOT, set(corpus.sources))
    assert set(notes) == set(corpus.sources)


@pytest.mark.parametrize("row, needle", [
    ("nope-2025,News site,First-hand,Named,,first-hand,named\n", "unknown source 'nope-2025'"),
    ("erem-2025-09,,First-hand,Named,,first-hand,named\n", "needs at least outlet_type and sourcing"),
    ("erem-2025-09,News site,First-hand\n", "has 3 fields"),
    ("erem-2025-09,News site,First-hand,Named,,firsthand,named\n",
     "(sourcing_kind): sourcing_kind 'firsthand' is not one of first-hand, mixed, second-hand"),
    ("erem-2025-09,News site,First-hand,Named,,first-hand,\n",
     "(informants): informants '' is not one of named, mixed, anonymous"),
])
def test_bad_rows_are_named_by_line(tmp_path, row, needle):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "reliability.csv").write_text(",".join(COLUMNS) + "\n" + row, encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_reliability(tmp_path, {"erem-2025-09"})
    assert "data/reliability.csv:2" in err.value.message and needle in err.value.message


def test_cards_and_appendix_show_the_note():
    if not (HTML / "book" / "overview.html").exists():
        pytest.fail(f"the HTML book is not built in {HTML}: run `make html` first")
    note = load_reliability(ROOT)["erem-2025-09"]
    import html as _html

    appendix = (HTML / "book" / "sources" / "erem-2025-09.html").read_text(encoding="utf-8")
    assert "<th>Reliability</th>" in appendix and _html.escape(note.sourcing, quote=True)[:40] in appendix
    overview = (HTML / "book" / "overview.html").read_text(encoding="utf-8")
    assert '<span class="bf-rel"><b>About this source:</b> ' + _html.escape(note.outlet_type, quote=True) in overview
