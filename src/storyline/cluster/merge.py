"""The learned merge decision: the probability that an article (or a small story) belongs to a
candidate story, from a few similarities combined by logistic regression.

The model is a small JSON file (``merge_model.json`` beside this module, rebuilt exactly by
bench/fit_merge.py): feature names, the means and scales that standardise them, coefficients and an
intercept. Scoring is numpy only; scikit-learn is needed to fit, not to use.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

SHIPPED = Path(__file__).with_name("merge_model.json")

# What the model sees of an (article, candidate story) pair, in this order.
FEATURES = (
    "cosine",  # body: article unit vector . story centroid / |centroid|
    "lead_cosine",  # the article's title and lead against the story's titles and leads
    "cohesion",  # cosine / the mean cosine the story's own articles joined with (1 for a new story)
    "names",  # share of the article's names the story has among its names
    "has_names",  # 1 when both have names
    "gap",  # log(1 + days / 7) between the article and the story's last article, when both dated
    "dated",  # 1 when both are dated
    "source",  # share of the story's articles from the article's source (0 when it has none)
    "size",  # log(1 + the story's articles)
    "margin",  # cosine less the best cosine among the candidates (0 for the best)
)


@dataclass(frozen=True)
class MergeModel:
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    features: tuple[str, ...] = FEATURES

    def probability(self, x: np.ndarray) -> np.ndarray:
        """P(same story) of each row of features (rows in FEATURES order)."""
        z = ((x - self._mean) / self._scale) @ self._coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def __post_init__(self) -> None:
        if tuple(self.features) != FEATURES:
            raise ValueError(f"merge model features {self.features} are not {FEATURES}")
        object.__setattr__(self, "_mean", np.array(self.mean, np.float64))
        object.__setattr__(self, "_scale", np.array(self.scale, np.float64))
        object.__setattr__(self, "_coef", np.array(self.coef, np.float64))

    def to_json(self) -> str:
        data = {"features": list(self.features), "mean": list(self.mean), "scale": list(self.scale),
                "coef": list(self.coef), "intercept": self.intercept}  # fmt: skip
        return json.dumps(data, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str) -> MergeModel:
        data = json.loads(text)
        return cls(tuple(data["mean"]), tuple(data["scale"]), tuple(data["coef"]), float(data["intercept"]),
                   tuple(data["features"]))  # fmt: skip


@lru_cache(maxsize=8)
def load(name: str) -> MergeModel | None:
    """The model named by a TrackerParams.merge_model: "" for none, "shipped" for the packaged
    file, else a path."""
    if not name:
        return None
    path = SHIPPED if name == "shipped" else Path(name)
    return MergeModel.from_json(path.read_text(encoding="utf-8"))
