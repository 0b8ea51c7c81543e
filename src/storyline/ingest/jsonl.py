"""JSON Lines (and .json) article records.

Schema: one JSON object per line, UTF-8::

    {"id": "a1", "title": "Harbour reopens", "text": "PORT ELLIS (Reuters) - ...",
     "published": "2025-03-14", "source": "Reuters", "url": "https://example.org/a1"}

- ``text`` (required; ``body`` or ``content`` are accepted instead): the article body, prose or
  tokenized one-sentence-per-line text; HTML markup in it is stripped.
- ``id`` (string or number): kept as the article id; without it the id is the content hash.
- ``title``, ``source`` (agency or publisher; ``agency`` accepted), ``url``, ``place``: optional strings.
- ``published`` (or ``date``): ISO date or date-time, RFC 2822 or "March 3, 2017"; an unreadable
  value is reported as a warning and the date is then taken as if absent.
- Any other field is kept unchanged in ``Article.meta``.

A line that is not valid JSON, not an object, or has no text is reported with its line number and
the other lines are still read. A ``.json`` file may hold one such object or a list of them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from typing import Any

from storyline.ingest.build import build_article
from storyline.ingest.dateline import parse_date
from storyline.ingest.decode import decode
from storyline.ingest.errors import ReadError
from storyline.ingest.html import html_to_text, looks_like_html
from storyline.model import Article

_TEXT_KEYS = ("text", "body", "content")
_KNOWN = {"id", "title", "source", "agency", "url", "place", "published", "date", *_TEXT_KEYS}


def read_jsonl(
    text: str, *, origin: str = "<text>", date: dt.date | None = None, source: str | None = None, lexicon: Any = None
) -> Iterator[Article | ReadError]:
    """One article per line of JSON Lines text (see the module docstring for the schema)."""
    return read_lines(text.split("\n"), origin=origin, date=date, source=source, lexicon=lexicon)


def read_lines(
    lines: Iterable[str | bytes],
    *,
    origin: str,
    start: int = 1,
    max_bytes: int | None = None,
    date: dt.date | None = None,
    source: str | None = None,
    lexicon: Any = None,
) -> Iterator[Article | ReadError]:
    """JSON Lines from lines of text or raw bytes (a file streamed line by line); ``start``: first line number.

    Bytes are decoded as UTF-8, with replacement and a warning when invalid; a line longer than
    ``max_bytes`` is reported and skipped.
    """
    for n, line in enumerate(lines, start):
        warnings: list[str] = []
        if max_bytes is not None and len(line) > max_bytes:
            yield ReadError(origin, f"line {n}: record is above the size limit of {max_bytes:,} bytes")
            continue
        if isinstance(line, bytes):
            text, warnings = decode(line)
            if text is None:
                yield ReadError(origin, f"line {n}: not text (undecodable bytes)")
                continue
            line = text
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            yield ReadError(origin, f"line {n}: not valid JSON ({_where(e)})")
            continue
        except RecursionError:
            yield ReadError(origin, f"line {n}: JSON nested too deeply")
            continue
        yield record_article(
            record, where=f"line {n}", origin=f"{origin}:{n}", error_path=origin,
            date=date, source=source, lexicon=lexicon, warnings=warnings,
        )


def read_json(
    text: str, *, origin: str = "<text>", date: dt.date | None = None, source: str | None = None, lexicon: Any = None
) -> Iterator[Article | ReadError]:
    """A .json file: one record object, or a list of them."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        if e.msg == "Extra data":  # JSON Lines under a .json name
            yield from read_jsonl(text, origin=origin, date=date, source=source, lexicon=lexicon)
        else:
            yield ReadError(origin, f"not valid JSON ({_where(e, lines=True)})")
        return
    except RecursionError:
        yield ReadError(origin, "JSON nested too deeply")
        return
    if isinstance(data, list):
        for n, record in enumerate(data, 1):
            yield record_article(
                record, where=f"item {n}", origin=f"{origin}#{n}", error_path=origin, date=date, source=source, lexicon=lexicon
            )
    else:
        yield record_article(data, where="", origin=origin, error_path=origin, date=date, source=source, lexicon=lexicon)


def record_article(
    record: Any,
    *,
    where: str,
    origin: str,
    error_path: str,
    date: dt.date | None = None,
    source: str | None = None,
    lexicon: Any = None,
    warnings: list[str] | None = None,
) -> Article | ReadError:
    """One record as an Article, or a ReadError saying what is wrong with it."""
    prefix = f"{where}: " if where else ""
    if not isinstance(record, dict):
        return ReadError(error_path, f"{prefix}not a JSON object")
    body = next((record[k] for k in _TEXT_KEYS if isinstance(record.get(k), str) and record[k].strip()), None)
    if body is None:
        return ReadError(error_path, f"{prefix}no text (expected a non-empty \"text\" field)")
    if looks_like_html(body):
        body = html_to_text(body)
    warnings = list(warnings or [])
    raw_date = record.get("published", record.get("date"))
    published = parse_date(raw_date)
    if raw_date and published is None:
        warnings.append(f"{prefix}unrecognised publication date {str(raw_date)[:40]!r}")
    meta = {k: v for k, v in record.items() if k not in _KNOWN}
    if warnings:
        meta["warnings"] = warnings
    return build_article(
        body,
        id=_given_id(record.get("id")),
        title=_string(record.get("title")),
        source=_string(record.get("source")) or _string(record.get("agency")),
        place=_string(record.get("place")),
        published=published,
        url=_string(record.get("url")),
        origin=origin,
        format="jsonl",
        meta=meta,
        lexicon=lexicon,
        default_source=source,
        default_date=date,
    )


def _string(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return None


def _given_id(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    return str(value).strip() or None


def _where(e: json.JSONDecodeError, *, lines: bool = False) -> str:
    """Where the JSON broke, e.g. "Expecting value at column 3" (some messages already end in "at")."""
    at = f"line {e.lineno} column {e.colno}" if lines else f"column {e.colno}"
    return f"{e.msg.removesuffix(' at')} at {at}"
