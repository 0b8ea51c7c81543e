"""Concepts and their weights: stemmed content bigrams, worth the number of articles that carry them.

A bigram made only of stopwords says nothing and is not a concept. A concept's weight counts
the articles it appears in (a fact several reporters thought worth writing is central), each
article counting a little more when the concept comes early in it (news puts the main facts first).
A single article has nothing to count (every concept is in one article), so there a concept is
worth its early-sentence bonus alone (floor 0): otherwise the count would only reward long
sentences that hold many bigrams, wherever they stand.
Concepts carried by too few articles for the size of the story are dropped, unless the sentences
holding the others could not fill the summary (short briefs; docs/decisions.md),
or unless they open an article while the budget has room for about every article's opening
(concept_ilp.LEAD_ROOM): each report's news is then worth a place even if no other report has it.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence

from storyline.summarize.units import Unit

# Defaults of the functions' keyword parameters (and of concept_ilp.ConceptILP).
POSITION_BONUS = 1.0  # extra worth of a concept in an article's first sentence, halving every HALF_LIFE
HALF_LIFE = 4.0
MIN_DF_SHARE = 0.3  # share of the articles a concept must appear in
# ... in a big story (more articles than a summarization dev set's cluster): none, since a development
# there is carried by its days' reports, a small share of the whole; its weight still counts them
# (chosen by bench/fit_big_story.py)
BIG_MIN_DF_SHARE = 0.0
QUERY_BOOST = 1.5  # on DUC 2007 this did not raise ROUGE; eval update leaves the query out by default


def min_df(n_docs: int, share: float = MIN_DF_SHARE) -> int:
    """Articles a concept must appear in: about three in ten (1 for up to 4 articles, 3 for 10)."""
    return max(1, round(share * n_docs))


def position_worth(
    index: int, half_life: float = HALF_LIFE, floor: float = 1.0, bonus: float = POSITION_BONUS
) -> float:
    return floor + bonus * 0.5 ** (index / half_life)


def spread(units: Sequence[Unit]) -> list[dict[str, int]]:
    """Per article (in doc order): concept -> index of the article's first sentence holding it.

    Units must come in article order, then position (as make_units gives them)."""
    n = max((u.doc for u in units), default=-1) + 1
    first: list[dict[str, int]] = [{} for _ in range(n)]
    for u in reversed(units):  # later sentences first, so the earliest position is written last
        first[u.doc].update(dict.fromkeys(u.bigrams, u.position))
    return first


def weigh(
    first: list[dict[str, int]],
    cutoff: int,
    query: frozenset[str] = frozenset(),
    half_life: float = HALF_LIFE,
    floor: float = 1.0,
    boost: float = QUERY_BOOST,
    bonus: float = POSITION_BONUS,
    leads: bool = False,
) -> dict[str, float]:
    """Concept -> weight for the concepts found in at least `cutoff` articles (with `leads`, also
    those of each article's first sentence that holds concepts).

    With a query (content stems of a topic statement), concepts that hold a query word weigh
    `boost` times more. `bonus` is the early-sentence bonus of a first sentence and `half_life`
    how fast it fades; `floor` is what each article counts beyond that bonus."""
    df = Counter(itertools.chain.from_iterable(first))
    frequent = [c for c, n in df.items() if n >= cutoff]
    if leads and cutoff > 1:
        opening = [min(d.values(), default=0) for d in first]
        frequent += sorted({c for d, o in zip(first, opening) for c, i in d.items() if i == o and df[c] < cutoff})
    top = max((max(d.values()) for d in first if d), default=0)
    worth = [position_worth(i, half_life, floor, bonus) for i in range(top + 1)]
    out = dict.fromkeys(frequent, 0.0)
    for d in first:  # each article's concepts once: a big story has thousands of concepts and articles
        for c, i in d.items():
            if c in out:
                out[c] += worth[i]
    if query:
        for c in out:
            if not query.isdisjoint(c.split()):
                out[c] *= boost
    return out


def sentence_concepts(units: Sequence[Unit], weights: dict[str, float]) -> list[list[str]]:
    """Each unit's weighted concepts, sorted: sums over them then do not depend on the order a set
    of strings iterates in, which changes from one process to another (and with it, which of two
    near-equal sentences a summary takes)."""
    return [sorted(c for c in u.bigrams if c in weights) for u in units]
