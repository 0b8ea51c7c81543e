"""Every eval score on every dev set, for this tree and optionally an earlier commit, side by side.

    python bench/scores.py [--against REV] [--tree SRC]

Runs `storyline eval summarize|update|timeline|cluster --json` on each set in ../shared/data/dev
(each tree in a fresh process that imports only that tree's package) and prints one row per
score with the two values and whether they are equal ("new": a set the earlier tree cannot read).
Timing fields are left out. A refactoring
that should change no output must print `same` on every row.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from trees import trees as trees_of

ROOT = Path(__file__).resolve().parents[1]
DEV = Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared")) / "data" / "dev"
RUNS = [
    ("summarize", "duc2003_task2.jsonl", ["--words", "100", "--method", "all"]),
    ("summarize", "multiling2011_en.jsonl", ["--words", "250", "--method", "all"]),
    ("summarize", "multinews_dev500.jsonl", ["--words", "250", "--method", "all"]),
    ("update", "duc2007_update.jsonl", []),
    ("timeline", "timeline17_dev.jsonl", []),
    ("cluster", "duc2003_tdt.jsonl", []),
    ("cluster", "multiling2011_en_stories.jsonl", []),
    ("cluster", "multinews_dev_stream.jsonl", []),
    ("cluster", "duc2007_update.jsonl", []),  # the update set read as a dated stream (from df25e83 on)
]
TIMING = ("ms", "second", "speed", "per_s", "time")

# Run in a child: drop the editable install's import hook so that `src` is what imports.
_CHILD = """
import sys
src = sys.argv[1]
sys.meta_path = [f for f in sys.meta_path if "editable" not in repr(f).lower()]
sys.path.insert(0, src)
from storyline.cli.main import main
sys.exit(main(sys.argv[2:]))
"""


def flatten(value, prefix: str = "") -> dict[str, object]:
    if isinstance(value, dict):
        out: dict[str, object] = {}
        for key, inner in value.items():
            if not any(t in str(key).lower() for t in TIMING):
                out.update(flatten(inner, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(value, list):
        out = {}
        for i, inner in enumerate(value):
            out.update(flatten(inner, f"{prefix}[{i}]"))
        return out
    return {prefix: round(value, 6) if isinstance(value, float) else value}


def scores(src: Path) -> dict[str, object]:
    found: dict[str, object] = {}
    for command, name, extra in RUNS:
        out = subprocess.run(
            [sys.executable, "-c", _CHILD, str(src), "eval", command, str(DEV / name), "--json", *extra],
            capture_output=True, text=True,
        )
        if out.returncode and out.stderr.startswith("storyline eval"):  # a tree that cannot read the set (one it
            continue  # did not have yet): its rows are left out
        out.check_returncode()
        found.update(flatten(json.loads(out.stdout), f"{command} {name.removesuffix('.jsonl')}"))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", help="an earlier commit, checked out into a temporary worktree")
    parser.add_argument("--tree", type=Path, help="the src folder of another checkout, instead of --against")
    args = parser.parse_args()
    if not DEV.is_dir():
        sys.exit(f"missing {DEV}: the scores are measured on the shared dev data")
    now = scores(ROOT / "src")
    with tempfile.TemporaryDirectory() as tmp:
        before = None
        if args.against:
            with trees_of(args.against, Path(tmp)) as trees:
                before = scores(trees[0][1])
        elif args.tree:
            before = scores(args.tree)
    differ = new = 0
    for key, value in now.items():
        if before is None:
            print(f"{key:<70} {value}")
            continue
        if key not in before:
            new += 1
            print(f"{key:<70} {'-':>12} {value!s:>12}  new")
            continue
        old = before[key]
        differ += old != value
        print(f"{key:<70} {old!s:>12} {value!s:>12}  {'same' if old == value else 'DIFFERS'}")
    if before is not None:
        print(f"{len(now)} scores, {differ} differ" + (f", {new} new (sets the earlier tree cannot read)" if new else ""))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
