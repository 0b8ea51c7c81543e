"""A fit script's shipped model file: written, or compared with the fit (--check), so that every
shipped model is what its script rebuilds."""

from __future__ import annotations

from pathlib import Path


def write_or_check(path: Path, text: str, check: bool) -> int:
    """With ``check``, whether the file holds ``text`` (0) or not (1), said on one line; else write it (0)."""
    if check:
        same = path.read_text(encoding="utf-8") == text
        print(f"shipped model file {path.name} is the fit" if same else f"shipped model file {path.name} differs from the fit")
        return 0 if same else 1
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}")
    return 0
