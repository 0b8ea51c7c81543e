"""Fit the learned date ranking (src/storyline/timeline/dates_model.json) on the Timeline17 dev records.

    python bench/fit_dates.py [--write]

Each (record, reference timeline) gives one example per day the builder sees (articles and days
inside the reference's span, as `storyline eval timeline` runs), labelled 1 when the reference
names the day. A standardised logistic regression (scikit-learn, liblinear) is fitted; its C is
chosen from a small grid by leave-one-topic-out date F1 of the timelines built with it (topics:
bpoil, h1n1, mj, haiti). The script prints, before (counts of mentions and reports) and with the
model, alignment ROUGE-1/2 F1 and date F1 in-sample and leave-one-topic-out. --write saves the
model fitted on every record with the chosen C: the file is rebuilt exactly (fixed solver, rounding).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "dev" / "timeline17_dev.jsonl"
OUT = ROOT / "src" / "storyline" / "timeline" / "dates_model.json"
GRID = (0.01, 0.1, 1.0, 10.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help=f"write {OUT.relative_to(ROOT)}")
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"missing {DATA}: the fit reads the shared dev data")

    from storyline.eval import timeline as tl_eval
    from storyline.eval.datasets import doc_articles, records
    from storyline.timeline import TimelineBuilder
    from storyline.timeline.learned import FEATURES, day_features

    base = TimelineBuilder(model=None)
    cases = []  # (topic, articles inside the span, reference, features, labels)
    for record in records(DATA):
        articles = doc_articles(record["docs"])
        for _, ref in tl_eval.reference_timelines(record):
            first, last = min(ref), max(ref)
            inside = [a for a in articles if a.published and first <= a.published <= last]
            _, _, days = base.collect(inside, (first, last))
            order = sorted(days)
            x = day_features(days, inside, order)
            y = np.array([d in ref for d in order], dtype=int)
            cases.append((record["topic"].lower(), inside, ref, x, y))
    topics = sorted({c[0] for c in cases})

    def fit(train, c):
        from sklearn.linear_model import LogisticRegression

        x = np.vstack([t[3] for t in train])
        y = np.concatenate([t[4] for t in train])
        mean, scale = x.mean(axis=0), x.std(axis=0)
        scale[scale == 0] = 1
        lr = LogisticRegression(C=c, solver="liblinear", class_weight="balanced").fit((x - mean) / scale, y)
        r = lambda v: [round(float(a), 6) for a in v]  # noqa: E731
        return {
            "features": list(FEATURES), "C": c, "mean": r(mean), "scale": r(scale),
            "coef": r(lr.coef_[0]), "intercept": round(float(lr.intercept_[0]), 6),
        }  # fmt: skip

    def scores(model_for):
        rows = []
        for case in cases:
            builder = TimelineBuilder(model=model_for(case))
            pred = tl_eval.predict(case[1], case[2], builder)
            rows.append({"seconds": 0.0, "scores": tl_eval.score(pred, [case[2]])})
        m = tl_eval.summary(rows)
        return m["align"]["rouge_1"]["f_score"], m["align"]["rouge_2"]["f_score"], m["dates"]["f_score"]

    def loto(c):
        models = {t: fit([k for k in cases if k[0] != t], c) for t in topics}
        return scores(lambda case: models[case[0]])

    by_c = {c: loto(c) for c in GRID}
    for c, s in by_c.items():
        print(f"C={c:<5} leave-one-topic-out align R1 {s[0]:.3f} R2 {s[1]:.3f} date F1 {s[2]:.3f}")
    best = max(GRID, key=lambda c: (by_c[c][2], by_c[c][0]))
    full = fit(cases, best)
    counts = scores(lambda case: None)
    print(f"\nchosen C={best} (leave-one-topic-out date F1, then align R1)")
    print(f"{'ranking':<26} {'align R1':>8} {'align R2':>8} {'date F1':>7}")
    print(f"{'counts (in-sample = LOTO)':<26} {counts[0]:>8.3f} {counts[1]:>8.3f} {counts[2]:>7.3f}")
    for name, s in (("model in-sample", scores(lambda case: full)), ("model leave-one-topic-out", by_c[best])):
        print(f"{name:<26} {s[0]:>8.3f} {s[1]:>8.3f} {s[2]:>7.3f}")
    print("coefficients:", dict(zip(FEATURES, full["coef"])))
    if args.write:
        OUT.write_text(json.dumps(full, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
