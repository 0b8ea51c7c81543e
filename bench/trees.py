"""The source trees a bench compares: this checkout's, and an earlier commit's in a temporary git worktree."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def trees(against: str | None, tmp: Path, src: Path = ROOT / "src") -> Iterator[list[tuple[str, Path]]]:
    """[(label, src)]: the commit `against` first (checked out under `tmp`, removed afterwards), then
    this tree (or the given `src` folder)."""
    found = [("this tree", src)]
    if not against:
        yield found
        return
    old = tmp / "old"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(old), against], check=True)
    try:
        yield [(against, old / "src"), *found]
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)], check=False)
