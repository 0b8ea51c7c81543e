"""A learned ranking of a story's days (in the spirit of DATEWISE, Ghalandari & Ifrim 2020): a
logistic regression on counts of reports and mentions, fitted by bench/fit_dates.py on the
Timeline17 dev records and shipped as a small JSON file of standardisation and coefficients."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np

from storyline.model import Article

FEATURES = (
    "log_mentioning_articles",
    "log_published",
    "log_sentences",
    "log_later_mentions",
    "remembered",
    "position",
    "mention_rank",
    "log_neighbour_mentions",
)


def day_features(days: dict, articles: Sequence[Article], order: Sequence[dt.date]) -> np.ndarray:
    """One row of FEATURES per day of ``order`` (``days`` maps a day to its mentions and reports)."""
    published = {a.id: a.published for a in articles if a.published}
    dates = sorted(set(published.values())) or list(order)
    first, last = dates[0], dates[-1]
    length = max(1, (last - first).days)
    counts = sorted((len(days[d].mentioned_by) for d in order), reverse=True)
    by_ordinal = {d.toordinal(): len(v.mentioned_by) for d, v in days.items()}  # no date arithmetic at the calendar's ends
    rows = []
    for d in order:
        v = days[d]
        mentioning = len(v.mentioned_by)
        later = [published[i] for i in v.mentioned_by if i in published and published[i] > d]
        near = by_ordinal.get(d.toordinal() - 1, 0) + by_ordinal.get(d.toordinal() + 1, 0)
        rank = counts.index(mentioning) / max(1, len(counts) - 1)
        rows.append(
            [
                math.log1p(mentioning),
                math.log1p(len(v.published)),
                math.log1p(len(set(v.sentences))),
                math.log1p(len(later)),
                (max(later) - d).days / length if later else 0.0,
                (d - first).days / length,
                rank,
                math.log1p(near),
            ]
        )
    return np.array(rows, dtype=float).reshape(len(rows), len(FEATURES))


def model_scores(model: dict, x: np.ndarray) -> np.ndarray:
    """The model's probability that a reference timeline names each day (row of ``x``)."""
    if not len(x):
        return np.zeros(0)
    z = (x - np.array(model["mean"])) / np.array(model["scale"])
    return 1 / (1 + np.exp(-(z @ np.array(model["coef"]) + model["intercept"])))


@cache
def load_model(name: str) -> dict:
    """A model file by name (beside this module) or path."""
    path = Path(name) if Path(name).is_absolute() else Path(__file__).with_name(name)
    model = json.loads(path.read_text(encoding="utf-8"))
    if tuple(model["features"]) != FEATURES:
        raise ValueError(f"{path}: features {model['features']} are not {list(FEATURES)}")
    return model
