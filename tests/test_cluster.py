import base64
import json
import zlib

import numpy as np
import pytest

from storyline.cluster import StoryTracker
from storyline.cluster import tracker as tracker_module
from storyline.cluster.dedup import signatures, signed
from storyline.cluster.features import Vocabulary
from storyline.eval.cluster import bcubed, pairwise
from storyline.ingest.build import build_article

HARBOUR = (
    "Port Tellin (Coast Wire) - Dock workers in Port Tellin walked off the job on Monday after talks "
    "over night-shift pay broke down, leaving eleven container ships waiting outside the harbour. "
    "The union said the strike would last until the terminal operator restored the night bonus. "
    "The operator called the walkout unlawful and said it would seek a court order. "
    "Fishermen who use the same quays said their catch was rotting on the decks."
)
CHEESE = (
    "Brisk Hollow (Valley Times) - A wheel of aged mountain cheese weighing 212 kilograms won the "
    "prize at the Brisk Hollow autumn fair, where judges tasted more than ninety entries. "
    "The winning dairy, run by three sisters, has made cheese in the valley since 1911. "
    "Visitors queued for hours to taste the wheel, which will be auctioned for the village school."
)


def _article(text, id=None, date=None, title=None):
    import datetime as dt

    return build_article(text, id=id, title=title, published=dt.date.fromisoformat(date) if date else None)


def test_samples_share_a_story_and_an_unrelated_article_does_not_join(samples):
    tracker = StoryTracker()
    tues = _article((samples / sorted(p.name for p in samples.iterdir())[1]).read_text(), date="2017-09-05")
    sun = _article((samples / sorted(p.name for p in samples.iterdir())[0]).read_text(), date="2017-09-10")
    a, b = tracker.add(tues), tracker.add(sun)
    assert a.story_id == b.story_id
    assert b.duplicate_of is None  # an update, not a copy
    assert tracker.add(_article(CHEESE, date="2017-09-11")).story_id != a.story_id
    assert tracker.add(_article(HARBOUR, date="2017-09-11")).story_id not in (a.story_id,)


def test_near_duplicate_copy_is_linked_to_the_first_copy():
    tracker = StoryTracker()
    first = tracker.add(_article(HARBOUR, id="first"))
    copy = HARBOUR.replace("Monday", "Monday morning").replace("eleven", "11")
    second = tracker.add(_article(copy, id="copy"))
    third = tracker.add(_article(copy + " Talks resume on Friday.", id="copy-of-copy"))
    assert second.story_id == first.story_id and second.duplicate_of == "first"
    assert third.duplicate_of == "first"
    assert tracker.add(_article(CHEESE, id="cheese")).duplicate_of is None


def test_a_copy_written_without_accents_or_decomposed_is_a_copy():
    import unicodedata

    marked = HARBOUR.replace("Port Tellin", "Pôrt Tëllin").replace("Fishermen", "Fischer Jørgensen and the fishermen")
    tracker = StoryTracker()
    first = tracker.add(_article(marked, id="marked"))
    plain = marked.replace("ô", "o").replace("ë", "e").replace("ø", "o")
    assert tracker.add(_article(plain, id="plain")).duplicate_of == "marked"  # "p rt t llin" against "port tellin" before
    decomposed = _article(unicodedata.normalize("NFD", marked))
    assert decomposed.text == marked and decomposed.id == _article(marked).id  # stored composed (NFC): one id
    assert first.duplicate_of is None


def signature(hashes):
    """The signature of one text, or None when it is too short to tell."""
    starts = np.array([0, len(hashes)])
    return signatures(hashes, starts)[0] if signed(starts)[0] else None


def _hashes(stems):
    vocab = Vocabulary()
    ids = [vocab.add(s) for s in stems]
    return vocab.hashes[ids]


