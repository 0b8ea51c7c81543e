"""The home page's stories come a page at a time (headlines built for the page alone), equal to
the full story list's page."""

from __future__ import annotations

import datetime as dt

import storyline
from storyline.ingest import build_article

TOPICS = [
    "Ferry crews at Kestrel harbour walked out over pay; the strike stopped crossings to Pellow island.",
    "Engineers opened the Varn river dam gates after rain; farms downstream flooded and villages emptied.",
    "A rail tunnel under Mount Osric collapsed during drilling; miners dug toward trapped workers.",
    "The Dunmore city council voted on the budget; libraries and buses lost funding after a long debate.",
    "Astronomers in Caldera observed a comet; telescopes tracked its bright tail across winter skies.",
    "Wheat prices in Orlan markets climbed; bakers raised bread prices and millers stored grain.",
]
EXTRA = ["Officials spoke", "Crowds gathered", "Reporters asked questions", "Witnesses described scenes"]


def _store(path):
    with storyline.open(path) as eng:
        articles = []
        for i in range(36):
            topic = TOPICS[i % len(TOPICS)]
            day = None if i % 6 == 5 else dt.date(2031, 3, 1 + i % 9)
            text = f"{topic} {EXTRA[i % 4]} on day {i}. {topic.split(';')[0]}."
            articles.append(build_article(text, id=f"a{i}", title=topic.split(";")[0][:40], published=day))
        articles.append(build_article(articles[3].text, id="copy-of-a3", published=dt.date(2031, 3, 9)))
        eng.add_articles(articles)
    return path


def test_story_pages_equal_the_full_list(tmp_path):
    with storyline.open(_store(tmp_path / "s.db"), readonly=True) as eng:
        for order in ("newest", "largest"):
            full = eng.stories(order=order)
            assert len(full) > 5
            ids = eng.story_ids(order)
            assert ids == [s.id for s in full]
            for start in (0, 2, len(full) - 2):
                assert eng.stories_by_id(ids[start : start + 3]) == full[start : start + 3]
        assert any(s.last_date is None for s in full) and any(s.duplicates for s in full)


def test_home_page_and_api_pages(tmp_path):
    from starlette.testclient import TestClient

    from storyline.web.app import create_app

    db = _store(tmp_path / "s.db")
    with storyline.open(db, readonly=True) as eng:
        largest = eng.stories(order="largest")
    with TestClient(create_app(db)) as client:
        page = client.get("/api/stories", params={"order": "largest", "offset": 1, "limit": 2}).json()
        assert page["total"] == len(largest)
        assert [s["id"] for s in page["stories"]] == [s.id for s in largest[1:3]]
        html = client.get("/", params={"order": "largest"}).text
        assert largest[0].headline.split()[0] in html and f"{len(largest)} " in html


def test_after_a_write_the_home_page_builds_again_only_the_stories_it_changed(tmp_path, monkeypatch):
    from starlette.testclient import TestClient

    import storyline.engine.stories as stories
    from storyline.web.app import create_app

    db = _store(tmp_path / "s.db")
    built: list[list[str]] = []
    headline = stories.headline
    monkeypatch.setattr(stories, "headline", lambda articles: built.append([a.id for a in articles]) or headline(articles))
    with TestClient(create_app(db)) as client:
        first = client.get("/", params={"order": "largest"}).text
        assert len(built) == 6
        built.clear()
        with storyline.open(db) as eng:
            grown = eng.story_of("a1")
            eng.add_articles([build_article(f"{TOPICS[1]} Crowds gathered on day 40.", id="a40", published=dt.date(2031, 3, 9))])
            assert eng.story_of("a40") == grown
        again = client.get("/", params={"order": "largest"}).text
        rebuilt = list(built)
        with storyline.open(db, readonly=True) as eng:
            assert rebuilt == [eng.story(grown).article_ids]  # the grown story alone: all 6 before
            assert again != first and all(s.headline in again for s in eng.stories())
