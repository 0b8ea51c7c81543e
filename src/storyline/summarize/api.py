"""The summarizers by name, and summarize(): one entry point for every method with its default parameters."""

from __future__ import annotations

import inspect
from collections.abc import Sequence

from storyline.model import Article, Summary
from storyline.summarize.base import Summarizer
from storyline.summarize.baselines import Centroid, Lead, LexRank, RoundRobin, TextRank
from storyline.summarize.concept_ilp import ConceptILP

SUMMARIZERS: dict[str, type[Summarizer]] = {
    cls.name: cls for cls in (ConceptILP, Lead, Centroid, LexRank, TextRank, RoundRobin)
}
METHODS = tuple(SUMMARIZERS)


def get_summarizer(name: str = "ilp", **params) -> Summarizer:
    """The summarizer registered as `name`, built with the given parameters (the rest default)."""
    if name not in SUMMARIZERS:
        raise ValueError(f"unknown method {name!r}; choose from {', '.join(METHODS)}")
    known = {p: v.default for p, v in inspect.signature(SUMMARIZERS[name]).parameters.items() if p != "self"}
    unknown = sorted(set(params) - set(known))
    if unknown:
        raise TypeError(f"unknown parameter {unknown[0]!r} of method {name!r}; known: {', '.join(known)}")
    for key, value in params.items():
        if not _fits(value, known[key]):
            raise TypeError(f"parameter {key!r} of method {name!r} takes a value like {known[key]!r}, not {value!r}")
    return SUMMARIZERS[name](**params)


def _fits(value: object, default: object) -> bool:
    """Whether a value can stand for a parameter of this default: a bool for a bool, a finite number
    for a number (a whole one for an int), text for text; anything for other defaults."""
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, int | float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        return isinstance(value, int) if isinstance(default, int) else value == value  # (not NaN)
    if isinstance(default, str):
        return isinstance(value, str)
    return True


def summarize(
    articles: Sequence[Article],
    words: int = 100,
    method: str = "ilp",
    seen: Sequence[Article] = (),
    query: str | None = None,
    cache: dict | None = None,
) -> Summary:
    """A cited summary by the named method with its default parameters (Summarizer.summarize)."""
    return get_summarizer(method).summarize(articles, words=words, query=query, seen=seen, cache=cache)
