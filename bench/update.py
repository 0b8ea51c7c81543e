"""Update summaries on DUC 2007: ROUGE-2 / SU4 recall (%) per set, against the plain summarizer on the new set alone.

    python bench/update.py

Reads ../shared/data/dev/duc2007_update.jsonl (or under $STORYLINE_SHARED/data).
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


def main() -> int:
    path = SHARED / "dev" / "duc2007_update.jsonl"
    if not path.is_file():
        print(f"shared data not found at {path} (set STORYLINE_SHARED)", file=sys.stderr)
        return 2
    for use_query in (False, True):
        print(f"topic statement used: {'yes' if use_query else 'no'}")
        print(table(evaluate(records(path), 100, use_query)))
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
