"""The learned merge decision (cluster.merge) and the repair pass that merges stories the online
pass split."""

import datetime as dt
import json

import numpy as np

from storyline.cluster import StoryTracker
from storyline.cluster.merge import FEATURES, SHIPPED, MergeModel, load
from storyline.ingest.build import build_article

STRIKE = [
    (
        "Dock workers in Port Tellin walked off the job on Monday after talks over night-shift pay broke down, "
        "leaving eleven container ships waiting outside the harbour. The union said the strike would last "
        "until the terminal operator restored the night bonus."
    ),
    (
        "The Port Tellin dock strike entered its second day as container ships waited outside the harbour. "
        "The union and the terminal operator met again over the night bonus but the talks broke down."
    ),
    (
        "A court in Port Tellin ordered the striking dock workers back to the harbour on Wednesday. The union "
        "said it would appeal and the terminal operator said the night bonus was not on the table."
    ),
    (
        "Container ships began to leave the Port Tellin harbour on Thursday after the union called off the "
        "dock strike; the terminal operator agreed to restore half of the night bonus."
    ),
]
FAIR = [
    (
        "A wheel of aged mountain cheese weighing 212 kilograms won the prize at the Brisk Hollow autumn fair, "
        "where judges tasted more than ninety cheeses from the valley dairies."
    ),
    (
        "The Brisk Hollow fair's prize-winning mountain cheese was auctioned for the village school on Sunday; "
        "the dairy of three sisters said the wheel had aged for four years."
    ),
    (
        "Judges at the Brisk Hollow autumn fair said the mountain cheese entries were the best in a decade, "
        "and the winning dairy plans to enter the wheel at the national show."
    ),
]


def _articles():
    day = dt.date(2031, 3, 3)
    texts = [(t, "strike") for t in STRIKE] + [(t, "fair") for t in FAIR]
    order = [0, 4, 1, 5, 2, 6, 3]  # the two stories interleaved
    return [
        build_article(texts[k][0], id=f"{texts[k][1]}{k}", published=day + dt.timedelta(days=n))
        for n, k in enumerate(order)
    ]


def _partition(tracker, articles, chunks):
    found = []
    for k in range(0, len(articles), chunks):
        found += tracker.add_many(articles[k : k + chunks])
    merged = tracker.take_merges()
    groups = {}
    for article, f in zip(articles, found):
        groups.setdefault(merged.get(f.story_id, f.story_id), set()).add(article.id)
    return sorted(sorted(g) for g in groups.values())


def test_shipped_model_loads_and_round_trips_its_json():
    model = load("shipped")
    assert model.features == FEATURES
    assert SHIPPED.read_text(encoding="utf-8") == model.to_json()
    assert MergeModel.from_json(model.to_json()) == model


def test_the_model_ranks_a_follow_up_above_an_unrelated_story():
    tracker = StoryTracker(merge_model="shipped", merge_cut=0.5)
    tracker.record = []
    articles = _articles()
    found = tracker.add_many(articles)
    # each strike article after the first joined the first, and no fair article joined it
    strike = {f.story_id for a, f in zip(articles, found) if a.id.startswith("strike")}
    fair = {f.story_id for a, f in zip(articles, found) if a.id.startswith("fair")}
    assert len(strike) == 1 and not strike & fair
    _, chosen, x = tracker.record[-1]  # the last strike article against its candidates
    p = load("shipped").probability(x)
    assert chosen[int(np.argmax(p))] in strike


def test_repair_merges_stories_the_online_pass_split_and_reports_the_merges():
    articles = _articles()
    # rules that join nothing: every article starts a story, and only the repair pass merges
    split = _partition(StoryTracker(threshold=2.0), articles, 100)
    assert len(split) == len(articles)
    params = {
        "threshold": 2.0,
        "merge_model": "shipped",
        "repair_every": 2,
        "repair_cut": 0.3,
    }
    repaired = _partition(StoryTracker(**params), articles, 100)
    assert len(repaired) < len(articles)
    assert all(len({a.rstrip("0123456789") for a in group}) == 1 for group in repaired)  # none mixed
    # the same stories whatever the batches (the pass runs every repair_every articles of the stream)
    assert _partition(StoryTracker(**params), articles, 3) == repaired
    assert _partition(StoryTracker(**params), articles, 1) == repaired


def test_repair_state_survives_dumps_and_loads():
    articles = _articles()
    params = {
        "threshold": 2.0,
        "merge_model": "shipped",
        "repair_every": 3,
        "repair_cut": 0.3,
    }
    whole = StoryTracker(**params)
    expected = [f.story_id for f in whole.add_many(articles)]
    first = StoryTracker(**params)
    got = [f.story_id for f in first.add_many(articles[:4])]
    again = StoryTracker.loads(first.dumps())
    assert json.loads(again.dumps()) == json.loads(first.dumps())
    got += [f.story_id for f in again.add_many(articles[4:])]
    merged = again.take_merges()
    assert [merged.get(s, s) for s in got] == [whole.take_merges().get(s, s) for s in expected]
