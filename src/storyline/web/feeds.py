"""Atom feeds (RFC 4287) built with ElementTree, so every text is escaped.

A story's feed has one entry per publication day (the newest 30): the update summary of that
day's articles given the earlier ones. The site feed has one entry per story, newest stories first.
"""

from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from html import escape
from typing import Any

from storyline import __version__
from storyline.ingest.errors import xml_safe
from storyline.model import Article, Story
from storyline.serialize import iso, summary_view
from storyline.web.views import StoryData

ATOM = "http://www.w3.org/2005/Atom"
ET.register_namespace("", ATOM)


def entry_id(*parts: object) -> str:
    """A stable id that does not depend on the host name the feed was fetched under."""
    return uuid.uuid5(uuid.NAMESPACE_URL, "storyline:" + ":".join(map(str, parts))).urn


Update = tuple[dt.date, list[Article], dict[str, Any]]


def daily_updates(data: StoryData, words: int = 100, days: int = 30) -> list[Update]:
    """(day, that day's articles, update summary given the earlier days) for each of the newest
    `days` publication days (a story of months has more days than a feed reader shows)."""
    from storyline.summarize import summarize

    out = []
    for day in sorted({a.published for a in data.distinct if a.published})[-days:]:
        new = [a for a in data.distinct if a.published == day]
        seen = [a for a in data.distinct if a.published and a.published < day]
        out.append((day, new, summary_view(summarize(new, words=words, seen=seen, cache=data.units), data.by_id)))
    return out


def _stamp(day: dt.date | None) -> str:
    return f"{(day or dt.date(1970, 1, 1)).isoformat()}T00:00:00Z"


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: xml_safe(v) for k, v in attrs.items()})
    el.text = xml_safe(text)
    return el


def _feed(title: str, feed_id: str, self_url: str, page_url: str, updated: dt.date | None) -> ET.Element:
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "title", title)
    _text(feed, "id", feed_id)
    _text(feed, "updated", _stamp(updated))
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": self_url, "type": "application/atom+xml"})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "href": page_url, "type": "text/html"})
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "storyline")
    _text(feed, "generator", "storyline", version=__version__)
    return feed


def summary_html(view: dict[str, Any], base: str) -> str:
    """The summary as escaped HTML: each sentence with a link to its source sentence."""
    if view["nothing_new"]:
        return "<p>Nothing new: these articles repeat what was already reported.</p>"
    if not view["sentences"]:
        return ""
    parts = [
        f'{escape(s["text"])} <a href="{escape(base + s["href"])}">[{s["n"]}]</a>' for s in view["sentences"]
    ]
    sources = "".join(
        f'<li>[{c["n"]}] <a href="{escape(base + c["href"])}">{escape(c["headline"])}</a>'
        f'{escape(", " + c["source"]) if c["source"] else ""}{escape(", " + c["published"]) if c["published"] else ""}</li>'
        for c in view["citations"]
    )
    return f"<p>{' '.join(parts)}</p><ol>{sources}</ol>"


def story_feed(data: StoryData, base: str, updates: list[Update]) -> bytes:
    """The story's feed from its `daily_updates` (computed once, whatever host name the reader uses)."""
    story = data.story
    page = f"{base}/stories/{story.id}"
    anchor = story.article_ids[0] if story.article_ids else story.id
    feed = _feed(f"{story.headline} — storyline", entry_id("story", anchor), f"{page}/feed.atom", page, story.last_date)
    for day, new, view in reversed(updates):
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        sources = sorted({a.source for a in new if a.source})
        count = f"{len(new)} article{'s' * (len(new) != 1)}"
        _text(entry, "title", f"{day:%-d %B %Y}: {count}" + (f" ({', '.join(sources)})" if sources else ""))
        _text(entry, "id", entry_id("story", anchor, day))
        _text(entry, "updated", _stamp(day))
        _text(entry, "published", _stamp(day))
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "href": f"{page}?since={day}", "type": "text/html"})
        _text(entry, "content", summary_html(view, base), type="html")
    return _serialize(feed)


def stories_feed(stories: Iterable[tuple[Story, dict[str, Any]]], base: str) -> bytes:
    """One entry per story (newest first), with a short summary."""
    items = list(stories)
    updated = max((s.last_date for s, _ in items if s.last_date), default=None)
    feed = _feed("New stories — storyline", entry_id("stories"), f"{base}/feed.atom", f"{base}/", updated)
    for story, view in items:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "title", story.headline)
        _text(entry, "id", entry_id("story", story.article_ids[0] if story.article_ids else story.id))
        _text(entry, "updated", _stamp(story.last_date))
        _text(entry, "published", _stamp(story.first_date))
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "href": f"{base}/stories/{story.id}", "type": "text/html"})
        about = f"{story.size} article{'s' * (story.size != 1)}"
        if story.sources:
            about += f" from {', '.join(story.sources)}"
        if story.first_date:
            about += f", {iso(story.first_date)}" + (f" to {iso(story.last_date)}" if story.last_date != story.first_date else "")
        body = f"<p>{escape(about)}.</p>" + summary_html(view, base)
        _text(entry, "content", body, type="html")
    return _serialize(feed)


def _serialize(feed: ET.Element) -> bytes:
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
