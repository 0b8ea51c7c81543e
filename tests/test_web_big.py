"""A big story's feed: the newest days only, their update summaries sharing the story's prepared sentences."""

from test_summarize_big import _articles

from storyline.model import Story
from storyline.web.feeds import daily_updates
from storyline.web.views import StoryData


def test_a_story_feed_holds_the_newest_days_and_shares_the_prepared_sentences():
    articles = _articles(6)
    data = StoryData(
        story=Story(id=1, article_ids=[a.id for a in articles]), articles=articles, distinct=articles,
        by_id={a.id: a for a in articles}, summary={}, timeline=[], facts={}, sources=[], chart=None,
    )
    updates = daily_updates(data, words=50, days=2)
    assert [day for day, _, _ in updates] == [a.published for a in articles[-2:]]
    assert all(bool(view["sentences"]) != view["nothing_new"] and view["words"] == 50 for _, _, view in updates)
    assert data.units and {aid for aid, _ in data.units} == {a.id for a in articles}
