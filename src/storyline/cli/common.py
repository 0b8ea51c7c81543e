"""Helpers shared by the command modules: opening the engine, dates, JSON output."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

from storyline.model import to_jsonable


class CliError(Exception):
    """A user-facing error: printed as one line, exit status 2."""


def engine(args, *, readonly: bool = False):
    from pathlib import Path

    import storyline

    if readonly and not Path(args.db).exists():
        raise CliError(f"no store at {args.db}: run 'storyline ingest PATH' first (or pass --db)")

    return storyline.open(args.db, readonly=readonly)


def parse_date(value: str) -> dt.date:
    """argparse type for YYYY-MM-DD dates."""
    import argparse

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def print_json(obj: Any) -> None:
    json.dump(to_jsonable(obj), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def article_dict(article, *, sentences: bool = False) -> dict[str, Any]:
    out = {
        "id": article.id,
        "title": article.title,
        "source": article.source,
        "place": article.place,
        "published": article.published.isoformat() if article.published else None,
        "url": article.url,
        "format": article.format,
        "origin": article.origin,
        "sentences_count": len(article.sentences),
    }
    if sentences:
        out["meta"] = to_jsonable(article.meta)
        out["sentences"] = [
            {"index": s.index, "paragraph": s.paragraph, "text": s.display, "original": s.text}
            for s in article.sentences
        ]
    return out


def story_id(value: str) -> int:
    import argparse

    try:
        return int(value.lstrip("sS#"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a story id: {value!r}") from None
