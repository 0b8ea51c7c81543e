"""The Feeds page: each followed feed with its status, last fetch, new entries, next poll and last error."""

from __future__ import annotations

import dataclasses

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from storyline.ingest.build import clean_text
from storyline.ingest.errors import shown_url
from storyline.model import Feed
from storyline.web.api import Store
from storyline.web.pages import render

router = APIRouter(include_in_schema=False)


@router.get("/feeds", response_class=HTMLResponse)
def feeds_page(store: Store) -> HTMLResponse:
    feeds = [_shown(f) for f in store.reader().store.feeds()]
    failing = sum(1 for f in feeds if f.last_error)
    return render("feeds.html", feeds=feeds, failing=failing)


def _shown(feed: Feed) -> Feed:
    """The feed as the page shows it: no password or token of its URL (ingest.errors.shown_url), in its
    messages either, and its title without the characters ingest removes from text (bidi overrides)."""
    url = shown_url(feed.url)
    return dataclasses.replace(
        feed,
        url=url,
        title=clean_text(feed.title),
        last_error=feed.last_error.replace(feed.url, url),
        last_warning=feed.last_warning.replace(feed.url, url),
    )
