"""The same stories from SQLite and from PostgreSQL: every dev stream ingested into both, compared.

    python bench/backends.py [--sets duc2003_tdt,multinews_dev_stream] [--parts 3]

Each set is ingested in stream order into a fresh SQLite file and a fresh database on a throw-away
PostgreSQL server (tests/pgserver.py: initdb into a temporary folder, stopped at the end), in
`--parts` sessions one after another (so the tracker's saved state goes through each store), then
ingested again (which must add nothing). The table shows, per set, whether the two stores agree
exactly on: every story's members in order with duplicate_of, date, source and title
(store.story_members), key phrases (story_rows), the engine's Story list, and the ingest results.
Exit status 1 when any set differs. Sets: the three labelled clustering streams, the Timeline17
articles (one per record, as bench/real.py writes them), and the articles of the summary sets in
file order.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared")) / "data" / "dev"
sys.path.insert(0, str(ROOT / "tests"))

from pgserver import start_server

import storyline
from storyline.eval.datasets import doc_article, records

STREAMS = ["duc2003_tdt", "multiling2011_en_stories", "multinews_dev_stream"]
NESTED = ["timeline17_dev", "duc2003_task2", "multiling2011_en", "duc2007_update", "multinews_dev500"]


def articles(name: str) -> list:
    path = DEV / f"{name}.jsonl"
    if not path.exists():
        sys.exit(f"missing {path}: this benchmark reads the shared dev data (../shared/data)")
    if name in STREAMS:
        return [doc_article(d) for d in records(path)]
    out = []
    for r in records(path):
        docs = r.get("docs") or [d for part in r.get("sets", []) for d in part["docs"]]  # duc2007: A, B, C
        for d in docs:
            if d.get("text", "").strip():
                out.append(doc_article({**d, "id": f"{r['id']}/{d['id']}"}))
    return out


def ingest(url: str, items: list, parts: int) -> tuple[dict, float]:
    """Ingest in `parts` sessions, then once more; what the store holds and the seconds taken."""
    start = time.perf_counter()
    results = []
    size = -(-len(items) // parts)
    for i in range(0, len(items), size):
        with storyline.open(url) as eng:
            r = eng.add_articles(items[i : i + size])
            results.append((r.added, r.duplicates, r.failed))
    seconds = time.perf_counter() - start
    with storyline.open(url) as eng:
        again = eng.add_articles(items)
        held = {
            "results": results,
            "again_added": again.added,
            "members": eng.store.story_members(),
            "rows": eng.store.story_rows(),
            "stories": eng.stories(),
            "unassigned": eng.store.unassigned_ids(),
            "count": eng.count_articles(),
        }
    return held, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(STREAMS + NESTED), help="comma-separated dev set names")
    parser.add_argument("--parts", type=int, default=3, help="ingest sessions per set (default 3)")
    args = parser.parse_args()
    server = start_server(sys.exit)
    differ = 0
    print(f"{'set':<26} {'articles':>8} {'stories':>7} {'members':>8}  {'identical':<9} {'sqlite s':>8} {'pg s':>7}")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for name in args.sets.split(","):
                items = articles(name)
                lite, lite_s = ingest(str(Path(tmp) / f"{name}.db"), items, args.parts)
                url = server.create_db()
                pg, pg_s = ingest(url, items, args.parts)
                server.drop_db(url)
                same = [k for k in lite if lite[k] == pg[k]]
                ok = len(same) == len(lite) and not lite["again_added"]
                differ += not ok
                verdict = "yes" if ok else "NO: " + ",".join(k for k in lite if k not in same)
                print(f"{name:<26} {lite['count']:>8} {len(lite['stories']):>7} {len(lite['members']):>8}  "
                      f"{verdict:<9} {lite_s:>8.1f} {pg_s:>7.1f}", flush=True)
    finally:
        server.stop()
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
