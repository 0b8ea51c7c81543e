"""`storyline serve --workers N` on PostgreSQL under 200 concurrent clients: errors and latency.

    python bench/serve_pg.py [--workers 4] [--clients 200] [--requests 5] [--compare 1]

A throw-away PostgreSQL server (tests/pgserver.py) gets the dev streams duc2003_tdt and
multinews_dev_stream (1,701 articles, written at run time from ../shared/data/dev). Then
`storyline serve --workers N` runs on it and `--clients` asyncio clients (httpx, one connection
each) send `--requests` requests each at once, in two rounds (cold: views computed on demand;
warm: the same requests again, now cached per worker): a mix of the story list, the pages and
JSON of the front page's 60 stories, random articles, search and the site feed. Meanwhile another process ingests new articles (every worker must see them). An error
is a transport failure or a status other than 200 (or 404 for the unknown-id probes). With
--compare N the same is run with N workers too, for the ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from backends import articles
from pgserver import free_port, start_server

import storyline

SETS = ["duc2003_tdt", "multinews_dev_stream"]
FRONT = 60  # stories the clients open


def paths(story_ids: list[int], article_ids: list[str], rng: random.Random) -> list[str]:
    sid, aid = rng.choice(story_ids), rng.choice(article_ids)
    return [
        "/api/stories?limit=20",
        f"/api/stories/{sid}",
        f"/stories/{sid}",
        f"/api/articles/{aid}",
        f"/api/search?q={rng.choice(['police', 'election', 'storm', 'court', 'oil spill', 'vaccine'])}",
        "/",
        "/feed.atom",
        "/api/stories/99999999",  # 404
    ]


async def client(base: str, n: int, story_ids, article_ids, seed: int, out: list) -> None:
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=300) as c:
        for _ in range(n):
            path = rng.choice(paths(story_ids, article_ids, rng))
            start = time.perf_counter()
            try:
                r = await c.get(path)
                ok = r.status_code == 200 or (r.status_code == 404 and "99999999" in path)
                status = r.status_code
            except httpx.HTTPError as e:
                ok, status = False, type(e).__name__
            out.append((time.perf_counter() - start, ok, path, status))


async def round_of(base: str, clients: int, requests: int, story_ids, article_ids, seed: int) -> tuple[list, float]:
    out: list = []
    start = time.perf_counter()
    await asyncio.gather(*(client(base, requests, story_ids, article_ids, seed * 1000 + i, out) for i in range(clients)))
    return out, time.perf_counter() - start


def wait_up(base: str, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit("the server exited")
        try:
            if httpx.get(f"{base}/api/stories?limit=1", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    sys.exit("the server did not start")


def writer(url: str, stop_after: float) -> subprocess.Popen:
    """Another process ingesting a new article every 0.5 s while the clients read."""
    code = (
        "import sys, time, storyline\n"
        "from storyline.ingest import build_article\n"
        "end = time.time() + float(sys.argv[2]); i = 0\n"
        "with storyline.open(sys.argv[1]) as eng:\n"
        "    while time.time() < end:\n"
        "        eng.add_articles([build_article(f'Harbour crane {i} at Pellow quay was inspected on Tuesday by the port"
        " engineers. The crane {i} passed.', id=f'bench-{time.time_ns()}')]); i += 1; time.sleep(0.5)\n"
    )
    return subprocess.Popen([sys.executable, "-c", code, url, str(stop_after)])


def run(url: str, workers: int, clients: int, requests: int) -> list[tuple]:
    with storyline.open(url, readonly=True) as eng:
        story_ids = [s.id for s in eng.stories()][:FRONT]  # what readers open: the front page's stories
        article_ids = [a.id for a in eng.store.articles(limit=5000)]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "storyline.cli.main", "--db", url, "serve", "--workers", str(workers),
                             "--port", str(port)], stdout=subprocess.DEVNULL)
    rows = []
    try:
        wait_up(base, proc)
        for name in ("cold", "warm"):
            ingest = writer(url, 30)
            out, seconds = asyncio.run(round_of(base, clients, requests, story_ids, article_ids, 0))  # the same requests
            ingest.kill()
            ingest.wait()
            lat = sorted(t for t, *_ in out)
            errors = [(p, s) for _, ok, p, s in out if not ok]
            q = statistics.quantiles(lat, n=100)
            rows.append((workers, name, len(out), len(errors), len(out) / seconds, q[49], q[89], q[98], lat[-1]))
            if errors:
                print(f"  errors ({workers} workers, {name}): {errors[:5]}", flush=True)
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--requests", type=int, default=5, help="requests per client per round")
    parser.add_argument("--compare", type=int, default=0, help="also run with this many workers")
    args = parser.parse_args()
    server = start_server(sys.exit)
    try:
        url = server.create_db()
        start = time.perf_counter()
        with storyline.open(url) as eng:
            for name in SETS:
                eng.add_articles(articles(name))
            stored, stories = eng.count_articles(), len(eng.stories())
        print(f"store: {stored} articles, {stories} stories on PostgreSQL (ingest {time.perf_counter() - start:.1f} s); "
              f"{args.clients} clients x {args.requests} requests per round, cpus={os.cpu_count()}")
        rows = []
        for workers in [args.workers] + ([args.compare] if args.compare else []):
            rows += run(url, workers, args.clients, args.requests)
    finally:
        server.stop()
    print(f"{'workers':>7} {'round':<5} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50 ms':>7} {'p90 ms':>7} {'p99 ms':>7} {'max ms':>7}")
    for w, name, n, err, rate, p50, p90, p99, top in rows:
        print(f"{w:>7} {name:<5} {n:>8} {err:>6} {rate:>7.1f} {p50 * 1e3:>7.0f} {p90 * 1e3:>7.0f} {p99 * 1e3:>7.0f} {top * 1e3:>7.0f}")
    return 1 if any(r[3] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
