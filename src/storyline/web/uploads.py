"""Articles from an ingest request, read in memory by the ingest stage's readers.

A JSON body holds article records; a multipart/form-data body holds files of any form the CLI
reads (text, Markdown, JSON, JSON Lines, HTML, feeds). Nothing touches the file system: multipart
parts are kept in memory (the body is already bounded by the request size limit) and a file's
name is only a label. Each record or file is read on its own: one that cannot be read becomes a
ReadError saying which one, and the others are kept.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import PurePosixPath
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from python_multipart.multipart import FormParser, parse_options_header

from storyline.ingest import ReadError, read_bytes
from storyline.ingest.jsonl import loads, record_article
from storyline.model import Article

Item = Article | ReadError
log = logging.getLogger("storyline.web")


class BadRequest(ValueError):
    """The request as a whole cannot be read (its message is shown to the client)."""


class ArticleIn(BaseModel):
    """One article record (the JSON Lines schema of `storyline ingest`); other fields are kept as metadata."""

    model_config = ConfigDict(extra="allow")

    text: str = Field(min_length=1, description="body: prose, or tokenized text one sentence per line")
    id: str | None = Field(None, description="defaults to a hash of the text's words")
    title: str | None = None
    published: str | None = Field(None, description="publication date, e.g. 2031-03-04")
    source: str | None = Field(None, description="agency or publisher")
    place: str | None = None
    url: str | None = None


class IngestRequest(BaseModel):
    articles: list[ArticleIn]


def from_json_body(body: bytes, *, lexicon: Any = None) -> list[Item]:
    """{"articles": [...]}, a list of records, or one record: one item per record, in order."""
    try:
        data = loads(body)
    except (ValueError, RecursionError) as e:
        raise BadRequest(f"body is not JSON: {e}") from None
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    records = data if isinstance(data, list) else [data]
    return [_record(record, n, lexicon) for n, record in enumerate(records, 1)]


def _record(record: Any, n: int, lexicon: Any) -> Item:
    try:
        return record_article(record, where=f"item {n}", origin=f"api#{n}", error_path="api", lexicon=lexicon)
    except Exception:  # a reader bug must not cost the other records
        log.exception("could not read record %d of an ingest request", n)
        return ReadError("api", f"item {n}: could not be read")


def from_multipart(content_type: str, body: bytes, *, lexicon: Any = None) -> list[Item]:
    """Every uploaded file; form fields `source` and `date` apply to inputs that carry none."""
    files: list[tuple[str, bytes]] = []
    fields: dict[str, str] = {}

    def on_field(field) -> None:
        fields[(field.field_name or b"").decode("latin-1")] = (field.value or b"").decode("utf-8", "replace")

    def on_file(file) -> None:
        name = (file.file_name or b"upload").decode("utf-8", "replace")
        files.append((PurePosixPath(name.replace("\\", "/")).name or "upload", file.file_object.getvalue()))

    _, params = parse_options_header(content_type)
    try:  # (no boundary in the header: refused here)
        parser = FormParser(
            "multipart/form-data",
            on_field,
            on_file,
            boundary=params.get(b"boundary"),
            config={"MAX_MEMORY_FILE_SIZE": float("inf")},  # never spill a part to a temporary file
        )
        parser.write(body)
        parser.finalize()
    except ValueError:
        raise BadRequest("malformed multipart/form-data body") from None
    if not files:
        raise BadRequest("no file in the upload (send files in form fields named 'file')")
    try:
        date = dt.date.fromisoformat(fields["date"]) if fields.get("date") else None
    except ValueError:
        raise BadRequest(f"not a date (YYYY-MM-DD): {fields['date'][:40]!r}") from None
    source = fields.get("source") or None
    return [item for name, data in files for item in _file(data, name, date, source, lexicon)]


def _file(data: bytes, name: str, date: dt.date | None, source: str | None, lexicon: Any) -> list[Item]:
    try:
        return list(read_bytes(data, name=name, date=date, source=source, lexicon=lexicon))
    except Exception:  # a reader bug must not cost the other files
        log.exception("could not read the uploaded file %r", name)
        return [ReadError(name, "could not be read")]
