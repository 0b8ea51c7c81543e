"""Fit and validate the timeline's date ranking and sentence choice on the Timeline17 dev records.

    python bench/fit_dates.py [--write | --check] [--quick] [--only ranking|sentences|depth] [--counts-only]

Each (record, reference timeline) is one case: the articles inside the reference's span, K and M
from the reference (news-tls protocol, as `storyline eval timeline`). Every setting is scored
in-sample and leave-one-topic-out (LOTO; topics bpoil, h1n1, mj, haiti), with alignment ROUGE-1 and
ROUGE-2 F1, and date F1 (F1 of mean P and R, as the eval prints them):

1. Date ranking (DATEWISE-like, Ghalandari & Ifrim 2020): counts (the default; with other weights of
   reports and of the neighbour damping, chosen for a held-out topic on the other topics), or a supervised
   model of a day being in the reference, from per-day features (timeline/learned.py: mention and
   report counts, their shares of the story, mentions from later reports, mentions in the first
   sentences, places in the span, neighbours). Models: logistic regression (scikit-learn,
   liblinear, balanced) over FEATURES or FEATURES_V2 with C from a grid, and gradient-boosted
   trees over FEATURES_V2; each with or without the neighbour damping. For a held-out topic, the
   model is fitted on the other topics and its hyper-parameters chosen by an inner LOTO on them.
2. Sentence choice per date (centroid of the date's sentences + story salience, à la Martschat &
   Markert 2018 / DATEWISE): story_weight, lead_bonus, mention_bonus (a sentence naming the day
   against a lead taken for it) and fit_all (TF-IDF fitted on every sentence or on candidates),
   chosen for a held-out topic on the other topics.
3. Reading depth: past max_articles articles, each article's first ``reach`` sentences only,
   chosen for a held-out topic on the other topics.

The ranking part also prints the counts with the latest report's day ranked as the others (the
builder takes it first: a rule, not a fitted choice).

A "chosen per held-out topic" line is the honest LOTO figure of a family of settings: the choice
itself is made without the topic scored. Every part scores the builder's current defaults for
what it does not vary. --only runs one part; --counts-only leaves the fitted rankings out.

Selection key: date F1 + 4 * align R1 (the two on a like scale). A part's default in
timeline/build.py becomes its "setting chosen on all topics" (the best by the key over every topic)
only when choosing pays on topics left out: the "chosen per held-out topic" line beats the current
default by the key; each part says which ("default: ..."). Parts are settled in order: the ranking,
then the sentence choice and the depth on it. --write saves the logistic model
of the best logistic setting leave-one-topic-out, fitted on every case (timeline/dates_model.json,
off by default), rebuilt byte for byte (fixed solver, rounding); --check compares that fit with the file. --quick: a smaller grid.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
from shipped import write_or_check

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "dev" / "timeline17_dev.jsonl"
OUT = ROOT / "src" / "storyline" / "timeline" / "dates_model.json"
GRID_C = (0.001, 0.01, 0.1, 1.0)
SENTENCE_GRID = {
    "story_weight": (0.25, 0.5, 1.0),
    "lead_bonus": (0.0, 0.25, 0.5),
    "mention_bonus": (0.0, 0.25, 0.5),
    "fit_all": (True, False),
    "duplicate": (0.4, 0.5, 0.6, 0.7),  # the cosine above which a date's second sentence repeats one taken
}


def key(m: tuple[float, float, float]) -> float:
    return m[2] + 4 * m[0]


def verdict(chosen: tuple, default: tuple, setting: object) -> None:
    """Whether a part's default should become its choice: only when choosing pays on held-out topics."""
    pays = key(chosen) > key(default)
    print(f"default: {'becomes ' + str(setting) if pays else 'stays'} (key held out {key(chosen):.4f}, "
          f"default {key(default):.4f})\n", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help=f"write {OUT.relative_to(ROOT)}")
    parser.add_argument("--check", action="store_true", help="compare the fit with the shipped model file (exit 1 when it differs)")
    parser.add_argument("--quick", action="store_true", help="a smaller grid")
    parser.add_argument("--only", choices=("ranking", "sentences", "depth"), help="one part only")
    parser.add_argument("--counts-only", action="store_true", help="date rankings: the counts settings only (nothing fitted)")
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"missing {DATA}: the fit reads the shared dev data")

    from storyline.eval import timeline as tl_eval
    from storyline.eval.datasets import doc_articles, records
    from storyline.timeline import TimelineBuilder
    from storyline.timeline.learned import FEATURES, FEATURES_V2, day_features

    base = TimelineBuilder()
    cases = []
    for record in records(DATA):
        articles = doc_articles(record["docs"])
        for _, ref in tl_eval.reference_timelines(record):
            first, last = min(ref), max(ref)
            inside = [a for a in articles if a.published and first <= a.published <= last]
            prepared = {fit: replace(base, fit_all=fit).prepare(inside, (first, last)) for fit in (True, False)}
            days = prepared[True].days
            order = sorted(days)
            x = day_features(days, inside, order, FEATURES_V2)
            y = np.array([d in ref for d in order], dtype=int)
            k, m = tl_eval.shape(ref)
            cases.append({"topic": record["topic"].lower(), "inside": inside, "ref": ref, "prepared": prepared,
                          "order": order, "x": x, "y": y, "k": k, "m": m})  # fmt: skip
    topics = sorted({c["topic"] for c in cases})
    print(f"{len(cases)} timelines, topics {', '.join(topics)}", flush=True)

    class Scored(TimelineBuilder):
        """The builder with day scores given per case (a fitted model's probabilities)."""

        def day_scores(self, days, articles):  # noqa: ANN001
            return self._given  # type: ignore[attr-defined]

    def build(case, params: dict, day_scores=None):
        builder = TimelineBuilder(**params) if day_scores is None else Scored(**params)
        if day_scores is not None:
            object.__setattr__(builder, "_given", dict(zip(case["order"], day_scores)))
        entries = builder.select(case["prepared"][builder.fit_all], case["inside"], case["k"], case["m"])
        pred = {e.date: [s.original for s in e.sentences] for e in entries}
        return {"seconds": 0.0, "scores": tl_eval.score(pred, [case["ref"]])}

    def metrics(rows) -> tuple[float, float, float]:
        s = tl_eval.summary(rows)
        return s["align"]["rouge_1"]["f_score"], s["align"]["rouge_2"]["f_score"], s["dates"]["f_score"]

    def fmt(m: tuple[float, float, float]) -> str:
        return f"{m[0]:.4f} {m[1]:.4f} {m[2]:.4f}"

    # -- models -------------------------------------------------------------------------------
    def columns(names):
        return [FEATURES_V2.index(n) for n in names]

    def fit_lr(train, names, c):
        from sklearn.linear_model import LogisticRegression

        cols = columns(names)
        x = np.vstack([t["x"][:, cols] for t in train])
        y = np.concatenate([t["y"] for t in train])
        mean, scale = x.mean(axis=0), x.std(axis=0)
        scale[scale == 0] = 1
        lr = LogisticRegression(C=c, solver="liblinear", class_weight="balanced").fit((x - mean) / scale, y)
        r = lambda v: [round(float(a), 6) for a in v]  # noqa: E731
        return {"features": list(names), "C": c, "mean": r(mean), "scale": r(scale),
                "coef": r(lr.coef_[0]), "intercept": round(float(lr.intercept_[0]), 6)}  # fmt: skip

    def lr_scores(model, case):
        from storyline.timeline.learned import model_scores

        return model_scores(model, case["x"][:, columns(model["features"])])

    def fit_gbm(train, names, depth):
        from sklearn.ensemble import GradientBoostingClassifier

        cols = columns(names)
        x = np.vstack([t["x"][:, cols] for t in train])
        y = np.concatenate([t["y"] for t in train])
        gbm = GradientBoostingClassifier(n_estimators=100, max_depth=depth, learning_rate=0.05, subsample=0.8,
                                         random_state=0).fit(x, y)  # fmt: skip
        return {"features": list(names), "gbm": gbm}

    def gbm_scores(model, case):
        return model["gbm"].predict_proba(case["x"][:, columns(model["features"])])[:, 1]

    rankings = {}  # name -> (fit(train) -> model, scores(model, case), builder params)
    for pw, nb in itertools.product((0.0, 0.25, 0.5, 1.0), (0.25, 0.5, 1.0)):  # counts: nothing fitted
        rankings[f"counts pw={pw} nb={nb}"] = (lambda train: None, None, {"published_weight": pw, "neighbour": nb})
    for neighbour in (0.5, 1.0):
        for c in () if args.counts_only else GRID_C if not args.quick else (0.1,):
            for fname, names in (("v1", FEATURES), ("v2", FEATURES_V2)):
                rankings[f"lr {fname} C={c} nb={neighbour}"] = (
                    lambda train, names=names, c=c: fit_lr(train, names, c), lr_scores, {"neighbour": neighbour})
        for depth in () if args.counts_only else (2,):
            rankings[f"gbm v2 depth={depth} nb={neighbour}"] = (
                lambda train, depth=depth: fit_gbm(train, FEATURES_V2, depth), gbm_scores, {"neighbour": neighbour})

    def ranking_rows(name, train_topics, test_cases, extra=None):
        fit, scorer, params = rankings[name]
        model = fit([c for c in cases if c["topic"] in train_topics])
        return [build(c, {**params, **(extra or {})}, scorer(model, c) if scorer else None) for c in test_cases]

    def loto_ranking(name, pool):
        """LOTO rows over the topics of ``pool`` for one fixed ranking setting."""
        rows = []
        for t in pool:
            rows += ranking_rows(name, set(pool) - {t}, [c for c in cases if c["topic"] == t])
        return rows

    if args.only in (None, "ranking"):
        counts = [build(c, {}) for c in cases]
        table = [("counts (default; nothing fitted)", metrics(counts), metrics(counts))]
        print(f"{'setting':<40} {'in-sample R1/R2/dateF1':>24} {'LOTO R1/R2/dateF1':>24}", flush=True)
        print(f"{table[0][0]:<40} {fmt(table[0][1]):>24} {fmt(table[0][2]):>24}", flush=True)
        unforced = metrics([build(c, {"latest": False}) for c in cases])  # the rule off (a rule: nothing chosen)
        print(f"{'counts, latest day ranked as the others':<40} {fmt(unforced):>24} {fmt(unforced):>24}", flush=True)
        loto = {}
        for name in rankings:
            inside = metrics(ranking_rows(name, set(topics), cases))
            loto[name] = metrics(loto_ranking(name, topics))
            print(f"{name:<40} {fmt(inside):>24} {fmt(loto[name]):>24}", flush=True)

        # nested: for each held-out topic, the ranking setting best by LOTO on the other topics
        nested = []
        for t in topics:
            rest = [u for u in topics if u != t]
            best = max(rankings, key=lambda n: key(metrics(loto_ranking(n, rest))))
            print(f"  held out {t}: chose {best}", flush=True)
            nested += ranking_rows(best, set(rest), [c for c in cases if c["topic"] == t])
        best_all = max(rankings, key=lambda n: key(loto[n]))
        print(f"{'learned ranking, setting chosen nested':<40} {'':>24} {fmt(metrics(nested)):>24}")
        print(f"setting chosen on all topics: {best_all}", flush=True)
        verdict(metrics(nested), metrics(counts), best_all)

    # -- sentence choice (date ranking: counts) ------------------------------------------------
    if args.only in (None, "sentences"):
        names = list(SENTENCE_GRID)
        grid = [dict(zip(names, v)) for v in itertools.product(*SENTENCE_GRID.values())]
        current = {n: getattr(base, n) for n in names}
        if args.quick:  # every third setting, and the builder's own
            grid = [g for i, g in enumerate(grid) if i % 3 == 0 or g == current]
        per_case = {i: [build(c, g) for c in cases] for i, g in enumerate(grid)}
        by_topic = lambda i, pool: [r for r, c in zip(per_case[i], cases) if c["topic"] in pool]  # noqa: E731
        chosen_rows = []
        for t in topics:
            rest = set(topics) - {t}
            best = max(range(len(grid)), key=lambda i: key(metrics(by_topic(i, rest))))
            print(f"  held out {t}: chose {grid[best]}", flush=True)
            chosen_rows += by_topic(best, {t})
        best = max(range(len(grid)), key=lambda i: key(metrics(per_case[i])))
        default = grid.index(current)
        print(f"{'sentence choice':<40} {'in-sample R1/R2/dateF1':>24} {'LOTO R1/R2/dateF1':>24}")
        print(f"{'default ' + str(grid[default]):<40} {fmt(metrics(per_case[default])):>24} {fmt(metrics(per_case[default])):>24}")
        print(f"{'chosen per held-out topic':<40} {'':>24} {fmt(metrics(chosen_rows)):>24}")
        print(f"{'best in-sample ' + str(grid[best]):<40} {fmt(metrics(per_case[best])):>24}")
        for i in sorted(range(len(grid)), key=lambda i: -key(metrics(per_case[i])))[:8]:
            print(f"  {str(grid[i]):<70} {fmt(metrics(per_case[i]))}")
        print(f"setting chosen on all topics: {grid[best]}", flush=True)
        verdict(metrics(chosen_rows), metrics(per_case[default]), grid[best])

    # -- reading depth: past max_articles articles, dates and sentences from each article's first `reach`
    if args.only in (None, "depth"):
        reaches = (10, 15, 20, 25, 30, 40, None) if not args.quick else (10, 20, None)
        depth_rows = {}
        for r in reaches:
            builder = TimelineBuilder(reach=r)
            depth_rows[r] = []
            for c in cases:
                entries = builder.build(c["inside"], c["k"], c["m"], span=(min(c["ref"]), max(c["ref"])))
                pred = {e.date: [s.original for s in e.sentences] for e in entries}
                depth_rows[r].append({"seconds": 0.0, "scores": tl_eval.score(pred, [c["ref"]])})
        of_topics = lambda r, pool: [row for row, c in zip(depth_rows[r], cases) if c["topic"] in pool]  # noqa: E731
        chosen_rows = []
        for t in topics:
            best = max(reaches, key=lambda r: key(metrics(of_topics(r, set(topics) - {t}))))
            print(f"  held out {t}: chose reach={best}", flush=True)
            chosen_rows += of_topics(best, {t})
        print(f"\n{'reading depth (reach)':<40} {'in-sample R1/R2/dateF1':>24} {'LOTO R1/R2/dateF1':>24}")
        for r in reaches:
            print(f"{'reach=' + str(r):<40} {fmt(metrics(depth_rows[r])):>24}")
        print(f"{'chosen per held-out topic':<40} {'':>24} {fmt(metrics(chosen_rows)):>24}", flush=True)
        best_reach = max(reaches, key=lambda r: key(metrics(depth_rows[r])))
        print(f"setting chosen on all topics: reach={best_reach}", flush=True)
        if base.reach in depth_rows:  # (not with --quick)
            verdict(metrics(chosen_rows), metrics(depth_rows[base.reach]), f"reach={best_reach}")

    if args.write or args.check:
        if args.only not in (None, "ranking"):
            sys.exit("--write and --check need the ranking part")
        best_lr = max((n for n in rankings if n.startswith("lr ")), key=lambda n: key(loto[n]))
        fit, _, _ = rankings[best_lr]
        model = fit(cases)
        print(f"{best_lr}: the best logistic setting leave-one-topic-out")
        sys.exit(write_or_check(OUT, json.dumps(model, indent=1) + "\n", args.check))


if __name__ == "__main__":
    main()
