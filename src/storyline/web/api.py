"""The JSON API under /api (OpenAPI schema at /api/openapi.json, docs page at /api/docs).

Handlers return JSONResponse: the views are plain JSON data already, and FastAPI's generic encoder
would walk them again at several times the cost of json.dumps.
"""

from __future__ import annotations

import datetime as dt
import hmac
from pathlib import PurePosixPath
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from storyline.cli.common import article_dict
from storyline.cli.stories import story_dict
from storyline.model import Article
from storyline.web import uploads, views
from storyline.web.backend import Backend

router = APIRouter(prefix="/api", tags=["api"])
bearer = HTTPBearer(auto_error=False, description="the server's token (storyline serve --token-env)")

Words = Annotated[int, Query(ge=10, le=1000, description="summary budget in words")]
Since = Annotated[dt.date, Query(description="only what is new from this date on (YYYY-MM-DD)")]


async def backend(request: Request) -> Backend:  # async: resolved on the event loop, no thread hop
    return request.app.state.backend


Store = Annotated[Backend, Depends(backend)]


def story_or_404(store: Backend, story_id: int, words: int) -> views.StoryData:
    data = views.story_data(store, story_id, words)
    if data is None:
        raise HTTPException(404, f"no story {story_id}")
    return data


@router.get("/stories", summary="Stories, newest or largest first (paged)")
def stories(
    store: Store,
    order: Literal["newest", "largest"] = "newest",
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> JSONResponse:
    found = views.stories(store, order)
    return JSONResponse(
        {
            "total": len(found),
            "order": order,
            "limit": limit,
            "offset": offset,
            "stories": [story_dict(s) for s in found[offset : offset + limit]],
        }
    )


@router.get("/stories/{story_id}", summary="A story: cited summary, timeline, sources, facts, articles per day")
def story(store: Store, story_id: int, words: Words = 100, since: Since | None = None) -> JSONResponse:
    data = story_or_404(store, story_id, words)
    return JSONResponse(views.story_json(data, views.update(store, data, since, words) if since else None))


@router.get("/stories/{story_id}/update", summary="What a story's articles from a date on add to the earlier ones")
def story_update(store: Store, story_id: int, since: Since, words: Words = 100) -> JSONResponse:
    data = story_or_404(store, story_id, words)
    return JSONResponse({"story_id": story_id, **views.update(store, data, since, words)})


@router.get("/stories/{story_id}/articles", summary="A story's articles with their sentences, in date order")
def story_articles(store: Store, story_id: int) -> JSONResponse:
    data = story_or_404(store, story_id, 100)
    return JSONResponse(
        {
            "story_id": story_id,
            "articles": [
                {**article_json(a), "story_id": story_id, "copy_of": data.story.duplicates.get(a.id)}
                for a in data.articles
            ],
        }
    )


@router.get("/articles/{article_id:path}", summary="An article with its sentences (a unique id prefix is enough)")
def article(store: Store, article_id: str) -> JSONResponse:
    engine = store.reader()
    found = engine.article(article_id)
    if found is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return JSONResponse({**article_json(found), "story_id": engine.story_of(found.id)})


def article_json(a: Article) -> dict[str, Any]:
    out = article_dict(a, sentences=True)
    if out["origin"]:  # a file's name, not where it lay on the server
        out["origin"] = PurePosixPath(out["origin"].replace("\\", "/")).name
    out["href"] = views.article_href(a.id)
    return out


@router.get("/search", summary="Full-text search over sentences")
def search(
    store: Store,
    q: Annotated[str, Query(min_length=1, max_length=500)],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> JSONResponse:
    return JSONResponse({"query": q, "results": search_results(store, q, limit)})


def search_results(store: Backend, query: str, limit: int) -> list[dict[str, Any]]:
    engine = store.reader()
    hits = engine.search(query, limit)
    articles = {a.id: a for a in engine.store.articles_by_id(list(dict.fromkeys(c.article_id for c, _ in hits)))}
    out = []
    for citation, text in hits:
        a = articles.get(citation.article_id)
        out.append(
            {
                "article_id": citation.article_id,
                "sentence_index": citation.sentence_index,
                "text": text,
                "headline": a.headline if a else citation.article_id,
                "source": a.source if a else None,
                "published": views.iso(a.published) if a else None,
                "href": views.article_href(citation.article_id, citation.sentence_index),
            }
        )
    return out


def require_token(
    store: Store, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> None:
    if store.token is None:
        raise HTTPException(403, "ingest is disabled: start the server with a token (storyline serve --token-env)")
    given = credentials.credentials if credentials and credentials.scheme.lower() == "bearer" else ""
    if not hmac.compare_digest(given.encode(), store.token.encode()):
        raise HTTPException(401, "missing or wrong bearer token", headers={"WWW-Authenticate": "Bearer"})


def _inline_schema() -> dict[str, Any]:
    schema = uploads.IngestRequest.model_json_schema()
    schema["properties"]["articles"]["items"] = schema.pop("$defs")["ArticleIn"]
    return schema


INGEST_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": _inline_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {"type": "array", "items": {"type": "string", "format": "binary"}},
                        "source": {"type": "string"},
                        "date": {"type": "string", "format": "date"},
                    },
                    "required": ["file"],
                }
            },
        },
    }
}


@router.post(
    "/ingest",
    summary="Add articles: JSON records, or uploaded files of any form `storyline ingest` reads; needs the bearer token",
    dependencies=[Depends(require_token)],
    openapi_extra=INGEST_BODY,
)
async def ingest(request: Request, store: Store) -> JSONResponse:
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith(("application/json", "multipart/form-data")):
        raise HTTPException(415, "send application/json or multipart/form-data")
    body = await request.body()
    try:
        return JSONResponse(await run_in_threadpool(_ingest, store, content_type, body))
    except ValueError as e:
        raise HTTPException(400, str(e)) from None


def _ingest(store: Backend, content_type: str, body: bytes) -> dict[str, Any]:
    with store.writer() as engine:
        if content_type.startswith("multipart/form-data"):
            items = uploads.from_multipart(content_type, body, lexicon=engine.lexicon)
        else:
            items = uploads.from_json_body(body, lexicon=engine.lexicon)
        result = engine.add_articles(items)
        stories = {aid: engine.story_of(aid) for aid in result.added}
    return {
        "added": result.added,
        "duplicates": result.duplicates,
        "failed": result.failed,
        "warnings": result.warnings,
        "stories": stories,
    }
