"""Every summarization method on the three dev sets: ROUGE recall (%) and median ms per cluster (wall, CPU).

    python bench/summarize.py [--limit N]

The default (ilp) is timed in the same run as the ILP with learned concept weights (ilp-learned,
summarize.scorer) and the baselines: on a shared machine compare the rows, not the runs.

Reads ../shared/data/dev (or $STORYLINE_SHARED/data); the sets are not part of the repository.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from storyline.eval.datasets import records
from storyline.eval.rouge import MEASURES
from storyline.eval.summarize import evaluate
from storyline.summarize import METHODS, LearnedILP, get_summarizer

SHARED = Path(os.environ.get("STORYLINE_SHARED", Path(__file__).resolve().parents[2] / "shared")) / "data"
SETS = (("duc2003_task2.jsonl", 100), ("multiling2011_en.jsonl", 250), ("multinews_dev500.jsonl", 250))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="clusters per set (0 = all)")
    args = parser.parse_args()
    if not (SHARED / "dev").is_dir():
        print(f"shared data not found at {SHARED} (set STORYLINE_SHARED)", file=sys.stderr)
        return 2
    print(f"{'set':<24}{'words':>6} {'method':<12}" + "".join(f"{k:>8}" for k in MEASURES) + f"{'ms':>8}{'cpu ms':>8}")
    for name, words in SETS:
        clusters = records(SHARED / "dev" / name)
        if args.limit:
            clusters = (r for _, r in zip(range(args.limit), clusters))
        methods = {m: get_summarizer(m) for m in METHODS} | {"ilp-learned": LearnedILP()}
        results = evaluate(clusters, methods, words)
        for method, r in results.items():
            print(f"{name:<24}{words:>6} {method:<12}" + "".join(f"{r[k]:8.2f}" for k in MEASURES) + f"{r['ms']:8.1f}{r['cpu_ms']:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
