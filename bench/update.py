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
from storyline.eval.update import evaluate, table
from storyline.summarize import summarize

SHARED = Path(os.environ.get("STORYLINE_SHARED", Path(__file__).resolve().parents[2] / "shared")) / "data"


def per_topic(rows: list[dict]) -> None:
    """R-2 of sets B and C per topic, from the rows ``evaluate`` collected."""
    by_topic: dict[str, dict[str, dict]] = {}
    for row in rows:
        by_topic.setdefault(row["id"], {})[row["set"]] = row
    print(f"{'topic':<8}{'B update':>10}{'B plain':>10}{'C update':>10}{'C plain':>10}")
    for topic, sets in by_topic.items():
        cells = [sets[s][f"{k} R-2"] for s in ("B", "C") if s in sets for k in ("update", "plain")]
        print(f"{topic:<8}" + "".join(f"{x:10.2f}" for x in cells))
    for name in ("B", "C"):
        own = [sets[name] for sets in by_topic.values() if name in sets]
        up = [r["update R-2"] for r in own]
        wins = sum(r["update R-2"] > r["plain R-2"] for r in own)
        print(f"{name}: update mean {statistics.mean(up):.2f}, sd {statistics.stdev(up):.2f}, "
              f"beats plain on {wins}/{len(own)} topics")  # fmt: skip


def main() -> int:
    path = SHARED / "dev" / "duc2007_update.jsonl"
    if not path.is_file():
        print(f"shared data not found at {path} (set STORYLINE_SHARED)", file=sys.stderr)
        return 2
    rows: list[dict] = []
    for use_query in (False, True):
        print(f"topic statement used: {'yes' if use_query else 'no'}")
        print(table(evaluate(records(path), 100, use_query, rows=None if use_query else rows)))
    per_topic(rows)
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
