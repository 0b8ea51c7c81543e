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

A line that is not valid JSON (a number over Python's 4,300 digits included), not an object, nested
over MAX_DEPTH levels, or has no text is reported with its line number and the other lines are still
read. Control characters are removed and lone surrogates (``"\\ud800"``) replaced, with a warning.
A ``.json`` file may hold one such object or a list of them.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sys
from collections.abc import Iterable, Iterator
from typing import Any

from storyline.ingest.build import build_article, flaw_warnings
from storyline.ingest.decode import decode
from storyline.ingest.errors import ReadError, unexpected
from storyline.ingest.html import html_to_text, looks_like_html, text_line
from storyline.model import Article
from storyline.text.dateline import parse_date

_TEXT_KEYS = ("text", "body", "content")
_KNOWN = {"id", "title", "source", "agency", "url", "place", "published", "date", *_TEXT_KEYS}
# An id is a key every store indexes: PostgreSQL's index takes about 2,700 bytes at most, SQLite's any;
# both refuse the same records.
MAX_ID_BYTES = 2000
MAX_DEPTH = 100  # levels of nesting kept in Article.meta (deeper would overflow the stack when stored)


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
        try:  # one bad record never costs another
            item = _line_article(line, n, origin=origin, max_bytes=max_bytes, date=date, source=source, lexicon=lexicon)
        except Exception as e:
            item = ReadError(origin, f"line {n}: {unexpected(e)}")
        if item is not None:
            yield item


def _line_article(
    line: str | bytes, n: int, *, origin: str, max_bytes: int | None, **options: Any
) -> Article | ReadError | None:
    """The article of line ``n`` (None for a blank line)."""
    warnings: list[str] = []
    if max_bytes is not None and len(line) > max_bytes:
        return ReadError(origin, f"line {n}: record is above the size limit of {max_bytes:,} bytes")
    if isinstance(line, bytes):
        text, warnings = decode(line)
        if text is None:
            return ReadError(origin, f"line {n}: not text (undecodable bytes)")
        line = text
    line = line.rstrip("\r\n")
    if not line.strip():
        return None
    try:
        record = loads(line)
    except (ValueError, RecursionError) as e:
        return ReadError(origin, f"line {n}: {_problem(e)}")
    where, at = f"line {n}", f"{origin}:{n}"
    return record_article(record, where=where, origin=at, error_path=origin, warnings=warnings, **options)


def read_json(
    text: str, *, origin: str = "<text>", date: dt.date | None = None, source: str | None = None, lexicon: Any = None
) -> Iterator[Article | ReadError]:
    """A .json file: one record object, or a list of them."""
    try:
        data = loads(text)
    except json.JSONDecodeError as e:
        if e.msg == "Extra data":  # JSON Lines under a .json name
            yield from read_jsonl(text, origin=origin, date=date, source=source, lexicon=lexicon)
        else:
            yield ReadError(origin, f"not valid JSON ({_where(e, lines=True)})")
        return
    except (ValueError, RecursionError) as e:
        yield ReadError(origin, _problem(e))
        return
    options = {"error_path": origin, "date": date, "source": source, "lexicon": lexicon}
    if not isinstance(data, list):
        yield _isolated(data, where="", origin=origin, **options)
        return
    for n, record in enumerate(data, 1):
        yield _isolated(record, where=f"item {n}", origin=f"{origin}#{n}", **options)


def _isolated(record: Any, *, where: str, **options: Any) -> Article | ReadError:
    try:
        return record_article(record, where=where, **options)
    except Exception as e:
        return ReadError(options["error_path"], f"{where}: {unexpected(e)}" if where else unexpected(e))


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
    warnings = list(warnings or [])
    if looks_like_html(body):
        warnings += flaw_warnings(body)  # html_to_text cleans the text of the markup silently
        body = html_to_text(body)
        if not body:
            return ReadError(error_path, f"{prefix}no text (none left once the HTML markup is removed)")
    raw_date = record.get("published", record.get("date"))
    published = parse_date(raw_date)
    if raw_date and published is None:
        warnings.append(f"unrecognised publication date {str(raw_date)[:40]!r}")  # (the origin names the line)
    warnings += _ignored_fields(record)
    meta = {k: v for k, v in record.items() if k not in _KNOWN}
    if _too_deep(meta, MAX_DEPTH):
        return ReadError(error_path, f"{prefix}JSON nested too deeply (over {MAX_DEPTH} levels)")
    if warnings:
        meta["warnings"] = warnings
    given = _given_id(record.get("id"))
    if given and len(given.encode("utf-8", "surrogatepass")) > MAX_ID_BYTES:
        return ReadError(error_path, f"{prefix}id too long ({len(given):,} characters; at most {MAX_ID_BYTES:,} bytes)")
    return build_article(
        body,
        id=given,
        title=text_line(record.get("title")),  # HTML in a title ("&amp;", "<b>") as plain text
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


class NotJSON(ValueError):
    """NaN, Infinity or -Infinity, which Python's json reads but JSON has not (nor any reader of
    what storyline writes back: `show --json`, the HTTP API)."""


def _no_constant(name: str) -> Any:
    raise NotJSON(f"{name} is not a JSON value")


def _finite(number: str) -> float:
    value = float(number)
    if not math.isfinite(value):
        raise NotJSON(f"{number[:40]} is out of range")  # 1e999: infinity again
    return value


def loads(text: str | bytes) -> Any:
    """json.loads of strict JSON: NaN, Infinity and numbers past a float's range refused (NotJSON)."""
    return json.loads(text, parse_constant=_no_constant, parse_float=_finite)


def _problem(e: Exception) -> str:
    """Why a JSON text could not be parsed."""
    if isinstance(e, json.JSONDecodeError):
        return f"not valid JSON ({_where(e)})"
    if isinstance(e, RecursionError):
        return "JSON nested too deeply"
    if isinstance(e, NotJSON):
        return f"not valid JSON ({e})"
    if "integer string conversion" in str(e):  # above sys.get_int_max_str_digits()
        return f"number too long (over {sys.get_int_max_str_digits():,} digits)"
    return f"not valid JSON ({type(e).__name__}: {str(e)[:200]})"


def _too_deep(value: Any, limit: int) -> bool:
    """True when lists and objects nest more than ``limit`` levels (walked without recursion)."""
    stack = [(value, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, (dict, list)):
            if depth >= limit:
                return True
            stack.extend((v, depth + 1) for v in (value.values() if isinstance(value, dict) else value))
    return False


def _string(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return None


def _ignored_fields(record: dict) -> list[str]:
    """A warning for each known field of a type the reader cannot use (it is left out): an object as
    title, a list as source, a boolean as id."""
    out = []
    for key in ("id", "title", "source", "agency", "place", "url"):
        value = record.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        usable = _given_id(value) if key == "id" else _string(value)
        if usable is None:
            out.append(f"{key} left out: not text (a JSON {_kind(value)})")
    return out


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    return {dict: "object", list: "list", int: "number", float: "number"}.get(type(value), type(value).__name__)


def _given_id(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    return str(value).strip() or None


def _where(e: json.JSONDecodeError, *, lines: bool = False) -> str:
    """Where the JSON broke, e.g. "Expecting value at column 3" (some messages already end in "at")."""
    at = f"line {e.lineno} column {e.colno}" if lines else f"column {e.colno}"
    return f"{e.msg.removesuffix(' at')} at {at}"
