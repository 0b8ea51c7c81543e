"""The web cache's size estimate: cheap on a big story, and near the size of an exact walk."""

from __future__ import annotations

import dataclasses
import sys

from storyline.model import Article, Sentence
from storyline.web.backend import deep_size


def exact_size(obj) -> int:
    """Every object reachable from obj, each once (the estimate's reference)."""
    seen, stack, total = set(), [obj], 0
    while stack:
        o = stack.pop()
        if id(o) in seen:
            continue
        seen.add(id(o))
        total += sys.getsizeof(o)
        if isinstance(o, dict):
            stack += [*o.keys(), *o.values()]
        elif isinstance(o, (list, tuple, set, frozenset)):
            stack += list(o)
        elif dataclasses.is_dataclass(o):
            stack += [getattr(o, f.name) for f in dataclasses.fields(o)]
    return total


@dataclasses.dataclass
class Unit:  # like the summarizer's prepared sentence: shares its article
    article: Article
    sentence: Sentence
    stems: list[str]


def big_story(n: int) -> dict:
    articles = [
        Article(f"a{i}", f"Ferry {i} sailed. " * 30,
                [Sentence(j, f"Ferry {i} sailed at dawn number {j}.", paragraph=j // 4) for j in range(30)])
        for i in range(n)
    ]
    units = {(a.id, s.index): Unit(a, s, s.text.lower().split()) for a in articles for s in a.sentences}
    return {"articles": articles, "distinct": articles[1:], "by_id": {a.id: a for a in articles}, "units": units,
            "page": b"<html>" + b"x" * 100_000}


def test_estimate_is_near_the_exact_size():
    for n in (3, 40, 300):
        value = big_story(n)
        assert 0.7 < deep_size(value) / exact_size(value) < 1.5, n


def test_estimate_walks_few_objects_of_a_big_value(monkeypatch):
    calls = 0
    real = sys.getsizeof

    def counting(o, *default):
        nonlocal calls
        calls += 1
        return real(o, *default)

    value = big_story(300)  # about 100,000 objects
    monkeypatch.setattr(sys, "getsizeof", counting)
    deep_size(value)
    assert calls < 5_000
