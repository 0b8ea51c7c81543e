"""The JSON API under /api (OpenAPI schema at /api/openapi.json, docs page at /api/docs).

Handlers return JSONResponse: the views are plain JSON data already, and FastAPI's generic encoder
would walk them again at several times the cost of json.dumps. Story routes go through
Backend.compute (cached answers in a few threads, computations in a bounded pool); the others run
in the server's thread pool.
"""

from __future__ import annotations

import datetime as dt
import hmac
import logging
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.convertors import Convertor, register_url_convertor
from starlette.requests import ClientDisconnect

from storyline.engine import BATCH, Engine
from storyline.ingest.build import clean_text
from storyline.model import Article, IngestResult
from storyline.serialize import article_detail, search_result, story_dict
from storyline.web import uploads, views
from storyline.web.backend import Backend


class StoryId(Convertor):
    """A story id in a path as the pages write it (1, 42): "1.0", "+1", "01" or "-1" name no story,
    and a path names a story one way only."""

    regex = "[1-9][0-9]{0,17}"

    def convert(self, value: str) -> int:
        return int(value)

    def to_string(self, value: int) -> str:
        return str(value)


register_url_convertor("story", StoryId())  # before the routes below and in pages are compiled
log = logging.getLogger("storyline.web")
router = APIRouter(prefix="/api", tags=["api"])
bearer = HTTPBearer(auto_error=False, description="the server's token (storyline serve --token-env)")

WORDS_ABOUT = f"summary budget in words, rounded down to one of {', '.join(map(str, views.WORDS))}"
Words = Annotated[int, Query(ge=10, le=1000, description=WORDS_ABOUT)]
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
    total, shown = views.stories_page(store, order, offset, limit)
    return JSONResponse(
        {"total": total, "order": order, "limit": limit, "offset": offset, "stories": [story_dict(s) for s in shown]}
    )


@router.get("/stories/{story_id:story}", summary="A story: cited summary, timeline, sources, facts, articles per day")
async def story(store: Store, story_id: int, words: Words = 100, since: Since | None = None) -> JSONResponse:
    return await store.compute(_story, store, story_id, words, since)


def _story(store: Backend, story_id: int, words: int, since: dt.date | None) -> Response:
    data = story_or_404(store, story_id, words)
    if since:
        return JSONResponse(views.story_json(data, views.update(store, data, since, words)))
    # the body is cached with the story's views: a big story's JSON takes longer to write than to look up
    key = ("story json", data.summary["words"], views.version(store.reader(), data.story))
    body = store.cache.get(key, lambda: JSONResponse(views.story_json(data)).body)
    return Response(body, media_type="application/json")


@router.get("/stories/{story_id:story}/update", summary="What a story's articles from a date on add to the earlier ones")
async def story_update(store: Store, story_id: int, since: Since, words: Words = 100) -> JSONResponse:
    return await store.compute(_story_update, store, story_id, since, words)


def _story_update(store: Backend, story_id: int, since: dt.date, words: int) -> JSONResponse:
    data = story_or_404(store, story_id, words)
    return JSONResponse({"story_id": story_id, **views.update(store, data, since, words)})


