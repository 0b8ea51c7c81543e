"""Readers for the dev/eval JSON Lines layouts described in ../shared/data/README.md."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from storyline.ingest.build import build_article
from storyline.model import Article


def records(path: str | Path) -> Iterator[dict[str, Any]]:
    """One dict per non-blank line; a bad line, or a file with none, raises ValueError naming the file."""
    found = False
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as e:
                    raise ValueError(f"{path}:{n}: not JSON ({e.msg})") from None
                found = True
                yield record
    if not found:
        raise ValueError(f"{path}: no records")


def failed(benchmark: str, error: Exception) -> int:
    """Tell why a benchmark could not run on its data set, in one line on stderr; its exit code (2)."""
    if isinstance(error, KeyError):  # a record without a field this benchmark reads
        reason = f"a record has no {error.args[0]!r} field: not a data set of this benchmark's layout (see --help)"
    else:
        reason = str(error)
    print(f"storyline eval {benchmark}: {reason}", file=sys.stderr)
    return 2


def parse_date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def doc_article(doc: dict[str, Any]) -> Article:
    """A dataset document as an Article (its id, date and title kept)."""
    return build_article(
        doc.get("text", ""),
        id=str(doc["id"]) if doc.get("id") is not None else None,
        title=doc.get("title"),
        published=parse_date(doc.get("date")),
        format="dataset",
    )


def doc_articles(docs: list[dict[str, Any]]) -> list[Article]:
    return [doc_article(d) for d in docs]
