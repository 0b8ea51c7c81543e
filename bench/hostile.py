"""Hostile clients against `storyline serve` on the Timeline17 dev articles: memory, stalls, idle connections.

    python bench/hostile.py [--seconds 30] [--clients 60] [--idle 1000] [--server-nofile 1024] [--src DIR]

The store is built at run time from ../shared/data/dev/timeline17_dev.jsonl (every article but
those of one held-out file, posted during phase C) with `storyline ingest`. Each phase runs on a
fresh server process (uvicorn on 127.0.0.1, a free port) whose open-file limit starts at
--server-nofile, as on a default login (a server that raises its own limit raises it from there);
--src serves another checkout's code (PYTHONPATH), e.g. a `git worktree` of an older commit.

- A, words flood: --clients clients ask for the largest story with ever new ?words= values while
  one client fetches /static/style.css every 50 ms; the server's peak RSS (VmHWM) and the static
  latency (targets: < 1 GB, < 100 ms);
- B, idle connections: --idle TCP connections that send nothing stay open while a client makes
  fresh requests for a static file and the story list; how many answered, and how many of the
  idle connections the server closed within 15 s;
- C, ingest while reading: 20 clients read story pages (cached beforehand) while the held-out
  articles are posted to /api/ingest; read latency while the ingest runs.

Loops are bounded by --seconds and by request counts; everything stays on loopback.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import select
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx2 as httpx

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared")) / "data" / "dev" / "timeline17_dev.jsonl"
HELD_OUT = "haiti_bbc"
TOKEN = "hostile-bench-token"
MAX_RSS = 8 << 30  # a phase stops early past this server RSS (bytes)


def write_records(tmp: Path) -> tuple[Path, list[dict]]:
    """The articles as JSON Lines records for the store, and the held-out ones."""
    stored, held = [], []
    for line in DATA.read_text().splitlines():
        topic = json.loads(line)
        for doc in topic["docs"]:
            record = {"id": f"{topic['id']}/{doc['id']}", "published": doc["date"], "source": topic["source"], "text": doc["text"]}
            (held if topic["id"] == HELD_OUT else stored).append(record)
    path = tmp / "articles.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in stored))
    return path, held


def env(src: Path | None) -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if k != "STORYLINE_TOKEN"}
    if src:
        out["PYTHONPATH"] = str(src)
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, db: Path, src: Path | None, nofile: int, log: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        cmd = [sys.executable, "-m", "storyline.cli.main", "--db", str(db), "serve", "--port", str(self.port)]

        def limit() -> None:
            hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
            resource.setrlimit(resource.RLIMIT_NOFILE, (min(nofile, hard), hard))

        with log.open("wb") as err:
            self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, preexec_fn=limit,
                                         env={**env(src), "STORYLINE_TOKEN": TOKEN})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base}/static/style.css", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        self.stop()
        sys.exit("the server did not start")

    def status(self, field: str) -> int:
        """A /proc/PID/status field in bytes (VmRSS, VmHWM)."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
        return 0

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def pct(values: list[float], q: int) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0] * 1000
    return statistics.quantiles(values, n=100)[q - 1] * 1000


def gb(n: int) -> str:
    return f"{n / 2**30:.2f} GB"


