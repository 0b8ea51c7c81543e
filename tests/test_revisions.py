"""An updated entry (the same link or feed guid, near-copy text) is a revision: it stands for the story in
place of the version before it, and an update from the earlier version tells what the revision adds."""

import datetime as dt

import pytest

import storyline
from storyline.ingest import build_article

D = dt.date(2031, 6, 2)
FIRST = (
    "Port Tellin (Northgate Press) - A cargo ferry ran aground on the sandbar outside Port Tellin harbour "
    "on Monday night, and coastguard crews worked through the dark to take its forty passengers off.\n\n"
    "The Kestrel Bay Line said the ferry had left the mainland in calm weather and struck the bar at low "
    "tide. Harbour master Ada Brook said the channel would stay closed to large ships until the hull is "
    "moved.\n\n"
    "Fishing boats waited outside the harbour mouth while tugs from Halvern were called in to help."
)
ADDED = (
    "\n\nBy Tuesday morning divers had found a crack along the ferry's keel, and the line said fuel was "
    "being pumped into a barge to keep it out of the bay."
)
SECOND = FIRST + ADDED
THIRD = SECOND + "\n\nThe tugs pulled the ferry free at the evening high tide and towed it to the Halvern yard."
LINK = "https://news.example/ferry-aground"


def version(text: str, day: dt.date = D, **fields) -> storyline.Article:
    return build_article(text, published=day, **{"url": LINK, **fields})


def shown(eng, story_id: int) -> str:
    return " ".join(s.text for a in eng.story_articles(story_id) for s in a.sentences)


def test_a_revised_entry_stands_for_its_story_and_the_earlier_version_is_its_copy(db_url):
    eng = storyline.open(db_url)
    first, second = version(FIRST), version(SECOND, D + dt.timedelta(days=1))
    eng.add_articles([first])
    result = eng.add_articles([second])
    assert result.added == [second.id]
    [story] = eng.stories()
    assert story.article_ids == [second.id] and story.duplicates == {first.id: second.id}
    assert "crack along the ferry's keel" in shown(eng, story.id)
    summary = eng.summarize(story.id, words=200)
    assert any("keel" in s.text for s in summary.sentences)

    third = version(THIRD, D + dt.timedelta(days=2))
    eng.add_articles([third])
    [story] = eng.stories()
    assert story.article_ids == [third.id]
    assert story.duplicates == {first.id: third.id, second.id: third.id}

    eng.recluster()  # the replay in date order reads the same versions
    [again] = eng.stories()
    assert again.article_ids == [third.id] and again.duplicates == story.duplicates
    eng.close()


def test_a_copy_with_another_link_or_an_older_version_read_late_stays_a_copy(db_url):
    eng = storyline.open(db_url)
    first = version(SECOND, D + dt.timedelta(days=1))
    elsewhere = version(THIRD, D + dt.timedelta(days=2), url="https://other.example/ferry")
    older = version(FIRST, D)  # the same link, dated before the version already stored
    eng.add_articles([first])
    eng.add_articles([elsewhere, older])
    [story] = eng.stories()
    assert story.article_ids == [first.id]
    assert story.duplicates == {elsewhere.id: first.id, older.id: first.id}
    eng.close()


def test_the_feed_guid_names_the_entry_before_the_link(db_url):
    eng = storyline.open(db_url)
    first = version(FIRST, meta={"guid": "tag:news.example,2031:ferry"})
    moved = version(SECOND, url="https://news.example/ferry-aground?v=2", meta={"guid": "tag:news.example,2031:ferry"})
    other = version(THIRD, meta={"guid": "tag:news.example,2031:tugs"})  # the same link, another entry
    eng.add_articles([first])
    eng.add_articles([moved])
    eng.add_articles([other])
    [story] = eng.stories()
    assert story.article_ids == [moved.id]
    assert story.duplicates == {first.id: moved.id, other.id: moved.id}
    eng.close()


@pytest.mark.parametrize("by", ["seen", "since"])
def test_an_update_from_the_earlier_version_tells_what_the_revision_adds(db_url, by):
    eng = storyline.open(db_url)
    first, second = version(FIRST), version(SECOND, D + dt.timedelta(days=1))
    eng.add_articles([first])
    eng.add_articles([second])
    [story] = eng.stories()
    asked = {"seen": [first.id[:10]]} if by == "seen" else {"since": D + dt.timedelta(days=1)}
    read, new = eng.split_seen(story.id, **asked)
    assert [a.id for a in read] == [first.id] and [a.id for a in new] == [second.id]
    update = eng.update(story.id, words=60, **asked)
    text = " ".join(s.text for s in update.sentences)
    assert not update.nothing_new and "keel" in text
    assert "forty passengers" not in text and "Ada Brook" not in text
    assert eng.update(story.id, seen=[second.id]).nothing_new
    eng.close()


def test_a_feed_entry_updated_between_polls_shows_its_new_text(tmp_path):
    from feedsite import Site, item, rss

    from storyline.ingest.fetch import Fetcher
    from storyline.ingest.poll import Poller
    from storyline.ingest.subscriptions import Listed, follow

    site = Site()
    body = FIRST.replace("\n\n", " ")
    try:
        url = site.put("/news.xml", rss([item("Ferry aground off Port Tellin", "Mon, 02 Jun 2031 22:00:00 +0000", body)]))
        with storyline.open(tmp_path / "s.db") as eng, Poller(fetcher=Fetcher(host_delay=0.0, allow_private=True)) as p:
            follow(eng.store, [Listed(url)])
            p.poll(eng)
            site.put("/news.xml", rss([item("Ferry aground off Port Tellin", "Mon, 02 Jun 2031 22:00:00 +0000",
                                            body + ADDED.replace("\n\n", " "))]))
            [outcome] = p.poll(eng, everything=True)
            assert outcome.new == 1
            [story] = eng.stories()
            assert len(story.article_ids) == 1 and len(story.duplicates) == 1
            assert "crack along the ferry's keel" in shown(eng, story.id)
    finally:
        site.close()


def test_the_web_update_reads_the_earlier_version_as_the_cli_does(tmp_path):
    from fastapi.testclient import TestClient

    from storyline.web import create_app

    path = tmp_path / "s.db"
    with storyline.open(path) as eng:
        eng.add_articles([version(FIRST)])
        eng.add_articles([version(SECOND, D + dt.timedelta(days=1))])
        [story] = eng.stories()
        expected = [s.text for s in eng.update(story.id, since=D + dt.timedelta(days=1)).sentences]
    with TestClient(create_app(str(path))) as client:
        got = client.get(f"/api/stories/{story.id}/update", params={"since": (D + dt.timedelta(days=1)).isoformat()})
    texts = [s["text"] for s in got.json()["sentences"]]
    assert texts == expected and any("keel" in t for t in texts)
    assert not any("forty passengers" in t for t in texts)
