"""Concepts and their weights: stemmed content bigrams, worth the number of articles that carry them.

A bigram made only of stopwords says nothing and is not a concept. A concept's weight counts
the articles it appears in (a fact several reporters thought worth writing is central), each
article counting a little more when the concept comes early in it (news puts the main facts first).
Concepts carried by too few articles for the size of the story are dropped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from storyline.summarize.units import Unit

POSITION_BONUS = 1.0  # extra worth of a concept in an article's first sentence, halving every HALF_LIFE
HALF_LIFE = 4.0
QUERY_BOOST = 1.5  # on DUC 2007 this did not raise ROUGE; eval update leaves the query out by default


def min_df(n_docs: int) -> int:
    """Articles a concept must appear in: about three in ten (1 for up to 4 articles, 3 for 10)."""
    return max(1, round(0.3 * n_docs))


def position_worth(index: int) -> float:
    return 1.0 + POSITION_BONUS * 0.5 ** (index / HALF_LIFE)


def spread(units: Iterable[Unit]) -> dict[str, dict[int, int]]:
    """Concept -> {article: index of its first sentence holding the concept}.

    Units must come in article order, then position (as make_units gives them)."""
    first: dict[str, dict[int, int]] = defaultdict(dict)
    for u in units:
        for c in u.bigrams:
            first[c].setdefault(u.doc, u.position)
    return first


def weigh(first: dict[str, dict[int, int]], cutoff: int, query: frozenset[str] = frozenset()) -> dict[str, float]:
    """Concept -> weight for the concepts found in at least `cutoff` articles.

    With a query (content stems of a topic statement), concepts that hold a query word weigh
    QUERY_BOOST times more."""
    worth = [position_worth(i) for i in range(max((max(d.values()) for d in first.values()), default=0) + 1)]
    out = {}
    for c, docs in first.items():
        if len(docs) >= cutoff:
            w = sum(worth[i] for i in docs.values())
            if query and not query.isdisjoint(c.split()):
                w *= QUERY_BOOST
            out[c] = w
    return out


def sentence_concepts(units: Sequence[Unit], weights: dict[str, float]) -> list[list[str]]:
    return [[c for c in u.bigrams if c in weights] for u in units]
