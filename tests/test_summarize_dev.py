"""The summarizer on the shared dev sets and samples (read at run time, never copied)."""

import itertools

import pytest
from conftest import assert_quoted

from storyline.eval.datasets import doc_articles, records
from storyline.ingest import read_paths
from storyline.summarize import METHODS, ConceptILP, Rules, near_duplicate, summarize
from storyline.summarize.filters import anchorless_follower, fills, leans_back, standalone
from storyline.summarize.units import make_units
from storyline.text.tokens import word_count

FILLING = Rules(min_words=ConceptILP.fill_min_words)

# every cluster; on the 500 Multi-News clusters the default method only, to keep the run short
SETS = (
    ("duc2003_task2.jsonl", 100, METHODS),
    ("multiling2011_en.jsonl", 250, METHODS),
    ("multinews_dev500.jsonl", 250, ("ilp",)),
)


def check(summary, articles, words):
    made = make_units(articles)
    units = {(u.article.id, u.position): u for u in made}
    places = {(u.doc, u.position): u for u in made}
    by_id = {a.id: a for a in articles}
    for s in summary.sentences:
        source = by_id[s.article_id].sentences[s.sentence_index]
        assert_quoted(s, source)
    assert sum(word_count(s.text) for s in summary.sentences) <= words
    chosen = [units[(s.article_id, s.sentence_index)] for s in summary.sentences]
    for before, u in zip([None, *chosen], chosen):
        if summary.method == "ilp" and not standalone(u):
            follows = before is not None and (before.article.id, before.position) == (u.article.id, u.position - 1)
            # after what it leans on, or filling a short story or the words the ILP left (down to fill_min_words),
            # or in a short story leaning on no sentence
            assert (leans_back(u, FILLING) and follows) or fills(u, FILLING) or anchorless_follower(u, places)
    for a, b in itertools.combinations(chosen, 2):
        assert not near_duplicate(a.content, b.content)


@pytest.mark.slow
@pytest.mark.parametrize("name,words,methods", SETS)
def test_dev_clusters_verbatim_cited_within_budget(shared_data, name, words, methods):
    for record in records(shared_data / "dev" / name):
        articles = doc_articles(record["docs"])
        for method in methods:
            summary = summarize(articles, words=words, method=method)
            check(summary, articles, words)
            if any(len(a.sentences) > 3 for a in articles):
                assert summary.sentences, (record["id"], method)


@pytest.mark.slow
def test_update_on_duc2007_sets(shared_data):
    for record in itertools.islice(records(shared_data / "dev" / "duc2007_update.jsonl"), 3):
        seen = []
        for part in record["sets"]:
            articles = doc_articles(part["docs"])
            summary = summarize(articles, words=100, seen=seen)
            check(summary, articles, 100)
            assert summary.word_count >= 60, (record["id"], part["set"])  # each set adds news: the budget is used
            seen += articles


def test_samples_summary_cites_both_reports_without_repetition(samples):
    articles = [a for a in read_paths(sorted(samples.glob("*.txt"))) if not isinstance(a, Exception)]
    assert len(articles) == 2
    summary = summarize(articles, words=100)
    check(summary, articles, 100)
    assert set(summary.article_ids) == {a.id for a in articles}
    assert summary.word_count >= 60


def _dated_samples(samples):
    import dataclasses
    import datetime as dt

    sunday, tuesday = (
        a for a in read_paths([samples / "000_8a753033448a762c.txt", samples / "001_828e56b59061e042.txt"])
        if not isinstance(a, Exception)
    )  # fmt: skip
    return (
        dataclasses.replace(sunday, published=dt.date(2017, 9, 10)),
        dataclasses.replace(tuesday, published=dt.date(2017, 9, 5)),
    )


def test_samples_update_leaves_out_the_repeated_background(samples):
    sunday, tuesday = _dated_samples(samples)
    summary = summarize([tuesday, sunday], words=100, seen=[tuesday])
    check(summary, [sunday], 100)
    assert not summary.nothing_new and summary.article_ids == [sunday.id]
    text = " ".join(s.text for s in summary.sentences).lower()
    assert "industrial zone" in text  # the SDF at the industrial zone
    assert "93,000" not in text and "besieged" not in text and "siege" not in text


def test_samples_update_carries_every_new_development(samples):
    sunday, tuesday = _dated_samples(samples)
    text = " ".join(s.text for s in summarize([sunday], words=100, seen=[tuesday]).sentences).lower()
    assert "industrial zone" in text and "highway" in text and "17 civilians" in text
