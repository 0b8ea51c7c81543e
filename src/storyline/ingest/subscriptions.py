"""Feed subscriptions kept in the store: follow, unfollow, OPML lists in (listparser) and out."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import httpx

from storyline.ingest.build import clean_text
from storyline.ingest.errors import secrets_hidden, shown_url, url_parts, xml_safe
from storyline.ingest.poll import now_utc, stamp
from storyline.model import Feed


class SubscriptionError(ValueError):
    """A URL that cannot be followed, or a subscription list that cannot be read (one line)."""


@dataclass(slots=True, frozen=True)
class Listed:
    url: str
    title: str = ""


def check_url(url: str) -> str:
    """The URL, stripped, with its scheme and host in lowercase ("HTTP://Example.org/rss" is
    "http://example.org/rss"), if it is an absolute http(s) URL."""
    url = url.strip()
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        parsed = None
    if parsed is None or parsed.scheme not in ("http", "https") or not parsed.host:
        raise SubscriptionError(f"not an http(s) feed URL: {url!r}")
    scheme, authority, tail = url_parts(url)
    user, at, host = authority.rpartition("@")
    return f"{scheme.lower()}://{user}{at}{host.lower()}{tail}"


def follow(store, listed: list[Listed], *, full_text: bool | None = None) -> tuple[list[Feed], list[Feed]]:
    """Subscribe to each listed feed; (added, already followed). ``full_text`` (True/False) is set on both;
    None leaves a followed feed's setting as it is (new ones: off)."""
    added, kept = [], []
    with store.transaction():
        for item in listed:
            url = check_url(item.url)
            feed = store.feed(url)
            if feed is None:
                feed = Feed(url=url, title=clean_text(item.title), full_text=bool(full_text), added=stamp(now_utc()))
                added.append(feed)
            else:
                if full_text is not None:
                    feed.full_text = full_text
                feed.title = feed.title or clean_text(item.title)
                kept.append(feed)
            store.save_feed(feed)
    return added, kept


def unfollow(store, urls: list[str]) -> tuple[list[str], list[str]]:
    """Drop subscriptions (their articles stay); (removed, not followed)."""
    removed, unknown = [], []
    with store.transaction():
        for url in urls:
            try:
                known = store.remove_feed(check_url(url))
            except SubscriptionError:
                known = False
            (removed if known or store.remove_feed(url.strip()) else unknown).append(url)
    return removed, unknown


def shown(feed: Feed) -> Feed:
    """The feed as pages and listings show it: no password or token in its URL (ingest.errors.shown_url)
    nor in its messages (which may quote a redirect's URL), and its title without the characters
    ingest removes from text (bidi overrides)."""
    url = shown_url(feed.url)
    return dataclasses.replace(
        feed,
        url=url,
        title=clean_text(feed.title),
        last_error=secrets_hidden(feed.last_error.replace(feed.url, url)),
        last_warning=secrets_hidden(feed.last_warning.replace(feed.url, url)),
    )


def read_opml(data: bytes) -> list[Listed]:
    """The feeds of an OPML subscription list (listparser; its parser expands no entities)."""
    import listparser

    parsed = listparser.parse(bytes(data))  # bytes: a str that looks like a URL would be fetched
    if parsed.get("bozo") and not parsed.feeds:
        raise SubscriptionError(f"not an OPML subscription list ({parsed.get('bozo_exception')})")
    if not parsed.feeds:
        raise SubscriptionError("the subscription list names no feeds (outlines with xmlUrl)")
    return [Listed(f.url, f.get("title") or "") for f in parsed.feeds]


def write_opml(feeds: list[Feed], title: str = "storyline subscriptions") -> str:
    """An OPML 2.0 subscription list, as feed readers import it."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = now_utc().strftime("%a, %d %b %Y %H:%M:%S GMT")
    body = ET.SubElement(root, "body")
    for feed in feeds:
        name = xml_safe(feed.title or shown_url(feed.url))  # readers show it; xmlUrl keeps a password to follow again
        ET.SubElement(body, "outline", type="rss", text=name, title=name, xmlUrl=xml_safe(feed.url))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