def test_signature_estimates_jaccard():
    words = [f"w{i}" for i in range(300)]
    same = signature(_hashes(words))
    assert (same == signature(_hashes(list(words)))).all()
    half = signature(_hashes(words[:150] + [f"x{i}" for i in range(150)]))  # Jaccard 148/448
    assert 0.2 < (same == half).mean() < 0.45
    short = signature(_hashes(words[:12]))  # most bins empty: borrowed values still match
    assert (short == signature(_hashes(words[:12]))).all() and (short != same).mean() > 0.9
    assert signature(_hashes(["too", "short"])) is None


def _demo_articles():
    """The demo's articles with their sidecar dates and sources, in date order."""
    import datetime as dt

    from storyline.cli.store_cmds import demo_files
    from storyline.ingest import read_paths
    from storyline.model import Article

    out = []
    for path, meta in demo_files():
        date = dt.date.fromisoformat(meta["published"]) if meta.get("published") else None
        out += [a for a in read_paths([path], date=date, source=meta.get("source")) if isinstance(a, Article)]
    return sorted(out, key=lambda a: (a.published or dt.date.min, a.id))


def test_replay_is_deterministic_and_survives_dumps_loads():
    articles = _demo_articles()
    assert len(articles) >= 15
    t1, t2 = StoryTracker(), StoryTracker()
    run1 = [t1.add(a) for a in articles]
    run2 = []
    for i, a in enumerate(articles):
        if i % 5 == 0:
            t2 = StoryTracker.loads(t2.dumps())
        run2.append(t2.add(a))
    assert run1 == run2
    stories = {}
    for a, s in zip(articles, run1):
        stories.setdefault(s.story_id, []).append(a.id)
    assert len([s for s in stories.values() if len(s) > 1]) == 3  # the demo's three developing stories


def test_engine_recluster_matches_online_pass_and_reingest_adds_nothing(db_url):
    import storyline

    eng = storyline.open(db_url)
    articles = _demo_articles()
    first = eng.add_articles(articles)
    assert len(first.added) == len(articles)

    def partition():
        return sorted(sorted(a.id for a in eng.story_articles(s.id, with_copies=True)) for s in eng.stories())

    online = partition()
    again = eng.add_articles(_demo_articles())
    assert not again.added and len(again.duplicates) == len(first.added)
    assert partition() == online
    eng.recluster()
    assert partition() == online
    stories = eng.stories()
    assert sum(1 for s in stories if len(s.article_ids) > 1) == 3
    assert any(s.duplicates for s in stories)  # the re-published web copy is folded
    assert all(s.key_phrases for s in stories)


def test_a_tracker_saved_by_another_version_is_rebuilt_from_the_store(db_url, tmp_path):
    import storyline

    articles = _demo_articles()
    eng = storyline.open(db_url)
    eng.add_articles(articles[:-1])
    with eng.store.transaction():
        eng.store.set_state("tracker", json.dumps({"version": 0}))  # as an older release left it
    eng.close()

    eng = storyline.open(db_url)
    eng.add_articles(articles[-1:])
    reopened = sorted(sorted(a.id for a in eng.story_articles(s.id, with_copies=True)) for s in eng.stories())
    fresh = storyline.open(tmp_path / "fresh.db")
    fresh.add_articles(articles)
    expected = sorted(sorted(a.id for a in fresh.story_articles(s.id, with_copies=True)) for s in fresh.stories())
    assert reopened == expected
    assert json.loads(eng.store.get_state("tracker"))["version"] > 0


def test_bcubed_is_overlap_aware_and_pairwise_counts_pairs():
    gold = {"a": {"x"}, "b": {"x"}, "c": {"y"}, "d": {"x", "y"}}
    assert bcubed({k: {"1"} for k in "abcd"}, {"a": {"x"}, "b": {"x"}, "c": {"x"}, "d": {"x"}}) == (1.0, 1.0, 1.0)
    p, r, f = bcubed({"a": {"1"}, "b": {"1"}, "c": {"2"}, "d": {"1"}}, gold)
    assert p == 1.0 and r < 1.0
    p, r, f = bcubed({k: {k} for k in "abcd"}, gold)
    assert p == 1.0 and r < 0.6
    assert pairwise({"a": {"1"}, "b": {"1"}, "c": {"2"}, "d": {"2"}}, gold)[0] == 1.0


