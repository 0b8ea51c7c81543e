"""Plain text (tokenized one-sentence-per-line, or prose) and Markdown readers."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from storyline.ingest.build import build_article
from storyline.ingest.errors import ReadError
from storyline.model import Article
from storyline.text.dateline import parse_date, parse_dateline
from storyline.text.split import looks_tokenized

_BLANK = re.compile(r"\n\s*\n")
_TITLE_MAX_WORDS = 16
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.DOTALL)
_FRONT_KEYS = {"title", "date", "published", "source", "agency", "url", "author", "place"}


def read_plain(
    text: str, *, origin: str = "<text>", date: dt.date | None = None, source: str | None = None, lexicon: Any = None
) -> Iterator[Article | ReadError]:
    """One article from plain text: tokenized one-sentence-per-line text, or prose split by syntok.

    A short first line standing alone above prose (no end punctuation) is taken as the title.
    """
    if not text.strip():
        yield ReadError(origin, "no text")
        return
    tokenized = looks_tokenized(text)
    title, body = (None, text) if tokenized else split_title(text)
    yield build_article(
        body, title=title, origin=origin, tokenized=tokenized, lexicon=lexicon, default_source=source, default_date=date
    )


def split_title(text: str) -> tuple[str | None, str]:
    """("Title", body) when the text opens with a one-line headline paragraph, else (None, text)."""
    stripped = text.lstrip()
    parts = _BLANK.split(stripped, maxsplit=1)
    if len(parts) < 2 or not parts[1].strip():
        return None, text
    head = parts[0].strip()
    if "\n" in head or len(head.split()) > _TITLE_MAX_WORDS or head[-1] in ".?!:;,\"'”’)-—_":
        return None, text
    if head.lower().startswith("by ") or parse_dateline(head):  # a byline or a dateline, not a headline
        return None, text
    return head, parts[1]


def read_markdown(
    text: str, *, origin: str = "<text>", date: dt.date | None = None, source: str | None = None, lexicon: Any = None
) -> Iterator[Article | ReadError]:
    """One article from Markdown: a leading "# Title" is the title, markup is stripped, paragraphs kept.

    Sub-headings are kept in ``meta["headings"]`` (they are not sentences); code, raw HTML, images
    and tables are left out. Simple YAML front matter (title, date, source, url, author, place) is read.
    """
    front, text = _front_matter(text)
    title, paragraphs, headings = _markdown_blocks(text)
    body = "\n\n".join(paragraphs)
    if not body.strip():
        yield ReadError(origin, "no text in the Markdown")
        return
    meta: dict[str, Any] = {k: v for k, v in front.items() if k in {"author"}}
    if headings:
        meta["headings"] = headings
    yield build_article(
        body,
        title=front.get("title") or title,
        source=front.get("source") or front.get("agency"),
        place=front.get("place"),
        published=parse_date(front.get("published") or front.get("date")),
        url=front.get("url"),
        origin=origin,
        format="markdown",
        lexicon=lexicon,
        meta=meta,
        default_source=source,
        default_date=date,
    )


def _markdown_blocks(text: str) -> tuple[str | None, list[str], list[str]]:
    from markdown_it import MarkdownIt  # (imported here: 17 ms that plain text and JSON never need)

    tokens = MarkdownIt("commonmark").parse(text)
    title: str | None = None
    paragraphs: list[str] = []
    headings: list[str] = []
    for i, token in enumerate(tokens):
        if token.type != "inline" or i == 0:
            continue
        opener = tokens[i - 1]
        content = _inline_text(token.children or [])
        if not content:
            continue
        if opener.type == "heading_open":
            if opener.tag == "h1" and title is None and not paragraphs and not headings:
                title = content
            else:
                headings.append(content)
        elif opener.type == "paragraph_open":
            paragraphs.append(content)
    return title, paragraphs, headings


def _inline_text(children: list) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    front = {}
    for line in m.group(1).splitlines():
        key, sep, value = line.partition(":")
        key = key.strip().lower()
        if sep and key in _FRONT_KEYS and value.strip():
            front[key] = value.strip().strip("\"'")
    return front, text[m.end() :]

