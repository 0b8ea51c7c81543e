"""read_paths: files, directories and standard input to Articles, one ReadError per bad input.

The reader is chosen by extension, then by content: feeds (<rss>, <feed>, <rdf:RDF>), HTML pages,
JSON / JSON Lines, Markdown, and plain text (tokenized or prose, told apart by looks_tokenized).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import itertools
import os
import re
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from io import BufferedReader
from pathlib import Path
from typing import Any, TextIO

from storyline.ingest.decode import binary_reason, decode, wide_codec
from storyline.ingest.errors import ReadError, unexpected
from storyline.ingest.feed import read_feed
from storyline.ingest.html import read_html
from storyline.ingest.jsonl import read_json, read_jsonl, read_lines
from storyline.ingest.parallel import MAX_WORKERS, cpu_count, ordered_map
from storyline.ingest.parallel import available as parallel_available
from storyline.ingest.plain import read_markdown, read_plain
from storyline.model import Article, Sentence
from storyline.text import casing
from storyline.text.display import load_tables

MAX_BYTES = 20_000_000
STDIN = "<stdin>"
PARALLEL_BYTES = 200_000  # a batch with more input than this is parsed in worker processes
LINES_PER_JOB = 64  # JSON Lines records per unit of work,
JOB_BYTES = 1_000_000  # and at most about this many bytes of them (a longer record is a job of its own)
WINDOW_BYTES = 64_000_000  # input bytes in flight in worker processes (at least one job)
CASING_AHEAD = 2_500  # inputs (records or files) of a read whose casing counts the workers prepare
WINDOW_JOBS = 16  # jobs in flight: more than one ingest batch, so that workers go on while the caller commits
_HEAD = 8192  # bytes looked at before streaming a file

Reader = Callable[..., Iterator[Article | ReadError]]
READERS: dict[str, Reader] = {
    "text": read_plain,
    "markdown": read_markdown,
    "jsonl": read_jsonl,
    "json": read_json,
    "html": read_html,
    "feed": read_feed,
}
EXTENSIONS = {
    ".txt": "text", ".text": "text", ".story": "text",
    ".md": "markdown", ".markdown": "markdown",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".xml": "feed", ".rss": "feed", ".atom": "feed", ".rdf": "feed",
}  # fmt: skip
STREAMED = {".jsonl", ".ndjson"}  # read line by line; the size limit applies to each record
# Files in a directory that are never articles (a saved web page's assets, for example).
SKIPPED_IN_DIRECTORIES = {
    ".css", ".js", ".map", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".ico", ".webp",
    ".woff", ".woff2", ".ttf", ".otf", ".pyc", ".db", ".db-wal", ".db-shm",
}  # fmt: skip

_FEED = re.compile(r"(?:<\?xml[^>]*>\s*)?(?:(?:<!--.*?-->|<\?[^>]*>|<!doctype[^>]*>)\s*)*<(?:rss|feed|rdf:rdf)\b", re.DOTALL)
_HTML = re.compile(r"<(?:!doctype html|html|head|body|article|meta|title)\b")


@dataclass(slots=True, frozen=True)
class Job:
    """One unit of reading: a whole file, content already read (stdin), or a run of JSON Lines."""

    name: str
    size: int = 0
    data: bytes | None = None
    lines: list[bytes] | None = None
    first_line: int = 1
    position: int = 0  # inputs (files or records) before this job's in the read


def read_paths(
    paths: Sequence[str | Path] | str | Path,
    *,
    date: dt.date | None = None,
    source: str | None = None,
    max_bytes: int = MAX_BYTES,
    lexicon: Any = None,
    workers: int | None = None,
    casing: bool = True,
    casing_ahead: bool = True,
) -> Iterator[Article | ReadError]:
    """Articles from files, directories (recursive, sorted, hidden files skipped) and "-" (stdin).

    ``date`` and ``source`` apply to inputs that carry none. Every bad input gives one ReadError
    and the rest of the batch is still read. Files above ``max_bytes`` are refused (JSON Lines files
    are streamed and the limit applies to each line). Large batches (over PARALLEL_BYTES) are parsed
    by ``workers`` processes (default: one per core, at most 4; 1 = in this process), in order.
    With ``casing``, the workers also prepare the casing counts (text.casing.offer) of the cased
    articles a store that learns casing samples (text.casing.sampled), and with ``casing_ahead`` of
    every cased article among the first CASING_AHEAD inputs (a store yet to learn from many). One
    path may be given alone (a string is a path, not a sequence of one-letter paths).
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    options = {"max_bytes": max_bytes, "date": date, "source": source, "lexicon": lexicon}
    todo = jobs(paths, max_bytes=max_bytes)
    first, rest = _head(todo, PARALLEL_BYTES)
    workers = min(cpu_count(), MAX_WORKERS) if workers is None else workers
    if rest is None or workers < 2 or not parallel_available():
        for job in itertools.chain(first, rest or ()):
            yield from run_job(job, **options)
        return
    load_tables()  # before the workers fork, so that they share them
    yield from map(_unpack, ordered_map(
        _work,
        lambda job: run_job(job, **options),
        itertools.chain(first, rest),
        workers=workers,
        initializer=_set_worker_options,
        initargs=(options, casing, casing_ahead),
        size=_job_size,
        window=WINDOW_JOBS,
        window_bytes=max(WINDOW_BYTES, 2 * max_bytes),
    ))


