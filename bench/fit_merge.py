"""Fit the tracker's merge model (cluster/merge.py) on the dev clustering streams, choose its
probability cuts, and score the choice leave-one-stream-out.

Pairs: each dev stream is replayed by the tracker without a model (its threshold and cohesion
rules decide); for every article, each candidate story the index offers is one pair, with the
features of cluster.merge.FEATURES, labelled 1 when one of the article's gold stories is (one of) the
candidate's majority gold stories as it stands then. A logistic regression (standardised features,
coefficients rounded to 4 decimals, C from a small grid) is fitted on the pairs of the training
streams; then merge_cut (join the likeliest candidate at least this probable), and after it the
repair pass (repair_every, repair_cut), are chosen by the mean B-cubed F1 of replays of the training
streams; merge_cut None keeps the tracker's rules for joining (the model then only repairs), and
with no repair either it is the tracker without a model. Leave-one-stream-out: trained and chosen on
the other streams (bench/fit_cluster.py's), scored on the one left out. The shipped model is trained and chosen on all; ties go to
the rules, the larger C, the lower cut, no repair.

    python bench/fit_merge.py [--data ../shared/data/dev] [--write | --check]

--write rewrites src/storyline/cluster/merge_model.json (the same bytes on every run); --check compares
the fit with it. The tracker
uses the model by default (TrackerParams.merge_model, merge_cut, repair_every, repair_cut) only when
its leave-one-stream-out mean B-cubed F1 beats the rules'; the last line says which.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
from fit_cluster import STREAMS
from shipped import write_or_check
from sklearn.linear_model import LogisticRegression

from storyline.cluster import StoryTracker
from storyline.cluster.merge import FEATURES, SHIPPED, MergeModel
from storyline.eval.cluster import load, scores

C_GRID = (0.1, 1.0, 10.0)
CUTS = (None,) + tuple(round(0.2 + 0.05 * k, 2) for k in range(13))  # None: the rules join, 0.2 .. 0.8
# Left out of the fit (coefficient 0): features constant on a dev stream (no dates on Multi-News, sources
# only on DUC, names hardly found in lowercased Multi-News text, story sizes of 10 on MultiLing), which
# put a held-out stream off the training range once standardised (leave-one-stream-out Multi-News
# scored lower with them in).
DROP = {"names", "has_names", "dated", "source", "size"}
REPAIRS = ((0, 0.0),) + tuple((e, c) for e in (100, 500) for c in (0.6, 0.7, 0.8, 0.9, 0.95))


def pairs(articles, gold) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of every (article, candidate story) the tracker without a model met."""
    tracker = StoryTracker()
    tracker.record = []
    found = tracker.add_many(articles)
    by_article = {article_id: (chosen, x) for article_id, chosen, x in tracker.record}
    stories: dict[int, Counter] = {}
    rows, labels = [], []
    for article, assignment in zip(articles, found):
        if article.id in by_article:
            chosen, x = by_article[article.id]
            for story_id, row in zip(chosen, x):
                count = stories[story_id]
                top = max(count.values())
                labels.append(bool(gold[article.id] & {c for c, n in count.items() if n == top}))
                rows.append(row)
        stories.setdefault(assignment.story_id, Counter()).update(gold[article.id])
    return np.array(rows), np.array(labels, np.int64)


