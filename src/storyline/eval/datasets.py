"""Readers for the dev/eval JSON Lines layouts described in ../shared/data/README.md."""

from __future__ import annotations

import datetime as dt
import json
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
