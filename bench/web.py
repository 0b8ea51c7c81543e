"""Web load: 200 concurrent clients on the demo store, story pages and JSON API, through `storyline serve`.

    python bench/web.py [--clients 200] [--seconds 20] [--think 1.0] [--max-requests 20000] [--db STORE]
    python bench/web.py --screenshot docs/screenshot-story.png   # refresh the README's picture, no load test
    python bench/web.py --db STORE --home-search --clients 50       # a big store's home page and search only

--db serves an existing store instead of a fresh copy of the demo news.

The server runs in its own process (uvicorn on 127.0.0.1, a free port); the clients are asyncio
tasks in this process, each with its own httpx client and keep-alive connection. Each client requests a page, waits a think time drawn
from [0.5, 1.5] x --think seconds (people reading, feed readers polling), and goes again; every
phase stops after --seconds or --max-requests. Rows:

- floor: the same clients fetching a static file (the web stack's own cost, the baseline);
- mix: story pages, the story list, article pages, search, Atom feeds and the JSON API for stories;
- saturated: the mix with no think time (throughput; latency there is mostly queueing).

Server and client CPU are shares of one core over the phase: on a machine shared with other work,
a server far below 100% while latency grows means it was waiting for a core, not working (load: the
machine's 1-minute load average at the end of the phase, against its core count). The
server's CPU time per request does not depend on that: 1000 / it is the requests per second one
free core can serve.

Caches are warmed first (one request per story), as a running server's would be.

--home-search (for a big store, such as the 100,000-article one bench/real.py --scale grows): the
home page and full-text search alone, each with --think and with no think time, after one request of
each URL (the home page's story list is built once per store generation, as a running server's is).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gc
import os
import random
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx2 as httpx  # the maintained successor of httpx; starlette.testclient uses it too

SEARCHES = ("dam", "strike pay", "recount", "river", "port", "minister", "evacuated", "satellite")
# words of the dev news (bench/real.py's stores): common ones, rare ones and phrases
BIG_SEARCHES = ("police", "minister", "oil spill", "earthquake", "protesters", "killed", "president said",
                "election", "swine flu", "rescue workers", "bp", "tsunami warning")


def build_store(path: Path) -> int:
    """The bundled demo news, ingested as `storyline demo` does; returns the number of stories."""
    import storyline
    from storyline.cli.store_cmds import demo_files

    files = demo_files()
    if not files:
        sys.exit("the demo data (src/storyline/demo) is missing")
    with storyline.open(path) as engine:
        for file, meta in files:
            day = dt.date.fromisoformat(meta["published"]) if meta.get("published") else None
            engine.ingest([file], date=day, source=meta.get("source"))
        return len(engine.stories())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "storyline.cli.main", "--db", str(db), "serve", "--port", str(port)]
    env = {k: v for k, v in os.environ.items() if k != "STORYLINE_TOKEN"}
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/static/style.css", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    sys.exit("the server did not start")


def urls(base: str) -> list[str]:
    """The request mix, weighted by repetition."""
    stories = httpx.get(f"{base}/api/stories", params={"limit": 200}).json()["stories"]
    if not stories:
        sys.exit("the demo store has no stories (is the clustering stage installed?)")
    mix: list[str] = []
    for s in stories:
        mix += [f"/stories/{s['id']}"] * 4 + [f"/api/stories/{s['id']}"] * 2
        mix += [f"/articles/{aid}" for aid in s["article_ids"][:2]]
        if s["last_date"]:
            mix.append(f"/stories/{s['id']}?since={s['last_date']}")
        mix.append(f"/stories/{s['id']}/feed.atom")
    mix += ["/", "/?order=largest", "/api/stories", "/api/stories?order=largest", "/feed.atom"] * max(1, len(stories) // 2)
    mix += [f"/api/search?q={q}" for q in SEARCHES] + [f"/search?q={q}" for q in SEARCHES[:4]]
    return mix


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def run(base: str, paths: list[str], clients: int, seconds: float, think: float, max_requests: int, server_pid: int) -> dict:
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    sent = 0
    stop_at = time.monotonic() + seconds
    tls = ssl.create_default_context()  # shared: httpx would build one per client (plain HTTP here anyway)

    async def client(rng: random.Random) -> None:
        """One user: its own keep-alive connection, a request, a think time, again."""
        nonlocal sent
        await asyncio.sleep(rng.uniform(0, think))  # stagger the start
        async with httpx.AsyncClient(base_url=base, timeout=30, verify=tls, limits=httpx.Limits(max_connections=1)) as http:
            while time.monotonic() < stop_at and sent < max_requests:
                sent += 1
                start = time.perf_counter()
                try:
                    status = (await http.get(rng.choice(paths))).status_code
                    if status != 200:
                        errors[f"HTTP {status}"] += 1
                except httpx.HTTPError as e:
                    errors[type(e).__name__] += 1
                latencies.append(time.perf_counter() - start)
                if think:
                    await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))

    began, cpu, server_cpu = time.perf_counter(), time.process_time(), cpu_seconds(server_pid)
    await asyncio.gather(*(client(random.Random(i)) for i in range(clients)))
    elapsed = time.perf_counter() - began
    cpu, server_cpu = time.process_time() - cpu, cpu_seconds(server_pid) - server_cpu
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [latencies[0]] * 99
    return {"requests": len(latencies), "rps": len(latencies) / elapsed, "errors": errors,
            "p50": q[49] * 1000, "p95": q[94] * 1000, "p99": q[98] * 1000,
            "server_cpu": server_cpu / elapsed, "client_cpu": cpu / elapsed,
            "server_ms": server_cpu / max(len(latencies), 1) * 1000, "load": os.getloadavg()[0]}


def table(rows: list) -> None:
    print(f"{'phase':<26} {'requests':>8} {'req/s':>7} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}"
          f" {'server cpu':>10} {'client cpu':>10} {'server cpu ms/req':>17} {'load':>5}")
    for name, phase in rows:
        r = asyncio.run(phase)
        print(f"{name:<26} {r['requests']:>8} {r['rps']:>7.0f} {sum(r['errors'].values()):>6} "
              f"{r['p50']:>7.1f} {r['p95']:>7.1f} {r['p99']:>7.1f}"
              f" {r['server_cpu']:>10.0%} {r['client_cpu']:>10.0%} {r['server_ms']:>17.2f} {r['load']:>5.1f}"
              + (f"  ({', '.join(f'{k}: {v}' for k, v in r['errors'].items())})" if r["errors"] else ""), flush=True)


def home_search(base: str, args, server_pid: int, stories: int) -> None:
    """The home page and search on a big store: first (cold) request times, then the load phases."""
    home = ["/", "/?order=largest", "/?page=2"]
    search = [f"/api/search?q={q}" for q in BIG_SEARCHES]
    first = []
    for path in home + search:
        start = time.perf_counter()
        status = httpx.get(base + path, timeout=300).status_code
        first.append(f"{path} {status} {(time.perf_counter() - start) * 1000:.0f} ms")
    print(f"{os.cpu_count()} cores; store: {stories:,} stories; {args.clients} clients, {args.seconds:.0f} s per phase")
    print("first requests: " + "; ".join(first))
    gc.collect()
    gc.freeze()
    table([
        (f"home (think {args.think} s)", run(base, home, args.clients, args.seconds, args.think, args.max_requests, server_pid)),
        ("home (no think)", run(base, home, args.clients, args.seconds, 0, args.max_requests, server_pid)),
        (f"search (think {args.think} s)", run(base, search, args.clients, args.seconds, args.think, args.max_requests, server_pid)),
        ("search (no think)", run(base, search, args.clients, args.seconds, 0, args.max_requests, server_pid)),
        ("search (1 client)", run(base, search, 1, args.seconds, 0, args.max_requests, server_pid)),
    ])


def screenshot(base: str, path: Path) -> None:
    """The largest story at 1000 x 1400 px with its first citation open, in headless Debian chromium."""
    from playwright.sync_api import sync_playwright

    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        page = browser.new_page(viewport={"width": 1000, "height": 1400})
        page.goto(f"{base}/?order=largest")
        page.locator("ol.stories a.headline").first.click()
        page.wait_for_url("**/stories/*")
        page.locator("#summary a.cite[data-panel]").first.click()
        page.wait_for_timeout(500)  # the panel scrolls into view smoothly
        page.screenshot(path=str(path))
        browser.close()
    print(f"saved {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--think", type=float, default=1.0, help="mean think time between a client's requests (s)")
    parser.add_argument("--max-requests", type=int, default=20_000, help="per phase")
    parser.add_argument("--db", type=Path, help="serve this store (default: a fresh demo store)")
    parser.add_argument("--screenshot", type=Path, metavar="PNG", help="only save a story page with a citation open")
    parser.add_argument("--home-search", action="store_true", help="only the home page and search (for a big --db)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "demo.db"
        if args.db is None:
            n = build_store(db)
        else:
            import storyline

            with storyline.open(db) as engine:
                n = len(engine.stories())
        port = free_port()
        server = start_server(db, port)
        base = f"http://127.0.0.1:{port}"
        try:
            if args.screenshot:
                if not n:
                    sys.exit("the store has no stories (is the clustering stage installed?)")
                screenshot(base, args.screenshot)
                return
            if args.home_search:
                home_search(base, args, server.pid, n)
                return
            paths = urls(base)
            warm = time.perf_counter()
            for path in dict.fromkeys(paths):
                httpx.get(base + path, timeout=60).raise_for_status()
            warm = time.perf_counter() - warm
            print(f"{os.cpu_count()} cores; store: {n} stories; {len(set(paths))} distinct URLs warmed in {warm:.1f} s; "
                  f"{args.clients} clients, think {args.think} s, {args.seconds:.0f} s per phase")
            gc.collect()
            gc.freeze()  # the clients' own collection pauses would show as server latency
            rows = [
                ("floor: static file", run(base, ["/static/style.css"], args.clients, args.seconds, args.think, args.max_requests, server.pid)),
                ("mix: pages + API", run(base, paths, args.clients, args.seconds, args.think, args.max_requests, server.pid)),
                ("saturated mix (no think)", run(base, paths, args.clients, args.seconds, 0, args.max_requests, server.pid)),
            ]
            table(rows)
        finally:
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    main()
