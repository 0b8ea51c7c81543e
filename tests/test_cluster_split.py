"""The split pass (cluster.split): a story that an early bridging article fused is cut in two, the
moves reach the caller, the store and a later writer. The articles are ours (fictional)."""

import datetime as dt
from dataclasses import replace

import numpy as np
import pytest

from storyline.cluster import StoryTracker
from storyline.cluster.split import milestones, second_part
from storyline.engine import Engine
from storyline.ingest.build import build_article

FERRY = [
    "The ferry Aurelia ran aground off Kestrel Bay on Monday with 212 passengers aboard, and coastguard boats took them ashore through the night.",
    "Divers inspected the hull of the ferry Aurelia, which ran aground off Kestrel Bay, and found a long gash below the waterline near the bow.",
    "Salvage crews began pumping fuel from the grounded ferry Aurelia in Kestrel Bay as divers warned of a slick reaching the oyster beds.",
    "Investigators said the Aurelia's captain had turned off the ferry's radar before it struck the rocky reef in Kestrel Bay, according to the bridge logbook seized by police.",
    "A tug refloated the ferry Aurelia at high tide and towed it from Kestrel Bay to a dry dock, where inspectors will examine the damaged hull.",
]
STRIKE = [
    "Dock workers at Port Tamsin walked out on Tuesday over pay, leaving container ships idle at anchor and cranes silent along the harbour wall.",
    "The union leading the Port Tamsin dock strike rejected a wage offer of four percent, and pickets blocked lorries at the container terminal gates.",
    "Supermarkets near Port Tamsin reported empty shelves as the dock strike entered its second week and container ships sailed for other harbours.",
    "Talks between the union and the Port Tamsin harbour board collapsed at dawn, and the striking dock workers vowed to keep the container terminal shut.",
    "Port Tamsin dock workers voted to end their strike after the harbour board raised its pay offer, and the first container ships berthed by evening.",
]
BRIDGE = ("Kestrel Bay and Port Tamsin both had a hard week: the ferry Aurelia ran aground in the bay with 212 passengers, "
          "while dock workers at Port Tamsin walked out over pay and container ships waited at anchor.")  # fmt: skip
LOOSE = {"threshold": 0.02, "cohesion": 0.0, "crowding": 0.0}  # every article joins: the bridge fuses the two
SPLIT = {"split_tau": 0.5, "split_part": 3, "split_min": 6}


