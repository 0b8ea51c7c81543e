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
    known = [p for p in inspect.signature(SUMMARIZERS[name]).parameters if p != "self"]
    unknown = sorted(set(params) - set(known))
    if unknown:
        raise TypeError(f"unknown parameter {unknown[0]!r} of method {name!r}; known: {', '.join(known)}")
    return SUMMARIZERS[name](**params)


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
