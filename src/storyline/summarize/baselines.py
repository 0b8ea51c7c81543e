"""Baselines on the same text layer and sentence pool: lead, centroid, LexRank, TextRank, round-robin.

lead: the opening sentences of the newest article (the DUC baseline; bylines and web furniture skipped). The others score the
sentences filters.candidates gives (centroid: cosine to the story's TF-IDF centroid, Radev et al. 2004;
LexRank: PageRank over the TF-IDF cosine graph cut at 0.1, Erkan & Radev 2004; TextRank:
PageRank over word-overlap similarity, Mihalcea & Tarau 2004; round-robin: each article's first
candidate in turn, then each one's second, the multi-document lead) and take them best first,
leaving out a sentence that does not fit or is a near-duplicate of one already taken.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from storyline.summarize.base import Summarizer
from storyline.summarize.filters import RULES, Rules, candidates
from storyline.summarize.units import Unit
from storyline.text.boilerplate import boilerplate
from storyline.text.vectors import tfidf

DAMPING = 0.85  # defaults of the baselines' parameters
LEXRANK_THRESHOLD = 0.1


@dataclass(frozen=True)
class Lead(Summarizer):
    """The opening sentences of the newest article."""

    name: ClassVar[str] = "lead"

    def select(
        self, units: Sequence[Unit], n_docs: int, budget: int, seen: Sequence[Unit] = (), query: str | None = None
    ) -> list[tuple[Unit, float]]:
        units = self.novel(units, seen)
        if not units:
            return []
        newest = max(u.doc for u in units)
        opening = [u for u in units if u.doc == newest and u.length > 0 and not boilerplate(u.shown)]
        return greedy(opening, [-u.position for u in opening], budget, in_order=True, rules=self)


@dataclass(frozen=True)
class _Ranked(Summarizer):
    """Candidate sentences (filters.candidates) taken best first by ``scores``."""

    def select(
        self, units: Sequence[Unit], n_docs: int, budget: int, seen: Sequence[Unit] = (), query: str | None = None
    ) -> list[tuple[Unit, float]]:
        pool = candidates(units, budget, seen, rules=self)
        if not pool:
            return []
        return greedy(pool, self.scores(pool), budget, rules=self)

    def scores(self, pool: Sequence[Unit]) -> np.ndarray:
        raise NotImplementedError


@dataclass(frozen=True)
class Centroid(_Ranked):
    name: ClassVar[str] = "centroid"

    def scores(self, pool: Sequence[Unit]) -> np.ndarray:
        return centroid(pool)


@dataclass(frozen=True)
class LexRank(_Ranked):
    name: ClassVar[str] = "lexrank"
    threshold: float = LEXRANK_THRESHOLD
    damping: float = DAMPING

    def scores(self, pool: Sequence[Unit]) -> np.ndarray:
        return lexrank(pool, self.threshold, self.damping)


@dataclass(frozen=True)
class TextRank(_Ranked):
    name: ClassVar[str] = "textrank"
    damping: float = DAMPING

    def scores(self, pool: Sequence[Unit]) -> np.ndarray:
        return textrank(pool, self.damping)


@dataclass(frozen=True)
class RoundRobin(_Ranked):
    """Each article's first candidate sentence in turn, then each one's second, and so on."""

    name: ClassVar[str] = "roundrobin"

    def scores(self, pool: Sequence[Unit]) -> np.ndarray:
        turn = sorted(range(len(pool)), key=lambda i: (pool[i].position, pool[i].doc))
        out = np.empty(len(pool))
        out[turn] = np.arange(len(pool), 0, -1, dtype=float)  # the earlier turn, the higher
        return out


def greedy(
    pool: Sequence[Unit],
    scores: Sequence[float],
    budget: int,
    in_order: bool = False,
    rules: Rules = RULES,
) -> list[tuple[Unit, float]]:
    order = range(len(pool)) if in_order else sorted(range(len(pool)), key=lambda i: -scores[i])
    chosen: list[tuple[Unit, float]] = []
    room = budget
    for i in order:
        u = pool[i]
        if u.length <= room and not any(rules.repeats(u.content, c.content) for c, _ in chosen):
            chosen.append((u, float(scores[i])))
            room -= u.length
    return chosen


def _tfidf(pool: Sequence[Unit]):
    return tfidf([[s for s in u.stems if s in u.content] for u in pool])


def centroid(pool: Sequence[Unit]) -> np.ndarray:
    x = _tfidf(pool)
    center = np.asarray(x.mean(axis=0))
    norm = np.linalg.norm(center)
    return np.asarray(x @ (center / norm if norm else center).T).ravel()


def pagerank(similarity: np.ndarray, damping: float = DAMPING, iterations: int = 100) -> np.ndarray:
    n = similarity.shape[0]
    sums = similarity.sum(axis=1, keepdims=True)
    walk = np.divide(similarity, sums, out=np.full_like(similarity, 1.0 / n), where=sums > 0)
    rank = np.full(n, 1.0 / n)
    for _ in range(iterations):
        new = (1 - damping) / n + damping * (rank @ walk)
        if np.abs(new - rank).sum() < 1e-8:
            return new
        rank = new
    return rank


def lexrank(pool: Sequence[Unit], threshold: float = LEXRANK_THRESHOLD, damping: float = DAMPING) -> np.ndarray:
    x = _tfidf(pool)
    cosine = (x @ x.T).toarray()
    return pagerank((cosine >= threshold).astype(float), damping)


def textrank(pool: Sequence[Unit], damping: float = DAMPING) -> np.ndarray:
    n = len(pool)
    sim = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            a, b = pool[i].content, pool[j].content
            if len(a) > 1 and len(b) > 1:
                sim[i, j] = sim[j, i] = len(a & b) / (math.log(len(a)) + math.log(len(b)))
    return pagerank(sim, damping)