def jobs(paths: Sequence[str | Path], *, max_bytes: int = MAX_BYTES) -> Iterator[Job | ReadError]:
    """The reading work for some paths, in order; inputs that fail before reading are ReadErrors."""
    position = 0
    for job in _jobs(paths, max_bytes=max_bytes):
        if isinstance(job, Job):
            yield dataclasses.replace(job, position=position)
            position += len(job.lines) if job.lines is not None else 1
        else:
            yield job


def _jobs(paths: Sequence[str | Path], *, max_bytes: int = MAX_BYTES) -> Iterator[Job | ReadError]:
    for given in paths:
        if str(given) == "-":
            yield _stdin_job(max_bytes)
            continue
        path = Path(given)
        for file in walk(path) if path.is_dir() else [path]:
            if isinstance(file, ReadError):
                yield file
            elif file.suffix.lower() in STREAMED:
                yield from _line_jobs(file, max_bytes)
            else:
                yield Job(str(file), size=_size(file))


def input_sizes(paths: Sequence[str | Path]) -> dict[str, int] | None:
    """The files that reading ``paths`` opens, with their sizes in bytes (None when "-", standard input, is one
    of them: its size is not known)."""
    sizes: dict[str, int] = {}
    for given in paths:
        if str(given) == "-":
            return None
        path = Path(given)
        for file in walk(path) if path.is_dir() else [path]:
            if isinstance(file, Path):
                sizes[str(file)] = _size(file)
    return sizes


def run_job(
    job: Job | ReadError,
    *,
    max_bytes: int = MAX_BYTES,
    date: dt.date | None = None,
    source: str | None = None,
    lexicon: Any = None,
) -> Iterator[Article | ReadError]:
    """Read one job; an unexpected failure becomes a ReadError so that the batch goes on."""
    if isinstance(job, ReadError):
        yield job
        return
    options = {"date": date, "source": source, "lexicon": lexicon}
    try:
        if job.lines is not None:
            yield from read_lines(job.lines, origin=job.name, start=job.first_line, max_bytes=max_bytes, **options)
        elif job.data is not None:
            yield from read_bytes(job.data, name=job.name, max_bytes=max_bytes, **options)
        else:
            yield from read_file(job.name, max_bytes=max_bytes, **options)
    except Exception as e:  # a reader bug must not stop the batch
        yield ReadError(job.name, unexpected(e))


