"""The PostgreSQL store: the Store contract (store.base) over psycopg 3, for many writers and readers.

The connection runs in autocommit mode, so a read outside a transaction sees the latest commits,
as an SQLite reader does. `transaction()` is BEGIN plus a transaction-scoped advisory lock: one
writer at a time across every process, as SQLite's BEGIN IMMEDIATE; a crash (even kill -9) rolls
back the batch under way. Schema versions live in `schema_version` (store.schema_pg).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import TypeVar

import psycopg
from psycopg import errors
from psycopg.pq import TransactionStatus

from storyline.model import (
    Article,
    Citation,
    Feed,
    Sentence,
    feed_from_json,
    feed_to_json,
)
from storyline.store.base import (
    Closed,
    Member,
    Paging,
    StoreError,
    article_from_row,
    background_ids,
    safe_url,
    schema_mismatch,
    search_terms,
    storable,
    without_secrets,
)
from storyline.store.schema_pg import MIGRATIONS, SPANS, VERSION

LOCK_KEY = 0x73746F72796C696E  # pg_advisory_xact_lock key of the write lock ("storylin")
LOCK_SECONDS = 60.0  # how long a writer waits for another's transaction
SEARCH_POOL = 2000  # matches a search ranks at most (the newest), as the SQLite store
_ARTICLE_COLUMNS = "seq, id, title, source, place, published, url, origin, format, tokenized, text, meta"
_DATE_ORDER = "published NULLS LAST, seq"  # SQLite's "published IS NULL, published, seq"
_ORDERS = {"date": _DATE_ORDER, "ingest": "seq", "newest": "seq DESC"}

T = TypeVar("T")

__all__ = ["PostgresStore"]


def _wrapped(method: Callable[..., T]) -> Callable[..., T]:
    """psycopg errors of a public method as StoreError naming the store."""

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        with self._errors():
            return method(self, *args, **kwargs)

    return call


class PostgresStore(Paging):
    """The Store over one PostgreSQL database; `db` is its psycopg connection, for this module only.

    `url`: a libpq URL (postgresql://user@host:port/db); `readonly`: a read-only session;
    `lock_seconds`: how long a writer waits for the write lock before StoreError."""

    def __init__(self, url: str, *, readonly: bool = False, lock_seconds: float = LOCK_SECONDS):
        self.path = safe_url(url)
        self.readonly = readonly
        self.lock_seconds = lock_seconds
        self.committed_generation: int | None = None
        self._changes = 0  # changing statements in the transaction under way
        self._in_pipeline = False
        self._pipeline: psycopg.Pipeline | None = None
        options = f"-c lock_timeout={int(lock_seconds * 1000)} -c DateStyle=ISO"
        if readonly:
            options += " -c default_transaction_read_only=on"
        try:
            self.db = psycopg.connect(url, autocommit=True, options=options, connect_timeout=10)
        except psycopg.Error as e:
            raise StoreError(f"{self.path}: cannot connect to PostgreSQL: {without_secrets(_reason(e), url)}") from None
        try:
            with self._errors():
                if readonly:
                    version = self.version
                    if version == 0:
                        raise StoreError(f"{self.path}: no storyline store here yet (run 'storyline ingest')")
                    if version < VERSION and _upgraded(url, lock_seconds):
                        version = self.version
                    if version != VERSION:
                        raise StoreError(f"{self.path}: {schema_mismatch(version, VERSION)}")
                else:
                    self._migrate()
        except BaseException:
            self.db.close()
            raise

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except errors.LockNotAvailable:
            raise StoreError(f"{self.path}: the store is locked by another writer (waited {self.lock_seconds:g} s)") from None
        except psycopg.Error as e:
            raise StoreError(f"{self.path}: {_reason(e)}") from e

    # -- schema -------------------------------------------------------------------------
    @property
    def version(self) -> int:
        if self.db.execute("SELECT to_regclass('schema_version')").fetchone()[0] is None:
            return 0
        row = self.db.execute("SELECT version FROM schema_version").fetchone()
        return row[0] if row else 0

    def _migrate(self) -> None:
        current = self.version
        if current > VERSION:
            raise StoreError(f"{self.path}: schema version {current} is newer than this storyline ({VERSION})")
        if current == VERSION:
            return
        with self._transaction(pipeline=False):  # the write lock: another process may have migrated meanwhile
            self.db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            current = self.version
            for n in range(current, VERSION):
                self.db.execute(MIGRATIONS[n])
            self.db.execute("DELETE FROM schema_version")
            self.db.execute("INSERT INTO schema_version (version) VALUES (%s)", (max(current, VERSION),))

    def indexing(self) -> AbstractContextManager[None]:
        """Nothing to do: the full-text vector is a generated column, indexed as rows are written."""
        return nullcontext()

    def transaction(self) -> AbstractContextManager[None]:
        """BEGIN and the advisory write lock ... COMMIT; rolled back on any exception.

        Inside, statements go out in pipeline mode: a write does not wait for the server, a read
        waits for it and everything before it; a failed write raises at the next read or at COMMIT."""
        return self._transaction(pipeline=True)

    @contextmanager
    def _transaction(self, pipeline: bool) -> Iterator[None]:
        if self.db.info.transaction_status != TransactionStatus.IDLE or self._in_pipeline:
            yield  # joins the transaction under way
            return
        with self._errors():
            self.db.execute("BEGIN")
            try:
                self.db.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
            except BaseException:
                self._rollback()
                raise
        self._changes = 0
        try:
            with self._errors():
                if pipeline:
                    self._in_pipeline = True
                    try:
                        with self.db.pipeline() as self._pipeline:
                            yield
                    finally:
                        self._in_pipeline, self._pipeline = False, None
                else:
                    yield
                generation = None
                if self._changes:
                    self.db.execute(SPANS)  # the touched stories' dates and sizes (an index finds them)
                    generation = self.db.execute("UPDATE generation SET n = n + 1 RETURNING n").fetchone()[0]
                self.db.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise
        if generation is not None:
            self.committed_generation = generation

    def _rollback(self) -> None:
        if self.db.closed:
            return
        try:
            self.db.execute("ROLLBACK")
        except psycopg.Error:
            pass  # the connection is gone: the server rolled back

    def _write(self, sql: str, args: Sequence | None = None) -> None:
        """Queue one changing statement (in a transaction: see transaction()); the transaction
        then counts as a change for the generation."""
        self.db.execute(sql, args)
        self._changes += 1

    def close(self) -> None:
        self.db.close()
        self.db = Closed(self.path)

    # -- articles -----------------------------------------------------------------------
    @_wrapped
    def has_article(self, article_id: str) -> bool:
        if not _storable(article_id):
            return False
        return self.db.execute("SELECT 1 FROM articles WHERE id = %s", (article_id,)).fetchone() is not None

    def add_article(self, article: Article) -> int:
        """Insert one article and its sentences; returns its seq. All or nothing for the article:
        one the database rejects raises StoreError and leaves the rest of the transaction as it was."""
        with self.transaction(), self._errors():
            self.db.execute("SAVEPOINT article")
            try:
                seq = self._add_article(article)
            except (psycopg.Error, UnicodeError, OverflowError, ValueError, TypeError) as e:
                if self._pipeline is not None:
                    self._pipeline.sync()  # out of the aborted state the error left the pipeline in
                self.db.execute("ROLLBACK TO SAVEPOINT article")
                self.db.execute("RELEASE SAVEPOINT article")
                raise StoreError(f"cannot be stored: {_reason(e)}") from None
            self._changes += 1
            return seq

    def _add_article(self, article: Article) -> int:
        """One statement for the article and its sentences: one round trip."""
        sentences = article.sentences
        cur = self.db.execute(
            "WITH a AS (INSERT INTO articles (id, title, source, place, published, url, origin, format, tokenized,"
            " text, meta) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) RETURNING seq),"
            " s AS (INSERT INTO sentences (article_seq, idx, paragraph, text, display)"
            " SELECT a.seq, s.* FROM a, unnest(%s::int[], %s::int[], %s::text[], %s::text[]) AS s)"
            " SELECT seq FROM a",
            (
                article.id,
                article.title,
                article.source,
                article.place,
                article.published,
                article.url,
                article.origin,
                article.format,
                bool(article.tokenized),
                article.text,
                json.dumps(article.meta, ensure_ascii=False, default=str),
                [s.index for s in sentences],
                [s.paragraph for s in sentences],
                [s.text for s in sentences],
                [s.display or s.text for s in sentences],
            ),
        )
        seq = cur.fetchone()[0]  # waits for the statement (an error raises here, before anything else is queued)
        self.db.execute("RELEASE SAVEPOINT article")
        return seq

    @_wrapped
    def article(self, article_id: str) -> Article | None:
        if not _storable(article_id):
            return None
        row = self.db.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = %s", (article_id,)).fetchone()
        return self._with_sentences([row])[0] if row else None

    @_wrapped
    def articles_by_id(self, ids: Sequence[str], *, sentences: int | None = None) -> list[Article]:
        """Articles in the order of `ids` (unknown ids skipped); with `sentences`, only their first so many."""
        ids = list(ids)
        wanted = [i for i in ids if _storable(i)]
        if not wanted:
            return []
        rows = self.db.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ANY(%s)", (wanted,)).fetchall()
        found = {a.id: a for a in self._with_sentences(rows, sentences)}
        return [found[i] for i in ids if i in found]

    @_wrapped
    def article_seqs(self, order: str = "date", *, limit: int | None = None, offset: int = 0) -> list[int]:
        by = _ORDERS.get(order, _DATE_ORDER)
        return [r[0] for r in self.db.execute(f"SELECT seq FROM articles ORDER BY {by} LIMIT %s OFFSET %s", (limit, offset))]

    @_wrapped
    def articles_by_seq(self, seqs: list[int]) -> list[Article]:
        """These articles (with sentences), in this order."""
        rows = self.db.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE seq = ANY(%s)", (seqs,)).fetchall()
        at = {seq: k for k, seq in enumerate(seqs)}
        return self._with_sentences(sorted(rows, key=lambda r: at[r[0]]))

    @_wrapped
    def ids_with_prefix(self, prefix: str, limit: int = 2) -> list[str]:
        """Article ids that start with `prefix`, case-insensitively as SQLite's LIKE (at most `limit`)."""
        if not _storable(prefix):
            return []
        escaped = prefix.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self.db.execute(
            "SELECT id FROM articles WHERE lower(id) LIKE %s ORDER BY seq LIMIT %s", (escaped + "%", limit)
        )
        return [r[0] for r in rows]

    @_wrapped
    def count_articles(self) -> int:
        return self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def _with_sentences(self, rows: list[tuple], sentences: int | None = None) -> list[Article]:
        if not rows:
            return []
        by_seq: dict[int, list[Sentence]] = {r[0]: [] for r in rows}
        leading = f" AND idx < {int(sentences)}" if sentences is not None else ""
        for seq, idx, paragraph, text, display in self.db.execute(
            "SELECT article_seq, idx, paragraph, text, display FROM sentences"
            f" WHERE article_seq = ANY(%s){leading} ORDER BY article_seq, idx",
            (list(by_seq),),
        ):
            by_seq[seq].append(Sentence(idx, text, display, paragraph))
        return [article_from_row(row, by_seq[row[0]]) for row in rows]

    # -- search -------------------------------------------------------------------------
    @_wrapped
    def search(self, query: str, limit: int = 20) -> list[tuple[Citation, str]]:
        """Sentences holding every word and "quoted phrase" of the query (stemmed; store.base.search_terms),
        best first (ts_rank), as (citation, display text). As SQLiteStore.search, a query matching more than SEARCH_POOL sentences ranks
        the SEARCH_POOL most recently stored of them."""
        limit = max(0, min(limit, SEARCH_POOL))  # a search returns at most its pool
        terms = search_terms(query)
        if not terms:
            return []
        tsquery = " && ".join(["phraseto_tsquery('storyline', %s)"] * len(terms))  # a word is a phrase of one
        rows = self.db.execute(
            f"WITH q AS (SELECT {tsquery} AS q),"
            " pool AS (SELECT s.id, s.article_seq, s.idx, s.display, s.tsv FROM sentences s, q"
            " WHERE s.tsv @@ q.q ORDER BY s.id DESC LIMIT %s)"
            " SELECT a.id, p.idx, p.display FROM pool p JOIN articles a ON a.seq = p.article_seq, q"
            " ORDER BY ts_rank(p.tsv, q.q) DESC, p.id LIMIT %s",
            (*(" ".join(term) for term in terms), SEARCH_POOL, limit),
        ).fetchall()
        return [(Citation(aid, idx), display) for aid, idx, display in rows]

    # -- stories ------------------------------------------------------------------------
    @_wrapped
    def assign(self, article_id: str, story_id: int, duplicate_of: str | None = None) -> None:
        self._write(  # a story the article leaves
            "UPDATE stories SET stale = TRUE WHERE id = (SELECT sa.story_id FROM story_articles sa"
            " JOIN articles a ON a.seq = sa.article_seq WHERE a.id = %s)",
            (article_id,),
        )
        self._write("INSERT INTO stories (id) VALUES (%s) ON CONFLICT (id) DO UPDATE SET stale = TRUE", (story_id,))
        self._write(
            "INSERT INTO story_articles (article_seq, story_id, duplicate_of) SELECT seq, %s, %s FROM articles"
            " WHERE id = %s ON CONFLICT (article_seq) DO UPDATE"
            " SET story_id = excluded.story_id, duplicate_of = excluded.duplicate_of",
            (story_id, duplicate_of, article_id),
        )

    @_wrapped
    def set_key_phrases(self, story_id: int, phrases: list[str]) -> None:
        self._write("UPDATE stories SET key_phrases = %s WHERE id = %s", (json.dumps(phrases), story_id))

    @_wrapped
    def clear_stories(self) -> None:
        self._write("DELETE FROM story_articles")
        self._write("DELETE FROM stories")

    @_wrapped
    def story_rows(self, story_ids: Sequence[int] | None = None) -> list[tuple[int, list[str]]]:
        if story_ids is None:
            rows = self.db.execute("SELECT id, key_phrases FROM stories ORDER BY id")
        else:
            ids = [int(i) for i in story_ids]
            rows = self.db.execute("SELECT id, key_phrases FROM stories WHERE id = ANY(%s) ORDER BY id", (ids,))
        return [(i, json.loads(k)) for i, k in rows.fetchall()]

    @_wrapped
    def story_spans(self) -> list[tuple[int, str | None, str | None, int]]:
        return self.db.execute(
            "SELECT id, to_char(first_date, 'YYYY-MM-DD'), to_char(last_date, 'YYYY-MM-DD'), size"
            " FROM stories WHERE members > 0 ORDER BY id"
        ).fetchall()

    @_wrapped
    def story_members(self, story_id: int | None = None) -> list[Member]:
        """(story_id, article_id, duplicate_of, published, source, title) in date order."""
        sql = (
            "SELECT sa.story_id, a.id, sa.duplicate_of, to_char(a.published, 'YYYY-MM-DD'), a.source, a.title"
            " FROM story_articles sa JOIN articles a ON a.seq = sa.article_seq"
        )
        args: tuple = ()
        if story_id is not None and not storable(story_id):
            return []
        if story_id is not None:
            sql += " WHERE sa.story_id = %s"
            args = (story_id,)
        return self.db.execute(sql + " ORDER BY a.published NULLS LAST, a.seq", args).fetchall()

    @_wrapped
    def background_ids(self, story_id: int, limit: int) -> list[str]:
        return background_ids(self.db.execute, story_id, limit, "%s")

    @_wrapped
    def unassigned_ids(self) -> list[str]:
        rows = self.db.execute(
            "SELECT id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM story_articles sa WHERE sa.article_seq = a.seq)"
            f" ORDER BY {_DATE_ORDER}"
        )
        return [r[0] for r in rows]

    @_wrapped
    def assigned_seqs(self, seqs: Sequence[int]) -> set[int]:
        rows = self.db.execute("SELECT article_seq FROM story_articles WHERE article_seq = ANY(%s)", (list(seqs),))
        return {r[0] for r in rows}

    @_wrapped
    def story_of(self, article_id: str) -> int | None:
        if not _storable(article_id):
            return None
        row = self.db.execute(
            "SELECT sa.story_id FROM story_articles sa JOIN articles a ON a.seq = sa.article_seq WHERE a.id = %s",
            (article_id,),
        ).fetchone()
        return row[0] if row else None

    # -- engine state (clusterer, casing lexicon) ---------------------------------------
    @_wrapped
    def generation(self) -> int:
        """A number that grows with every transaction that changed the store (a cache key for readers)."""
        return self.db.execute("SELECT n FROM generation").fetchone()[0]

    @_wrapped
    def get_state(self, key: str) -> bytes | str | None:
        row = self.db.execute("SELECT blob, text FROM state WHERE key = %s", (key,)).fetchone()
        if row is None:
            return None
        return bytes(row[0]) if row[0] is not None else row[1]

    @_wrapped
    def set_state(self, key: str, value: bytes | str) -> None:
        blob, text = (None, value) if isinstance(value, str) else (bytes(value), None)
        self._write(
            "INSERT INTO state (key, blob, text) VALUES (%s, %s, %s)"
            " ON CONFLICT (key) DO UPDATE SET blob = excluded.blob, text = excluded.text",
            (key, blob, text),
        )

    @_wrapped
    def states(self, prefix: str) -> Iterator[tuple[str, bytes | str]]:
        """(key, value) of the states whose key starts with ``prefix``, in key order."""
        if not _storable(prefix):
            return iter(())
        rows = self.db.execute(
            "SELECT key, blob, text FROM state WHERE key LIKE %s ORDER BY key COLLATE \"C\"", (_like_prefix(prefix),)
        ).fetchall()
        return ((key, bytes(blob) if blob is not None else text) for key, blob, text in rows)

    @_wrapped
    def set_states(self, values: Mapping[str, bytes | str | None]) -> None:
        kept = [(k, None, v) if isinstance(v, str) else (k, bytes(v), None) for k, v in values.items() if v is not None]
        gone = [k for k, v in values.items() if v is None]
        if kept:
            self.db.cursor().executemany(
                "INSERT INTO state (key, blob, text) VALUES (%s, %s, %s)"
                " ON CONFLICT (key) DO UPDATE SET blob = excluded.blob, text = excluded.text",
                kept,
            )
            self._changes += 1
        if gone:
            self._write("DELETE FROM state WHERE key = ANY(%s)", (gone,))

    @_wrapped
    def clear_states(self, prefix: str) -> None:
        if _storable(prefix):
            self._write("DELETE FROM state WHERE key LIKE %s", (_like_prefix(prefix),))

    # -- feed subscriptions -------------------------------------------------------------
    @_wrapped
    def feeds(self) -> list[Feed]:
        rows = self.db.execute("SELECT url, data FROM feeds ORDER BY seq").fetchall()
        return [feed_from_json(url, data) for url, data in rows]

    @_wrapped
    def feed(self, url: str) -> Feed | None:
        if not _storable(url):
            return None
        row = self.db.execute("SELECT url, data FROM feeds WHERE url = %s", (url,)).fetchone()
        return feed_from_json(*row) if row else None

    def save_feed(self, feed: Feed) -> None:
        with self.transaction(), self._errors():
            self._write(
                "INSERT INTO feeds (url, data) VALUES (%s, %s) ON CONFLICT (url) DO UPDATE SET data = excluded.data",
                (feed.url, feed_to_json(feed)),
            )

    def remove_feed(self, url: str) -> bool:
        with self.transaction(), self._errors():
            self._changes += 1
            return self.db.execute("DELETE FROM feeds WHERE url = %s RETURNING 1", (url,)).fetchone() is not None

    def move_feed(self, url: str, new_url: str) -> bool:
        if not _storable(new_url):
            return False
        with self.transaction(), self._errors():
            self._changes += 1
            return self.db.execute(
                "UPDATE feeds SET url = %s WHERE url = %s AND NOT EXISTS (SELECT 1 FROM feeds WHERE url = %s) RETURNING 1",
                (new_url, url, new_url),
            ).fetchone() is not None




def _upgraded(url: str, lock_seconds: float) -> bool:
    """Whether a writer's open migrated the store at ``url`` from an older schema (as every writing
    command does); a reader's role may not be allowed to change tables."""
    try:
        PostgresStore(url, lock_seconds=lock_seconds).close()
    except StoreError:
        return False
    return True


def _storable(text: str) -> bool:
    """Whether PostgreSQL can hold the string: text never holds NUL, so a key with one matches nothing."""
    return "\x00" not in text


def _like_prefix(prefix: str) -> str:
    """A LIKE pattern for the strings starting with ``prefix`` (the state key index serves it: schema_pg)."""
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _reason(e: Exception) -> str:
    if isinstance(e, UnicodeError):
        return "text that is not valid Unicode (a lone surrogate)"
    if isinstance(e, OverflowError):
        return "a number too large to store"
    return str(e).splitlines()[0][:200] if str(e) else type(e).__name__
