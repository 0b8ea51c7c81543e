"""Fit the learned concept weights of update summaries (storyline.summarize.learned) on DUC 2007.

    python bench/fit_update_weights.py            # fit on all topics, print the model
    python bench/fit_update_weights.py --nested   # also: ROUGE-2 on held-out topics
    python bench/fit_update_weights.py --nested --worths 0 0.25   # also choose ARTICLE_WORTH
    python bench/fit_update_weights.py --reading  # choose UPDATE_REACH and UPDATE_HALF_LIFE (a minute on 2 cores)

Each concept of a set's candidate sentences is one example, labelled 1 when any human summary
of that set holds the bigram. A logistic regression (scikit-learn) is fitted on the sets A, B
and C of all topics. --nested measures what this gives on topics the model never saw: for each
topic, the model is fitted on the other nine and its regularization C and exponent (with --worths,
also the update's ConceptILP article_worth) chosen by leave-one-topic-out among those nine; sets B and C of the
held-out topic are then summarized and scored. The same
run scores the counted weights alone (no learned model) and the model shipped in the package, and
prints the C and exponent that leave-one-topic-out picks on all ten topics (the shipped ones).
--reading chooses how far into each new article an update reads and how fast its early-sentence
bonus fades (choose_reading).
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import multiprocessing
import os
import statistics
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

from storyline.eval.datasets import doc_articles, records
from storyline.eval.rouge import recall
from storyline.summarize import ConceptILP, learned
from storyline.summarize.units import concept_pairs, make_units
from storyline.text.tokens import STOPWORDS, stem, words

SHARED = Path(os.environ.get("STORYLINE_SHARED", Path(__file__).resolve().parents[2] / "shared")) / "data"
EXPONENTS = (0.4, 0.6, 0.8, 1.0)
C_GRID = (0.01, 0.1, 1.0, 10.0)  # L2 regularization of the logistic regression, chosen with the exponent
REACHES = (15, 25, 40, 1000)  # sentences of each new article an update reads (1000: all of them)
READINGS = tuple((reach, half_life) for reach in REACHES for half_life in (2.0, 4.0))
OFF = learned.Model(0.0, (0.0,) * len(learned.FEATURES), 0.0)  # probability 1/2 to the power 0: no change


def bigrams(text: str) -> frozenset[str]:
    """A reference's concepts, made as a sentence's are."""
    toks = words(text)
    return concept_pairs([stem(w) for w in toks], [w not in STOPWORDS for w in toks])


def prepare(path: Path) -> list[dict]:
    sets = []
    for record in records(path):
        seen_articles = []
        for part in record["sets"]:
            articles = ConceptILP().ordered(doc_articles(part["docs"]))
            s = {
                "topic": record["id"], "set": part["set"], "units": make_units(articles),
                "seen": make_units(seen_articles), "n": len(articles), "references": part["references"],
                "bigrams": [bigrams(r) for r in part["references"]],
            }  # fmt: skip
            s["x"], s["y"] = examples(s, ConceptILP.update_reach)  # the pools MODEL was fitted on
            sets.append(s)
            seen_articles = seen_articles + articles
    return sets


def examples(s: dict, reach: int) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of the concepts of a set's candidates, drawn from the first `reach`
    sentences of each article."""
    pool = ConceptILP(story_stock=True, update_reach=reach).candidates(s["units"], 100, s["seen"])
    names = sorted(set().union(*(u.bigrams for u in pool)))
    x = learned.features(names, s["units"], s["n"], pool, s["seen"])
    return x, np.array([any(c in r for r in s["bigrams"]) for c in names], dtype=int)


def fit(sets: list[dict], exponent: float, c: float = learned.C) -> learned.Model:
    x = np.vstack([s["x"] for s in sets])
    y = np.concatenate([s["y"] for s in sets])
    lr = LogisticRegression(C=c, tol=1e-8, max_iter=10_000).fit(x, y)
    coefficients = tuple(round(float(c), 4) for c in lr.coef_[0])
    return learned.Model(round(float(lr.intercept_[0]), 4), coefficients, exponent)