async def words_flood(server: Server, story: int, clients: int, seconds: float) -> dict:
    stop_at = time.monotonic() + seconds
    story_times: list[float] = []
    static_times: list[float] = []
    errors = {"story": 0, "static": 0}
    unfinished = {"story": 0, "static": 0}  # requests under way when the phase ended
    words = iter(range(10, 10**9))
    peak = [0]

    async def timed(http, kind: str, times: list, url: str, **params) -> None:
        start = time.perf_counter()
        unfinished[kind] += 1
        try:
            ok = (await http.get(url, params=params)).status_code == 200
        except httpx.HTTPError:
            ok = False
        unfinished[kind] -= 1
        if ok:
            times.append(time.perf_counter() - start)
        else:
            errors[kind] += 1

    async def reader(i: int) -> None:
        async with httpx.AsyncClient(base_url=server.base, timeout=60, limits=httpx.Limits(max_connections=1)) as http:
            while time.monotonic() < stop_at:
                w = 10 + next(words) % 991  # 10..1000, each value once before any repeats
                await timed(http, "story", story_times, f"/api/stories/{story}", words=w)

    async def static() -> None:
        async with httpx.AsyncClient(base_url=server.base, timeout=60) as http:
            while time.monotonic() < stop_at:
                await timed(http, "static", static_times, "/static/style.css")
                await asyncio.sleep(0.05)

    async def memory() -> None:
        while time.monotonic() < stop_at:
            peak[0] = max(peak[0], server.status("VmRSS"))
            if peak[0] > MAX_RSS:
                print(f"  server RSS above {gb(MAX_RSS)}: phase stopped")
                return
            await asyncio.sleep(0.5)

    tasks = [asyncio.create_task(reader(i)) for i in range(clients)] + [asyncio.create_task(static())]
    guard = asyncio.create_task(memory())
    done, pending = await asyncio.wait(tasks + [guard], timeout=seconds + 5, return_when=asyncio.FIRST_COMPLETED)
    while pending and guard not in done and time.monotonic() < stop_at + 5:
        done, pending = await asyncio.wait(pending, timeout=stop_at + 5 - time.monotonic(), return_when=asyncio.FIRST_COMPLETED)
    for t in pending:
        t.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    return {"story": story_times, "static": static_times, "errors": errors, "unfinished": unfinished, "hwm": server.status("VmHWM")}


def idle_flood(server: Server, idle: int, seconds: float) -> dict:
    conns = []
    refused = 0
    for _ in range(idle):
        try:
            conns.append(socket.create_connection(("127.0.0.1", server.port), timeout=5))
        except OSError:
            refused += 1
    times: list[float] = []
    failed = 0
    stop_at = time.monotonic() + seconds
    with httpx.Client(base_url=server.base, timeout=10, headers={"connection": "close"}) as http:
        for n in range(1000):
            if time.monotonic() > stop_at:
                break
            start = time.perf_counter()
            try:
                ok = http.get("/static/style.css" if n % 2 else "/").status_code == 200
            except httpx.HTTPError:
                ok = False
            if ok:
                times.append(time.perf_counter() - start)
            else:
                failed += 1
            time.sleep(0.1)
    closed = 0
    deadline = time.monotonic() + max(0.0, 15 - seconds)
    poll = select.poll()  # select() takes no descriptor above 1023
    by_fd = {c.fileno(): c for c in conns}
    for fd in by_fd:
        poll.register(fd, select.POLLIN)
    while by_fd and time.monotonic() < deadline:
        for fd, _ in poll.poll(500):
            if not by_fd[fd].recv(1):
                closed += 1
                poll.unregister(fd)
                del by_fd[fd]
    for c in conns:
        c.close()
    return {"opened": len(conns), "refused": refused, "times": times, "failed": failed, "closed": closed}


async def ingest_while_reading(server: Server, paths: list[str], held: list[dict], seconds: float) -> dict:
    during: list[float] = []
    other: list[float] = []
    errors = 0
    window = [float("inf"), float("inf")]
    stop_at = time.monotonic() + seconds

    async def reader(i: int) -> None:
        nonlocal errors
        rng = random.Random(i)
        async with httpx.AsyncClient(base_url=server.base, timeout=60, limits=httpx.Limits(max_connections=1)) as http:
            while time.monotonic() < stop_at:
                start = time.monotonic()
                try:
                    ok = (await http.get(rng.choice(paths))).status_code == 200
                except httpx.HTTPError:
                    ok = False
                end = time.monotonic()
                if not ok:
                    errors += 1
                elif start < window[1] and end > window[0]:
                    during.append(end - start)
                else:
                    other.append(end - start)
                await asyncio.sleep(rng.uniform(0.05, 0.15))

    async def writer() -> tuple[int, dict]:
        await asyncio.sleep(2)
        async with httpx.AsyncClient(base_url=server.base, timeout=600) as http:
            window[0] = time.monotonic()
            r = await http.post("/api/ingest", json={"articles": held}, headers={"Authorization": f"Bearer {TOKEN}"})
            window[1] = time.monotonic()
        try:
            body = r.json()
        except ValueError:
            body = {}
        return r.status_code, body

    readers = [asyncio.create_task(reader(i)) for i in range(20)]
    status, body = await writer()
    await asyncio.gather(*readers)
    return {"status": status, "added": len(body.get("added", [])), "ingest": window[1] - window[0],
            "during": during, "other": other, "errors": errors}


