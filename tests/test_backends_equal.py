"""SQLite and PostgreSQL give the same stories, article for article (bench/backends.py runs every dev set)."""

import pytest

import storyline
from storyline.eval.datasets import doc_article, records


def held(url: str, articles: list) -> dict:
    """Ingested in two sessions (the tracker's saved state goes through the store), then again."""
    half = len(articles) // 2
    for part in (articles[:half], articles[half:]):
        with storyline.open(url) as eng:
            eng.add_articles(part)
    with storyline.open(url) as eng:
        again = eng.add_articles(articles)
        return {
            "again_added": again.added,
            "members": eng.store.story_members(),
            "rows": eng.store.story_rows(),
            "stories": eng.stories(),
            "first": eng.articles(limit=3),
        }


@pytest.mark.slow
@pytest.mark.parametrize("stream", ["duc2003_tdt", "multiling2011_en_stories"])
def test_the_same_stories_from_both_backends(stream, shared_data, tmp_path, pg_url):
    articles = [doc_article(d) for d in records(shared_data / "dev" / f"{stream}.jsonl")]
    lite, pg = held(str(tmp_path / "s.db"), articles), held(pg_url, articles)
    assert not lite["again_added"] and not pg["again_added"]
    assert len(lite["members"]) == len(articles)
    for key in lite:
        assert lite[key] == pg[key], key
