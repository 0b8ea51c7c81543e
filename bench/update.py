"""Update summaries on DUC 2007: ROUGE-2 / SU4 recall (%) per set, against the plain summarizer on the new set alone.

    python bench/update.py

Reads ../shared/data/dev/duc2007_update.jsonl (or under $STORYLINE_SHARED/data). Also prints the
per-topic ROUGE-2 of sets B and C (update and plain), since ten topics make a noisy mean.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

from storyline.eval.datasets import doc_articles, records
from storyline.eval.rouge import recall
from storyline.eval.update import evaluate, table
from storyline.summarize import summarize

SHARED = Path(os.environ.get("STORYLINE_SHARED", Path(__file__).resolve().parents[2] / "shared")) / "data"


def r2(articles, seen, references) -> float:
    text = " ".join(s.text for s in summarize(articles, words=100, seen=seen).sentences)
    return 100 * recall(text, references, 100)["R-2"]


def per_topic(path: Path) -> None:
    rows = []
    for record in records(path):
        seen, row = [], [record["id"]]
        for part in record["sets"]:
            articles = doc_articles(part["docs"])
            if seen:
                row += [r2(articles, seen, part["references"]), r2(articles, [], part["references"])]
            seen = seen + articles
        rows.append(row)
    print(f"{'topic':<8}{'B update':>10}{'B plain':>10}{'C update':>10}{'C plain':>10}")
    for row in rows:
        print(f"{row[0]:<8}" + "".join(f"{x:10.2f}" for x in row[1:]))
    for k, name in ((1, "B"), (3, "C")):
        up = [r[k] for r in rows]
        wins = sum(r[k] > r[k + 1] for r in rows)
        print(f"{name}: update mean {statistics.mean(up):.2f}, sd {statistics.stdev(up):.2f}, "
              f"beats plain on {wins}/{len(rows)} topics")  # fmt: skip


def main() -> int:
    path = SHARED / "dev" / "duc2007_update.jsonl"
    if not path.is_file():
        print(f"shared data not found at {path} (set STORYLINE_SHARED)", file=sys.stderr)
        return 2
    for use_query in (False, True):
        print(f"topic statement used: {'yes' if use_query else 'no'}")
        print(table(evaluate(records(path), 100, use_query)))
    per_topic(path)
    times = []
    for record in records(path):
        sets = [doc_articles(s["docs"]) for s in record["sets"]]
        start = time.perf_counter()
        summarize(sets[2], seen=sets[0] + sets[1])
        times.append(time.perf_counter() - start)
    print(f"median ms per C-set update: {1000 * statistics.median(times):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
