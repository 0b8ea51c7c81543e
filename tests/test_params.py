"""Components take their parameters: two configurations in one process, defaults as before."""

import datetime as dt
import json

import pytest

from storyline.cluster import StoryTracker, TrackerParams
from storyline.ingest.build import build_article
from storyline.summarize import METHODS, ConceptILP, LexRank, get_summarizer, summarize
from storyline.timeline import TimelineBuilder, timeline

STRIKE = (
    "Port Tellin (Coast Wire) - Dock workers in Port Tellin walked off the job on Monday after talks over "
    "night-shift pay broke down, leaving eleven container ships waiting outside the harbour.\n\n"
    "The union said the strike would last until the terminal operator restored the night bonus.\n\n"
    "The operator called the walkout unlawful and said it would seek a court order on Tuesday.\n\n"
    "Fishermen who use the same quays said their catch was rotting on the decks of their boats."
)
FERRY = (
    "Port Tellin (Coast Wire) - A ferry carrying ninety passengers ran aground outside Port Tellin harbour "
    "on Wednesday in thick fog, and the coast guard towed it back to the quays.\n\n"
    "No one was hurt, the coast guard said, though the hull of the ferry was holed below the waterline.\n\n"
    "The ferry company said crossings to the islands would resume on Friday with a smaller boat.\n\n"
    "Passengers waited on the quays for hours before buses took them home through the fog."
)
STRIKE_LATER = (
    "Port Tellin (Coast Wire) - The dock strike in Port Tellin entered its third day on Wednesday as the "
    "terminal operator and the union met again over night-shift pay.\n\n"
    "Eleven container ships still waited outside the harbour, and two more were turned away to other ports.\n\n"
    "A court in the capital refused the operator's request to order the dock workers back to work.\n\n"
    "The union said its members would return as soon as the night bonus was restored."
)


def stories():
    d = dt.date
    return [
        build_article(STRIKE, id="strike1", published=d(2031, 5, 5)),
        build_article(FERRY, id="ferry", published=d(2031, 5, 7)),
        build_article(STRIKE_LATER, id="strike2", published=d(2031, 5, 7)),
    ]


def picked(summary):
    return [(s.article_id, s.sentence_index) for s in summary.sentences]


def test_two_trackers_with_different_thresholds_in_one_process():
    merging, splitting = StoryTracker(), StoryTracker(threshold=0.3)
    merged, split = merging.add_many(stories()), splitting.add_many(stories())
    # the defaults: the ferry joins the strike (its cosine, no penalty for the two quiet days)
    assert [(a.story_id, a.similarity) for a in merged] == [(1, 0.15), (1, 0.1816), (1, 0.528)]
    assert [a.story_id for a in split] == [1, 2, 1]  # the ferry is a story of its own
    assert StoryTracker().params == TrackerParams() and splitting.params.threshold == 0.3
    assert StoryTracker(TrackerParams(threshold=0.3)).add_many(stories()) == split
    with pytest.raises(TypeError):
        StoryTracker(treshold=0.3)


def test_saved_state_keeps_the_parameters_and_an_older_state_loads_with_the_defaults():
    first, *rest = stories()
    tracker = StoryTracker(threshold=0.3, copy_window=10)
    tracker.add(first)
    again = StoryTracker.loads(tracker.dumps())
    assert again.params == tracker.params and again.copies.window == 10
    assert again.add_many(rest) == tracker.add_many(rest)

    default = StoryTracker()
    default.add(first)
    state = json.loads(default.dumps())
    del state["params"]  # as saved before trackers took parameters
    old = StoryTracker.loads(json.dumps(state))
    assert old.params == TrackerParams()
    assert old.add_many(rest) == default.add_many(rest)
    state["params"] = {"no_such_parameter": 1}
    assert StoryTracker.loads(json.dumps(state)) is None  # reclustered


def test_two_summarizers_with_different_parameters_in_one_process():
    articles = stories()
    default, fast_fading = ConceptILP(), ConceptILP(half_life=0.5)
    assert picked(default.summarize(articles, words=60)) == [("strike1", 0), ("strike1", 1), ("strike2", 2)]
    assert picked(fast_fading.summarize(articles, words=60)) == [("strike1", 0), ("ferry", 0)]
    strict = LexRank(threshold=0.3)
    assert picked(strict.summarize(articles, words=60)) != picked(LexRank().summarize(articles, words=60))


def test_default_summarizers_give_todays_summaries():
    articles = stories()
    expected = {  # what summarize() gave before summarizers took parameters
        "ilp": [("strike1", 0, 72.9116), ("strike1", 1, 32.8746), ("strike2", 2, 35.0208)],
        "lead": [("strike2", 0, 0.0), ("strike2", 1, -1.0), ("strike2", 2, -2.0)],
        "centroid": [("strike1", 0, 0.4819), ("strike2", 0, 0.4847)],
        "lexrank": [("ferry", 0, 0.1335), ("strike2", 0, 0.1268)],
        "textrank": [("strike1", 0, 0.1451), ("ferry", 0, 0.1485)],
        "roundrobin": [("strike1", 0, 12.0), ("ferry", 0, 11.0)],  # added later: its first summary
    }
    for name in METHODS:
        summary = get_summarizer(name).summarize(articles, words=60)
        assert [(s.article_id, s.sentence_index, s.score) for s in summary.sentences] == expected[name]
        assert summary == summarize(articles, words=60, method=name) and summary.method == name
    update = ConceptILP().summarize(articles[1:], words=60, seen=articles[:1])
    assert [(s.article_id, s.sentence_index, s.score) for s in update.sentences] == [
        ("ferry", 0, 47.5), ("ferry", 2, 19.7071), ("strike2", 2, 22.0)
    ]  # fmt: skip
    assert update == summarize(articles[1:], words=60, seen=articles[:1])


def test_unknown_methods_and_parameters_are_refused():
    with pytest.raises(ValueError, match="unknown method"):
        get_summarizer("nope")
    with pytest.raises(TypeError, match="unknown parameter 'damping' of method 'lead'"):
        get_summarizer("lead", damping=0.5)
    assert get_summarizer("lexrank", damping=0.5) == LexRank(damping=0.5)
    with pytest.raises(TypeError, match="parameter 'damping' of method 'lexrank' takes a value like 0.85, not 'abc'"):
        get_summarizer("lexrank", damping="abc")
    assert get_summarizer("ilp", pairs_below=4) == get_summarizer("ilp", pairs_below=4.0)  # a whole number for a float


def test_two_timeline_builders_in_one_process():
    articles = stories()
    assert TimelineBuilder().build(articles, dates=3) == timeline(articles, dates=3)
    first = [[(s.article_id, s.sentence_index) for s in e.sentences] for e in timeline(articles, dates=3)]
    short_lead = TimelineBuilder(lead=1).build(articles, dates=3)
    # "would seek a court order on Tuesday" is the Tuesday after Monday's report; "would resume on
    # Friday" is after the latest report (not yet news), not the Friday before it
    assert first == [[("strike1", 0)], [("strike1", 2)], [("ferry", 0)]]
    assert [[(s.article_id, s.sentence_index) for s in e.sentences] for e in short_lead][-1] == [("strike2", 0)]
    fewest_reports = TimelineBuilder(importance=lambda day: -len(day.published))
    assert [e.date for e in fewest_reports.build(articles, dates=1)] == [dt.date(2031, 5, 6)]
