"""Past crowd_start open stories that an article competes with, the tracker's threshold rises with
the log of their number (cluster.crowd); the bookkeeping of their last days follows every open,
join, merge and close."""

import datetime as dt
import json
import math

from storyline.cluster import StoryTracker
from storyline.cluster.crowd import Crowd
from storyline.eval.datasets import doc_article, records
from storyline.ingest.build import build_article

FERRY = (
    "Kestrel Bay (Coast Wire) - The ferry Aurelia ran aground off Kestrel Bay on Monday with 212 "
    "passengers on board, and coastguard boats took every passenger ashore by evening. "
    "The harbour master said the ferry struck a sandbank in fog and began to list. "
    "Divers will inspect the hull on Tuesday before tugs try to refloat the Aurelia."
)
# the same story a day later, in other words: not a copy
FERRY_LATER = (
    "Kestrel Bay (Harbour Press) - Tugs failed on Tuesday to refloat the ferry Aurelia, which ran aground "
    "off Kestrel Bay in fog with 212 passengers, after divers found a gash in the hull. "
    "The harbour master said the ferry would be pumped out before tugs try again at high tide. "
    "Passengers taken ashore by coastguard boats were sent home by coach."
)
OTHER = [
    "Brisk Hollow (Valley Times) - A wheel of aged mountain cheese won the prize at the autumn fair in Brisk Hollow.",
    "Velmora (City Desk) - The Velmora council voted to close the old tram depot and build two hundred homes.",
    "Tamsin (River News) - The levee at Tamsin held overnight as the river crested two metres above normal.",
]


def _article(text, id, day):
    return build_article(text, id=id, published=dt.date(2031, 3, 1) + dt.timedelta(days=day))


def test_count_by_window():
    crowd = Crowd([10, 3, None, 8])
    assert crowd.count(None, 7) == crowd.count(12, 0) == 4
    assert crowd.count(12, 4) == 3  # 8 and 10, and the undated one
    crowd.move(3, 11)
    crowd.remove(None)
    crowd.add(1)
    assert crowd.days == [1, 8, 10, 11] and crowd.undated == 0
    assert crowd.count(12, 4) == 3


def _first_two(**params):
    tracker = StoryTracker(**params)
    first = tracker.add(_article(FERRY, "ferry-1", 0))
    for k, text in enumerate(OTHER):
        tracker.add(_article(text, f"other-{k}", 0))
    return first.story_id, tracker.add(_article(FERRY_LATER, "ferry-2", 1))


def test_more_competing_stories_raise_the_threshold():
    story, later = _first_two(crowding=0.0, threshold=0.1, crowd_start=0)
    assert later.story_id == story and later.duplicate_of is None
    assert 0.1 + 0.4 * math.log(2) < later.similarity < 0.1 + 0.4 * math.log(5)
    # four open stories: the threshold is 0.1 + 0.4 log(5), above the cosine of the later report
    assert _first_two(crowding=0.4, threshold=0.1, crowd_start=0)[1].story_id != story
    # ... and the same as without crowding while they are fewer than crowd_start
    assert _first_two(crowding=0.4, threshold=0.1, crowd_start=4)[1].story_id == story
    # ... unless the other stories last moved more than a day before it: then only two compete
    # (the ferry story and one other, moved on the same day)
    tracker = StoryTracker(crowding=0.4, threshold=0.1, crowd_start=0, crowd_days=1)
    first = tracker.add(_article(FERRY, "ferry-1", 0))
    for k, text in enumerate(OTHER):
        tracker.add(_article(text, f"other-{k}", -30 * (k + 1)))
    assert tracker._crowd_count(dt.date(2031, 3, 2).toordinal()) == 1
    assert tracker.add(_article(FERRY_LATER, "ferry-2", 1)).story_id == first.story_id


def test_the_last_days_follow_joins_merges_and_expiry(shared_data):
    # a dated dev stream with short expiry and the merge model's repair pass: stories open, move,
    # merge and close; the crowd kept as they go equals one made from the open stories
    tracker = StoryTracker(crowding=0.01, crowd_days=30, expire_days=30, merge_model="shipped", repair_every=50, repair_cut=0.5)
    articles = [doc_article(d) for d in records(shared_data / "dev" / "duc2003_tdt.jsonl")]
    tracker.add_many(articles)
    assert tracker.take_merges() and tracker._crowd is not None
    recount = Crowd([s.last_day for s in tracker.stories.values()])
    assert (tracker._crowd.days, tracker._crowd.undated) == (recount.days, recount.undated)
    assert len(tracker.stories) < len({a.id for a in articles})


def test_a_state_saved_before_crowding_keeps_its_threshold():
    tracker = StoryTracker(crowding=0.01, crowd_start=10, crowd_days=7)
    tracker.add(_article(FERRY, "ferry-1", 0))
    state = tracker.state()
    head = json.loads(state.head)
    for name in ("crowding", "crowd_start", "crowd_days"):
        del head["params"][name]  # as the release before them saved it
    restored = StoryTracker.restore(json.dumps(head), state.body, state.rows.items())
    assert (restored.params.crowding, restored.params.crowd_start, restored.params.crowd_days) == (0.0, 0, 0)
    assert restored.params.threshold == tracker.params.threshold
    again = StoryTracker.restore(state.head, state.body, state.rows.items())
    assert again.params == tracker.params
