"""The web app: JSON API, pages and Atom feeds over one store.

    app = create_app("news.db", token=os.environ.get("STORYLINE_TOKEN"))
    uvicorn.run(app, host="127.0.0.1", port=8000)
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from storyline import __version__
from storyline.web import api, assets, pages, subscriptions, views
from storyline.web.backend import CACHE_BYTES, COMPUTATIONS, Backend
from storyline.web.guard import MAX_BODY, Guard


def create_app(
    db_path: str | Path,
    *,
    token: str | None = None,
    max_body: int = MAX_BODY,
    hosts: Sequence[str] | None = None,
    cache_bytes: int = CACHE_BYTES,
    computations: int = COMPUTATIONS,
) -> FastAPI:
    """An app over the store at `db_path`; POST /api/ingest works only when `token` is given.

    `hosts`: the names a request's Host header may carry (others get 400, which stops DNS-rebinding
    pages from reading the store through a visitor's browser); None accepts any. `cache_bytes`: the
    memory the cache of computed views may hold; `computations`: story computations run at once."""
    backend = Backend(db_path, token=token, cache_bytes=cache_bytes, computations=computations)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        views.preload()
        yield
        backend.close()

    app = FastAPI(
        title="storyline",
        version=__version__,
        description="Stories grouped from news articles, with cited summaries, updates and timelines.",
        openapi_url="/api/openapi.json",
        docs_url=None,  # the stock docs load scripts from a CDN; /api/docs is served from here
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.backend = backend
    app.add_middleware(Guard, max_body=max_body)
    if hosts is not None:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(hosts), www_redirect=False)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(subscriptions.router)
    app.include_router(assets.router)

    @app.exception_handler(HTTPException)
    async def errors(request: Request, exc: HTTPException):
        if request.url.path.startswith("/api/") or exc.status_code in (401, 403, 413, 415):
            return await http_exception_handler(request, exc)
        detail = f"no page {request.url.path}" if exc.detail == "Not Found" else exc.detail  # no route matched
        return pages.render("error.html", status=exc.status_code, status_code=exc.status_code, detail=detail)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        """The API answers 422 with what is wrong; a page, an HTML page: 404 for a path that names nothing
        (/stories/abc), 400 for a bad query parameter (?page=0)."""
        if request.url.path.startswith("/api/"):
            return await request_validation_exception_handler(request, exc)
        errors = [e for e in exc.errors() if e.get("loc")]
        if any(e["loc"][0] == "path" for e in errors):
            return pages.render("error.html", status=404, status_code=404, detail=f"no page {request.url.path}")
        detail = "; ".join(f"{e['loc'][-1]}: {e['msg']}" for e in errors) or "bad request"
        return pages.render("error.html", status=400, status_code=400, detail=detail)

    return app
