"""Templated wire copy (market closes, results tables): `storyline ingest` of this tree against a commit.

    python bench/templated.py [--against REV] [--n 20000 40000] [--timeout 300]

Each record differs from the template only in a few numbers, so every article lands in the same
near-duplicate buckets: the case that made the copy finder quadratic. The JSON Lines files are
written at run time; each run is a fresh `storyline ingest` process on a fresh store, timed with
its peak memory (ru_maxrss of the child). With --against, the commit is checked out into a
temporary git worktree and run the same way, alternating with this tree.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from trees import trees as trees_of

ROOT = Path(__file__).resolve().parents[1]

TEMPLATES = {
    "market close": (
        "Harbor City shares closed higher on Friday as traders weighed the port results. "
        "The Harbor City index rose {a}.{b} points to close at {c}. "
        "Shipping stocks led the gains while banks were mixed. Volume was light ahead of the holiday weekend."
    ),
    "league result": (
        "Lakemont beat Ridgefield {a}-{b} in the regional league on Saturday. "
        "The home side scored in the {b}th minute after a long spell of pressure and held on. "
        "Attendance was {c} at the ground. Ridgefield play again next week at home."
    ),
}

# Run in a child: drop the editable install's import hook so that `src` is what imports.
_CHILD = """
import sys
src = sys.argv[1]
sys.meta_path = [f for f in sys.meta_path if "editable" not in repr(f).lower()]
sys.path.insert(0, src)
from storyline.cli.main import main
sys.exit(main(sys.argv[2:]))
"""


def write_corpus(path: Path, template: str, n: int) -> None:
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            text = template.format(a=i % 97, b=i % 13, c=1000 + i)
            f.write(json.dumps({"id": f"t{i}", "text": text, "published": f"2026-03-0{1 + i % 9}", "source": "Wire"}) + "\n")


def run(src: Path, corpus: Path, db: Path, timeout: float) -> tuple[float | None, float]:
    """(seconds or None past the timeout, peak RSS in MB) of one ingest."""
    for old in db.parent.glob(db.name + "*"):
        old.unlink()
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", _CHILD, str(src), "--db", str(db), "ingest", "--json", str(corpus)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        proc.wait(timeout=timeout)
        seconds = time.perf_counter() - start
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        seconds = None
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", help="an earlier commit to run the same way")
    parser.add_argument("--n", type=int, nargs="+", default=[20000, 40000])
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        with trees_of(args.against, tmp) as trees:
            print(f"{'corpus':<16} {'n':>7} {'tree':<10} {'seconds':>8} {'articles/s':>11} {'peak MB*':>9}")
            for name, template in TEMPLATES.items():
                for n in args.n:
                    corpus = tmp / f"{name.replace(' ', '-')}-{n}.jsonl"
                    write_corpus(corpus, template, n)
                    for label, src in trees:
                        seconds, peak = run(src, corpus, tmp / "s.db", args.timeout)
                        rate = f"{n / seconds:,.0f}" if seconds else "-"
                        shown = f"{seconds:.1f}" if seconds else f">{args.timeout:.0f}"
                        print(f"{name:<16} {n:>7,} {label[:10]:<10} {shown:>8} {rate:>11} {peak:>9.0f}", flush=True)
    print("* the largest child so far (ru_maxrss of all finished children)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
