"""Articles from an ingest request, read in memory by the ingest stage's readers.

A JSON body holds article records; a multipart/form-data body holds files of any form the CLI
reads (text, Markdown, JSON, JSON Lines, HTML, feeds). Nothing touches the file system: multipart
parts are kept in memory (the body is already bounded by the request size limit) and a file's
name is only a label.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from python_multipart.multipart import FormParser, parse_options_header

from storyline.ingest import ReadError, read_bytes, read_json
from storyline.model import Article

Item = Article | ReadError


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


def from_json_body(body: bytes, *, lexicon: Any = None) -> Iterator[Item]:
    """{"articles": [...]}, a list of records, or one record."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as e:
        raise ValueError(f"body is not JSON: {e}") from None
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    return read_json(json.dumps(data), origin="api", lexicon=lexicon)


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
    parser = FormParser(
        "multipart/form-data",
        on_field,
        on_file,
        boundary=params.get(b"boundary"),
        config={"MAX_MEMORY_FILE_SIZE": float("inf")},  # never spill a part to a temporary file
    )
    parser.write(body)
    parser.finalize()
    if not files:
        raise ValueError("no file in the upload (send files in form fields named 'file')")
    try:
        date = dt.date.fromisoformat(fields["date"]) if fields.get("date") else None
    except ValueError:
        raise ValueError(f"not a date (YYYY-MM-DD): {fields['date']!r}") from None
    source = fields.get("source") or None
    return [item for name, data in files for item in read_bytes(data, name=name, date=date, source=source, lexicon=lexicon)]
