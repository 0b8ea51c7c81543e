"""No story is closed for the count of others; dated stories close by time; thin and chrome-only
articles stand alone and take no other article."""

import datetime as dt

from storyline.cluster import StoryTracker
from storyline.cluster.index import StoryIndex
from storyline.ingest.build import build_article

STORY = (
    "Dock workers in Port Tellin walked off the job on Monday after talks over night-shift pay broke "
    "down, leaving eleven container ships waiting outside the harbour. The union said the strike would "
    "last until the terminal operator restored the night bonus and the operator sought a court order."
)
FOLLOW = (
    "The Port Tellin dock strike entered its second week as container ships waited outside the "
    "harbour; the union and the terminal operator met again over the night bonus and the court order."
)


def _filler(k: int) -> str:
    """An unrelated article of its own made-up words."""
    return " ".join(f"zq{k}w{j} xv{k}t{j}" for j in range(20)) + "."


def test_index_slots_grow_past_their_first_size():
    index = StoryIndex(64)
    for story in range(1, 200):
        index.add(story, [story % 7, 1000 + story])
    assert index.stories_of(1000 + 150) == {150}
    assert len(index.stories_of(3)) == len([s for s in range(1, 200) if s % 7 == 3])


def test_an_undated_story_takes_its_next_article_thousands_of_stories_later():
    tracker = StoryTracker()
    first = tracker.add(build_article(STORY, id="a"))
    tracker.add_many([build_article(_filler(k), id=f"f{k}") for k in range(3000)])
    assert len(tracker.stories) > 2000
    assert tracker.add(build_article(FOLLOW, id="b")).story_id == first.story_id


def test_dated_stories_close_by_time_not_by_count():
    day = dt.date(2020, 1, 1)
    tracker = StoryTracker(expire_days=30)
    first = tracker.add(build_article(STORY, id="a", published=day))
    tracker.add(build_article(_filler(1), id="f", published=day + dt.timedelta(days=20)))
    assert tracker.add(build_article(FOLLOW, id="b", published=day + dt.timedelta(days=25))).story_id == first.story_id
    tracker.add(build_article(_filler(2), id="g", published=day + dt.timedelta(days=90)))
    assert first.story_id in tracker.stories  # one article does not move the stream's clock
    tracker.add(build_article(_filler(3), id="h", published=day + dt.timedelta(days=91)))
    assert first.story_id not in tracker.stories  # closed: 65 days past its last article
    again = StoryTracker.loads(tracker.dumps())
    assert again is not None and again.dumps() == tracker.dumps()


def test_one_article_dated_far_ahead_closes_no_story():
    day = dt.date(2031, 3, 10)
    tracker = StoryTracker()
    first = tracker.add(build_article(STORY, id="a", published=day))
    tracker.add(build_article(_filler(1), id="typo", published=dt.date(2099, 3, 10)))  # a year mistyped
    assert tracker.add(build_article(FOLLOW, id="b", published=day + dt.timedelta(days=1))).story_id == first.story_id
    again = StoryTracker.loads(tracker.dumps())  # the clock is saved with the state
    assert again is not None and again.add(build_article(FOLLOW + " Talks resume.", id="c", published=day)).story_id == (
        first.story_id
    )


def test_a_story_closed_in_the_batch_that_touched_it_keeps_its_key_phrases(db_url):
    import storyline

    old = build_article("Velmora miners struck over pay at the Tamsin colliery, the union said. The strike shut "
                        "three pits.", id="o", published=dt.date(2020, 3, 1))
    new = build_article("The Kestrel Bay ferry Aurelia ran aground with 212 passengers, the coastguard said. Boats "
                        "took them ashore.", id="n", published=dt.date(2031, 3, 1))
    later = build_article("The Aurelia was towed off the rocks at Kestrel Bay, the coastguard said. No one was hurt.",
                          id="n2", published=dt.date(2031, 3, 2))
    tracker = StoryTracker()
    closed = tracker.add_many([old, new, later])[0].story_id  # the later dates close the older story at once
    assert closed not in tracker.stories and tracker.key_phrases(closed) == ["Tamsin", "colliery", "miners", "pay", "pits"]
    with storyline.open(db_url) as eng:  # the phrases stored with it ([] before)
        eng.add_articles([old, new, later])
        (story,) = [s for s in eng.stories() if "o" in s.article_ids]
        assert {"colliery", "miners"} <= set(story.key_phrases)