def show_log(path: Path) -> None:
    text = path.read_text(errors="replace")
    if text:
        print(f"  server log ({len(text):,} bytes) begins: {text[:400]!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=60)
    parser.add_argument("--idle", type=int, default=1000)
    parser.add_argument("--server-nofile", type=int, default=1024, help="the server's open-file limit at start")
    parser.add_argument("--src", type=Path, help="serve the code of this src/ directory")
    parser.add_argument("--phases", default="ABC")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # the idle connections are this process's too

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        records, held = write_records(tmp)
        db = tmp / "t17.db"
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "storyline.cli.main", "--db", str(db), "ingest", str(records)],
                              capture_output=True, text=True, env=env(args.src))  # exit 1: some records failed
        if not db.exists():
            sys.exit(done.stderr[-2000:])
        summary = (done.stdout + done.stderr).strip().splitlines()[-1]
        print(f"code: {args.src or 'this checkout'}; store built in {time.perf_counter() - started:.0f} s ({summary}); "
              f"server open-file limit at start {args.server_nofile}; {os.cpu_count()} cores")
        rows: list[str] = []

        if "A" in args.phases:
            server = Server(db, args.src, args.server_nofile, tmp / "a.log")
            try:
                big = httpx.get(f"{server.base}/api/stories", params={"order": "largest", "limit": 1}, timeout=60).json()["stories"][0]
                r = asyncio.run(words_flood(server, big["id"], args.clients, args.seconds))
            finally:
                server.stop()
            print(f"A: story {big['id']} ({big['article_count']} articles), {args.clients} clients, distinct ?words=, {args.seconds:.0f} s")
            show_log(tmp / "a.log")
            rows.append(f"A words flood   peak RSS {gb(r['hwm'])}; static p50 {pct(r['static'], 50):.1f} ms, p99 {pct(r['static'], 99):.1f} ms, "
                        f"max {max(r['static'], default=0) * 1000:.0f} ms, {len(r['static'])} ok / {r['errors']['static']} failed / "
                        f"{r['unfinished']['static']} unfinished; story {len(r['story'])} ok / {r['errors']['story']} failed / "
                        f"{r['unfinished']['story']} unfinished, "
                        f"p50 {pct(r['story'], 50):.0f} ms, p99 {pct(r['story'], 99):.0f} ms; "
                        f"log {(tmp / 'a.log').stat().st_size:,} bytes")

        if "B" in args.phases:
            server = Server(db, args.src, args.server_nofile, tmp / "b.log")
            try:
                r = idle_flood(server, args.idle, min(args.seconds, 10))
            finally:
                server.stop()
            show_log(tmp / "b.log")
            rows.append(f"B idle conns    {r['opened']} opened ({r['refused']} refused); other requests {len(r['times'])} ok / "
                        f"{r['failed']} failed, p50 {pct(r['times'], 50):.1f} ms, p99 {pct(r['times'], 99):.1f} ms; "
                        f"idle closed by the server within 15 s: {r['closed']}; log {(tmp / 'b.log').stat().st_size:,} bytes")

        if "C" in args.phases:
            server = Server(db, args.src, args.server_nofile, tmp / "c.log")
            try:
                found = httpx.get(f"{server.base}/api/stories", params={"order": "largest", "limit": 10}, timeout=60).json()["stories"]
                paths = [f"/stories/{s['id']}" for s in found] + ["/", "/static/style.css"]
                for path in paths:
                    httpx.get(server.base + path, timeout=120).raise_for_status()
                r = asyncio.run(ingest_while_reading(server, paths, held, max(args.seconds, 20)))
            finally:
                server.stop()
            show_log(tmp / "c.log")
            rows.append(f"C ingest+reads  POST {r['status']}, {r['added']} added in {r['ingest']:.1f} s; reads during it "
                        f"{len(r['during'])}: p50 {pct(r['during'], 50):.0f} ms, p99 {pct(r['during'], 99):.0f} ms; "
                        f"other reads p50 {pct(r['other'], 50):.0f} ms; {r['errors']} failed")
        for row in rows:
            print(row)


if __name__ == "__main__":
    main()
