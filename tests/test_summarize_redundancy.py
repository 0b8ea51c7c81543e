"""The near-duplicate measure (summarize/redundancy.py) on sentences written for this test."""

import pytest

from storyline.summarize.redundancy import (
    NEAR_DUPLICATE,
    duplicate_pairs,
    freshness,
    near_duplicate,
    novel,
    overlap,
    overlap_matrix,
)
from storyline.summarize.units import make_unit
from storyline.ingest import build_article


def content(text):
    article = build_article(text, id="x")
    return make_unit(0, article, article.sentences[0]).content


def test_overlap_is_the_repeated_share_of_the_shorter_sentence():
    a = frozenset({"dam", "broke", "kellerby"})
    b = frozenset({"dam", "broke", "monday", "resid", "left", "home"})
    assert overlap(a, b) == pytest.approx(2 / 3)
    assert overlap(a, b) == overlap(b, a)
    assert overlap(a, frozenset()) == 0.0


def test_stemmed_content_words_decide():
    long = content("Floodwater from the swollen Varna river broke through the old dam above Kellerby on Monday.")
    same = content("The swollen Varna river's floodwaters broke the old dam above Kellerby.")
    other = content("The national government promised 20 million euros in aid for farmers.")
    assert near_duplicate(long, same)  # stopwords ignored, "floodwaters" ~ "floodwater"
    assert not near_duplicate(long, other)
    assert overlap(long, other) < NEAR_DUPLICATE


def test_matrix_and_pairs_agree_with_overlap():
    sets = [frozenset("a b c".split()), frozenset("a b d e".split()), frozenset("x y".split())]
    m = overlap_matrix(sets, sets)
    for i, a in enumerate(sets):
        for j, b in enumerate(sets):
            assert m[i, j] == pytest.approx(overlap(a, b))
    assert duplicate_pairs(sets) == [(0, 1)]
    share = overlap_matrix(sets[:1], sets[1:2], of_left=True)
    assert share[0, 0] == pytest.approx(2 / 3)


class U:
    def __init__(self, words, doc=0):
        self.content = frozenset(words.split())
        self.doc = doc


def test_novel_keeps_what_no_seen_sentence_already_says():
    seen = [U("dam broke kellerby monday resid")]
    new = [U("dam broke kellerby monday"), U("two dead farmhouse kellerby")]
    assert [u.content for u in novel(new, seen)] == [new[1].content]
    assert novel(new, []) == new


def test_novel_drops_a_sentence_that_rewords_the_seen_articles():
    seen = [U("river dam broke kellerby monday", 0), U("governor emergency valley army boats", 0)]
    reworded = U("governor army river dam kellerby valley emergency monday boats sunday dawn")  # 2 of 11 new
    assert freshness([reworded], seen) == [pytest.approx(2 / 11)]
    assert novel([reworded], seen) == [reworded]
    reworded.content = reworded.content - {"dawn"} | {"broke"}  # one new word in eleven is not enough
    assert freshness([reworded], seen) == [pytest.approx(1 / 11)] and novel([reworded], seen) == []
    # with several seen articles a word counts as known by the share of them that hold it
    two = [U("dam broke kellerby", 0), U("dam governor", 1)]
    assert freshness([U("dam kellerby army")], two) == [pytest.approx(1 - (2 + 1 + 0) / 6)]
