"""Readers for every input form; each yields Articles, or ReadErrors naming the input and the reason.

    for item in read_paths(["reports/", "feed.xml", "-"], date=None, source=None):
        ...  # Article | ReadError

``read_text`` / ``read_bytes`` read content held in memory (an HTTP upload) the same way; the
per-format readers (``read_plain``, ``read_markdown``, ``read_jsonl``, ``read_json``, ``read_html``,
``read_feed``) take text and keyword options ``origin``, ``date``, ``source``, ``lexicon``.
"""

from storyline.ingest.build import build_article, content_id
from storyline.ingest.errors import ReadError
from storyline.ingest.feed import read_feed
from storyline.ingest.html import read_html
from storyline.ingest.jsonl import read_json, read_jsonl
from storyline.ingest.plain import read_markdown, read_plain
from storyline.ingest.read import MAX_BYTES, READERS, detect_format, read_bytes, read_file, read_paths, read_text
from storyline.text.dateline import Dateline, normalize_agency, parse_date, parse_dateline, stated_date

__all__ = [
    "MAX_BYTES",
    "READERS",
    "Dateline",
    "ReadError",
    "build_article",
    "content_id",
    "detect_format",
    "normalize_agency",
    "parse_date",
    "parse_dateline",
    "read_bytes",
    "read_feed",
    "read_file",
    "read_html",
    "read_json",
    "read_jsonl",
    "read_markdown",
    "read_paths",
    "read_plain",
    "read_text",
    "stated_date",
]
