"""Summary speed of this tree against an earlier commit, in alternating runs of one session.

    python bench/summarize_against.py 2b9d798 [--rounds 3] [--set duc2003_task2.jsonl]

The commit is checked out into a temporary git worktree; each round times the default method on
every cluster of the set (median CPU ms per cluster, after one warm-up pass) first for the
commit, then for this tree, each in a fresh Python process that imports only that tree's
package. The machines here are shared and noisy, so the ratio of the medians over all rounds is
the figure to compare.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared")) / "data"
SETS = {"duc2003_task2.jsonl": 100, "multiling2011_en.jsonl": 250, "multinews_dev500.jsonl": 250}

# Run in a child process: drop the editable install's import hook so that `src` is what imports.
_CHILD = """
import json, statistics, sys, time
src, path, words = sys.argv[1], sys.argv[2], int(sys.argv[3])
sys.meta_path = [f for f in sys.meta_path if "editable" not in repr(f).lower()]
sys.path.insert(0, src)
import storyline
assert storyline.__file__.startswith(src), storyline.__file__
from storyline.eval.datasets import doc_articles, records
from storyline.summarize import summarize
clusters = [doc_articles(r["docs"]) for r in records(path)]
def median_ms():
    times = []
    for articles in clusters:
        start = time.process_time()
        summarize(articles, words=words)
        times.append(time.process_time() - start)
    return 1000 * statistics.median(times)
median_ms()
print(json.dumps(median_ms()))
"""


def time_tree(src: Path, path: Path, words: int) -> float:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(src), str(path), str(words)], capture_output=True, text=True, check=True
    )
    return float(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("commit", help="the earlier commit (any git ref)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--set", choices=sorted(SETS), default="duc2003_task2.jsonl")
    args = parser.parse_args()
    path = SHARED / "dev" / args.set
    if not path.is_file():
        print(f"shared data not found at {path} (set STORYLINE_SHARED)", file=sys.stderr)
        return 2
    times: dict[str, list[float]] = {args.commit: [], "this tree": []}
    with tempfile.TemporaryDirectory() as tmp:
        worktree = Path(tmp) / "tree"
        git = ["git", "-C", str(ROOT), "worktree"]
        subprocess.run([*git, "add", "-q", "--detach", str(worktree), args.commit], check=True)
        try:
            for _ in range(args.rounds):
                times[args.commit].append(time_tree(worktree / "src", path, SETS[args.set]))
                times["this tree"].append(time_tree(ROOT / "src", path, SETS[args.set]))
        finally:
            subprocess.run([*git, "remove", "--force", str(worktree)], check=True)
    base = statistics.median(times[args.commit])
    print(f"{args.set}, {SETS[args.set]} words, median CPU ms per cluster in {args.rounds} alternating rounds")
    for name, values in times.items():
        runs = " ".join(f"{v:.1f}" for v in values)
        print(f"{name:<14}{statistics.median(values):8.1f}   ratio {statistics.median(values) / base:.2f}   runs {runs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
