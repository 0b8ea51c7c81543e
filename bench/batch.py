"""`storyline batch ingest` on Dask with 1 and 2 local workers, against `storyline ingest`, with stage costs.

    python bench/batch.py [--n 100000] [--workers 1,2] [--runs 1] [--summarize 2000]

The input is --n real-shaped articles made at run time by recombining dev sentences (bench/real.py's
generator: 8-30 Timeline17 lines or Multi-News sentences each, dated over a year; nothing is kept),
written as one JSON Lines file. Each run is a fresh process on a fresh SQLite store, timed from outside:
wall seconds, CPU seconds and peak RSS (wait4: the process and the children it waited for, Dask's
worker processes included; peak = the largest single process). Batch runs also print their stages
(their --json): CPU seconds of the tasks on the workers (decoding, splitting, analysis), and in the
client the CPU seconds of the sequential tracker (assign), of the store transactions (write) and of
the whole client process (these also include taking the workers' results off the wire).

Summarize (--summarize M, 0 to skip): a store of the first M of those articles (`storyline ingest`), then
`storyline batch summarize --force` with 1 and 2 workers: every story's summary, timeline and facts.

Each table ends with Amdahl's law from the 1-worker run's CPU costs: the client's part s is sequential,
the workers' part p spreads over n workers. On a machine shared with other work the wall times move;
the CPU seconds are the figures to reason with.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from real import recombined, write

HEADER = (f"{'run':<18} {'articles':>8} {'wall s':>7} {'per s':>6} {'CPU s':>7} {'peak MB':>7} "
          f"{'workers':>8} {'assign':>7} {'write':>7} {'client':>7} {'wait s':>7}")


def run(args: list[str], db: Path, timeout: float) -> dict:
    """One `storyline ... --json` process: wall and CPU seconds, peak RSS, and its JSON output."""
    out = tempfile.TemporaryFile()
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "storyline.cli.main", "--db", str(db), *args, "--json"],
                            stdout=out, stderr=subprocess.DEVNULL)
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - start > timeout:
            proc.kill()
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    out.seek(0)
    try:
        found = json.load(out)
    except ValueError:
        found = {}
    return {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "peak": usage.ru_maxrss / 1024,
            "added": len(found.get("added", [])), "computed": found.get("computed", 0), "stages": found.get("stages", {}),
            "ok": os.waitstatus_to_exitcode(status) in (0, 1)}


def row(label: str, r: dict) -> str:
    s = r["stages"]
    rate = r["added"] / r["seconds"] if r["seconds"] else 0
    stages = (f"{s['workers']:>8.1f} {s['assign_cpu']:>7.1f} {s['write_cpu']:>7.1f} {s['client_cpu']:>7.1f} {s['wait']:>7.1f}"
              if s else f"{'':>8} {'':>7} {'':>7} {'':>7} {'':>7}")
    flag = "" if r["ok"] else "  (failed or timed out)"
    return f"{label:<18} {r['added']:>8,} {r['seconds']:>7.1f} {rate:>6.0f} {r['cpu']:>7.1f} {r['peak']:>7.0f} {stages}{flag}"


def fresh(db: Path) -> Path:
    for old in db.parent.glob(db.name + "*"):
        old.unlink()
    return db


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="articles (default 100,000; 0: no ingest runs)")
    parser.add_argument("--summarize", type=int, default=2000, help="articles of the summarize store (default 2,000)")
    parser.add_argument("--workers", default="1,2", help="worker counts to run (default 1,2)")
    parser.add_argument("--runs", type=int, default=1, help="runs of each (alternating; default 1)")
    parser.add_argument("--no-sequential", action="store_true", help="skip the `storyline ingest` reference run")
    parser.add_argument("--timeout", type=float, default=3600)
    args = parser.parse_args()
    counts = [int(w) for w in args.workers.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        records = recombined(max(args.n, args.summarize), seed=0)
        if args.n:
            ingest_runs(write(tmp / "articles.jsonl", records[: args.n]), tmp, counts, args)
        if args.summarize:
            summarize_runs(write(tmp / "some.jsonl", records[: args.summarize]), tmp, counts, args)
    return 0


def ingest_runs(data: Path, tmp: Path, counts: list[int], args) -> None:
    print(f"{args.n:,} recombined articles, {data.stat().st_size / 1e6:.0f} MB of JSON Lines; {os.cpu_count()} cores")
    print("workers, assign, write, client: CPU seconds (see the docstring)")
    print(HEADER, flush=True)
    plans = [(f"batch, {n} worker{'s' * (n > 1)}", ["batch", "ingest", "--workers", str(n), str(data)]) for n in counts]
    if not args.no_sequential:
        plans.append(("storyline ingest", ["ingest", str(data)]))
    results: dict[str, list[dict]] = {label: [] for label, _ in plans}
    for k in range(args.runs):
        for label, argv in plans if k % 2 == 0 else plans[::-1]:
            r = run(argv, fresh(tmp / "s.db"), args.timeout)
            results[label].append(r)
            print(row(label, r), flush=True)
    amdahl(results, counts, "added")


def summarize_runs(data: Path, tmp: Path, counts: list[int], args) -> None:
    db = fresh(tmp / "sum.db")
    run(["ingest", str(data)], db, args.timeout)
    print(f"\nsummarize: every story of a store of {args.summarize:,} of those articles (--force each time)")
    print(HEADER.replace("articles", "stories "), flush=True)
    results: dict[str, list[dict]] = {f"batch, {n} worker{'s' * (n > 1)}": [] for n in counts}
    for k in range(args.runs):
        for n, label in list(zip(counts, results))[:: 1 if k % 2 == 0 else -1]:
            r = run(["batch", "summarize", "--force", "--workers", str(n)], db, args.timeout)
            r["added"] = r.pop("computed", 0)
            results[label].append(r)
            print(row(label, r), flush=True)
    amdahl(results, counts, "stories")


def amdahl(results: dict[str, list[dict]], counts: list[int], what: str) -> None:
    one = [r for r in results.get("batch, 1 worker", []) if r["stages"]]
    if not one:
        return
    s = sum(r["stages"]["client_cpu"] for r in one) / len(one)
    p = sum(r["stages"]["workers"] for r in one) / len(one)
    print(f"\nAmdahl from the 1-worker run: client (sequential) s = {s:.1f} CPU s, workers (parallel) p = {p:.1f} CPU s,"
          f" sequential share {s / (s + p):.0%}")
    print(f"{'workers':>8} {'Amdahl (s + p/n)':>17} {'pipelined (max(s, p/n))':>24}")
    for n in (1, 2, 4, 8, 16):
        print(f"{n:>8} {(s + p) / (s + p / n):>16.2f}x {max(s, p) / max(s, p / n):>23.2f}x")
    rates = {label: sum(r["added"] / r["seconds"] for r in rs) / len(rs) for label, rs in results.items() if rs}
    if len(counts) > 1 and "batch, 1 worker" in rates:
        for n in counts[1:]:
            label = f"batch, {n} workers"
            print(f"measured: {n} workers / 1 worker = {rates[label] / rates['batch, 1 worker']:.2f}x {what}/s")


if __name__ == "__main__":
    sys.exit(main())