def walk(root: Path) -> Iterator[Path | ReadError]:
    """Files under a directory, sorted, depth first (folders after the files beside them); hidden files and
    folders, asset files and links to folders left out. A folder that cannot be listed, and a link to a
    file outside the directory (a planted link must not publish a file from elsewhere), is a ReadError.
    Iterative, so that no depth of nesting overflows the stack."""
    inside = os.path.join(os.path.realpath(root), "")
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as entries:
                files, dirs, outside = [], [], []
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    if entry.is_dir():
                        if not entry.is_symlink():
                            dirs.append(entry.name)
                    elif Path(entry.name).suffix.lower() not in SKIPPED_IN_DIRECTORIES:
                        leaves = entry.is_symlink() and not os.path.realpath(entry.path).startswith(inside)
                        (outside if leaves else files).append(entry.name)
        except OSError as e:
            yield ReadError(str(folder), f"folder cannot be read ({_os_reason(e)})")
            continue
        for name in sorted(outside):
            yield ReadError(str(folder / name), "a link to a file outside the folder, not followed (name the file to read it)")
        yield from (folder / name for name in sorted(files))
        stack.extend(folder / name for name in sorted(dirs, reverse=True))


def read_file(
    path: str | Path,
    *,
    max_bytes: int = MAX_BYTES,
    date: dt.date | None = None,
    source: str | None = None,
    lexicon: Any = None,
) -> Iterator[Article | ReadError]:
    """The articles of one file (a ReadError if it cannot be read)."""
    name = str(path)
    options = {"date": date, "source": source, "lexicon": lexicon}
    try:
        info = os.stat(path)
    except OSError as e:
        yield ReadError(name, _os_reason(e))
        return
    if stat.S_ISDIR(info.st_mode):
        yield ReadError(name, "is a directory")
        return
    if not stat.S_ISREG(info.st_mode):
        yield ReadError(name, "not a regular file")
        return
    if Path(name).suffix.lower() in STREAMED:
        for job in _line_jobs(Path(name), max_bytes):
            yield from run_job(job, max_bytes=max_bytes, **options)
        return
    if info.st_size > max_bytes:
        yield ReadError(name, f"file is {info.st_size:,} bytes, above the size limit of {max_bytes:,}")
        return
    try:
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as e:
        yield ReadError(name, _os_reason(e))
        return
    yield from read_bytes(data, name=name, max_bytes=max_bytes, **options)


def read_bytes(
    data: bytes,
    *,
    name: str,
    format: str | None = None,  # noqa: A002
    max_bytes: int = MAX_BYTES,
    date: dt.date | None = None,
    source: str | None = None,
    lexicon: Any = None,
    charset: str | None = None,
) -> Iterator[Article | ReadError]:
    """Articles from raw content (an upload, say) named ``name``; the reader is chosen as for files.
    ``charset``: the encoding a transport states (HTTP's Content-Type), for bytes that are not UTF-8."""
    if len(data) > max_bytes:
        yield ReadError(name, f"input is {len(data):,} bytes, above the size limit of {max_bytes:,}")
        return
    if not data.strip():
        yield ReadError(name, "empty file")
        return
    reason = binary_reason(data)
    if reason:
        yield ReadError(name, reason)
        return
    text, warnings = decode(data, charset)
    if text is None:
        yield ReadError(name, "not text (mostly undecodable bytes)")
        return
    for item in read_text(text, name=name, format=format, date=date, source=source, lexicon=lexicon):
        if warnings and isinstance(item, Article):
            item.meta["warnings"] = [*warnings, *item.meta.get("warnings", [])]
        yield item


