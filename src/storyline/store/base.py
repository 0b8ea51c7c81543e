"""The store contract: what the engine, the CLI and the web ask of a storage backend."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol
from urllib.parse import unquote

from storyline.model import Article, Citation, Feed, Sentence

# (story_id, article_id, duplicate_of, published, source, title)
Member = tuple[int, str, str | None, str | None, str | None, str | None]


def originals(members: Iterable[Member]) -> dict[str, str]:
    """Each copy's id -> the id of the article standing for it. A copy of an earlier version that a
    revision replaced (engine.session.Session._assign) names that version: it stands for nothing now,
    and the chain is followed to the revision."""
    direct = {m[1]: m[2] for m in members if m[2] is not None}
    out = {}
    for copy, first in direct.items():
        passed = {copy}
        while first in direct and first not in passed:
            passed.add(first)
            first = direct[first]
        out[copy] = first
    return out


def _parts(url: str) -> tuple[str, str, str]:
    """(scheme, authority, the rest) of a URL with a scheme."""
    scheme, rest = url.split("://", 1)
    cut = re.search(r"[/?]", rest)
    return (scheme, rest[: cut.start()], rest[cut.start() :]) if cut else (scheme, rest, "")


def safe_url(url: str) -> str:
    """A store URL without its password (user:password@ or ?password=), for messages."""
    if "://" not in url:
        return url
    scheme, authority, tail = _parts(url)
    if "@" in authority:
        userinfo, host = authority.rsplit("@", 1)
        authority = f"{userinfo.split(':', 1)[0]}@{host}"
    tail = re.sub(r"(?i)([?&])password=[^&]*", r"\1password=***", tail)
    return f"{scheme}://{authority}{tail}"


def without_secrets(text: str, url: str) -> str:
    """A message about the store at `url` (a driver's, which may quote the URL) with its password left
    out: the URL as safe_url gives it, and the password, as written or decoded, as ***."""
    text = text.replace(url, safe_url(url))
    for secret in _passwords(url):
        if len(secret) < 4 and secret in text:  # too short to cut out of a message without garbling it
            return "the connection failed (details withheld: the message holds the password)"
        text = text.replace(secret, "***")
    return text


def _passwords(url: str) -> set[str]:
    if "://" not in url:
        return set()
    _, authority, tail = _parts(url)
    userinfo = authority.rsplit("@", 1)[0] if "@" in authority else ""
    raw = [userinfo.split(":", 1)[1]] if ":" in userinfo else []
    raw += re.findall(r"(?i)[?&]password=([^&]*)", tail)
    return {form for secret in raw if secret for form in (secret, unquote(secret))}


MAX_TERMS = 64  # of a search query: every one must match, and past this many none does anyway


def search_terms(query: str) -> list[list[str]]:
    """A search query as what each match must hold: a word, or a phrase (the words of a "quoted" part,
    next to each other; a quote left open runs to the end), the first MAX_TERMS of them. Words are runs
    of letters and digits, so no backend's query syntax gets through."""
    terms: list[list[str]] = []
    for k, part in enumerate(query.split('"')):
        words = "".join(c if c.isalnum() else " " for c in part).split()
        terms += ([words] if words else []) if k % 2 else [[w] for w in words]
    return terms[:MAX_TERMS]


def schema_mismatch(version: int, expected: int) -> str:
    """Why a reader cannot open a store of another schema version, and what to do (a reader that may
    write the store upgrades an older one itself)."""
    if version > expected:
        return f"schema version {version} is newer than this storyline ({expected}): upgrade storyline"
    return (f"schema version {version}, older than this storyline's ({expected}), and not upgraded by a reader "
            "that may not write it: a command that writes (storyline ingest, recluster or poll) upgrades it")


MAX_INTEGER = 2**63 - 1  # the largest id or count either database takes


def storable(n: int) -> bool:
    """An integer either database takes (a story id past it names no story)."""
    return -MAX_INTEGER - 1 <= n <= MAX_INTEGER


def article_from_row(row: tuple, sentences: list[Sentence]) -> Article:
    """An Article from the backends' article columns (seq first; published an ISO string or a date)."""
    _seq, aid, title, source, place, published, url, origin, fmt, tokenized, text, meta = row
    if isinstance(published, str):
        published = dt.date.fromisoformat(published) if published else None
    return Article(
        id=aid,
        text=text,
        sentences=sentences,
        title=title,
        source=source,
        place=place,
        published=published or None,
        url=url,
        origin=origin,
        format=fmt,
        tokenized=bool(tokenized),
        meta=json.loads(meta),
    )


class Paging:
    """articles and iter_articles over a backend's article_seqs(order) and articles_by_seq(seqs): the
    keys first, then the articles by key (paging whole rows with LIMIT and OFFSET would walk, and in
    date order sort, every row before each page); a walk reads the order once (the articles stored
    when it starts) and then the articles batch by batch."""

    def articles(self, *, limit: int | None = None, offset: int = 0, order: str = "date") -> list[Article]:
        """Articles with sentences; order "date" (published, unknown last, then ingest order), "ingest" or
        "newest". The page's keys are found first: sorting whole rows to skip ``offset`` of them carried
        every skipped article's text through the sort."""
        return self.articles_by_seq(self.article_seqs(order, limit=limit, offset=offset))  # type: ignore[attr-defined]

    def iter_articles(self, *, order: str = "date", batch: int = 1000, offset: int = 0) -> Iterator[Article]:
        seqs = self.article_seqs(order, offset=offset)  # type: ignore[attr-defined]
        for start in range(0, len(seqs), batch):
            yield from self.articles_by_seq(seqs[start : start + batch])  # type: ignore[attr-defined]


class Closed:
    """What a closed store's connection becomes: any use says the store is closed."""

    def __init__(self, name: str):
        self.name = name

    def __getattr__(self, attribute: str) -> Any:
        raise StoreError(f"{self.name}: the store is closed")

    def close(self) -> None:
        pass


class StoreError(RuntimeError):
    """A database error, or a store that cannot be opened or written."""


class Store(Protocol):
    path: str
    committed_generation: int | None  # the generation this store's last committed write made

    def transaction(self) -> AbstractContextManager[None]:
        """The write lock: all of the block's writes or none; nested blocks join the outer one."""

    def indexing(self) -> AbstractContextManager[None]:
        """Inside a transaction, around work that does not use the store: the store may index the
        articles added so far meanwhile (SQLite: its full-text index, in a thread)."""

    def close(self) -> None: ...

    # -- articles
    def has_article(self, article_id: str) -> bool: ...

    def add_article(self, article: Article) -> int:
        """Store one article and its sentences, or raise StoreError and store nothing of it."""

    def article(self, article_id: str) -> Article | None: ...

    def articles_by_id(self, ids: Sequence[str], *, sentences: int | None = None) -> list[Article]: ...

    def articles(self, *, limit: int | None = None, offset: int = 0, order: str = "date") -> list[Article]: ...

    def iter_articles(self, *, order: str = "date", batch: int = 1000, offset: int = 0) -> Iterator[Article]: ...

    def article_seqs(self, order: str = "date", *, limit: int | None = None, offset: int = 0) -> list[int]:
        """The stored articles' keys (the seq add_article returned), in this order ("date", "ingest" or
        "newest"): all of them, or ``limit`` after the first ``offset``."""

    def articles_by_seq(self, seqs: list[int]) -> list[Article]:
        """These articles, with sentences, in the order of `seqs`."""

    def ids_with_prefix(self, prefix: str, limit: int = 2) -> list[str]: ...

    def count_articles(self) -> int: ...

    def search(self, query: str, limit: int = 20) -> list[tuple[Citation, str]]: ...

    # -- stories
    def assign(self, article_id: str, story_id: int, duplicate_of: str | None = None) -> None: ...

    def set_key_phrases(self, story_id: int, phrases: list[str]) -> None: ...

    def clear_stories(self) -> None: ...

    def story_rows(self, story_ids: Sequence[int] | None = None) -> list[tuple[int, list[str]]]:
        """(story id, key phrases) of every story, or of these (by id)."""

    def story_members(self, story_id: int | None = None) -> list[Member]: ...

    def background_ids(self, story_id: int, limit: int) -> list[str]:
        """The first ``limit`` articles of other stories than ``story_id`` in date order (undated last,
        then in ingest order), near-duplicate copies left out: what a story's facts compare against.
        Read by the date index, so that it costs ``limit`` rows, not a row per article."""

    def story_spans(self) -> list[tuple[int, str | None, str | None, int]]:
        """(story id, first and last publication date as ISO text, None when undated, distinct articles)
        of every story, in story id order: what ordering the stories needs. Kept on each story by the
        writer (the stories an ``assign`` touches are computed again when its transaction ends), so that
        reading them costs a row per story, not a row per article."""

    def unassigned_ids(self) -> list[str]: ...

    def assigned_seqs(self, seqs: Sequence[int]) -> set[int]:
        """Those of these article keys (article_seqs) that have a story."""
        ...

    def story_of(self, article_id: str) -> int | None: ...

    # -- engine state
    def generation(self) -> int:
        """Grows with every transaction that changed the store."""

    def get_state(self, key: str) -> bytes | str | None: ...

    def set_state(self, key: str, value: bytes | str) -> None: ...

    def states(self, prefix: str) -> Iterator[tuple[str, bytes | str]]:
        """(key, value) of every state whose key starts with ``prefix``, in key order."""

    def set_states(self, values: Mapping[str, bytes | str | None]) -> None:
        """Set many states at once; a value None deletes its key."""

    def clear_states(self, prefix: str) -> None:
        """Delete every state whose key starts with ``prefix``."""

    # -- feed subscriptions (kept with the articles; ingest.poll reads and updates them)
    def feeds(self) -> list[Feed]:
        """Every subscription, in the order added."""

    def feed(self, url: str) -> Feed | None: ...

    def save_feed(self, feed: Feed) -> None:
        """Add a subscription or replace the one with the same url."""

    def remove_feed(self, url: str) -> bool:
        """Drop a subscription (its articles stay); False when there was none."""

    def move_feed(self, url: str, new_url: str) -> bool:
        """Give a subscription a new url, in its place and with its state (a feed that moved for good);
        False when there is none, or one at ``new_url`` already."""


_BACKGROUND = (
    "SELECT a.id FROM articles a JOIN story_articles sa ON sa.article_seq = a.seq"
    " WHERE sa.story_id <> {p} AND sa.duplicate_of IS NULL AND a.published {} ORDER BY {} LIMIT {p}"
)


def background_ids(execute: Callable[..., Any], story_id: int, limit: int, p: str) -> list[str]:
    """Store.background_ids for a backend's ``execute(sql, args)`` and parameter mark ``p``: the dated
    articles by the date index, then the undated ones in ingest order."""
    exclude = story_id if storable(story_id) else -1
    found = [r[0] for r in execute(_BACKGROUND.format("IS NOT NULL", "a.published, a.seq", p=p), (exclude, limit))]
    if len(found) < limit:
        found += [r[0] for r in execute(_BACKGROUND.format("IS NULL", "a.seq", p=p), (exclude, limit - len(found)))]
    return found
