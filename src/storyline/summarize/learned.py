"""Learned concept weights for update summaries (supervised bigram weighting, after Li, Qian & Liu 2013).

A logistic model gives each concept the probability that a person writing the update summary
uses it, from what the articles show of it: how many new articles and sentences hold it, how
early it comes, whether the headlines use its words, whether it holds a number, whether and how
often the seen articles said it, and the size of the story. An update's concept weight (counted
by articles, minus what the seen articles carry) is multiplied by that probability to the power
of the model's exponent.

bench/fit_update_weights.py fitted MODEL on DUC 2007 (ten topics, sets A, B and C; the label is
"a human summary of the set holds the bigram") and scores it on topics held out.

With fewer than MIN_ARTICLES new articles every concept has about the same counts and the
model has no evidence to go on; the counted weights are used as they are.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from storyline.summarize.concepts import position_worth, spread
from storyline.summarize.units import Unit
from storyline.text.tokens import STOPWORDS, stem, words

FEATURES = (
    "log articles", "log sentences", "log candidate sentences", "log position worth",
    "early", "seen", "log seen sentences", "update", "headline words", "number", "log story size",
)
MIN_ARTICLES = 3  # the default of reweigh's min_articles
EARLY_SCALE = 3.0  # sentences: "early" is exp(-first position / EARLY_SCALE)
WORTH_HALF_LIFE = 2.0  # the update's half-life of the early-sentence bonus (concept_ilp.UPDATE_HALF_LIFE)


@dataclass(frozen=True)
class Model:
    intercept: float
    coefficients: tuple[float, ...]
    exponent: float

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(self.intercept + rows @ np.asarray(self.coefficients))))


# C and the exponent chosen by leave-one-topic-out on the ten DUC 2007 topics (python
# bench/fit_update_weights.py --nested; docs/decisions.md)
C = 0.01  # the L2 regularization MODEL was fitted with
MODEL = Model(
    intercept=-4.1744,
    coefficients=(0.2089, 0.6553, 0.4091, 0.4838, 0.7839, 0.2344, 0.1209, -0.0152, 0.3799, 0.2882, -0.1088),
    exponent=0.8,
)


def features(
    concepts: Sequence[str],
    units: Sequence[Unit],
    n_docs: int,
    candidates: Sequence[Unit],
    seen: Sequence[Unit],
    first: list[dict[str, int]] | None = None,
) -> np.ndarray:
    """One row of FEATURES per concept; units are the new articles' sentences in article order,
    `first` their concepts.spread() when the caller has it."""
    wanted = frozenset(concepts)
    first = spread(units) if first is None else first
    sentences = Counter(c for u in units for c in u.bigrams & wanted)
    in_candidates = Counter(c for u in candidates for c in u.bigrams & wanted)
    in_seen = Counter(c for u in seen for c in u.bigrams & wanted)
    titles = {a.id: a.title for a in (u.article for u in units) if a.title}
    headline = {stem(w) for w in words(" ".join(titles.values())) if w not in STOPWORDS}
    found: dict[str, list[int]] = {c: [] for c in wanted}  # concept -> its first position in each article holding it
    for d in first:
        for c, i in d.items():
            if c in found:
                found[c].append(i)
    rows = np.zeros((len(concepts), len(FEATURES)))
    for i, c in enumerate(concepts):
        positions = found[c]
        pair = c.split(" ")
        rows[i] = (
            math.log1p(len(positions)),
            math.log1p(sentences[c]),
            math.log1p(in_candidates[c]),
            math.log1p(sum(position_worth(p, WORTH_HALF_LIFE) for p in positions)),
            math.exp(-min(positions, default=0) / EARLY_SCALE),
            float(in_seen[c] > 0),
            math.log1p(in_seen[c]),
            float(bool(seen)),
            sum(w in headline for w in pair),
            float(any(ch.isdigit() for ch in c)),
            math.log(max(n_docs, 1)),
        )
    return rows


def reweigh(
    weights: dict[str, float],
    units: Sequence[Unit],
    n_docs: int,
    candidates: Sequence[Unit],
    seen: Sequence[Unit],
    model: Model = MODEL,
    first: list[dict[str, int]] | None = None,
    min_articles: int = MIN_ARTICLES,
) -> dict[str, float]:
    """The update's counted weights times the learned probability to the power of the exponent
    (unchanged for fewer than `min_articles` new articles)."""
    if n_docs < min_articles or not weights:
        return weights
    names = list(weights)
    p = model.probabilities(features(names, units, n_docs, candidates, seen, first)) ** model.exponent
    return {c: weights[c] * float(x) for c, x in zip(names, p)}