def score(s: dict, model: learned.Model, article_worth: float = ConceptILP.article_worth, **settings) -> float:
    """R-2 recall (%) of the set's update summary; `settings` are further ConceptILP parameters."""
    method = ConceptILP(model=model, article_worth=article_worth, **settings)
    chosen = method.select(s["units"], s["n"], 100, s["seen"])
    chosen.sort(key=lambda pair: (pair[0].doc, pair[0].position))
    return 100 * recall(" ".join(u.shown for u, _ in chosen), s["references"], 100)["R-2"]


def nested(sets: list[dict], worths: Sequence[float] = ()) -> dict[str, list[float]]:
    topics = sorted({s["topic"] for s in sets})
    updates = [s for s in sets if s["set"] != "A"]
    out: dict[str, list[float]] = {"B": [], "C": []}
    worths = worths or [ConceptILP.article_worth]
    for held in topics:
        rest = [t for t in topics if t != held]
        inner: dict[tuple[float, float, float], float] = {}
        for t in rest:
            models = {c: fit([s for s in sets if s["topic"] not in (held, t)], 1.0, c) for c in C_GRID}
            for s in (s for s in updates if s["topic"] == t):
                for c, e, w in itertools.product(C_GRID, EXPONENTS, worths):
                    score_ = score(s, dataclasses.replace(models[c], exponent=e), w)
                    inner[(c, e, w)] = inner.get((c, e, w), 0.0) + score_
        c, best, worth = max(inner, key=inner.__getitem__)
        model = fit([s for s in sets if s["topic"] != held], best, c)
        held_out = {s["set"]: score(s, model, worth) for s in updates if s["topic"] == held}
        for name, value in held_out.items():
            out[name].append(value)
        scores = ", ".join(f"{name} {value:.2f}" for name, value in held_out.items())
        print(f"  {held}: C {c}, exponent {best}, article worth {worth}, R-2 {scores}",
              file=sys.stderr, flush=True)  # fmt: skip
    return out


def choose_model(sets: list[dict]) -> dict[tuple[float, float], float]:
    """Summed B and C ROUGE-2 per (C, exponent), each topic scored by the model fitted on the other
    nine: the shipped C and exponent are the best of these (the first of a tie)."""
    topics = sorted({s["topic"] for s in sets})
    sums = {(c, e): 0.0 for c in C_GRID for e in EXPONENTS}
    for held in topics:
        for c in C_GRID:
            model = fit([s for s in sets if s["topic"] != held], 1.0, c)
            for s in (s for s in sets if s["topic"] == held and s["set"] != "A"):
                for e in EXPONENTS:
                    sums[(c, e)] += score(s, dataclasses.replace(model, exponent=e))
    return sums


def choose_reading(sets: list[dict]) -> dict[str, object]:
    """How far into each new article an update reads (ConceptILP update_reach) and how fast its
    early-sentence bonus fades (update_half_life), chosen as fit_dates.py chooses a part's default.

    "loto": per setting, B+C ROUGE-2 summed over the topics, each scored by the model fitted on
    the other nine (its features drawn from the setting's candidates, the shipped exponent);
    "nested": per topic, the setting the other nine pick that way (each of them scored by the
    model fitted on the remaining eight), scored on the topic; "default": the shipped setting,
    which becomes the all-topic choice only when the nested sum beats the default's loto sum.
    The topics are shared out to one forked process per core."""
    topics = sorted({s["topic"] for s in sets})
    drawn = {r: [dict(zip(("x", "y", "topic"), (*examples(s, r), s["topic"]))) for s in sets] for r in REACHES}
    _READING.update(sets=sets, drawn=drawn, topics=topics, models={})
    try:
        fork = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(os.cpu_count(), mp_context=fork, initializer=threadpool_limits, initargs=(1,)) as pool:
            loto_parts = pool.map(_loto, topics)
            inner_parts = pool.map(_inner, topics)
            by_topic = dict(zip(topics, loto_parts))
            loto = {st: {t: by_topic[t][st] for t in topics} for st in READINGS}
            inner = dict(zip(topics, inner_parts))
    finally:
        _READING.clear()
    nested, picks = 0.0, []
    for held in topics:
        best = max(READINGS, key=inner[held].__getitem__)  # ties: the earlier setting
        picks.append(best)
        nested += loto[best][held]
    sums = {st: sum(v.values()) for st, v in loto.items()}
    default = (ConceptILP.update_reach, ConceptILP.update_half_life)
    chosen = max(READINGS, key=sums.__getitem__)
    return {"loto": sums, "nested": nested, "picks": picks, "default": chosen if nested > sums[default] else default}


