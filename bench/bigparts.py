"""The story page's parts of the largest Timeline17 dev story, timed in CPU seconds as well as wall.

    python bench/bigparts.py [--against REV] [--src DIR] [--runs 3] [--db STORE]

bench/bigstory.py times the whole page in wall seconds, which a busy machine blurs. This bench
times the page's three computations on the same articles, in the page's order (timeline, facts
with their background of other stories, summary), each as CPU seconds of the child process
(time.process_time) beside wall seconds, and the timeline once more with every sentence's
analysis already cached by the first pass (what the timeline costs beside the summary, which
analyses the same sentences). Every run is a fresh child process; the trees alternate, run after
run. The store is the dev store of bench/bigstory.py, ingested once per tree, or --db to reuse one
store for every tree (e.g. one a first run left with --keep).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from trees import trees as trees_of

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from bigstory import _CLI, _PRELUDE, build  # noqa: E402
from hostile import write_records  # noqa: E402

_PARTS = _PRELUDE + """
import os
db, sid = sys.argv[2], int(sys.argv[3])
import storyline
from storyline.facts import story_facts
from storyline.summarize import summarize
from storyline.timeline import timeline
engine = storyline.open(db, readonly=True)
articles = engine.story_articles(sid)
background = engine._stories.background(sid)
out = {}
def timed(name, f):
    c, w = time.process_time(), time.perf_counter()
    f()
    out[name] = (time.process_time() - c, time.perf_counter() - w)
timed("timeline", lambda: timeline(articles, dates=None, per_date=1))
timed("facts", lambda: story_facts(articles, background=background))
timed("summary", lambda: summarize(articles, words=100))
timed("timeline again", lambda: timeline(articles, dates=None, per_date=1))
out["timeline + facts"] = tuple(a + b for a, b in zip(out["timeline"], out["facts"]))
print(json.dumps(out))
"""
PARTS = ("timeline", "facts", "timeline + facts", "summary", "timeline again")


def largest(src: Path, db: Path) -> tuple[int, int]:
    """(id, articles) of the store's largest story, as the tree at src lists it."""
    found = subprocess.run([sys.executable, "-c", _CLI, str(src), "--db", str(db), "stories", "--order", "largest",
                            "--json"], check=True, capture_output=True, text=True).stdout  # fmt: skip
    stories = json.loads(found)
    stories = stories.get("stories", stories) if isinstance(stories, dict) else stories
    return stories[0]["id"], stories[0].get("article_count", len(stories[0].get("article_ids", [])))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per tree")
    parser.add_argument("--against", help="an earlier commit to run the same way, alternating")
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the src directory measured as this tree")
    parser.add_argument("--db", type=Path, help="an existing store to read (every tree reads it)")
    parser.add_argument("--keep", type=Path, help="copy the store this tree ingested here, for --db later")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        with trees_of(args.against, tmp, args.src.resolve()) as trees:
            stores = {}
            if not args.db:
                records, _ = write_records(tmp)
            for label, src in trees:
                if args.db:
                    stores[label] = args.db
                else:
                    stores[label] = tmp / f"{len(stores)}.db"
                    build(src, records, stores[label])
            if args.keep and not args.db:
                for suffix in ("", "-wal", "-shm"):
                    if Path(f"{stores[trees[-1][0]]}{suffix}").exists():
                        shutil.copy(f"{stores[trees[-1][0]]}{suffix}", f"{args.keep}{suffix}")
            story = {label: largest(src, stores[label]) for label, src in trees}
            for label, (sid, n) in story.items():
                print(f"{label}: story #{sid} ({n} articles)")
            print("CPU s / wall s per part")
            got: dict[str, list[dict]] = {label: [] for label, _ in trees}
            for run in range(args.runs):
                for label, src in trees:
                    proc = subprocess.run([sys.executable, "-c", _PARTS, str(src), str(stores[label]), str(story[label][0])],
                                          capture_output=True, text=True)  # fmt: skip
                    if proc.returncode:
                        print(f"{label}: failed\n{proc.stderr[-2000:]}")
                        continue
                    row = json.loads(proc.stdout.strip().splitlines()[-1])
                    got[label].append(row)
                    print(f"run {run + 1} {label:<10} " + "  ".join(f"{p} {row[p][0]:.3f}/{row[p][1]:.3f}" for p in PARTS), flush=True)
            print(f"\n{'median CPU s (wall s)':<22}" + "".join(f"{label:>24}" for label, _ in trees))
            for p in PARTS:
                cells = []
                for label, _ in trees:
                    rows = got[label]
                    cells.append(f"{statistics.median(r[p][0] for r in rows):.3f} ({statistics.median(r[p][1] for r in rows):.3f})" if rows else "-")
                print(f"{p:<22}" + "".join(f"{c:>24}" for c in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
