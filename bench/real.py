"""Real news at real scale: `storyline ingest` of the dev sets as a user feeds them, and a growing store.

    python bench/real.py [--against REV] [--runs 3] [--scale 30000] [--keep DIR] [--web]

Sets (JSON Lines written at run time from ../shared/data/dev, never kept): the 2,286 non-empty
Timeline17 dev articles (one record per article: id, published, source, text) and the Multi-News
dev stream (1,412 documents). Each run is a fresh `storyline ingest --json` process on a fresh
store, timed from outside: wall seconds, CPU seconds and peak RSS (ru_maxrss from wait4: the
largest single process, parse workers included), and the store's size on disk. With --against,
the commit is checked out into a temporary git worktree and run the same way, the two trees
alternating, and the table ends with the ratios of the medians.

Scale: a store grown in steps of 10,000 articles made at run time by recombining dev sentences
(new articles, not copies), one `storyline ingest` per step, with the rate of each step
(--scale 100000 for the full curve, 0 to skip). A single step's rate moves by 10-20% on a shared
machine, so the second step (into 10,000) and the last are then timed again --repeat times each,
interleaved, on copies of the store as it stood before them, and their medians compared. --keep DIR
keeps the grown store there, for the big-story summary and page timings (another bench) to run on.
--web then serves each grown store with `storyline serve` and times its home page and search at 50
concurrent clients (bench/web.py --home-search: p50/p95/p99 and errors).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from trees import trees as trees_of

ROOT = Path(__file__).resolve().parents[1]
DEV = Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared")) / "data" / "dev"
STEP = 10_000

# Run in a child: drop the editable install's import hook so that `src` is what imports.
_CHILD = """
import sys
src = sys.argv[1]
sys.meta_path = [f for f in sys.meta_path if "editable" not in repr(f).lower()]
sys.path.insert(0, src)
from storyline.cli.main import main
sys.exit(main(sys.argv[2:]))
"""


# The children run as an installed package does: with Python's bytecode cache, which the first run of
# each tree fills (a machine that sets PYTHONDONTWRITEBYTECODE, as CI sandboxes do, would have every
# ingest compile its ~40 modules first: about 65 ms). --no-bytecode keeps the caller's setting.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _dev(name: str) -> list[dict]:
    path = DEV / name
    if not path.exists():
        sys.exit(f"missing {path}: this benchmark reads the shared dev data (../shared/data)")
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def timeline17() -> list[dict]:
    """The Timeline17 dev articles as records a user would write: one per article."""
    return [
        {"id": f"{r['id']}/{d['id']}", "published": d["date"], "source": r["source"], "text": d["text"]}
        for r in _dev("timeline17_dev.jsonl")
        for d in r["docs"]
        if d["text"].strip()
    ]


def multinews() -> list[dict]:
    return [{"id": r["id"], "text": r["text"], **({"title": r["title"]} if r.get("title") else {})}
            for r in _dev("multinews_dev_stream.jsonl") if r["text"].strip()]


def recombined(n: int, seed: int, start: int = 0) -> list[dict]:
    """n new articles of 8-30 dev sentences each (Timeline17 lines and Multi-News sentences), dated over a year."""
    rng = random.Random(seed)
    lines = [line for r in timeline17() for line in r["text"].splitlines() if len(line.split()) > 4]
    prose = [s for r in multinews() for s in r["text"].split(". ") if len(s.split()) > 4]
    out = []
    for i in range(start, start + n):
        if i % 2:  # cased, one sentence per line
            text = "\n".join(rng.sample(lines, rng.randint(8, 30)))
        else:
            text = ". ".join(rng.sample(prose, rng.randint(8, 30))) + "."
        day = 1 + (i * 7919) % 365
        out.append({"id": f"scale-{i}", "published": f"2030-{1 + (day - 1) // 31 % 12:02d}-{1 + day % 28:02d}",
                    "source": f"Wire {i % 7}", "text": text})
    return out


def write(path: Path, records: list[dict]) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def ingest(src: Path, files: list[Path], db: Path, timeout: float) -> dict:
    """One `storyline ingest --json` child: wall and CPU seconds, peak RSS (MB), articles added, store MB."""
    out = tempfile.TemporaryFile()
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", _CHILD, str(src), "--db", str(db), "ingest", "--json", *map(str, files)],
                            stdout=out, stderr=subprocess.DEVNULL, env=CHILD_ENV)
    deadline = start + timeout
    while True:  # wait4 for this child's own rusage (its parse workers are waited for by it, so included)
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
        time.sleep(0.02)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    out.seek(0)
    try:
        added = len(json.load(out)["added"])
    except (ValueError, KeyError):
        added = 0
    out.close()
    size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))
    return {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "peak": usage.ru_maxrss / 1024,
            "added": added, "store": size / 1e6, "ok": proc.returncode in (0, 1) and seconds < timeout}


def fresh(db: Path) -> Path:
    for old in db.parent.glob(db.name + "*"):
        old.unlink()
    return db


def row(label: str, tree: str, r: dict) -> str:
    rate = r["added"] / r["seconds"] if r["seconds"] else 0
    flag = "" if r["ok"] else "  (failed or timed out)"
    return (f"{label:<22} {tree[:10]:<10} {r['added']:>8,} {r['seconds']:>8.2f} {rate:>11,.0f} {r['cpu']:>7.2f} "
            f"{r['peak']:>8.0f} {r['store']:>9.1f}{flag}")


HEADER = f"{'set':<22} {'tree':<10} {'articles':>8} {'seconds':>8} {'articles/s':>11} {'CPU s':>7} {'peak MB':>8} {'store MB':>9}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", help="an earlier commit to run the same way, alternating")
    parser.add_argument("--runs", type=int, default=3, help="runs of each set per tree (default 3; the median is compared)")
    parser.add_argument("--scale", type=int, default=30_000, help="grow a store to this many articles (0 = skip)")
    parser.add_argument("--repeat", type=int, default=3, help="interleaved runs of the second and the last step (median compared)")
    parser.add_argument("--keep", type=Path, help="keep the grown store in this directory")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--web", action="store_true", help="with --keep: home page and search on each grown store")
    parser.add_argument("--no-bytecode", action="store_true", help="keep PYTHONDONTWRITEBYTECODE for the children")
    args = parser.parse_args()
    if args.no_bytecode:
        CHILD_ENV.update(os.environ)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        with trees_of(args.against, tmp) as trees:
            sets = {"Timeline17 dev": write(tmp / "timeline17.jsonl", timeline17()),
                    "Multi-News dev stream": write(tmp / "multinews.jsonl", multinews())}
            warm = write(tmp / "warm.jsonl", [{"id": "warm", "text": "A first run fills the bytecode cache."}])
            for _, src in trees:  # (a tree's first run would pay for it)
                ingest(src, [warm], fresh(tmp / "warm.db"), args.timeout)
            if args.runs:
                dev_sets(trees, sets, tmp, args)
            if args.scale:
                scale(trees, tmp, args)
    print("peak MB: ru_maxrss of the largest single process of the ingest (the main one or a parse worker)")
    return 0


def dev_sets(trees: list[tuple[str, Path]], sets: dict[str, Path], tmp: Path, args) -> None:
    """Each set ingested args.runs times per tree on a fresh store, the trees alternating; the median rates compared."""
    print(HEADER)
    medians: dict[tuple[str, str], float] = {}
    for name, path in sets.items():
        rates: dict[str, list[float]] = {label: [] for label, _ in trees}
        for run in range(args.runs):
            for label, src in trees if run % 2 == 0 else trees[::-1]:
                r = ingest(src, [path], fresh(tmp / "s.db"), args.timeout)
                rates[label].append(r["added"] / r["seconds"])
                print(row(name, label, r), flush=True)
        for label, values in rates.items():
            medians[name, label] = statistics.median(values)
    if args.against:
        print(f"\nmedian articles/s, this tree / {args.against}:")
        for name in sets:
            old, new = medians[name, args.against], medians[name, "this tree"]
            print(f"  {name:<22} {new:>8,.0f} / {old:>8,.0f} = {new / old:.2f}x")


def scale(trees: list[tuple[str, Path]], tmp: Path, args) -> None:
    """Grow one store per tree in 10k steps, the trees alternating step by step."""
    steps = list(range(0, args.scale, STEP))
    print(f"\nscale: a store grown to {args.scale:,} recombined articles, one ingest per {STEP:,}")
    print(HEADER)
    dbs = {label: fresh(tmp / f"scale-{i}.db") for i, (label, _) in enumerate(trees)}
    first: dict[str, float] = {}
    rates: dict[str, list[float]] = {label: [] for label, _ in trees}
    compared = [1, len(steps) - 1] if len(steps) > 2 and args.repeat > 1 else []
    chunks: list[Path] = []
    for k, start in enumerate(steps):
        chunk = write(tmp / f"step{k}.jsonl", recombined(min(STEP, args.scale - start), seed=start, start=start))
        if k in compared:  # the step's input and the store before it, for the runs again
            chunks.append(chunk)
            for label, db in dbs.items():
                copy(db, tmp / f"before{k}-{label}.db")
        for label, src in trees if k % 2 == 0 else trees[::-1]:
            r = ingest(src, [chunk], dbs[label], args.timeout)
            rate = r["added"] / r["seconds"]
            first.setdefault(label, rate)
            rates[label].append(rate)
            print(row(f"{start:,}..{start + r['added']:,}", label, r) + f"  {rate / first[label]:.2f}x of the first step",
                  flush=True)
    if len(steps) > 2:
        print("the last step's rate against the first (into an empty store) and the second (into a store of 10,000):")
        for label, (r0, r1, *_, last) in rates.items():
            print(f"  {label:<12} {last:,.0f}/s: {last / r0:.2f}x of {r0:,.0f}/s, {last / r1:.2f}x of {r1:,.0f}/s")
    if compared:
        again(trees, compared, chunks, rates, tmp, args)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        for p in tmp.glob("scale-*.db*"):
            p.replace(args.keep / p.name)
        print(f"kept the grown stores in {args.keep}")
        if args.web:
            for i, (label, _) in enumerate(trees):
                print(f"\nhome page and search on the store {label} grew, served by this tree (bench/web.py --home-search):", flush=True)
                subprocess.run([sys.executable, str(ROOT / "bench" / "web.py"), "--db", str(args.keep / f"scale-{i}.db"),
                                "--home-search", "--clients", "50", "--seconds", "15"], check=False)


def again(trees: list[tuple[str, Path]], compared: list[int], chunks: list[Path], rates: dict[str, list[float]],
          tmp: Path, args) -> None:
    """The second and the last step run again (args.repeat runs each with the first), interleaved, each
    on a copy of the store as it stood before it; the median rates compared."""
    print(f"\nthe second and the last step again, interleaved, on copies of the store before each ({args.repeat} runs each):")
    print(HEADER)
    runs = {(label, k): [rates[label][k]] for label, _ in trees for k in compared}
    for _ in range(args.repeat - 1):
        for label, src in trees:
            for k, chunk in zip(compared, chunks):
                db = copy(tmp / f"before{k}-{label}.db", tmp / "again.db")
                r = ingest(src, [chunk], db, args.timeout)
                runs[label, k].append(r["added"] / r["seconds"])
                print(row(f"{k * STEP:,}..{k * STEP + r['added']:,}", label, r), flush=True)
    second, last = compared
    print("median rates, the last step against the second:")
    for label, _ in trees:
        a, b = statistics.median(runs[label, second]), statistics.median(runs[label, last])
        print(f"  {label:<12} {b:,.0f}/s against {a:,.0f}/s: {b / a:.2f}x")
    for p in tmp.glob("before*.db*"):
        p.unlink()


def copy(db: Path, to: Path) -> Path:
    """The store (and its WAL, when one is left) copied to ``to``."""
    fresh(to)
    for part in db.parent.glob(db.name + "*"):
        shutil.copyfile(part, to.parent / (to.name + part.name[len(db.name) :]))
    return to


if __name__ == "__main__":
    sys.exit(main())
