"""Search on a big store ranks a bounded pool: the newest matches (SQLiteStore.SEARCH_POOL)."""

from __future__ import annotations

import storyline
import storyline.store.sqlite as sqlite_store
from storyline.ingest import build_article


def test_search_ranks_the_newest_matches_when_there_are_many(tmp_path, monkeypatch):
    with storyline.open(tmp_path / "s.db", cluster=False) as eng:
        # older reports mention the ferry more often (they rank higher), newer ones once
        eng.add_articles([build_article(f"The ferry ferry ferry {i} sailed from Kestrel Bay.", id=f"old{i}") for i in range(20)])
        eng.add_articles([build_article(f"A ferry {i} and many other boats left the long harbour wall.", id=f"new{i}") for i in range(20)])
        everything = eng.search("ferry", 5)
        assert [c.article_id[:3] for c, _ in everything] == ["old"] * 5
        monkeypatch.setattr(sqlite_store, "SEARCH_POOL", 40)  # the pool holds every match: the same answer
        assert eng.search("ferry", 5) == everything
        monkeypatch.setattr(sqlite_store, "SEARCH_POOL", 20)
        newest = eng.search("ferry", 5)
        assert [c.article_id[:3] for c, _ in newest] == ["new"] * 5
        assert len(eng.search("kestrel", 50)) == 20  # only the old reports say it: 20 matches, all in the pool
        assert len(eng.search("sailed", 50)) == 20  # fewer matches than the pool: all of them
