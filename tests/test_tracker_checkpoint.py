"""The tracker's state is saved at the end of an ingest and every `save_every` articles; a writer that
loads it replays the stored articles that came after, so a crash or a second writer sees the same
stories as one uninterrupted ingest."""

import datetime as dt
import random

import pytest

import storyline
from storyline.cluster import StoryTracker
from storyline.engine.session import BATCH, FIRST_BATCH, Session
from storyline.ingest.plain import read_plain

PLACES = ["Calla Point", "Brennick", "Velmora", "Tarsk", "Oldhaven", "Maresby", "Quill Harbour", "Durnholt"]
EVENTS = [
    ("ferry", "sank near", "divers searched the hull", "passengers"),
    ("dam", "cracked above", "engineers drained the reservoir", "residents"),
    ("strike", "closed the port of", "union leaders met the owners", "dockers"),
    ("fire", "swept through", "crews cut firebreaks", "homes"),
    ("election", "was disputed in", "the commission recounted ballots", "voters"),
    ("outbreak", "spread across", "clinics opened late", "patients"),
]


def articles(n: int) -> list:
    """n short fictional reports of 48 stories (an event in a place), each report with its own figures."""
    rng = random.Random(7)
    out = []
    for k in range(n):
        (thing, verb, action, people), place = EVENTS[k % len(EVENTS)], PLACES[(k // len(EVENTS)) % len(PLACES)]
        day = dt.date(2026, 3, 1) + dt.timedelta(days=k // 60)
        text = (
            f"A {thing} {verb} {place} on {day:%A}, officials in {place} said.\n\n"
            f"By evening {rng.randint(3, 900)} {people} in {place} had been affected and {action}.\n\n"
            f"The {place} {thing} is the worst in {rng.randint(2, 40)} years, report {k} said."
        )
        out.extend(read_plain(text, origin=f"r{k}.txt", date=day, source=f"Wire {k % 3}"))
    return out


def stories(url: str) -> list[list[str]]:
    with storyline.open(url) as engine:
        return sorted(sorted(s.article_ids) for s in engine.stories())


@pytest.fixture(scope="module")
def corpus():
    return articles(2 * BATCH + 150)


def test_a_crash_after_unsaved_batches_loses_no_story(db_url, tmp_path, corpus):
    reference = str(tmp_path / "reference.db")
    with storyline.open(reference) as engine:
        engine.add_articles(corpus)

    def crash_after(items, n):
        yield from items[:n]
        raise KeyboardInterrupt  # the process dies after two committed batches, the tracker never saved

    with storyline.open(db_url) as engine:
        session = Session(engine.store, save_every=10**9)
        committed = FIRST_BATCH + 2 * FIRST_BATCH  # (the second batch is twice the first)
        with pytest.raises(KeyboardInterrupt):
            session.add_articles(crash_after(corpus, committed + 20))
        assert engine.store.count_articles() == committed
        assert engine.store.get_state("tracker") is None
    with storyline.open(db_url) as engine:  # a new writer replays the 150 stored articles, then goes on
        result = engine.add_articles(corpus)
        assert len(result.added) == len(corpus) - committed and len(result.duplicates) == committed
    assert stories(db_url) == stories(reference)


def test_writers_taking_turns_between_saves_agree_with_one_writer(tmp_path, corpus):
    reference, turns = str(tmp_path / "reference.db"), str(tmp_path / "turns.db")
    with storyline.open(reference) as engine:
        engine.add_articles(corpus)
    with storyline.open(turns) as first, storyline.open(turns) as second:
        a, b = Session(first.store, save_every=300), Session(second.store, save_every=3 * BATCH)
        a.add_articles(corpus[:BATCH + 100])  # saved at 350 (batches of 50, 100, 200) and at its end (600)
        b.add_articles(corpus[BATCH + 100 : 2 * BATCH + 130])  # replays nothing, saves at its end only
        a.add_articles(corpus[2 * BATCH + 130 :])  # catches up with b's state
    assert stories(turns) == stories(reference)


def test_writers_taking_turns_feed_their_trackers_what_the_other_stored(tmp_path, db_url, corpus, monkeypatch):
    # a writer whose tracker another writer's commits made stale feeds it the articles stored since,
    # instead of restoring the saved state and replaying (4-6 times the time of one writer at 100k
    # articles); the state each saves reads back whole, and a recluster voids the trackers before it
    reference, turns = str(tmp_path / "reference.db"), db_url
    with storyline.open(reference) as engine:
        engine.add_articles(corpus)
    restored = []
    restore = StoryTracker.restore
    monkeypatch.setattr(StoryTracker, "restore", lambda *a: restored.append(1) or restore(*a))
    with storyline.open(turns) as first, storyline.open(turns) as second:
        a, b = Session(first.store, save_every=300), Session(second.store, save_every=10**9)
        for k, start in enumerate(range(0, 420, 70)):
            (a, b)[k % 2].add_articles(corpus[start : start + 70])
        assert restored == [1]  # b's first load alone
        a.recluster()  # (date order is the corpus's order: the same stories)
        b.add_articles(corpus[420:500])  # its tracker is void: restored from the recluster's state
        assert restored == [1, 1]
    with storyline.open(turns) as third:  # a new writer restores what b saved at its end
        third.add_articles(corpus[500:])
    assert restored == [1, 1, 1]
    assert stories(turns) == stories(reference)


def test_a_batch_of_stored_articles_restores_no_tracker(tmp_path, corpus, monkeypatch):
    path, reference = str(tmp_path / "s.db"), str(tmp_path / "reference.db")
    with storyline.open(path) as engine, storyline.open(reference) as one:
        engine.add_articles(corpus[:200])
        one.add_articles(corpus[:250])
    restored = []
    restore = StoryTracker.restore
    monkeypatch.setattr(StoryTracker, "restore", lambda *a: restored.append(1) or restore(*a))
    with storyline.open(path) as engine:
        assert len(engine.add_articles(corpus[:200]).duplicates) == 200 and restored == []  # 0.7 s at 100k articles
        assert engine.add_articles(corpus[150:250]).added and restored == [1]  # a new one: restored, then stored
    assert stories(path) == stories(reference)


def test_the_state_saved_in_parts_reads_back_whole(corpus):
    """Rows of the changed stories only, with stories closing (by date and by count) and the vocabulary pruned."""
    tracker = StoryTracker(threshold=0.5, max_open=40, expire_days=8, vocabulary=700)
    rows: dict[int, bytes] = {}
    saves = []
    for start in range(0, 621, 23):
        tracker.add_many(corpus[start : start + 23])
        state = tracker.state()
        saves.append((state.whole, sum(r is not None for r in state.rows.values()), sum(r is None for r in state.rows.values())))
        if state.whole:
            rows.clear()
        for sid, row in state.rows.items():
            if row is None:
                del rows[sid]
            else:
                rows[sid] = row
        again = StoryTracker.restore(state.head, state.body, rows.items())
        assert again.dumps() == tracker.dumps() and not tracker.state().rows  # nothing changed since
    partial = [(written, dropped) for whole, written, dropped in saves[1:] if not whole]
    assert sum(whole for whole, _, _ in saves) >= 2  # the first save, and one after a pruning
    assert all(written < 40 for written, _ in partial) and sum(dropped for _, dropped in partial) > 20
    rest = corpus[621:721]
    assert again.add_many(rest) == tracker.add_many(rest)


def v6(tracker: StoryTracker) -> str:
    """The tracker's state as version 6 saved it (one JSON text)."""
    import base64
    import json
    import zlib
    from dataclasses import asdict

    import numpy as np

    def pack(array):
        return base64.b64encode(zlib.compress(array.tobytes(), 1)).decode()

    vocab, active = tracker.vocab, list(tracker.stories.values())
    stories = [[sid, len(s.ids), s.last_day, s.index_terms.tolist(), s.join_sum, s.joins, len(s.lead_ids),
                [[n, c] for n, c in s.names.items()], s.sources, s.size] for sid, s in tracker.stories.items()]  # fmt: skip
    return json.dumps({
        "version": 6, "params": asdict(tracker.params), "docs": tracker.docs, "next_id": tracker.next_id,
        "latest_day": tracker.latest_day, "dated": tracker.dated,
        "stems": "\n".join(vocab.stems), "surface": "\n".join(vocab.surface),
        "df": pack(vocab.df[: len(vocab)]), "stories": stories,
        "centroid_ids": pack(np.concatenate([np.zeros(0, np.int64)] + [s.ids for s in active])),
        "centroid_vals": pack(np.concatenate([np.zeros(0)] + [s.vals for s in active])),
        "lead_ids": pack(np.concatenate([np.zeros(0, np.int64)] + [s.lead_ids for s in active])),
        "lead_vals": pack(np.concatenate([np.zeros(0)] + [s.lead_vals for s in active])),
        "merged": [[a, b] for a, b in tracker.merged.items()], "touched": sorted(tracker.touched),
        "copies": tracker.copies.to_dict(), "story_of": tracker.story_of,
    })  # fmt: skip


def test_a_state_saved_by_version_6_goes_on_and_is_saved_in_parts(db_url, tmp_path, corpus):
    reference = str(tmp_path / "reference.db")
    with storyline.open(reference) as engine:
        engine.add_articles(corpus)
    with storyline.open(db_url) as engine:
        engine.add_articles(corpus[: 2 * BATCH])
        store = engine.store
        tracker = StoryTracker.restore(store.get_state("tracker"), store.get_state("tracker body"),
                                       ((int(k.split()[-1]), v) for k, v in store.states("tracker story ")))  # fmt: skip
        with store.transaction():  # as version 6 left it
            store.clear_states("tracker story ")
            store.set_states({"tracker body": None})
            store.set_state("tracker", v6(tracker))
    with storyline.open(db_url) as engine:
        engine.add_articles(corpus)
        assert engine.store.get_state("tracker body") and len(list(engine.store.states("tracker story ")))
    assert stories(db_url) == stories(reference)
