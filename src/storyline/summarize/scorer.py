"""Learned concept importance for generic summaries (supervised bigram ILP: Li, Qian & Liu 2013;
Hong & Nenkova 2014).

Each concept (content bigram, summarize.concepts) of a story gets the probability that a person
summarizing the story writes it, from what the articles show of it: the share and number of
articles and sentences that carry it, how early it first comes and how much early-sentence worth
it gathers, the share of leads that carry it, how many of its words the headlines use, whether it
holds a number, whether both its words are content words, how widely its words alone are spread,
and the size of the story. A logistic regression (scikit-learn) on standardized features gives the
probability; bench/fit_summary.py fits it on the dev sets and writes MODEL_FILE.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from storyline.summarize.concepts import spread
from storyline.summarize.units import Unit
from storyline.text.tokens import STOPWORDS, stem, words

FEATURES = (
    "article share", "log articles", "log sentences", "sentence share", "early", "log position worth",
    "lead share", "headline words", "number", "both content", "word article share", "log story size",
)  # fmt: skip
LEAD = 3  # an article's lead: its first LEAD sentences
EARLY_SCALE = 3.0  # "early" is exp(-first position / EARLY_SCALE)
MODEL_FILE = Path(__file__).with_name("concept_model.json")


@dataclass(frozen=True)
class ConceptModel:
    """A logistic model over FEATURES: standardized by mean and scale, then linear."""

    intercept: float
    coefficients: tuple[float, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    features: tuple[str, ...] = FEATURES

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        z = (rows - np.asarray(self.mean)) / np.asarray(self.scale)
        return 1.0 / (1.0 + np.exp(-(self.intercept + z @ np.asarray(self.coefficients))))

    def to_json(self) -> dict:
        return {"features": list(self.features), "intercept": self.intercept,
                "coefficients": list(self.coefficients), "mean": list(self.mean), "scale": list(self.scale)}  # fmt: skip

    @classmethod
    def from_json(cls, data: dict) -> ConceptModel:
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"concept model features {data['features']} are not {list(FEATURES)}")
        return cls(float(data["intercept"]), tuple(data["coefficients"]), tuple(data["mean"]), tuple(data["scale"]))


@lru_cache(maxsize=4)
def load(path: str | Path = MODEL_FILE) -> ConceptModel:
    with open(path, encoding="utf-8") as f:
        return ConceptModel.from_json(json.load(f))


def features(
    concepts: Sequence[str], units: Sequence[Unit], n_docs: int, first: list[dict[str, int]] | None = None
) -> np.ndarray:
    """One row of FEATURES per concept; units are every sentence of the articles in article order
    (make_units), `first` their concepts.spread() when the caller has it."""
    first = spread(units) if first is None else first
    index = {c: i for i, c in enumerate(concepts)}
    m = len(concepts)
    sentences = np.bincount([index[c] for u in units for c in u.bigrams if c in index], minlength=m)
    which, where = [], []  # (concept, first position) for each article holding the concept
    for d in first:
        for c, p in d.items():
            i = index.get(c)
            if i is not None:
                which.append(i)
                where.append(p)
    which_a, where_a = np.asarray(which, dtype=np.int64), np.asarray(where, dtype=float)
    df = np.bincount(which_a, minlength=m).astype(float)
    earliest = np.full(m, np.inf)
    np.minimum.at(earliest, which_a, where_a)
    earliest[~np.isfinite(earliest)] = 0.0
    worth = np.bincount(which_a, weights=1.0 + 0.5 ** (where_a / 2.0), minlength=m)
    lead = np.bincount(which_a, weights=(where_a < LEAD).astype(float), minlength=m)
    held: dict[int, set[str]] = {}
    for u in units:
        held.setdefault(u.doc, set()).update(u.content)
    word_df = Counter(w for s in held.values() for w in s)  # content stem -> articles holding it
    titles = {a.id: a.title for a in (u.article for u in units) if a.title}
    headline = {stem(w) for w in words(" ".join(titles.values())) if w not in STOPWORDS}
    per_pair = np.zeros((m, 4))  # headline words, number, both content, word article share
    for i, c in enumerate(concepts):
        a, b = c.split(" ")
        per_pair[i] = (
            (a in headline) + (b in headline),
            any(ch.isdigit() for ch in c),
            a in word_df and b in word_df,
            max(word_df[a], word_df[b]),
        )
    n = max(n_docs, 1)
    return np.column_stack([
        df / n, np.log1p(df), np.log1p(sentences), sentences / max(len(units), 1),
        np.exp(-earliest / EARLY_SCALE), np.log1p(worth), lead / n,
        per_pair[:, 0], per_pair[:, 1], per_pair[:, 2], per_pair[:, 3] / n, np.full(m, math.log(n)),
    ]) if m else np.zeros((0, len(FEATURES)))  # fmt: skip


def weigh(
    concepts: Sequence[str],
    units: Sequence[Unit],
    n_docs: int,
    model: ConceptModel,
    first: list[dict[str, int]] | None = None,
) -> dict[str, float]:
    """Concept -> the model's probability that a summary holds it."""
    if not concepts:
        return {}
    p = model.probabilities(features(concepts, units, n_docs, first))
    return dict(zip(concepts, p.tolist()))
