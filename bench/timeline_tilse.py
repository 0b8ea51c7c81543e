"""Cross-check of `storyline eval timeline` scores against tilse (Martschat & Markert's own scorer).

tilse pulls in spaCy and textacy (about 800 MB), so it runs from a venv of its own; this script
imports nothing of storyline:

    .venv/bin/storyline eval timeline ../shared/data/dev/timeline17_dev.jsonl --out tl.jsonl --json > ours.json
    python3 -m venv /tmp/tilse && /tmp/tilse/bin/pip install tilse
    /tmp/tilse/bin/python bench/timeline_tilse.py ../shared/data/dev/timeline17_dev.jsonl tl.jsonl ours.json

It scores the written timelines with tilse (alignment ROUGE-1/2 F1 with date-content costs,
many-to-one; concatenation ROUGE-1 F1; date F1) and prints them beside storyline's own
per-record scores, with the mean of each column.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json

from tilse.data.timelines import GroundTruth, Timeline
from tilse.evaluation import dates as tilse_dates
from tilse.evaluation import rouge

COLUMNS = ("align R-1", "align R-2", "concat R-1", "date F1")


def timeline(entries: list[dict]) -> Timeline:
    days: dict[dt.date, list[str]] = {}
    for e in entries:
        try:
            day = dt.date.fromisoformat(e["date"][:10])
        except ValueError:
            continue  # a malformed reference date; storyline's scorer skips it too
        days.setdefault(day, []).extend(e["sentences"])
    return Timeline(days)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", help="the Timeline17 records (JSON Lines)")
    parser.add_argument("written", help="the timelines `eval timeline --out` wrote")
    parser.add_argument("ours", help="what `eval timeline --json` printed")
    args = parser.parse_args()
    with open(args.written, encoding="utf-8") as f:
        written = {r["id"]: r["timeline"] for r in map(json.loads, f)}
    with open(args.ours, encoding="utf-8") as f:
        ours = {r["id"]: r["scores"] for r in json.load(f)["records"]}
    evaluator = rouge.TimelineRougeEvaluator(measures={"rouge_1", "rouge_2"})
    rows = []
    with open(args.data, encoding="utf-8") as f:
        for record in map(json.loads, f):
            pred = timeline(written[record["id"]])
            truth = GroundTruth([timeline(t["entries"]) for t in record["timelines"]])
            align = evaluator.evaluate_align_date_content_costs_many_to_one(pred, truth)
            concat = evaluator.evaluate_concat(pred, truth)
            theirs = (align["rouge_1"], align["rouge_2"], concat["rouge_1"], tilse_dates.evaluate_dates(pred, truth))
            mine = ours[record["id"]]
            mine = (mine["align"]["rouge_1"], mine["align"]["rouge_2"], mine["concat"]["rouge_1"], mine["dates"])
            rows.append((record["id"], [x for t, m in zip(theirs, mine) for x in (t["f_score"], m["f_score"])]))
    print(f"{'F1 per record':<28}" + "".join(f"{c + ' tilse':>17}{'ours':>7}" for c in COLUMNS))
    for name, values in rows:
        print(f"{name:<28}" + "".join(f"{v:17.4f}" if i % 2 == 0 else f"{v:7.4f}" for i, v in enumerate(values)))
    means = [sum(v[i] for _, v in rows) / len(rows) for i in range(2 * len(COLUMNS))]
    print(f"{'mean of F1':<28}" + "".join(f"{v:17.4f}" if i % 2 == 0 else f"{v:7.4f}" for i, v in enumerate(means)))


if __name__ == "__main__":
    main()
