"""The Feeds page: each followed feed with its status, last fetch, new entries, next poll and last error."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from storyline.ingest.subscriptions import shown
from storyline.web.api import Store
from storyline.web.pages import render

router = APIRouter(include_in_schema=False)


@router.get("/feeds", response_class=HTMLResponse)
def feeds_page(store: Store) -> HTMLResponse:
    feeds = [shown(f) for f in store.reader().store.feeds()]
    failing = sum(1 for f in feeds if f.last_error)
    return render("feeds.html", feeds=feeds, failing=failing)
