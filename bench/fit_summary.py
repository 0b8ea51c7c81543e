"""Fit the learned concept weights of story summaries (storyline.summarize.scorer) on the dev sets.

    python bench/fit_summary.py            # fit on every dev set, write src/storyline/summarize/concept_model.json
    python bench/fit_summary.py --check    # fit and compare with the shipped file (exit 1 when it differs)

Each concept of a cluster's candidate sentences is one example, its target the share of the
cluster's reference summaries that hold the bigram (a logistic fit to that share: the example
counts as positive with weight share and as negative with weight 1 - share). The dev sets are DUC 2003 (100 words), MultiLing 2011
(250), Multi-News dev500 (250) and DUC 2007 set A (100, as a generic summary), read from
../shared/data; each set weighs the same in the fit, whatever its number of clusters. The model
is a logistic regression (L2, C = C chosen by bench/validate.py) on standardized features; the
file is rebuilt byte for byte (no randomness in the solver, sorted keys, rounded numbers).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from shipped import write_or_check
from sklearn.linear_model import LogisticRegression

from storyline.eval.datasets import doc_articles, records
from storyline.summarize import ConceptILP, scorer
from storyline.summarize.concepts import spread
from storyline.summarize.units import concept_pairs, make_units
from storyline.text.tokens import STOPWORDS, stem, words

SHARED = Path(os.environ.get("STORYLINE_SHARED", Path(__file__).resolve().parents[2] / "shared")) / "data"
# name, file, word budget, set (update files: the set read as a generic summary)
DATASETS = (
    ("duc2003", "duc2003_task2.jsonl", 100, None),
    ("multiling", "multiling2011_en.jsonl", 250, None),
    ("multinews", "multinews_dev500.jsonl", 250, None),
    ("duc2007A", "duc2007_update.jsonl", 100, "A"),
)
C = 0.01  # L2 regularization of the logistic regression, chosen by bench/validate.py --grid
DIGITS = 6


def clusters(file: str, part: str | None) -> list[dict]:
    """{id, articles, references} per cluster of a dev file (one set of each topic for update files)."""
    out = []
    for r in records(SHARED / "dev" / file):
        if part is None:
            out.append({"id": r["id"], "docs": r["docs"], "references": r["references"]})
        else:
            s = next(s for s in r["sets"] if s["set"] == part)
            out.append({"id": f"{r['id']}-{part}", "docs": s["docs"], "references": s["references"]})
    for c in out:
        c["articles"] = doc_articles(c.pop("docs"))
    return out


def reference_concepts(text: str) -> frozenset[str]:
    """A reference's concepts, made as a sentence's are."""
    toks = words(text)
    return concept_pairs([stem(w) for w in toks], [w not in STOPWORDS for w in toks])


def examples(cluster: dict, budget: int, cache: dict | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of the concepts of the cluster's candidate sentences (the default rules)."""
    summarizer = ConceptILP()
    articles = summarizer.ordered(cluster["articles"])
    units = make_units(articles, summarizer.reach_of(articles), cache)
    pool = summarizer.candidates(units, budget)
    names = sorted(set().union(*(u.bigrams for u in pool)))
    refs = [reference_concepts(r) for r in cluster["references"]]
    x = scorer.features(names, units, len(articles), spread(units))
    share = [sum(c in r for r in refs) / len(refs) for c in names]
    return x, np.array(share)


def load(names: Sequence[str] | None = None) -> dict[str, dict]:
    """name -> {budget, clusters}, each cluster with its examples (x, y) and a unit cache."""
    data = {}
    for name, file, budget, part in DATASETS:
        if names and name not in names:
            continue
        cs = clusters(file, part)
        for c in cs:
            c["cache"] = {}
            c["x"], c["y"] = examples(c, budget, c["cache"])
        data[name] = {"budget": budget, "clusters": cs}
    return data


def fit(groups: Sequence[Sequence[dict]], c: float = C) -> scorer.ConceptModel:
    """The model fitted on the clusters of each group (a dev set or part of one), every group
    weighing the same."""
    xs, ys, ws = [], [], []
    for group in groups:
        x = np.vstack([k["x"] for k in group])
        xs.append(x)
        ys.append(np.concatenate([k["y"] for k in group]))
        ws.append(np.full(len(x), 1.0 / len(x)))
    x, share, w = np.vstack(xs), np.concatenate(ys), np.concatenate(ws)
    w *= len(w) / w.sum()  # mean weight 1: C means what it means unweighted
    # each example twice: positive with weight share, negative with weight 1 - share
    x2 = np.vstack([x, x])
    y = np.concatenate([np.ones(len(x), int), np.zeros(len(x), int)])
    w2 = np.concatenate([w * share, w * (1 - share)])
    mean = np.average(x, axis=0, weights=w)
    scale = np.sqrt(np.average((x - mean) ** 2, axis=0, weights=w))
    mean, scale = np.round(mean, DIGITS), np.round(scale, DIGITS)
    scale[scale == 0] = 1.0  # a feature constant in the training sets
    lr = LogisticRegression(C=c, tol=1e-10, max_iter=10_000).fit((x2 - mean) / scale, y, sample_weight=w2)
    return scorer.ConceptModel(
        round(float(lr.intercept_[0]), DIGITS),
        tuple(round(float(v), DIGITS) for v in lr.coef_[0]),
        tuple(float(v) for v in mean),
        tuple(float(v) for v in scale),
    )


def dump(model: scorer.ConceptModel, c: float = C) -> str:
    return json.dumps({**model.to_json(), "C": c, "trained_on": [d[0] for d in DATASETS]}, indent=1, sort_keys=True) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the shipped model file")
    args = parser.parse_args()
    if not (SHARED / "dev").is_dir():
        print(f"shared data not found at {SHARED} (set STORYLINE_SHARED)", file=sys.stderr)
        return 2
    data = load()
    for name, d in data.items():
        y = np.concatenate([k["y"] for k in d["clusters"]])
        print(f"{name:<10} clusters {len(d['clusters']):>4}  concepts {len(y):>7}  in a reference {(y > 0).mean():.3f}")
    text = dump(fit([d["clusters"] for d in data.values()]))
    code = write_or_check(scorer.MODEL_FILE, text, args.check)
    if not args.check:
        print(text)
    return code


if __name__ == "__main__":
    sys.exit(main())
