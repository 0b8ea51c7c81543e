"""`recluster` on a copy of a store: its time, how long it holds the write lock, and its peak memory.

    python bench/real.py --scale 100000 --keep DIR      # a grown store of real recombined news
    python bench/recluster.py DIR/scale-0.db [--runs 3]
    PYTHONPATH=OTHER_TREE/src python bench/recluster.py DIR/scale-0.db   # another commit's code

While recluster holds the write lock, every other writer (an ingest, the feed poller, the web
uploads) waits, and gives up after the store's lock timeout.
"""

from __future__ import annotations

import argparse
import contextlib
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import storyline


def run(path: Path) -> tuple[float, float, int]:
    """(seconds, seconds under the write lock, stories) of one recluster."""
    held: list[float] = []
    with storyline.open(path) as engine:
        kind = type(engine.store)
        transaction = kind.transaction

        @contextlib.contextmanager
        def timed(self, *args, **kwargs):
            with transaction(self, *args, **kwargs):
                start = time.perf_counter()
                try:
                    yield
                finally:
                    held.append(time.perf_counter() - start)

        kind.transaction = timed
        try:
            start = time.perf_counter()
            stories = engine.recluster()
            return time.perf_counter() - start, sum(held), stories
        finally:
            kind.transaction = transaction


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path, help="an SQLite store (copied first: the store itself is not changed)")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.runs):
            copy = Path(tmp) / "s.db"
            shutil.copyfile(args.db, copy)
            rows.append(run(copy))
            for p in Path(tmp).glob("s.db*"):
                p.unlink()
    print(f"{'run':>4} {'seconds':>8} {'write lock s':>13} {'stories':>8}")
    for i, (seconds, held, stories) in enumerate(rows, 1):
        print(f"{i:>4} {seconds:>8.1f} {held:>13.1f} {stories:>8,}")
    if len(rows) > 1:
        print(f"median {statistics.median(r[0] for r in rows):.1f} s, lock {statistics.median(r[1] for r in rows):.1f} s")
    print(f"peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB (ru_maxrss of this process)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
