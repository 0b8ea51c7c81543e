"""Ingest throughput: 10,000 articles end to end (read, split, display, cluster, store) into SQLite.

    python bench/ingest.py [--n 10000] [--no-cluster] [--profile]

The corpus is the Multi-News dev documents (read from ../shared/data at run time) plus variants
made by shuffling their sentences, written to a temporary JSON Lines file. The baseline in the
same run is the floor: the same rows inserted raw (id, text) into SQLite with no processing.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "dev" / "multinews_dev500.jsonl"


def corpus(n: int) -> list[dict]:
    if not DATA.exists():
        sys.exit(f"missing {DATA}: the benchmark reads the shared dev data")
    docs = [d["text"] for line in DATA.open(encoding="utf-8") for d in json.loads(line)["docs"] if d["text"].strip()]
    rng = random.Random(7)
    out = []
    for i in range(n):
        text = docs[i % len(docs)]
        if i >= len(docs):  # a variant: same sentences, another order, so another article
            parts = text.split(". ")
            rng.shuffle(parts)
            text = ". ".join(parts)
        out.append({"id": f"bench-{i}", "title": f"Bench article {i}", "text": text, "published": "2026-01-01", "source": "Bench"})
    return out


def raw_floor(rows: list[dict], db: Path) -> float:
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE t (id TEXT PRIMARY KEY, text TEXT)")
    start = time.perf_counter()
    with con:
        con.executemany("INSERT INTO t VALUES (?, ?)", [(r["id"], r["text"]) for r in rows])
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--no-cluster", action="store_true", help="store only (no story assignment)")
    parser.add_argument("--profile", action="store_true", help="profile the main process; print the top functions")
    args = parser.parse_args()

    import storyline

    rows = corpus(args.n)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "articles.jsonl"
        path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
        words = sum(len(r["text"].split()) for r in rows) / len(rows)
        floor = raw_floor(rows, Path(tmp) / "floor.db")
        eng = storyline.open(Path(tmp) / "bench.db", cluster=not args.no_cluster)
        profile = cProfile.Profile() if args.profile else None
        start = time.perf_counter()
        if profile:
            profile.enable()
        result = eng.ingest([path])
        took = time.perf_counter() - start
        if profile:
            profile.disable()
            pstats.Stats(profile, stream=sys.stderr).sort_stats("tottime").print_stats(20)
        assert not result.failed, result.failed[:3]
        start = time.perf_counter()
        again = eng.ingest([path])
        took_again = time.perf_counter() - start
        stories = len(eng.store.story_rows())
        eng.close()
    print(f"{len(rows):,} articles, {words:.0f} words each on average, {stories:,} stories")
    print(f"{'run':<34} {'seconds':>8} {'articles/s':>11} {'x raw floor':>12}")
    print(f"{'raw SQLite insert (floor)':<34} {floor:8.2f} {len(rows) / floor:11,.0f} {1.0:12.1f}")
    print(f"{'storyline ingest':<34} {took:8.2f} {len(result.added) / took:11,.0f} {took / floor:12.1f}")
    print(f"{'storyline ingest again (all dups)':<34} {took_again:8.2f} {len(again.duplicates) / took_again:11,.0f} {took_again / floor:12.1f}")


if __name__ == "__main__":
    main()
