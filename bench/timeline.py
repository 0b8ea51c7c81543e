"""Timelines on the Timeline17 dev records, against the literature's date-ranking baselines.

    python bench/timeline.py [--records N]

Each method builds one timeline per record with K and M taken from the reference (news-tls
protocol, as `storyline eval timeline`) and differs only in how dates are ranked:

- storyline: the builder's defaults (bench/fit_dates.py's choice): articles mentioning the day plus
  a quarter of the articles published that day;
- learned: the logistic ranking of bench/fit_dates.py (fitted in-sample on these records);
- pubcount: articles published that day (PUB-COUNT);
- sentences: sentences about the day, leads included (close to MENTION-COUNT).

A second table times date resolution against dateparser's search_dates on the same sentences.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "dev" / "timeline17_dev.jsonl"

METHODS = {  # TimelineBuilder's parameters
    "storyline": {},
    "learned": {"model": "dates_model.json"},
    "pubcount": {"importance": lambda day: len(day.published)},
    "sentences": {"importance": lambda day: len(day.sentences)},
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=0, help="only the first N records (0 = all)")
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"missing {DATA}: the benchmark reads the shared dev data")

    from storyline.eval import timeline as tl_eval
    from storyline.eval.datasets import doc_articles, records
    from storyline.timeline import TimelineBuilder

    data = []
    for i, record in enumerate(records(DATA)):
        if args.records and i >= args.records:
            break
        data.append((record, doc_articles(record["docs"])))

    print(f"{'method':<11} {'align R1':>8} {'align R2':>8} {'concat R1':>9} {'date F1':>7} {'s/topic':>7}")
    for name, params in METHODS.items():
        builder = TimelineBuilder(**params)
        rows = []
        for record, articles in data:
            for _, ref in tl_eval.reference_timelines(record):
                start = time.perf_counter()
                pred = tl_eval.predict(articles, ref, builder)
                rows.append({"seconds": time.perf_counter() - start, "scores": tl_eval.score(pred, [ref])})
        m = tl_eval.summary(rows)
        print(
            f"{name:<11} {m['align']['rouge_1']['f_score']:>8.3f} {m['align']['rouge_2']['f_score']:>8.3f} "
            f"{m['concat']['rouge_1']['f_score']:>9.3f} {m['dates']['f_score']:>7.3f} {m['seconds']:>7.2f}"
        )
    print("(DATEWISE, Ghalandari & Ifrim 2020, all of Timeline17: align R1 0.120, R2 0.035, date F1 0.544)")
    resolution_speed(data)


def resolution_speed(data) -> None:
    from dateparser.search import search_dates

    from storyline.timeline import resolve_dates

    sample = [(s.text, a.published) for _, articles in data[:1] for a in articles[:20] for s in a.sentences][:300]
    print(f"\ndate resolution, {len(sample)} sentences")
    start = time.perf_counter()
    found = sum(len(resolve_dates(text, day)) for text, day in sample)
    ours = time.perf_counter() - start
    start = time.perf_counter()
    theirs_found = 0
    for text, day in sample:
        base = {"RELATIVE_BASE": _midnight(day)} if day else {}
        theirs_found += len(search_dates(text, languages=["en"], settings=base) or [])
    theirs = time.perf_counter() - start
    print(f"{'resolver':<24} {'sentences/s':>11} {'mentions':>8}")
    print(f"{'storyline resolve_dates':<24} {len(sample) / ours:>11,.0f} {found:>8}")
    print(f"{'dateparser search_dates':<24} {len(sample) / theirs:>11,.0f} {theirs_found:>8}")


def _midnight(day):
    import datetime as dt

    return dt.datetime(day.year, day.month, day.day)


if __name__ == "__main__":
    main()