def test_summarization_records_are_a_stream_of_their_documents(tmp_path, capsys):
    """Multi-document and update summarization records read as a dated stream: each record's
    documents one gold story (a document in two records in both), in date order, then by id."""
    from storyline.cli.main import main
    from storyline.eval.cluster import stream_docs

    harbour = [{"id": f"h{i}", "date": f"2026-01-0{i}", "text": HARBOUR.replace("Monday", day)}
               for i, day in ((3, "Tuesday"), (1, "Monday"))]
    cheese = {"id": "c1", "date": "2026-01-02", "text": CHEESE}
    update = {"id": "U", "sets": [{"set": "A", "docs": [harbour[1]]}, {"set": "B", "docs": [harbour[0]]}]}
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps(update) + "\n" + json.dumps({"id": "S", "docs": [cheese, harbour[0]], "references": []}) + "\n")
    docs = stream_docs(str(path))
    assert [(d["id"], d["clusters"]) for d in docs] == [("h1", ["U"]), ("c1", ["S"]), ("h3", ["U", "S"])]
    assert main(["eval", "cluster", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["docs"] == 3
    undated = tmp_path / "undated.jsonl"
    undated.write_text(json.dumps({"id": "S", "docs": [{"id": "x", "text": CHEESE}]}) + "\n")
    assert main(["eval", "cluster", str(undated)]) == 2  # bad input, as for the other eval commands
    assert "document x of record S has no date" in capsys.readouterr().err


def test_several_streams_are_merged_in_date_order(tmp_path, capsys):
    from storyline.cli.main import main
    from storyline.eval.cluster import merged

    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text("".join(json.dumps(d) + "\n" for d in [
        {"id": "h1", "date": "2026-01-01", "text": HARBOUR, "cluster": "A"},
        {"id": "h2", "date": "2026-01-04", "text": HARBOUR.replace("Monday", "Thursday"), "cluster": "A"}]))
    second.write_text(json.dumps({"id": "c1", "date": "2026-01-02", "text": CHEESE, "cluster": "A"}) + "\n")
    docs = merged([str(first), str(second)])
    assert [(d["id"], d["clusters"]) for d in docs] == [("h1", ["first:A"]), ("c1", ["second:A"]), ("h2", ["first:A"])]
    assert main(["eval", "cluster", str(first), str(second), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["docs"] == 3 and result["gold_stories"] == 2 and result["bcubed_f1"] == 1.0


def test_eval_cli_writes_one_line_per_document(tmp_path, capsys):
    from storyline.cli.main import main

    stream = tmp_path / "stream.jsonl"
    docs = [
        {"id": "h1", "date": "2026-01-01", "text": HARBOUR, "cluster": "H"},
        {"id": "c1", "date": "2026-01-02", "text": CHEESE, "cluster": "C"},
        {"id": "h2", "date": "2026-01-03", "text": HARBOUR.replace("Monday", "Tuesday") + " Ships began to leave.", "cluster": "H"},
    ]
    stream.write_text("".join(json.dumps(d) + "\n" for d in docs))
    out = tmp_path / "out.jsonl"
    assert main(["eval", "cluster", str(stream), "--out", str(out), "--json"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert scores["bcubed_f1"] == 1.0 and scores["stories"] == 2
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [x["id"] for x in lines] == ["h1", "c1", "h2"] and lines[0]["story"] == lines[2]["story"]


def test_eval_cli_scores_more_orders_of_each_day(tmp_path, capsys):
    """--orders N replays N - 1 more orders, each day's documents shuffled (seeded), and reports the
    mean, lowest and highest B-cubed F1; the days keep their order."""
    from storyline.cli.main import main
    from storyline.eval.cluster import load, shuffled_within_days

    stream = tmp_path / "stream.jsonl"
    docs = [{"id": f"h{i}", "date": "2026-01-01", "text": HARBOUR.replace("Monday", day), "cluster": "H"}
            for i, day in enumerate(("Monday", "Tuesday", "Wednesday", "Thursday"))]
    docs += [{"id": "c1", "date": "2026-01-02", "text": CHEESE, "cluster": "C"}]
    stream.write_text("".join(json.dumps(d) + "\n" for d in docs))
    articles, _ = load(str(stream))
    orders = [[a.id for a in shuffled_within_days(articles, seed)] for seed in range(1, 6)]
    assert all(o[-1] == "c1" and sorted(o[:4]) == ["h0", "h1", "h2", "h3"] for o in orders)
    assert len({tuple(o) for o in orders}) > 1 and orders[0] == [a.id for a in shuffled_within_days(articles, 1)]
    assert main(["eval", "cluster", str(stream), "--orders", "3", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["orders"]["n"] == 3 and result["orders"]["bcubed_f1_min"] <= result["orders"]["bcubed_f1_mean"] <= 1.0
    assert main(["eval", "cluster", str(stream), "--orders", "2"]) == 0
    assert "B-cubed F1 over 2 orders: mean" in capsys.readouterr().out


@pytest.mark.slow
@pytest.mark.parametrize(
    "name, floor",
    [("duc2003_tdt.jsonl", 0.90), ("multiling2011_en_stories.jsonl", 0.90), ("multinews_dev_stream.jsonl", 0.75),  # issue 4
     ("duc2007_update.jsonl", 0.90)],  # its sets read as a dated stream: 0.929, never tuned on before it joined the fit
)
def test_dev_streams_keep_their_scores(shared_data, name, floor):
    from storyline.eval.cluster import replay, scores

    story, gold, _ = replay(shared_data / "dev" / name)
    assert scores(story, gold)["bcubed_f1"] >= floor


def _index_is_consistent(tracker):
    postings = {(t, sid) for t in tracker.index.postings for sid in tracker.index.stories_of(t)}
    held = {(t, sid) for sid, s in tracker.stories.items() for t in s.index_terms.tolist()}
    return postings == held and all(s.ids.max(initial=0) < len(tracker.vocab) for s in tracker.stories.values())


def test_a_long_story_keeps_its_index_bounded():
    tracker = StoryTracker()
    filler = [f"harbourword{i}" for i in range(4000)]
    for n in range(150):  # one strike story told 150 times, each report with its own extra words
        extra = " ".join(filler[n * 20 : n * 20 + 20])
        tracker.add(_article(f"{HARBOUR} Day {n} of the strike brought {extra}.", id=f"h{n}", date="2024-03-01"))
    (story,) = tracker.stories.values()
    assert len(story.index_terms) <= tracker.params.index_terms + tracker.params.top_terms
    assert _index_is_consistent(tracker)


def test_key_phrases_capitalise_the_words_written_as_names():
    tracker = StoryTracker()
    reports = [
        "The harbour wall at Kestrel gave way on Monday , said mayor Velmora and engineer McAllister .",
        "Engineers inspected the harbour wall on Tuesday , and mayor Velmora asked for repairs from McAllister .",
        "Velmora said the harbour would reopen ; the harbour board agreed with McAllister on the repairs .",
    ]
    last = [tracker.add(_article(text.replace(" .", "."), id=f"h{k}", date=f"2031-03-0{k + 1}")) for k, text in enumerate(reports)][-1]
    phrases = tracker.key_phrases(last.story_id, 20)
    # "Velmora" opens the last report's sentence, but the others write it as a name; "McAllister"
    # would come out wrong as "Mcallister", so it stays as the tracker reads it
    assert "Velmora" in phrases and "harbour" in phrases and "mcallister" in phrases
    again = StoryTracker.loads(tracker.dumps())
    assert again.key_phrases(last.story_id, 20) == phrases
    saved = json.loads(tracker.dumps())  # a state saved before the counts were kept: words as read
    parts = tracker_module._split(zlib.decompress(base64.b64decode(saved["body"])))
    saved["body"] = base64.b64encode(zlib.compress(tracker_module._join([bytes(p) for p in parts[:4]]))).decode()
    older = StoryTracker.loads(json.dumps(saved))
    assert "velmora" in older.key_phrases(last.story_id, 20)

def test_vocabulary_pruning_keeps_stories_whole(samples):
    tracker = StoryTracker(vocabulary=400)
    names = sorted(p.name for p in samples.iterdir())
    tues = tracker.add(_article((samples / names[1]).read_text(), date="2017-09-05"))
    for n in range(30):  # unrelated one-off reports, each with words seen nowhere else
        tracker.add(_article(f"{CHEESE} Entry {n} was judged by farmer{n} and baker{n}.", id=f"c{n}", date="2017-09-06"))
    assert len(tracker.vocab) < 400 + 60  # pruned at least once
    sun = tracker.add(_article((samples / names[0]).read_text(), date="2017-09-10"))
    assert sun.story_id == tues.story_id
    assert _index_is_consistent(tracker)
    phrases = tracker.key_phrases(tues.story_id)
    assert len(phrases) == 5 and all(p.isalnum() for p in phrases) and "deir" in tracker.key_phrases(tues.story_id, 20)
    again = StoryTracker.loads(tracker.dumps())
    assert again.add(_article(CHEESE + " A late entry.", id="late")).story_id == tracker.add(
        _article(CHEESE + " A late entry.", id="late")
    ).story_id


@pytest.mark.slow
def test_shipped_tracker_numbers_are_the_fit_scripts_choice(shared_data, bench_script):
    fit = bench_script("fit_cluster")
    chosen = fit.Search(str(shared_data / "dev")).best(fit.STREAMS)
    shipped = tracker_module.TrackerParams()
    assert chosen == {name: getattr(shipped, name) for name in chosen}


def test_a_tokenizers_brackets_are_no_words_of_a_story():
    from storyline.ingest import read_text

    text = ("TAMSIN -LRB- Reuters -RRB- - The ferry Aurelia ran aground off Kestrel Bay -LRB- Tamsin -RRB- on Monday .\n"
            "Boats took 212 passengers ashore -LRB- all safe -RRB- , the coastguard -LSB- TCG -RSB- said .")
    (article,) = read_text(text, name="a.txt")
    tracker = StoryTracker()
    story = tracker.add(article).story_id
    words = [w.lower() for w in tracker.key_phrases(story, n=30)]
    assert "aurelia" in words and not {"lrb", "rrb", "lsb", "rsb"} & set(words)


QUIET = [
    ("2024-03-02", "The Brennick Dam inquiry opened in Halvern on Monday. Engineers told the inquiry panel that "
     "cracks in the spillway of the Brennick Dam had been reported to the water board two years before the flood."),
    ("2024-03-04", "A ferry service between Kestrel Bay and Port Alder resumed after a week of storms, the harbour "
     "office said, with extra crossings on the weekend."),
    ("2025-05-20", "The Brennick Dam inquiry published its report in Halvern on Tuesday. The panel found that the "
     "water board ignored warnings about cracks in the spillway of the Brennick Dam before the flood."),
]  # fmt: skip


def test_a_story_quiet_for_a_year_takes_its_next_report():
    opened, ferry, report = StoryTracker().add_many([_article(t, id=str(i), date=d) for i, (d, t) in enumerate(QUIET)])
    assert report.story_id == opened.story_id != ferry.story_id
    # a penalty for the quiet weeks (gap_penalty) would split it
    tracker = StoryTracker(gap_penalty=0.5)
    opened, _, report = tracker.add_many([_article(t, id=str(i), date=d) for i, (d, t) in enumerate(QUIET)])
    assert report.story_id != opened.story_id


def test_the_semantic_bench_scores_as_the_tracker_when_its_weight_is_zero(shared_data, bench_script):
    """bench/semantic.py copies StoryTracker._best to mix in an embedding cosine: at weight 0 its
    tracker must assign every article as the shipped one does, or its figures measure another tracker."""
    import numpy as np

    from storyline.cluster import StoryTracker
    from storyline.eval.cluster import load

    semantic = bench_script("semantic")
    articles, _ = load(str(shared_data / "dev" / "multiling2011_en_stories.jsonl"))
    rng = np.random.default_rng(3)
    embeddings = {a.id: rng.normal(size=8) for a in articles}
    plain = [f.story_id for f in StoryTracker().add_many(articles)]
    assert [f.story_id for f in semantic.MixedTracker(embeddings, 0.0).add_many(articles)] == plain
    assert [f.story_id for f in semantic.MixedTracker(embeddings, 0.9).add_many(articles)] != plain  # the mix is read


def _generated_stream(n=300, stories=12, seed=5, prefix="a"):
    """Articles of invented stories (names, topic words in several forms), in date order."""
    import random

    rng = random.Random(seed)
    syllables = ["kal", "tor", "ven", "mir", "sob", "lan", "dre", "ush", "pel", "gor", "fin", "ost"]
    forms = ["{}", "{}s", "{}ing", "{}ed"]
    own = [[("".join(rng.sample(syllables, 3))) for _ in range(8)] for _ in range(stories)]
    common = ["officials", "said", "reported", "council", "meeting", "week", "city", "people", "plans"]
    out = []
    for i in range(n):
        k = rng.randrange(stories)
        words = [rng.choice(forms).format(rng.choice(own[k])) for _ in range(25)] + rng.sample(common, 5)
        rng.shuffle(words)
        name = own[k][0].capitalize()
        text = f"The {name} council met on Monday, and {' '.join(words)}. Residents of {name} said {' '.join(words[:9])}."
        out.append(_article(text, id=f"{prefix}{i}", date=f"2024-01-{1 + i // 12:02d}"))
    return out


@pytest.mark.parametrize("vocabulary", [300_000, 60])
def test_replays_that_share_their_terms_assign_as_replays_that_do_not(vocabulary):
    """features.SharedTerms (a fit's search replaying one stream under many settings): the same
    assignments, vocabulary and key phrases as trackers that work every batch out, each batch
    worked out once; with a vocabulary small enough to be pruned, the states it meets differ."""
    from storyline.cluster.features import SharedTerms

    articles = _generated_stream()
    shared = SharedTerms()
    for threshold in (0.15, 0.4, 0.15):
        alone, sharing = StoryTracker(threshold=threshold, vocabulary=vocabulary), StoryTracker(
            shared=shared, threshold=threshold, vocabulary=vocabulary)  # fmt: skip
        expected = [(a.story_id, a.duplicate_of) for a in alone.add_many(articles)]
        assert [(a.story_id, a.duplicate_of) for a in sharing.add_many(articles)] == expected
        assert sharing.vocab.stems == alone.vocab.stems and sharing.vocab.surface == alone.vocab.surface
        assert [sharing.key_phrases(s) for s in sharing.stories] == [alone.key_phrases(s) for s in alone.stories]
    assert len({a.story_id for a in StoryTracker(threshold=0.4).add_many(articles)}) > len(set(expected)) > 1
    batches = -(-len(articles) // tracker_module.BATCH)
    assert len(shared.kept) == batches  # a pruning happens at the same place in every replay
    (batch, _), *_ = shared.kept.values()
    with pytest.raises(ValueError):
        batch.counts[0] = 0  # shared by every replay: read-only
    # a batch met in another state (other term parameters, another vocabulary) is worked out anew
    StoryTracker(shared=shared, lead_stems=10, vocabulary=vocabulary).add_many(articles)
    assert len(shared.kept) == 2 * batches
    before = _generated_stream(n=40, seed=9, prefix="b")
    alone, sharing = StoryTracker(vocabulary=vocabulary), StoryTracker(shared=shared, vocabulary=vocabulary)
    alone.add_many(before), sharing.add_many(before)
    assert [a.story_id for a in sharing.add_many(articles)] == [a.story_id for a in alone.add_many(articles)]
    assert sharing.vocab.stems == alone.vocab.stems