def read_text(
    text: str,
    *,
    name: str = "<text>",
    format: str | None = None,  # noqa: A002
    date: dt.date | None = None,
    source: str | None = None,
    lexicon: Any = None,
) -> Iterator[Article | ReadError]:
    """Articles from text already in memory; ``format`` (a key of READERS) or else detected."""
    if not text.strip():
        yield ReadError(name, "no text")
        return
    fmt = format or detect_format(name, text)
    reader = READERS.get(fmt)
    if reader is None:
        yield ReadError(name, f"unknown format {fmt!r} (known: {', '.join(READERS)})")
        return
    yield from reader(text, origin=name, date=date, source=source, lexicon=lexicon)


def detect_format(name: str, text: str) -> str:
    """Reader name for a file: markup found in the content wins over a plain-text extension."""
    by_extension = EXTENSIONS.get(Path(name).suffix.lower())
    head = text[:4096].lstrip("\ufeff \t\r\n").lower()
    if by_extension in (None, "text", "html", "feed") and head.startswith("<"):
        if _FEED.match(head):
            return "feed"
        if by_extension is None or by_extension == "text":
            return "html" if _HTML.search(head) else by_extension or "text"
    if by_extension == "text" and head.startswith("# ") and "\n" in head:  # a "# Title" line: Markdown, as the README says
        return "markdown"
    if by_extension:
        return by_extension
    if head.startswith("{"):
        first = head.split("\n", 1)[0].rstrip()
        return "jsonl" if first.endswith("}") else "json"
    if head.startswith("["):
        return "json"
    if head.startswith("# ") or head.startswith("---\n"):
        return "markdown"
    return "text"


def _line_jobs(path: Path, max_bytes: int) -> Iterator[Job | ReadError]:
    """A JSON Lines file in runs of LINES_PER_JOB lines, read as it streams."""
    name = str(path)
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            yield ReadError(name, "is a directory" if stat.S_ISDIR(info.st_mode) else "not a regular file")
            return
        with open(path, "rb") as f:
            head = f.peek(_HEAD)[:_HEAD]
            reason = binary_reason(head)
            if reason or (info.st_size <= len(head) and not head.strip()):
                yield ReadError(name, reason or "empty file")
                return
            chunk: list[bytes] = []
            size, first = 0, 1
            wide = wide_codec(head)
            lines = _bounded_lines(f, max_bytes) if wide is None else _wide_lines(f, wide, max_bytes)
            for n, line in enumerate(lines, 1):
                if line is None:  # above the limit: reported, never held in memory
                    if chunk:
                        yield Job(name, size=size, lines=chunk, first_line=first)
                    yield ReadError(name, f"line {n}: record is above the size limit of {max_bytes:,} bytes")
                    chunk, size, first = [], 0, n + 1
                    continue
                chunk.append(line)
                size += len(line)
                if len(chunk) == LINES_PER_JOB or size >= JOB_BYTES:
                    yield Job(name, size=size, lines=chunk, first_line=first)
                    chunk, size, first = [], 0, n + 1
            if chunk:
                yield Job(name, size=size, lines=chunk, first_line=first)
    except OSError as e:
        yield ReadError(name, _os_reason(e))


def _wide_lines(f: BufferedReader, codec: str, limit: int) -> Iterator[bytes | None]:
    """_bounded_lines of a UTF-16 or UTF-32 file (``codec``, by its byte-order mark), as UTF-8; ``limit`` in characters."""
    reader = io.TextIOWrapper(f, encoding=codec, errors="replace", newline="")
    while line := reader.readline(limit + 1):
        if len(line) <= limit:
            yield line.encode("utf-8")
            continue
        while line and not line.endswith("\n"):
            line = reader.readline(1 << 20)
        yield None


def _bounded_lines(f: BufferedReader, limit: int) -> Iterator[bytes | None]:
    """Lines of a binary file; None for a line above ``limit`` bytes (read and dropped in pieces)."""
    while True:
        line = f.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit:
            yield line
            continue
        while line and not line.endswith(b"\n"):  # skip to the end of the overlong line
            line = f.readline(1 << 20)
        yield None