def fit(x: np.ndarray, y: np.ndarray, c: float, weight: np.ndarray) -> MergeModel:
    """Logistic regression on standardised features (those in DROP left at 0), each stream weighing the same."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    used = [k for k, name in enumerate(FEATURES) if name not in DROP]
    lr = LogisticRegression(C=c, max_iter=2000).fit(((x - mean) / scale)[:, used], y, sample_weight=weight)
    coef = np.zeros(len(FEATURES))
    coef[used] = lr.coef_[0]

    def r(v) -> tuple[float, ...]:
        return tuple(round(float(a), 4) + 0.0 for a in v)

    return MergeModel(
        r(mean),
        tuple(max(a, 1e-4) for a in r(scale)),
        r(coef),
        round(float(lr.intercept_[0]), 4) + 0.0,
    )


class Replays:
    """B-cubed F1 of a stream replayed with a model and cuts (cached)."""

    def __init__(self, data: dict, tmp: Path) -> None:
        self.data, self.tmp, self.paths, self.cache = data, tmp, {}, {}

    def path(self, model: MergeModel) -> str:
        text = model.to_json()
        if text not in self.paths:
            self.paths[text] = p = self.tmp / f"model{len(self.paths)}.json"
            p.write_text(text, encoding="utf-8")
        return str(self.paths[text])

    def f1(
        self,
        stream: str,
        model: MergeModel | None,
        cut: float = 0.5,
        repair=(0, 0.0),
        full=False,
    ):
        key = (stream, model, cut, repair)
        if key not in self.cache:
            articles, gold = self.data[stream]
            params = {} if model is None else {"merge_model": self.path(model), "merge_cut": cut,
                                               "repair_every": repair[0], "repair_cut": repair[1]}  # fmt: skip
            tracker = StoryTracker(**params)
            found = tracker.add_many(articles)
            merged = tracker.take_merges()
            story = {a.id: merged.get(f.story_id, f.story_id) for a, f in zip(articles, found)}
            self.cache[key] = scores(story, gold)
        return self.cache[key] if full else self.cache[key]["bcubed_f1"]


def choose(replays: Replays, pairs_of: dict, train: list[str]) -> tuple[MergeModel, float, tuple, float]:
    """(model, merge_cut, repair, C) best on the training streams."""
    x = np.concatenate([pairs_of[s][0] for s in train])
    y = np.concatenate([pairs_of[s][1] for s in train])
    n = sum(len(pairs_of[s][1]) for s in train)
    weight = np.concatenate([np.full(len(pairs_of[s][1]), n / len(train) / len(pairs_of[s][1])) for s in train])

    def mean(model, cut, repair=(0, 0.0)):
        return round(sum(replays.f1(s, model, cut, repair) for s in train) / len(train), 6)

    best = None
    for c in C_GRID:
        model = fit(x, y, c, weight)
        for cut in CUTS:
            key = (mean(model, cut), cut is None, c, -(cut or 0))
            if best is None or key > best[0]:
                best = (key, model, cut, c)
    _, model, cut, c = best
    repair = max(REPAIRS, key=lambda r: (mean(model, cut, r), r == (0, 0.0), -r[0], r[1]))
    return model, cut, repair, c


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data",
        default=str(Path(__file__).resolve().parents[2] / "shared" / "data" / "dev"),
    )
    parser.add_argument("--write", action="store_true", help="rewrite the shipped model file")
    parser.add_argument("--check", action="store_true", help="compare the fit with the shipped model file (exit 1 when it differs)")
    args = parser.parse_args()
    data = {s: load(f"{args.data}/{s}.jsonl") for s in STREAMS}
    pairs_of = {s: pairs(*data[s]) for s in STREAMS}
    for s in STREAMS:
        print(f"{s}: {len(pairs_of[s][1])} pairs, {int(pairs_of[s][1].sum())} positive")
    with tempfile.TemporaryDirectory() as tmp:
        replays = Replays(data, Path(tmp))
        model, cut, repair, c = choose(replays, pairs_of, list(STREAMS))
        print(f"in-sample choice (the shipped model's settings): C={c} merge_cut={cut} repair_every={repair[0]} "
              f"repair_cut={repair[1]}")
        print(
            "coefficients:",
            dict(zip(model.features, model.coef)),
            "intercept",
            model.intercept,
        )
        print(f"{'stream':<26} {'before P/R/F1':>20} {'in-sample P/R/F1':>20} {'LOSO P/R/F1':>20}  LOSO choice")
        rules, held_out = [], []
        for stream in STREAMS:
            loso = choose(replays, pairs_of, [s for s in STREAMS if s != stream])
            cells = [replays.f1(stream, None, full=True), replays.f1(stream, model, cut, repair, full=True),
                     replays.f1(stream, loso[0], loso[1], loso[2], full=True)]  # fmt: skip
            text = [f"{r['bcubed_p']:.3f}/{r['bcubed_r']:.3f}/{r['bcubed_f1']:.3f}" for r in cells]
            print(f"{stream:<26} {text[0]:>20} {text[1]:>20} {text[2]:>20}  C={loso[3]} cut={loso[1]} repair={loso[2]}")
            rules.append(cells[0]["bcubed_f1"])
            held_out.append(cells[2]["bcubed_f1"])
        # the tracker uses the model by default only if it beats the rules on the streams it was not fitted on
        on = sum(held_out) > sum(rules)
        print(f"mean B-cubed F1, rules {sum(rules) / len(rules):.3f}, model leave-one-stream-out "
              f"{sum(held_out) / len(held_out):.3f}: the tracker's default is {'the model' if on else 'the rules (no model)'}")
    if args.write or args.check:
        sys.exit(write_or_check(SHIPPED, model.to_json(), args.check))


if __name__ == "__main__":
    main()