def _articles():
    day = dt.date(2031, 5, 5)
    texts = [("bridge", BRIDGE)] + [(f"ferry{k}", t) for k, t in enumerate(FERRY)] + [(f"strike{k}", t) for k, t in enumerate(STRIKE)]
    order = [0, 1, 6, 2, 7, 3, 8, 4, 9, 5, 10]  # the bridge first, then the two interleaved
    return [build_article(texts[k][1], id=texts[k][0], published=day + dt.timedelta(days=n // 3)) for n, k in enumerate(order)]


def _groups(story: dict[str, int]) -> list[list[str]]:
    groups: dict[int, list[str]] = {}
    for article_id, story_id in story.items():
        groups.setdefault(story_id, []).append(article_id)
    return sorted(sorted(g) for g in groups.values())


def _replay(tracker, articles, chunk):
    story = {}
    for k in range(0, len(articles), chunk):
        part = articles[k : k + chunk]
        story.update((a.id, f.story_id) for a, f in zip(part, tracker.add_many(part)))
        story.update(tracker.take_moves())
    return story


def test_milestones_grow_by_half_and_stop_at_the_last():
    assert sorted(milestones(6, 64)) == [6, 9, 14, 21, 32, 48]
    assert milestones(0, 64) == frozenset()


def test_second_part_cuts_two_groups_and_leaves_one():
    rng = np.random.default_rng(3)
    a, b = rng.random(40), rng.random(40)
    a[20:], b[:20] = 0, 0
    vectors = [v + 0.05 * rng.random(40) for v in (a, a, b, a, b, b, a, b)]
    ids = [np.arange(40)] * len(vectors)
    moved = second_part(ids, vectors, 0.5, 3)
    assert moved is not None and moved.tolist() == [False, False, True, False, True, True, False, True]
    assert second_part(ids, [a + 0.05 * rng.random(40) for _ in range(8)], 0.5, 3) is None  # one story
    assert second_part(ids, vectors, 0.0, 3) is None  # off
    assert second_part(ids, vectors, 0.5, 5) is None  # a part under min_part


@pytest.mark.parametrize("chunk", [1, 4, 11])
def test_a_bridged_story_is_split_and_the_moves_are_told(chunk):
    articles = _articles()
    fused = _replay(StoryTracker(**LOOSE), articles, chunk)
    assert len(set(fused.values())) == 1  # the bridge fused the ferry and the strike
    tracker = StoryTracker(**LOOSE, **SPLIT)
    story = _replay(tracker, articles, chunk)
    groups = _groups(story)
    assert len(groups) == 2
    ferry = next(g for g in groups if "ferry0" in g)
    strike = next(g for g in groups if "strike0" in g)
    assert {a for a in ferry if a.startswith("ferry")} == {f"ferry{k}" for k in range(5)}
    assert {a for a in strike if a.startswith("strike")} == {f"strike{k}" for k in range(5)}
    assert story == _replay(StoryTracker(**LOOSE, **SPLIT), articles, 11)  # batches do not matter
    assert tracker.take_moves() == {}
    assert all(len(s.members) == s.size for s in tracker.stories.values())


def test_a_saved_tracker_keeps_its_articles_and_splits_as_the_unsaved_one():
    articles = _articles()
    whole = StoryTracker(**LOOSE, **SPLIT)
    expected = _replay(whole, articles, 11)
    first = StoryTracker(**LOOSE, **SPLIT)
    story = _replay(first, articles[:5], 5)
    again = StoryTracker.loads(first.dumps())
    (saved,) = again.stories.values()
    assert [m.article_id for m in saved.members] == [a.id for a in articles[:5]]
    story.update(_replay(again, articles[5:], 6))
    assert story == expected
    parts = first.state()
    restored = StoryTracker.restore(parts.head, parts.body, parts.rows.items())
    assert [m.article_id for m in restored.stories[1].members] == [a.id for a in articles[:5]]


def test_a_story_past_split_max_keeps_no_articles():
    tracker = StoryTracker(**LOOSE, **(SPLIT | {"split_max": 4, "split_min": 3}))
    _replay(tracker, _articles()[:6], 6)
    (story,) = tracker.stories.values()
    assert story.size == 6 and story.members is None


def test_an_ingest_stores_the_split_and_a_second_writer_follows(db_url, monkeypatch):
    init = StoryTracker.__init__
    monkeypatch.setattr(StoryTracker, "__init__", lambda self, params=None, **c: init(self, params, **(LOOSE | SPLIT | c)))
    db = db_url
    articles = _articles()
    with Engine(db) as eng:
        for k in range(0, 6):  # one article per ingest: the moves are of articles stored before
            eng.add_articles([articles[k]])
    with Engine(db) as eng:  # another writer, from the saved state
        eng.add_articles(articles[6:])
        stories = {sid: sorted(m[1] for m in eng.store.story_members(sid)) for sid, _ in eng.store.story_rows()}
    groups = sorted(g for g in stories.values() if g)
    ferry = next(g for g in groups if "ferry0" in g)
    strike = next(g for g in groups if "strike0" in g)
    assert {f"ferry{k}" for k in range(5)} <= set(ferry) and not any(a.startswith("strike") for a in ferry)
    assert {f"strike{k}" for k in range(5)} <= set(strike) and not any(a.startswith("ferry") for a in strike)


def test_two_writers_taking_turns_store_what_one_writer_stores(db_url, tmp_path, monkeypatch):
    init = StoryTracker.__init__
    monkeypatch.setattr(StoryTracker, "__init__", lambda self, params=None, **c: init(self, params, **(LOOSE | SPLIT | c)))
    articles = _articles()

    def stories(eng):
        return sorted(sorted(m[1] for m in eng.store.story_members(sid)) for sid, _ in eng.store.story_rows())

    with Engine(str(tmp_path / "one.db")) as eng:
        eng.add_articles(articles)
        alone = stories(eng)
    with Engine(db_url) as first, Engine(db_url) as second:
        for k, eng in zip(range(0, len(articles), 2), [first, second] * 6):  # each catches up with the other
            eng.add_articles(articles[k : k + 2])
        assert stories(first) == stories(second) == alone
        monkeypatch.setattr("storyline.engine.session.BATCH", 2)  # moves of articles planned in earlier chunks
        eng.recluster()  # a recluster makes the same moves
        assert stories(first) == alone
    assert len([g for g in alone if g]) == 2


def test_the_tracker_without_the_split_pass_loads_no_scipy():
    import subprocess
    import sys

    code = ("import sys\n"
            "from storyline.cluster import StoryTracker\n"
            "from storyline.ingest.build import build_article\n"
            f"StoryTracker().add_many([build_article(t, id=str(k)) for k, t in enumerate({FERRY!r})])\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'scipy'))")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"  # (its import cost an ingest 0.2 s and 30 MB)


def test_a_recluster_names_a_story_split_off_by_its_last_article(tmp_path, monkeypatch):
    init = StoryTracker.__init__
    at_nine = LOOSE | SPLIT | {"split_min": 9}  # first looked at with nine articles
    monkeypatch.setattr(StoryTracker, "__init__", lambda self, params=None, **c: init(self, params, **(at_nine | c)))
    monkeypatch.setattr("storyline.engine.session.BATCH", 2)
    with Engine(str(tmp_path / "s.db")) as eng:
        one_day = [replace(a, published=dt.date(2031, 5, 5)) for a in _articles()[:9]]  # recluster reads them in this order
        eng.add_articles(one_day)  # the ninth, a strike report, splits the ferry off: none joins it after
        eng.recluster()
        rows = eng.store.story_rows()
    assert len(rows) == 2 and all(phrases for _, phrases in rows)