_READING: dict = {}  # choose_reading's sets, examples and fitted models, which its forked workers read


def _reading_model(reach: int, without: frozenset[str]) -> learned.Model:
    models = _READING["models"]
    if (reach, without) not in models:
        rows = [s for s in _READING["drawn"][reach] if s["topic"] not in without]
        models[(reach, without)] = fit(rows, learned.MODEL.exponent)
    return models[(reach, without)]


def _topic_score(setting: tuple[int, float], topic: str, without: frozenset[str]) -> float:
    reach, half_life = setting
    m = _reading_model(reach, without)
    updates = (s for s in _READING["sets"] if s["set"] != "A" and s["topic"] == topic)
    return sum(score(s, m, update_reach=reach, update_half_life=half_life) for s in updates)


def _loto(topic: str) -> dict[tuple, float]:
    """Per setting, the topic's score by the model fitted on the other nine."""
    return {st: _topic_score(st, topic, frozenset({topic})) for st in READINGS}


def _inner(held: str) -> dict[tuple, float]:
    """Per setting, the other topics' summed scores, each by the model fitted without it and ``held``."""
    others = [t for t in _READING["topics"] if t != held]
    return {st: sum(_topic_score(st, t, frozenset({held, t})) for t in others) for st in READINGS}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nested", action="store_true", help="score held-out topics (about two minutes)")
    parser.add_argument("--reading", action="store_true", help="choose update_reach and update_half_life (minutes)")
    parser.add_argument("--worths", type=float, nargs="+", default=(), help="article worths to choose among (nested)")
    args = parser.parse_args()
    path = SHARED / "dev" / "duc2007_update.jsonl"
    if not path.is_file():
        print(f"shared data not found at {path} (set STORYLINE_SHARED)", file=sys.stderr)
        return 2
    sets = prepare(path)
    model = fit(sets, learned.MODEL.exponent, learned.C)
    print(f"examples: {sum(len(s['y']) for s in sets)}, positive: {sum(int(s['y'].sum()) for s in sets)}")
    print(f"fitted:  {model}")
    print(f"shipped: {learned.MODEL}")
    rows = {"counted weights only": OFF, "shipped model (fitted on these topics)": learned.MODEL}
    results = {name: {"B": [], "C": []} for name in rows}
    for s in (s for s in sets if s["set"] != "A"):
        for name, m in rows.items():
            results[name][s["set"]].append(score(s, m))
    if args.nested:
        sums = choose_model(sets)
        print("C and exponent on all ten topics (B+C R-2 summed, each topic left out of its fit):")
        for c in C_GRID:
            print(f"  C {c:<5} " + ", ".join(f"{e} {sums[(c, e)]:.1f}" for e in EXPONENTS))
        c, e = max(sums, key=sums.__getitem__)
        print(f"  best: C {c}, exponent {e}")
        results["held-out topics (nested)"] = nested(sets, args.worths)
    if args.reading:
        r = choose_reading(sets)
        print("update reach and half-life (B+C R-2 summed, each topic left out of its fit): "
              + ", ".join(f"{reach}/{half:g} {v:.1f}" for (reach, half), v in r["loto"].items()))
        print(f"  chosen per held-out topic: {r['nested']:.1f} ({', '.join(f'{a}/{b:g}' for a, b in r['picks'])})")
        print(f"  default: {'stays' if r['default'] == (ConceptILP.update_reach, ConceptILP.update_half_life) else 'becomes'}"
              f" {r['default'][0]}/{r['default'][1]:g}")
    print(f"{'DUC 2007 update, ROUGE-2 recall (%)':<42}{'B':>8}{'C':>8}")
    for name, r in results.items():
        print(f"{name:<42}{statistics.mean(r['B']):8.2f}{statistics.mean(r['C']):8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
