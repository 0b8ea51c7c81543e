"""The files of static/, read once and served from memory on the event loop: no thread and no file
system access per request, so they answer at once however busy the server's threads are."""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

DIRECTORY = Path(__file__).parent / "static"


def load(directory: Path = DIRECTORY) -> dict[str, tuple[bytes, str, str]]:
    """name -> (content, media type, ETag)."""
    files = {}
    for path in sorted(directory.iterdir()):
        if path.is_file():
            data = path.read_bytes()
            media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            files[path.name] = (data, media, f'"{hashlib.sha256(data).hexdigest()[:20]}"')
    return files


FILES = load()
router = APIRouter(include_in_schema=False)


@router.api_route("/static/{name}", methods=["GET", "HEAD"])
async def static(request: Request, name: str) -> Response:
    if name not in FILES:
        raise HTTPException(404, "Not Found")
    data, media, etag = FILES[name]
    headers = {"etag": etag, "cache-control": "public, max-age=3600"}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(data, media_type=media, headers=headers)
