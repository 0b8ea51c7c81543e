"""Server-rendered pages (Jinja2, autoescaped) and the Atom feeds.

Story pages and feeds go through Backend.compute (cached answers in a few threads, computations
in a bounded pool); the other pages run in the server's thread pool.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any, Literal

import jinja2
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from storyline.ingest.build import clean_text
from storyline.serialize import article_href
from storyline.web import feeds, views
from storyline.web.api import Store, search_results, story_or_404
from storyline.web.backend import Backend

PER_PAGE = 20
FEED_STORIES = 20
ATOM = "application/atom+xml; charset=utf-8"

router = APIRouter(include_in_schema=False)


def nice_date(value: str | dt.date | None, granularity: str = "day") -> str:
    """2031-03-04 -> "4 Mar 2031" (or "March 2031", "2031" for coarser dates)."""
    if not value:
        return "undated"
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    if granularity == "year":
        return str(day.year)
    if granularity == "month":
        return f"{day:%B %Y}"
    if granularity == "week":
        return f"week of {day.day} {day:%b %Y}"
    return f"{day.day} {day:%b %Y}"


def date_range(first: dt.date | None, last: dt.date | None) -> str:
    if not first:
        return "undated"
    return nice_date(first) if first == last or not last else f"{nice_date(first)} – {nice_date(last)}"


_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,  # every value, article text included, is HTML-escaped
    trim_blocks=True,
    lstrip_blocks=True,
    auto_reload=False,  # templates ship with the package; no stat() per page
)
_env.filters["nice_date"] = nice_date
_env.globals["date_range"] = date_range


def html(name: str, **context: Any) -> str:
    return _env.get_template(name).render(**context)


def render(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(html(name, **context), status_code=status)


def base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


@router.get("/", response_class=HTMLResponse)
def story_list(
    store: Store,
    order: Literal["newest", "largest"] = "newest",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    total, shown = views.stories_page(store, order, (page - 1) * PER_PAGE, PER_PAGE)
    pages = max(1, -(-total // PER_PAGE))
    status = 404 if page > pages else 200  # past the end: a page that says so, and links to the last
    return render("stories.html", status, stories=shown, total=total, order=order, page=page, pages=pages)


@router.get("/stories/{story_id:story}", response_class=HTMLResponse)
async def story_page(store: Store, story_id: int, since: str | None = None) -> HTMLResponse:
    return await store.compute(_story_page, store, story_id, since)


def _story_page(store: Backend, story_id: int, since: str | None) -> HTMLResponse:
    data = story_or_404(store, story_id, 100)
    try:
        day = dt.date.fromisoformat(since) if since else None
    except ValueError:
        day = None
    invalid = bool(since) and day is None
    if since:  # any date may be asked for: its update is cached, not the page
        return HTMLResponse(_story_html(store, data, day, invalid))
    key = ("page", views.version(store.reader(), data.story))
    return HTMLResponse(store.cache.get(key, lambda: _story_html(store, data, None, False)))


def _story_html(store: Backend, data: views.StoryData, day: dt.date | None, invalid: bool) -> str:
    return html(
        "story.html",
        data=data,
        story=data.story,
        update=views.update(store, data, day, 100) if day else None,
        since=day.isoformat() if day else "",
        since_error="Pick a date (YYYY-MM-DD)." if invalid else None,
        chart_svg=data.chart.svg() if data.chart.buckets else None,
    )


@router.get("/stories/{story_id:story}/feed.atom")
async def story_feed(request: Request, store: Store, story_id: int) -> Response:
    return await store.compute(_story_feed, store, story_id, base_url(request))


def _story_feed(store: Backend, story_id: int, base: str) -> Response:
    data = story_or_404(store, story_id, 100)
    key = ("updates", views.version(store.reader(), data.story))
    updates = store.cache.get(key, lambda: feeds.daily_updates(data))
    return Response(feeds.story_feed(data, base, updates), media_type=ATOM)


@router.get("/feed.atom")
async def stories_feed(request: Request, store: Store) -> Response:
    return await store.compute(_stories_feed, store, base_url(request))


def _stories_feed(store: Backend, base: str) -> Response:
    found = views.stories(store, "started", FEED_STORIES)  # newest first report first
    items = [(story, views.brief_summary(store, story)) for story in found]
    return Response(feeds.stories_feed(items, base), media_type=ATOM)


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
async def article_page(store: Store, article_id: str) -> HTMLResponse:
    return await store.compute(_article_page, store, article_id)  # in the bounded pool, as story pages


def _article_page(store: Backend, article_id: str) -> HTMLResponse:
    engine = store.reader()
    article = views.find_article(engine, article_id)
    if article is None:
        raise HTTPException(404, "No such article.")
    paragraphs: list[list[Any]] = []
    for s in article.sentences:
        if not paragraphs or s.paragraph != paragraphs[-1][0].paragraph:
            paragraphs.append([])
        paragraphs[-1].append(s)
    story_id = engine.story_of(article.id)
    story = views.story_row(store, story_id) if story_id is not None else None  # cached: its headline reads every member
    url = article.url if article.url and article.url.lower().startswith(("http://", "https://")) else None
    json_href = "/api" + article_href(article.id)
    return render("article.html", article=article, paragraphs=paragraphs, story=story, url=url, json_href=json_href)


@router.get("/search", response_class=HTMLResponse)
def search_page(store: Store, q: Annotated[str, Query(max_length=500)] = "") -> HTMLResponse:
    q = clean_text(q)  # echoed in the title and the box: no escape sequence or bidi override
    results = search_results(store, q, 50) if q.strip() else []
    return render("search.html", q=q, results=results)


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    schema = request.app.openapi()
    endpoints = [
        {"path": path, "method": method.upper(), **op}
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
    ]
    return render("api_docs.html", endpoints=endpoints)
