"""The near-duplicate measure (summarize/redundancy.py) on sentences written for this test."""

import pytest

from storyline.ingest import build_article
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


def test_two_sentences_that_share_a_word_or_two_say_different_things():
    short = content("Quint has not touched a drink in years.")
    other = content("The Kellerby brewery sold more drink this year than in any year before.")
    assert overlap(short, other) >= NEAR_DUPLICATE  # "drink" and "year": half of the shorter
    assert not near_duplicate(short, other)
    assert near_duplicate(short, other, words=1)
    again = content("Quint, the former harbour master, has not touched a drink in years.")
    assert near_duplicate(short, again)


def test_matrix_and_pairs_agree_with_overlap():
    sets = [frozenset("a b c".split()), frozenset("a b d e".split()), frozenset("x y".split())]
    m = overlap_matrix(sets, sets)
    for i, a in enumerate(sets):
        for j, b in enumerate(sets):
            assert m[i, j] == pytest.approx(overlap(a, b))
    assert duplicate_pairs(sets, words=1) == [(0, 1)]
    assert duplicate_pairs(sets) == []  # two words shared: fewer than DUPLICATE_WORDS
    assert duplicate_pairs([*sets, frozenset("a b c f".split())]) == [(0, 3)]
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


STOCK_LINE = "Port Alder handled 4.1 million containers last year and carries about 40 percent of the country's sea trade."
REPORTS = [
    ["Dock workers at Port Alder walked out on Tuesday over pay and automation at a new terminal.",
     "The union said all 3,200 members had stopped work at six in the morning.",
     "Ships began to queue outside the harbour by the afternoon.",
     STOCK_LINE],
    ["Talks to end the Port Alder strike broke down on Thursday after nine hours at the ministry.",
     "The port operator raised its offer to five percent, the union said.",
     "Thirty-eight ships were waiting outside the harbour in the evening.",
     "It is the first strike at the port in fifteen years, officials said.",
     STOCK_LINE],
    ["Dock workers at Port Alder accepted a pay deal on Tuesday, ending an eight-day strike.",
     "Seventy-one percent of the members who voted backed the agreement.",
     "The first shift returned to work at six on Wednesday morning.",
     STOCK_LINE.replace("the country's", "Marenland's")],
]  # fmt: skip


def strike_units():
    from storyline.summarize.units import make_units

    articles = [build_article("\n\n".join(r), id=f"r{i}") for i, r in enumerate(REPORTS)]
    return make_units(articles)


def test_stock_background_is_a_later_sentence_other_reports_repeat():
    from storyline.summarize.redundancy import stock_background

    units = strike_units()
    flagged = [(u.doc, u.position) for u in units if id(u) in stock_background(units, units)]
    assert flagged == [(0, 3), (1, 4), (2, 3)]
    # with only two reports nothing counts as stock: one repeat may be news both thought worth writing
    two = [u for u in units if u.doc < 2]
    assert stock_background(two, two) == set()


def test_the_sparse_overlaps_are_the_definitions():
    """stock_background and novel's most_said work on the sparse product of a big story's sentences
    (a dense one took 1 GB and seconds for a story of 2,286 reports): the same answers as overlap()."""
    import random
    from dataclasses import dataclass

    from storyline.summarize.redundancy import most_said, stock_background

    @dataclass(frozen=True, eq=False)
    class U:
        content: frozenset
        doc: int
        position: int

    rng = random.Random(3)
    words = [f"w{i}" for i in range(30)]
    for _ in range(200):
        units = [U(frozenset(rng.sample(words, rng.randint(0, 6))), rng.randrange(6), rng.randrange(6))
                 for _ in range(rng.randint(1, 30))]
        seen = units[: rng.randint(1, len(units))]
        assert list(most_said([u.content for u in units], [s.content for s in seen])) == [
            max(len(u.content & s.content) / len(u.content) if u.content else 0.0 for s in seen) for u in units]
        stock = rng.choice([0.5, 0.7, 1.0])
        n = len({u.doc for u in units})
        needed = max(2, (n - 1) // 3 + 1)
        expected = {id(u) for u in units if n >= 3 and u.position >= 3 and needed <= len(
            {v.doc for v in units if v.doc != u.doc and overlap(u.content, v.content) >= stock})}
        assert stock_background(units, units, stock=stock) == expected


def test_stock_background_is_left_out_of_updates_and_of_story_summaries_that_ask():
    from storyline.summarize import ConceptILP

    articles = [build_article("\n\n".join(r), id=f"r{i}") for i, r in enumerate(REPORTS)]
    # story summaries take it by default (bench/validate.py: the rule did not pay on them)
    chosen = ConceptILP(story_stock=True).summarize(articles, words=60).sentences
    assert chosen and not any("4.1 million containers" in s.text for s in chosen)
    update = ConceptILP().summarize(articles[1:], words=60, seen=articles[:1]).sentences
    assert not any("4.1 million containers" in s.text for s in update)