@router.get("/stories/{story_id:story}/articles", summary="A story's articles with their sentences, in date order, a page at a time")
async def story_articles(
    store: Store,
    story_id: int,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> JSONResponse:
    return await store.compute(_story_articles, store, story_id, limit, offset)


def _story_articles(store: Backend, story_id: int, limit: int, offset: int) -> JSONResponse:
    data = story_or_404(store, story_id, 100)
    page = data.articles[offset : offset + limit]  # a story of 375 articles was one answer of 4 MB
    return JSONResponse(
        {
            "story_id": story_id, "total": len(data.articles), "limit": limit, "offset": offset,
            "articles": [{**article_detail(a), "story_id": story_id, "copy_of": data.story.duplicates.get(a.id)} for a in page],
        }
    )  # fmt: skip


@router.get("/articles/{article_id:path}", summary="An article with its sentences (a unique id prefix is enough)")
def article(store: Store, article_id: str) -> JSONResponse:
    engine = store.reader()
    found = views.find_article(engine, article_id)
    if found is None:
        raise HTTPException(404, f"no article {article_id[:100]!r}")
    return JSONResponse({**article_detail(found), "story_id": engine.story_of(found.id)})


@router.get("/search", summary="Full-text search over sentences")
def search(
    store: Store,
    q: Annotated[str, Query(min_length=1, max_length=500)],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> JSONResponse:
    q = clean_text(q)  # as the text it searches: no control characters or bidi overrides
    return JSONResponse({"query": q, "results": search_results(store, q, limit)})


def search_results(store: Backend, query: str, limit: int) -> list[dict[str, Any]]:
    engine = store.reader()
    hits = engine.search(query, limit)
    # as stored, like the hits' own text
    found = engine.articles_by_id(list(dict.fromkeys(c.article_id for c, _ in hits)), render=False)
    articles = {a.id: a for a in found}
    return [search_result(citation, text, articles.get(citation.article_id)) for citation, text in hits]


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


INGEST_ABOUT = f"""Records and files are read one by one: one that cannot be read or stored is
listed under `failed` ("item N: reason" for JSON records, "file name: reason" for uploads) and the
others are stored. Articles are committed in batches of {BATCH}; the answer lists every article added
(`added`, with its story under `stories`) and every one already stored (`duplicates`), so it always
says what was committed. 200 when at least one article was added or found already stored; 400 when
the body is malformed or no record in it could be stored (then nothing was)."""


@router.post(
    "/ingest",
    summary="Add articles: JSON records, or uploaded files of any form `storyline ingest` reads; needs the bearer token",
    description=INGEST_ABOUT,
    dependencies=[Depends(require_token)],
    openapi_extra=INGEST_BODY,
)
async def ingest(request: Request, store: Store) -> Response:
    content_type = request.headers.get("content-type", "")
    if content_type.split(";")[0].strip().lower() not in ("application/json", "multipart/form-data"):
        raise HTTPException(415, "send application/json or multipart/form-data")
    try:
        body = await request.body()
    except ClientDisconnect:  # the client went before its body came: nothing to answer, nothing to log
        return Response(status_code=400)
    try:
        result = await run_in_threadpool(_ingest, store, content_type, body)
    except uploads.BadRequest as e:
        raise HTTPException(400, str(e)) from None
    if not result["added"] and not result["duplicates"]:
        return JSONResponse({"detail": "no article could be stored", **result}, status_code=400)
    return JSONResponse(result)


def _ingest(store: Backend, content_type: str, body: bytes) -> dict[str, Any]:
    with store.writer() as engine:
        if content_type.lower().startswith("multipart/form-data"):
            items = uploads.from_multipart(content_type, body, lexicon=engine.lexicon)
        else:
            items = uploads.from_json_body(body, lexicon=engine.lexicon)
        result = store_items(engine, items)
        stories = {aid: engine.story_of(aid) for aid in result.added}
    return {
        "added": result.added,
        "duplicates": result.duplicates,
        "failed": [line[:300] for line in result.failed],
        "warnings": [line[:300] for line in result.warnings],
        "stories": stories,
        "counts": {"added": len(result.added), "duplicates": len(result.duplicates), "failed": len(result.failed)},
    }


def store_items(engine: Engine, items: list[uploads.Item]) -> IngestResult:
    """Store the articles among `items` a batch at a time; a batch that fails is stored again one
    article at a time, so that only the articles that cannot be stored are left out."""
    out = IngestResult(failed=[str(item) for item in items if not isinstance(item, Article)])
    articles = [item for item in items if isinstance(item, Article)]
    for start in range(0, len(articles), BATCH):
        batch = articles[start : start + BATCH]
        stored = {a.id for a in batch if engine.has_article(a.id)}  # before this batch
        try:
            parts = [engine.add_articles(batch)]
        except Exception:  # rolled back, or partly committed if the engine split the batch
            parts = [_store_one(engine, article) for article in batch]
            for part in parts:  # committed before the failure: added by this request all the same
                part.added += [aid for aid in part.duplicates if aid not in stored]
                part.duplicates = [aid for aid in part.duplicates if aid in stored]
                stored.update(part.added)
        for part in parts:
            out.added += part.added
            out.duplicates += part.duplicates
            out.failed += part.failed
            out.warnings += part.warnings
    return out


def _store_one(engine: Engine, article: Article) -> IngestResult:
    try:
        return engine.add_articles([article])
    except Exception:
        log.exception("could not store article %r", article.id)
        return IngestResult(failed=[f"{article.origin or article.id}: could not be stored"])
