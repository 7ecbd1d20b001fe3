"""`briefing add-source` never overwrites a file it would create (briefing.authoring.plan_source): neither the
article's copy (data/sources/ID.txt) nor its appendix page (book/sources/ID.md, which an author may have
written by hand), and a refused add changes nothing on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.authoring import NewSource, plan_source
from briefing.corpus import Corpus
from briefing.errors import DataError
from helpers import assert_clean_error, run, snapshot, with_appendix

ARTICLE = "عنوان الخبر الجديد\n\nقال مصدر إن القوات ستغادر قاعدة حرير في أيلول 2026 وفق الاتفاق.\n"
NEW = NewSource(id="new-2026-01-01", outlet_en="New Outlet", title_en="The new article", published="2026-01-01",
                as_printed="1/1/2026")


@pytest.mark.parametrize("existing", ["data/sources/new-2026-01-01.txt", "book/sources/new-2026-01-01.md"])
def test_a_file_add_source_would_create_is_never_overwritten(project: Path, tmp_path: Path, existing: str) -> None:
    with_appendix(project)
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    corpus = Corpus.load(project)
    assert set(plan_source(corpus, article, NEW).files) >= {project / "data/sources/new-2026-01-01.txt",
                                                            project / "book/sources/new-2026-01-01.md"}
    (project / existing).write_text("# written by hand\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        plan_source(corpus, article, NEW)
    assert (err.value.where, err.value.what) == (str(project / existing), "already exists and would be overwritten")
    before = snapshot(project)
    proc = run(project, "add-source", str(article), "--id", NEW.id, "--outlet", NEW.outlet_en, "--title-en",
               NEW.title_en, "--published", NEW.published, "--as-printed", NEW.as_printed)
    assert_clean_error(proc, 1, "would be overwritten", existing.split("/")[-1])
    assert snapshot(project) == before
    assert (project / existing).read_text(encoding="utf-8") == "# written by hand\n"
