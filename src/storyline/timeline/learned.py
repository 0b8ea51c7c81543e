"""A learned ranking of a story's days (in the spirit of DATEWISE, Ghalandari & Ifrim 2020): a
logistic regression on per-day features (counts of reports and mentions, their shares of the
story, mentions from later reports and in first sentences, places in the story's span), fitted
by bench/fit_dates.py on the Timeline17 dev records and shipped as a small JSON file of the
features it reads, standardisation and coefficients. Off by default: leave-one-topic-out it
does not beat the counts of timeline/build.py."""

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


# DATEWISE-like features (Ghalandari & Ifrim 2020) that do not grow with the story's size: shares
# of the story's articles, ranks, and places within the story's span.
FEATURES_V2 = FEATURES + (
    "share_mentioning",
    "share_published",
    "share_lead_mentioning",
    "share_later",
    "published_rank",
    "from_end",
    "share_neighbour_published",
)


def day_features(days: dict, articles: Sequence[Article], order: Sequence[dt.date], names: Sequence[str] = FEATURES) -> np.ndarray:
    """One row of ``names`` (features) per day of ``order`` (``days`` maps a day to its mentions and reports)."""
    published = {a.id: a.published for a in articles if a.published}
    dates = sorted(set(published.values())) or list(order)
    first, last = dates[0], dates[-1]
    length = max(1, (last - first).days)
    n = max(1, len(articles))
    counts = sorted((len(days[d].mentioned_by) for d in order), reverse=True)
    reports = sorted((len(days[d].published) for d in order), reverse=True)
    by_ordinal = {d.toordinal(): len(v.mentioned_by) for d, v in days.items()}  # no date arithmetic at the calendar's ends
    published_on = {d.toordinal(): len(v.published) for d, v in days.items()}
    rows = []
    for d in order:
        v = days[d]
        mentioning = len(v.mentioned_by)
        later = [published[i] for i in v.mentioned_by if i in published and published[i] > d]
        near = by_ordinal.get(d.toordinal() - 1, 0) + by_ordinal.get(d.toordinal() + 1, 0)
        near_published = published_on.get(d.toordinal() - 1, 0) + published_on.get(d.toordinal() + 1, 0)
        rank = counts.index(mentioning) / max(1, len(counts) - 1)
        row = {
            "log_mentioning_articles": math.log1p(mentioning),
            "log_published": math.log1p(len(v.published)),
            "log_sentences": math.log1p(len(set(v.sentences))),
            "log_later_mentions": math.log1p(len(later)),
            "remembered": (max(later) - d).days / length if later else 0.0,
            "position": (d - first).days / length,
            "mention_rank": rank,
            "log_neighbour_mentions": math.log1p(near),
            "share_mentioning": mentioning / n,
            "share_published": len(v.published) / n,
            "share_lead_mentioning": len(getattr(v, "lead_mentioned_by", ())) / n,
            "share_later": len(later) / n,
            "published_rank": reports.index(len(v.published)) / max(1, len(reports) - 1),
            "from_end": (last - d).days / length,
            "share_neighbour_published": near_published / n,
        }
        rows.append([row[k] for k in names])
    return np.array(rows, dtype=float).reshape(len(rows), len(names))


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
    unknown = set(model["features"]) - set(FEATURES_V2)
    if unknown:
        raise ValueError(f"{path}: unknown features {sorted(unknown)}")
    return model