def test_thin_and_chrome_articles_stand_alone_and_take_nothing():
    tracker = StoryTracker()
    notice = "The Halvern Wire uses cookies. If you stay on these pages we take it that you are happy with that."
    a, b = tracker.add(build_article(notice, id="n1")), tracker.add(build_article(notice, id="n2"))
    assert a.story_id != b.story_id and b.duplicate_of is None  # a copy of chrome is no story
    banner = (
        "Since 1996 the internet archive has crawled web pages and sites; what each crawl gathers goes "
        "into the wayback machine archive after an embargo, with links to every archived page."
    )
    c = tracker.add(build_article(banner, id="c"))
    story = tracker.add(build_article(STORY + " " + banner, id="s"))
    assert c.story_id not in (a.story_id, b.story_id, story.story_id)
    assert tracker.add(build_article(banner, id="c2")).story_id != c.story_id


def test_an_archives_note_about_its_crawls_is_chrome():
    # the note an archive puts on each page it saved, in place of the page's story: the same words for
    # every story, so with the note's words counted as news, the pages of unrelated stories become one
    note = ("This collection holds webcrawl data gathered weekly from a single web domain and every "
            "subdomain under it, crawled narrowly rather than across the wide web.")
    tracker = StoryTracker()
    found = [tracker.add(build_article(note, id=f"n{k}")) for k in range(3)]
    assert len({f.story_id for f in found}) == 3 and all(f.duplicate_of is None for f in found)


def test_an_index_built_at_once_equals_one_built_story_by_story():
    import random

    rng = random.Random(3)
    stories = [(sid, sorted(rng.sample(range(400), rng.randint(1, 12)))) for sid in rng.sample(range(1, 10**6), 300)]
    one_by_one = StoryIndex(64)
    for sid, terms in stories:
        one_by_one.add(sid, terms)
    at_once = StoryIndex.of(stories, slots=512)
    assert at_once.slot_of == one_by_one.slot_of
    assert {t: sorted(p) for t, p in at_once.postings.items()} == {t: sorted(p) for t, p in one_by_one.postings.items()}
    for k in range(50):
        query = rng.sample(range(420), 6)
        assert at_once.candidates(query, 5) == one_by_one.candidates(query, 5)
    at_once.add(7, [1, 999])  # and it goes on growing as the other does
    one_by_one.add(7, [1, 999])
    assert at_once.stories_of(999) == one_by_one.stories_of(999) == {7}


def test_candidates_equal_a_count_over_every_slot():
    import random
    from collections import Counter

    rng = random.Random(5)
    index = StoryIndex(64)
    for sid in range(1, 3000):
        index.add(sid, rng.sample(range(2000), rng.randint(1, 30)))
    for sid in rng.sample(range(1, 3000), 500):  # freed slots, taken again
        index.drop(sid, [t for t in index.postings if sid in index.stories_of(t)])
    for sid in range(5000, 5300):
        index.add(sid, rng.sample(range(2000), 5))
    for _ in range(200):
        terms = rng.sample(range(2100), rng.randint(1, 40))
        shared = Counter(sid for t in terms for sid in index.stories_of(t))
        expected = sorted(((n, sid) for sid, n in shared.items()), reverse=True)[:7]
        got = index.candidates(terms, 7)
        assert got == [sid for _, sid in expected]  # most shared terms, then newest, in that order
