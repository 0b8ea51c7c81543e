"""RSS 2.0 / RSS 1.0 / Atom feed files (feedparser): one article per entry, with its date."""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.parsers.expat
from collections.abc import Iterator
from typing import Any

from storyline.ingest.build import build_article, flaw_warnings
from storyline.ingest.errors import ReadError, unexpected
from storyline.ingest.html import html_to_text, safe_markup, text_line
from storyline.model import Article

_UTF8 = {"content-type": "application/xml; charset=utf-8"}  # the text is already decoded: say so
TITLE_ONLY = "no text: its title stands for it"  # an entry's warning
FEED_ROOTS = {"rss", "feed", "rdf:rdf", "rdf"}  # root elements of RSS 2.0, Atom and RSS 1.0
_TITLE_PARENTS = {"channel", "feed"}


def read_feed(
    text: str, *, origin: str = "<text>", date: dt.date | None = None, source: str | None = None, lexicon: Any = None
) -> Iterator[Article | ReadError]:
    """One article per entry: body from the entry's content (else its summary), HTML stripped.

    Date: the entry's published/updated date, else ``date``, else stated in the text. Source: the
    entry's <source>, else the feed title, else the entry's author, else ``source``. The entry's id
    is kept in ``meta["guid"]``; the article id is the content hash.
    """
    import feedparser

    text = safe_markup(text)  # (a reference to no character, "&#xD800;" in one date, lost the whole feed)
    try:
        inspect_feed(_as_utf8(text))
    except FeedEntities as e:
        yield ReadError(origin, str(e))
        return
    headers = dict(_UTF8)
    if origin.lower().startswith(("http://", "https://")):  # a fetched feed: its relative links are resolved against it
        headers["content-location"] = origin
    try:
        data = io.BytesIO(text.encode("utf-8"))  # (safe_markup cleaned it: lone surrogates would not encode)
        parsed = feedparser.parse(data, response_headers=headers, sanitize_html=True)
    except Exception as e:  # feedparser is lenient, but a hostile file must not stop the batch
        yield ReadError(origin, f"could not parse the feed ({type(e).__name__})")
        return
    entries = parsed.get("entries") or []
    if not parsed.get("version"):
        problem = parsed.get("bozo_exception")
        yield ReadError(origin, f"not an RSS or Atom feed{f' ({problem})' if problem else ''}")
        return
    if not entries:
        yield ReadError(origin, "feed has no entries")
        return
    feed_title = publisher(text_line(parsed.feed.get("title")))
    warnings = flaw_warnings(text)  # the text was cleaned before parsing
    for n, entry in enumerate(entries, 1):
        try:  # one bad entry never costs another
            yield _entry_article(entry, n, origin, feed_title, date, source, lexicon, warnings)
        except Exception as e:
            yield ReadError(origin, f"entry {n}: {unexpected(e)}")


_SECTION = re.compile(r"\s+(?:-|–|—|\||:)\s+.*$")


def publisher(feed_title: str | None) -> str | None:
    """The publisher in a feed title: "BBC News - World" -> "BBC News", "Northgate Press | Top
    Stories" -> "Northgate Press" (feeds are named after a section of their publisher)."""
    if not feed_title:
        return feed_title
    return _SECTION.sub("", feed_title).strip() or feed_title


def _entry_article(
    entry: Any, n: int, origin: str, feed_title: str | None, date, source, lexicon, warnings: list[str]
) -> Article | ReadError:
    title = text_line(entry.get("title"))
    body = _body(entry)
    if not body and not title:
        return ReadError(origin, f"entry {n}: no text")
    if not body:  # a feed of titles and links: the title is the text (a full-text feed fetches the page)
        body, warnings = title, [*warnings, TITLE_ONLY]
    stamp = entry.get("published_parsed") or entry.get("updated_parsed") or entry.get("created_parsed")
    entry_source = text_line((entry.get("source") or {}).get("title"))
    meta = {k: v for k, v in (("guid", entry.get("id")), ("author", text_line(entry.get("author")))) if v}
    tags = [t.get("term") for t in entry.get("tags") or [] if t.get("term")]
    if tags:
        meta["tags"] = tags
    if warnings:
        meta["warnings"] = warnings
    return build_article(
        body,
        title=title,
        source=entry_source or feed_title or text_line(entry.get("author")),
        published=_day(stamp),
        url=entry.get("link"),
        origin=f"{origin}#{n}",
        format="feed",
        meta=meta,
        lexicon=lexicon,
        default_source=source,
        default_date=date,
    )


def _day(stamp: Any) -> dt.date | None:
    try:
        return dt.date(*stamp[:3]) if stamp else None
    except (TypeError, ValueError, OverflowError):  # a year 0 or 10000
        return None


def _body(entry: Any) -> str:
    for part in entry.get("content") or []:
        value = _as_text(part.get("value"), part.get("type"))
        if value:
            return value
    detail = entry.get("summary_detail") or {}
    return _as_text(entry.get("summary"), detail.get("type"))


def _as_text(value: Any, kind: str | None) -> str:
    if not isinstance(value, str) or not value.strip():
        return ""
    if kind == "text/plain":
        return value.strip()
    return html_to_text(value)


def _as_utf8(text: str) -> bytes:
    """Decoded feed text as UTF-8 bytes whose XML declaration says so (it named the encoding of the file)."""
    if text.lstrip("\ufeff \t\r\n").startswith("<?xml"):
        head, sep, rest = text.partition("?>")
        text = _DECLARED.sub('encoding="utf-8"', head) + sep + rest
    return text.encode("utf-8", "replace")


_DECLARED = re.compile(r"""encoding\s*=\s*["'][^"']*["']""")


class FeedEntities(ValueError):
    """A feed that declares XML entities: refused unread (expansion bombs, external files)."""


_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)


def _refuse(*_: Any) -> None:
    raise FeedEntities("the feed declares XML entities (refused: entity expansion and external entities)")


def inspect_feed(content: bytes) -> tuple[str | None, str, str]:
    """(the root element's name, the feed's title, a warning when the XML is not well-formed) of a feed
    body, checked with expat before feedparser reads it; FeedEntities as soon as an entity is declared
    (defusedxml's approach: nothing is ever expanded). A body that is not well-formed is still read by
    feedparser's lenient parser."""
    if _ENTITY.search(content):
        _refuse()  # anywhere, even in a comment or CDATA: feedparser's own prolog split is fooled by markup in comments
    parser = xml.parsers.expat.ParserCreate()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)  # no external DTD
    path: list[str] = []
    title: list[str] = []
    roots: list[str] = []
    state = {"in_title": False, "done": False}

    def start(name: str, _attrs: Any) -> None:
        if not path and not roots:
            roots.append(name)
        local = name.rsplit(":", 1)[-1]
        if not state["done"] and local == "title" and path and path[-1].rsplit(":", 1)[-1] in _TITLE_PARENTS:
            state["in_title"] = True
        path.append(name)

    def end(_name: str) -> None:
        path.pop()
        if state["in_title"]:
            state["in_title"], state["done"] = False, True

    def chars(data: str) -> None:
        if state["in_title"]:
            title.append(data)

    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    warning = ""
    try:
        parser.Parse(content, True)
    except xml.parsers.expat.ExpatError as e:
        message = xml.parsers.expat.ErrorString(e.code)
        warning = f"malformed XML (line {e.lineno}, column {e.offset + 1}: {message}), read leniently"
    return (roots[0] if roots else None), " ".join("".join(title).split())[:300], warning
