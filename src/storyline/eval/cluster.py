"""`storyline eval cluster`: replay a labelled stream through the story tracker and score it.

Scores are extended B-cubed (Amigó et al. 2009, overlap-aware: a document may carry several gold
stories) and pairwise precision / recall / F1 (a pair is gold-linked when it shares any gold story).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from itertools import combinations
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

from storyline.cli.common import positive
from storyline.eval import add_param_argument, parse_params
from storyline.eval.datasets import doc_article, failed, records

if TYPE_CHECKING:
    from storyline.cluster.features import SharedTerms

Labels = Mapping[str, frozenset[str] | set[str]]  # item -> the clusters it belongs to


def _members(labels: Labels) -> dict[str, set[str]]:
    groups: dict[str, set[str]] = defaultdict(set)
    for item, cs in labels.items():
        for c in cs:
            groups[c].add(item)
    return groups


def _sets(labels: Labels, items: list[str]) -> dict[str, set[str]]:
    """Cluster sets per item; an item with no cluster stands alone."""
    return {e: set(labels.get(e) or ()) or {"\0" + e} for e in items}


def _prf(p: float, r: float) -> tuple[float, float, float]:
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def bcubed(predicted: Labels, gold: Labels) -> tuple[float, float, float]:
    """Extended B-cubed precision, recall and F1 over the items of ``gold``.

    Multiplicity precision of a pair sharing a predicted cluster is
    min(|C(e)∩C(e')|, |L(e)∩L(e')|) / |C(e)∩C(e')|; recall swaps the roles.
    """
    items = list(gold)
    pred, true = _sets(predicted, items), _sets(gold, items)
    by_pred, by_gold = _members(pred), _members(true)

    def mean_ratio(e: str, own: dict[str, set[str]], other: dict[str, set[str]], groups) -> float:
        near = set().union(*(groups[c] for c in own[e]))
        return sum(
            min(len(own[e] & own[x]), len(other[e] & other[x])) / len(own[e] & own[x]) for x in near
        ) / len(near)

    p = sum(mean_ratio(e, pred, true, by_pred) for e in items) / len(items)
    r = sum(mean_ratio(e, true, pred, by_gold) for e in items) / len(items)
    return _prf(p, r)


def pairwise(predicted: Labels, gold: Labels) -> tuple[float, float, float]:
    """Pair counting: a pair is predicted-linked / gold-linked when it shares any cluster."""
    items = list(gold)

    def linked(labels: Labels) -> set[tuple[str, str]]:
        pairs: set[tuple[str, str]] = set()
        for members in _members(_sets(labels, items)).values():
            pairs.update(combinations(sorted(members), 2))
        return pairs

    pred_pairs, gold_pairs = linked(predicted), linked(gold)
    both = len(pred_pairs & gold_pairs)
    p = both / len(pred_pairs) if pred_pairs else 1.0
    r = both / len(gold_pairs) if gold_pairs else 1.0
    return _prf(p, r)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("stream", nargs="+", help="labelled stream, JSON Lines in date order; or dated summarization"
                        " or update records, each record's documents one story; several dated ones are merged")
    parser.add_argument("--out", help="write one JSON line per document: {id, story}")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--orders", type=positive, default=1, metavar="N",
                        help="also replay N - 1 more orders, each day's documents shuffled (seeded), and print the"
                        " mean, lowest and highest B-cubed F1 over the N: an online tracker depends on the order")
    add_param_argument(parser, "story tracker (cluster.TrackerParams)")


def load(path: str | Sequence[str]) -> tuple[list, dict[str, frozenset[str]]]:
    """(the stream's articles, id -> gold stories); several paths are one stream (merged)."""
    docs = merged([path] if isinstance(path, (str, PathLike)) else path)
    gold = {str(d["id"]): frozenset(d.get("clusters") or [d["cluster"]]) for d in docs}
    return [doc_article(d) for d in docs], gold


def stream_docs(path: str) -> list[dict]:
    """The documents of a labelled stream, in its order. Records of multi-document summarization
    ({"id", "docs"}) or update summarization ({"id", "sets": [{"docs"}]}) are a stream too: each
    record's documents are one gold story (a document in several records is in each), dated, in
    order of date, then id (wire ids such as APW19981001.0042 run in time within a day)."""
    found = list(records(path))
    if all("docs" not in r and "sets" not in r for r in found):
        return found
    docs: dict[str, dict] = {}
    for r in found:
        for d in r.get("docs") or [d for s in r.get("sets", ()) for d in s.get("docs", ())]:
            doc = docs.setdefault(str(d["id"]), {**d, "clusters": []})
            if not doc.get("date"):
                raise ValueError(f"{path}: document {d['id']} of record {r.get('id')} has no date: no stream order")
            if r["id"] not in doc["clusters"]:
                doc["clusters"].append(r["id"])
    return sorted(docs.values(), key=lambda d: (str(d["date"]), str(d["id"])))


def merged(paths: Sequence[str]) -> list[dict]:
    """The documents of the streams at ``paths`` (stream_docs), several merged into one in order of
    date, then id; each gold story is named after its file, so that two files share none."""
    if len(paths) == 1:
        return stream_docs(paths[0])
    docs = []
    for path in paths:
        for d in stream_docs(path):
            if not d.get("date"):
                raise ValueError(f"{path}: document {d['id']} has no date: streams merge in date order")
            docs.append({**d, "clusters": [f"{Path(path).stem}:{c}" for c in d.get("clusters") or [d["cluster"]]]})
    return sorted(docs, key=lambda d: (str(d["date"]), str(d["id"])))


def assign(articles: list, shared: SharedTerms | None = None, **params) -> dict[str, int]:
    """id -> story of every article, by a tracker with these parameters (``shared``: the terms
    of replays of these articles, features.SharedTerms)."""
    from storyline.cluster import StoryTracker

    tracker = StoryTracker(shared=shared, **params)
    story = {a.id: found.story_id for a, found in zip(articles, tracker.add_many(articles))}
    story.update(tracker.take_moves())  # (add_many's own assignments already name where the split pass moved them)
    merged = tracker.take_merges()  # stories the repair pass merged after their articles were assigned
    return {e: merged.get(s, s) for e, s in story.items()}


def shuffled_within_days(articles: Sequence, seed: int) -> list:
    """The articles in date order, those of each day (the undated ones: all of them) in a seeded random order."""
    rng = random.Random(seed)
    days: dict = {}
    for article in articles:
        days.setdefault(article.published, []).append(article)
    out: list = []
    for day in sorted(days, key=lambda d: (d is None, d)):
        group = days[day]
        rng.shuffle(group)
        out += group
    return out


def replay(path: str | Sequence[str], **params) -> tuple[dict[str, int], dict[str, frozenset[str]], float]:
    """Assign every document of the stream by a tracker with these parameters; returns
    (id -> story, id -> gold stories, docs/s)."""
    articles, gold = load(path)
    story, rate = timed(articles, **params)
    return story, gold, rate


def timed(articles: list, **params) -> tuple[dict[str, int], float]:
    """assign, and the docs/s it ran at."""
    import storyline.cluster  # noqa: F401  (imported before the clock starts: numpy's import is no tracker time)

    start = time.perf_counter()
    story = assign(articles, **params)
    elapsed = time.perf_counter() - start
    return story, len(articles) / elapsed if elapsed else 0.0


def scores(story: dict[str, int], gold: dict[str, frozenset[str]]) -> dict[str, float | int]:
    predicted = {e: {str(s)} for e, s in story.items()}
    bp, br, bf = bcubed(predicted, gold)
    pp, pr, pf = pairwise(predicted, gold)
    return {
        "docs": len(gold),
        "bcubed_p": bp, "bcubed_r": br, "bcubed_f1": bf,
        "pairwise_p": pp, "pairwise_r": pr, "pairwise_f1": pf,
        "stories": len(set(story.values())),
        "gold_stories": len(set().union(*gold.values())),
    }  # fmt: skip


def run(args: argparse.Namespace) -> int:
    try:
        params = parse_params(args.param)
        articles, gold = load(args.stream)
        story, rate = timed(articles, **params)
        result = scores(story, gold) | {"docs_per_s": rate}
        if args.orders > 1:
            shuffled = (shuffled_within_days(articles, seed) for seed in range(1, args.orders))
            f1 = [result["bcubed_f1"], *(scores(assign(run, **params), gold)["bcubed_f1"] for run in shuffled)]
            result["orders"] = {"n": len(f1), "bcubed_f1_mean": statistics.mean(f1),
                                "bcubed_f1_min": min(f1), "bcubed_f1_max": max(f1)}  # fmt: skip
    except (OSError, ValueError, KeyError, TypeError) as e:
        return failed("cluster", e)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            for doc_id, s in story.items():
                f.write(json.dumps({"id": doc_id, "story": s}) + "\n")
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{' + '.join(args.stream)}: {result['docs']} docs")
        print(f"B-cubed   P {result['bcubed_p']:.3f}  R {result['bcubed_r']:.3f}  F1 {result['bcubed_f1']:.3f}")
        print(f"pairwise  P {result['pairwise_p']:.3f}  R {result['pairwise_r']:.3f}  F1 {result['pairwise_f1']:.3f}")
        print(f"stories   predicted {result['stories']}  gold {result['gold_stories']}")
        print(f"speed     {rate:,.0f} docs/s")
        if "orders" in result:
            o = result["orders"]
            print(f"orders    B-cubed F1 over {o['n']} orders: mean {o['bcubed_f1_mean']:.3f}"
                  f"  lowest {o['bcubed_f1_min']:.3f}  highest {o['bcubed_f1_max']:.3f}")
    return 0