def _stdin_job(max_bytes: int) -> Job | ReadError:
    try:
        data = sys.stdin.buffer.read(max_bytes + 1)
    except (OSError, ValueError, AttributeError) as e:
        return ReadError(STDIN, f"cannot read standard input ({e})")
    return Job(STDIN, size=len(data), data=data)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _head(todo: Iterator[Job | ReadError], size: int) -> tuple[list[Job | ReadError], Iterator | None]:
    """The first jobs up to ``size`` bytes of work, and the rest (None when that was all of it)."""
    first: list[Job | ReadError] = []
    total = 0
    for job in todo:
        first.append(job)
        total += job.size if isinstance(job, Job) else 0
        if total >= size:
            return first, todo
    return first, None


_WORKER_OPTIONS: dict = {}
_CASING = [CASING_AHEAD, True]  # in a worker: inputs of the read whose casing counts it prepares; and sampled ones


def _set_worker_options(options: dict, casing: bool = True, casing_ahead: bool = True) -> None:
    """Worker start: keep the options, and take fresh stdout/stderr objects (a thread of the parent,
    a progress bar say, may have held their locks at the moment of the fork)."""
    _WORKER_OPTIONS.update(options)
    _CASING[:] = [CASING_AHEAD if casing and casing_ahead else 0, casing]
    sys.stdout, sys.stderr = _fresh_stream(1), _fresh_stream(2)


def _fresh_stream(fd: int) -> TextIO:
    try:
        return os.fdopen(os.dup(fd), "w")
    except OSError:
        return open(os.devnull, "w")  # noqa: SIM115 - lives as long as the worker


def _job_size(job: Job | ReadError) -> int:
    return job.size if isinstance(job, Job) else 0


def _work(job: Job | ReadError) -> list[tuple | ReadError]:
    ahead = isinstance(job, Job) and job.position < _CASING[0]
    return [
        _pack(item, ahead or (_CASING[1] and isinstance(item, Article) and casing.sampled(item.id)))
        for item in run_job(job, **_WORKER_OPTIONS)
    ]


# Articles cross from the parse workers as plain tuples: pickling a slots dataclass runs Python
# code for each object (a long article has dozens of Sentences), unpickling a tuple of strings does not.
# A cased article the store will learn from also carries its casing counts (text.casing.prepare),
# counted here and not in the main process: every one early in the input while the store has yet to
# learn from 2,000 cased articles (engine.session), and after that the one in four it samples.


def _pack(item: Article | ReadError, count_casing: bool) -> tuple | ReadError:
    if not isinstance(item, Article):
        return item
    sentences = item.sentences
    texts = [s.text for s in sentences]
    displays = [s.display for s in sentences]
    if any(s.index != i for i, s in enumerate(sentences)):
        return (item,)
    learned = casing.learning_text(item.text) if count_casing and not item.tokenized else ""
    prepared = casing.prepare(learned) if learned and casing.informative(learned) else None
    return (
        item.id, item.text, item.title, item.source, item.place, item.published, item.url, item.origin,
        item.format, item.tokenized, item.meta, texts, [s.paragraph for s in sentences],
        None if displays == texts else displays, prepared,
    )  # fmt: skip


def _unpack(item: tuple | Article | ReadError) -> Article | ReadError:
    if not isinstance(item, tuple):
        return item
    if len(item) == 1:
        return item[0]
    (id_, text, title, source, place, published, url, origin, format_, tokenized, meta,
     texts, paragraphs, displays, prepared) = item  # fmt: skip
    sentences = [
        Sentence(i, t, d, p) for i, (t, d, p) in enumerate(zip(texts, displays or texts, paragraphs))
    ]
    if prepared is not None:
        casing.offer(casing.learning_text(text), prepared)
    return Article(id_, text, sentences, title, source, place, published, url, origin, format_, tokenized, meta)


def _os_reason(e: OSError) -> str:
    reason = e.strerror or type(e).__name__
    return reason[:1].lower() + reason[1:]
