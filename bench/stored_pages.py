"""Story pages from stored batch outputs: the largest Timeline17 dev story's page, cold and warm,
when `storyline batch summarize` has stored its summary, timeline and facts, and when it has not.

    python bench/stored_pages.py [--runs 2] [--workers 2]

The Timeline17 dev articles are written as JSON Lines at run time (bench/real.py's records) and fed
to `storyline ingest`; then `storyline batch summarize` (a local Dask cluster, the scale extra)
stores every story's outputs. Each measurement is a fresh process serving the store in process
(TestClient): the story page cold, then warm, and the process's peak RSS; "computed" hides the
stored outputs, so the page computes them as it does on a store no batch job has summarized.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from real import timeline17, write

ROOT = Path(__file__).resolve().parents[1]

_PAGE = """
import json, resource, sys, time
from fastapi.testclient import TestClient
import storyline
from storyline.web import create_app
if sys.argv[2] == "computed":
    import storyline.batch.outputs
    storyline.batch.outputs.stored_outputs = lambda store, story_id: None
with storyline.open(sys.argv[1], readonly=True) as engine:
    big = max(engine.stories(), key=lambda s: (s.size, -s.id))
with TestClient(create_app(sys.argv[1])) as web:
    web.get("/api/stories?limit=1")
    start = time.perf_counter(); cold = web.get(f"/stories/{big.id}")
    middle = time.perf_counter(); warm = web.get(f"/stories/{big.id}")
    end = time.perf_counter()
assert cold.status_code == warm.status_code == 200
print(json.dumps({"articles": big.size, "cold": middle - start, "warm": end - middle,
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "t17.db")
        src = write(Path(tmp) / "t17.jsonl", timeline17())
        cli = [sys.executable, "-m", "storyline.cli.main", "--db", db]
        subprocess.run([*cli, "ingest", str(src), "--json"], check=True, capture_output=True)
        done = subprocess.run([*cli, "batch", "summarize", "--workers", str(args.workers)], check=True,
                              capture_output=True, text=True)  # fmt: skip
        print(f"storyline batch summarize: {done.stdout.strip().splitlines()[-1] if done.stdout.strip() else 'done'}")
        print(f"{'page':<10} {'articles':>8} {'cold s':>7} {'warm ms':>8} {'peak MB':>8}")
        for _ in range(args.runs):
            for mode in ("stored", "computed"):
                out = subprocess.run([sys.executable, "-c", _PAGE, db, mode], check=True, capture_output=True, text=True)
                r = json.loads(out.stdout.strip().splitlines()[-1])
                print(f"{mode:<10} {r['articles']:>8} {r['cold']:>7.2f} {1000 * r['warm']:>8.1f} {r['rss']:>8.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
