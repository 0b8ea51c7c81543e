"""The SQLite store: the only module that speaks SQL.

One file, WAL journal, schema versioned by PRAGMA user_version. Writes happen inside
`transaction()`, so a crash (even kill -9) leaves either all of a batch or none of it. Writers take
turns: one waiting for the write lock asks for it every few milliseconds, up to `lock_seconds`
(see _when_free). A writer copies the WAL back into the file (checkpoints) from a thread of its own
on a second connection, after its commits, rather than inside them, where it held the writer up.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from storyline.model import Article, Citation, Feed, Sentence, feed_from_json, feed_to_json
from storyline.store.base import (
    Closed,
    Paging,
    StoreError,
    article_from_row,
    background_ids,
    schema_mismatch,
    search_terms,
    storable,
)
from storyline.store.schema import MIGRATIONS, SPANS, VERSION

_BUSY_SECONDS = 10  # how long a statement waits for a lock (a new file's switch to WAL too)
LOCK_SECONDS = 60.0  # how long a writer waits for another's transaction (as the PostgreSQL store)
_LOCK_POLL = 0.002  # seconds between two asks for the write lock
# A writer's page cache (KiB; SQLite's default is 2 MiB): a big store's indexes take random inserts,
# whose pages would otherwise be read again from the OS on each batch (it fills only as a store grows).
WRITER_CACHE_KB = 65_536
_GENERATION = "generation"  # state key: count of the transactions that changed something
SEARCH_POOL = 5000  # matches a search ranks at most (the newest; see search)
_ARTICLE_COLUMNS = "seq, id, title, source, place, published, url, origin, format, tokenized, text, meta"
_ORDERS = {"date": "published IS NULL, published, seq", "ingest": "seq", "newest": "seq DESC"}  # date: unknown last


__all__ = ["SQLiteStore", "StoreError"]


def _create_private(path: str) -> None:
    """A new store file readable and writable by its owner only, as SQLite then makes its WAL and
    shared-memory files: it holds followed feeds' URLs with their passwords or tokens."""
    if path == ":memory:" or path.startswith("file:"):
        return
    try:  # at a symbolic link's target: sqlite3 follows the link, and would make a missing target by the umask
        os.close(os.open(os.path.realpath(path), os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except OSError:  # there already, or not creatable: sqlite3 opens it or says why
        pass


class SQLiteStore(Paging):
    """The Store (see store.base) over one SQLite file; `db` is its connection, for this module only.
    `lock_seconds`: how long a writer waits for the write lock before StoreError."""

    def __init__(self, path: str | Path, *, readonly: bool = False, lock_seconds: float = LOCK_SECONDS):
        self.path = str(path)
        self.lock_seconds = lock_seconds
        self._unindexed: int | None = None  # see _index_sentences
        self._checkpointer: _Checkpointer | None = None
        self.committed_generation: int | None = None  # the generation this connection's last write made
        if Path(self.path).is_dir():
            raise StoreError(f"{self.path}: a directory, not a store file")
        with self._errors():
            if readonly:
                self.db = self._reader()
            else:
                _create_private(self.path)
                self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            foreign = self._foreign_tables()
            if foreign:  # before anything is written to it (WAL mode, tables)
                raise StoreError(f"{self.path}: a database of another program (tables {foreign}), not a store")
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute(f"PRAGMA busy_timeout = {_BUSY_SECONDS * 1000}")
            if not readonly:
                self._use_wal()
                self.db.execute("PRAGMA synchronous = NORMAL")
                self.db.execute(f"PRAGMA cache_size = -{WRITER_CACHE_KB}")
                self.db.execute("PRAGMA temp_store = MEMORY")  # its inserts' statement journals: no file writes
                self._migrate()
                self.db.execute("PRAGMA wal_autocheckpoint = 0")  # see _Checkpointer
                self._checkpointer = _Checkpointer(self.path)
            elif self.version == 0:
                raise StoreError(f"{self.path}: an empty store (nothing was ever written to it): run 'storyline ingest PATH'")
            elif self.version != VERSION and not (self.version < VERSION and self._upgraded()):
                raise StoreError(f"{self.path}: {schema_mismatch(self.version, VERSION)}")

    def _upgraded(self) -> bool:
        """Whether a store of an older schema that this process may write is now of this one: a
        writer's open migrates it (as every writing command does), then this reader reads it again."""
        if not os.access(self.path, os.W_OK):
            return False
        self.db.close()
        try:
            SQLiteStore(self.path, lock_seconds=self.lock_seconds).close()
        except StoreError:
            pass  # a read-only file system, a full disk: the reader says which schema it needs
        self.db = self._reader()
        return self.version == VERSION

    def _reader(self) -> sqlite3.Connection:
        """A read-only connection; in a directory this process cannot write (a read-only mount), where
        SQLite cannot make the WAL's shared-memory file, one that takes the file as it is (immutable)."""
        uri = Path(self.path).resolve().as_uri() + "?mode=ro"
        db = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        try:
            db.execute("PRAGMA user_version").fetchone()
            return db
        except sqlite3.OperationalError:
            if os.access(Path(self.path).resolve().parent, os.W_OK):
                raise
            db.close()
        return sqlite3.connect(uri + "&immutable=1", uri=True, isolation_level=None, check_same_thread=False)

    def _foreign_tables(self) -> str | None:
        """The first tables of a file of schema version 0 that has tables: no store's (a new store has none).
        One statement, so one snapshot: another process may be creating the store's tables meanwhile."""
        version, tables = self.db.execute(
            "SELECT (SELECT user_version FROM pragma_user_version),"
            " (SELECT group_concat(name, ', ') FROM (SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name LIMIT 5))"
        ).fetchone()
        return tables if version == 0 and tables else None

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """sqlite3 errors as StoreError naming this store."""
        try:
            yield
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: {_reason(e)}") from e

    def _use_wal(self) -> None:
        """Switch a new file to WAL. The switch takes an exclusive lock without waiting on the busy
        handler, so processes opening one new store at once retry it for up to the busy timeout."""
        self._when_free("PRAGMA journal_mode = WAL", _BUSY_SECONDS)

    def _when_free(self, statement: str, seconds: float) -> None:
        """Run ``statement``, asked again every _LOCK_POLL seconds while another connection holds the
        lock it needs, for up to ``seconds`` (SQLite's busy handler asks only every 100 ms once it has
        waited a while, and misses the short gaps between another writer's transactions)."""
        deadline = time.monotonic() + seconds
        self.db.execute("PRAGMA busy_timeout = 0")  # the waiting is done here
        try:
            while True:
                try:
                    self.db.execute(statement)
                    return
                except sqlite3.OperationalError as e:
                    if "locked" not in str(e) and "busy" not in str(e):
                        raise StoreError(f"{self.path}: {_reason(e)}") from e
                    if time.monotonic() >= deadline:
                        raise StoreError(f"{self.path}: the store is locked by another writer (waited {seconds:g} s)") from None
                    time.sleep(_LOCK_POLL)
        finally:
            self.db.execute(f"PRAGMA busy_timeout = {_BUSY_SECONDS * 1000}")

    # -- schema -------------------------------------------------------------------------
    @property
    def version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        current = self.version
        if current > VERSION:
            raise StoreError(f"{self.path}: schema version {current} is newer than this storyline ({VERSION})")
        if current == VERSION:
            return
        with self.transaction():  # the write lock: another process may have migrated meanwhile
            for n in range(self.version, VERSION):
                for statement in _statements(MIGRATIONS[n]):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {n + 1}")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE ... COMMIT; rolled back on any exception (sqlite3 errors raised as StoreError)."""
        if self.db.in_transaction:
            yield
            return
        self._when_free("BEGIN IMMEDIATE", self.lock_seconds)
        changes = self.db.total_changes
        try:
            with self._errors():
                yield
                self._index_sentences()
                self.db.execute(SPANS)  # the touched stories' dates and sizes (an index finds them)
                if self.db.total_changes != changes:
                    self.db.execute(
                        "INSERT INTO state (key, value) VALUES (?, 1) ON CONFLICT (key) DO UPDATE SET value = value + 1",
                        (_GENERATION,),
                    )
                    self.committed_generation = self.generation()
        except BaseException:
            self._unindexed = None
            self.db.execute("ROLLBACK")
            raise
        with self._errors():
            self.db.execute("COMMIT")
        if self._checkpointer is not None:
            self._checkpointer.after_commit()

    @contextmanager
    def indexing(self) -> Iterator[None]:
        """The sentences added so far go into the full-text index in a thread while the block runs
        (SQLite lets go of the GIL while it indexes; the block must not use this store)."""
        if self._unindexed is None or not self.db.in_transaction:
            yield
            return
        failed: list[BaseException] = []

        def index() -> None:
            try:
                with self._errors():
                    self._index_sentences()
            except BaseException as e:  # raised in the caller's thread, below
                failed.append(e)

        thread = threading.Thread(target=index, name="storyline-index", daemon=True)
        thread.start()
        try:
            yield
        finally:
            thread.join()
        if failed:
            raise failed[0]

    def _index_sentences(self) -> None:
        """Put the sentences added in this transaction into the full-text index, in one statement
        (FTS5 flushes its buffer at every statement: a row at a time costs 5x more)."""
        if self._unindexed is not None:
            self.db.execute(
                "INSERT INTO sentences_fts (rowid, display) SELECT rowid, display FROM sentences WHERE rowid > ?",
                (self._unindexed,),
            )
            self._unindexed = None

    def close(self) -> None:
        if self._checkpointer is not None:
            self._checkpointer.close()
            self._checkpointer = None
        self.db.close()
        self.db = Closed(self.path)

    # -- articles -----------------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def add_article(self, article: Article) -> int:
        """Insert one article and its sentences (best inside a transaction: one for many articles); returns its seq.

        All or nothing for the article: one the database rejects (text it cannot encode, a number
        out of range) raises StoreError and leaves the rest of the transaction as it was."""
        with self.transaction():
            self.db.execute("SAVEPOINT article")
            try:
                seq = self._add_article(article)
            except (sqlite3.Error, UnicodeError, OverflowError, ValueError, TypeError) as e:
                self.db.execute("ROLLBACK TO article")
                self.db.execute("RELEASE article")
                raise StoreError(f"cannot be stored: {_reason(e)}") from None
            self.db.execute("RELEASE article")
            return seq

    def _add_article(self, article: Article) -> int:
        if self._unindexed is None:  # sentences after this rowid go into the full-text index at commit
            self._unindexed = self.db.execute("SELECT coalesce(max(rowid), 0) FROM sentences").fetchone()[0]
        cur = self.db.execute(
            "INSERT INTO articles (id, title, source, place, published, url, origin, format, tokenized,"
            " text, meta, added) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                article.id,
                article.title,
                article.source,
                article.place,
                article.published.isoformat() if article.published else None,
                article.url,
                article.origin,
                article.format,
                int(article.tokenized),
                article.text,
                json.dumps(article.meta, ensure_ascii=False, default=str),
                dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            ),
        )
        seq = cur.lastrowid
        self.db.executemany(
            "INSERT INTO sentences (article_seq, idx, paragraph, text, display) VALUES (?,?,?,?,?)",
            [(seq, s.index, s.paragraph, s.text, s.display or s.text) for s in article.sentences],
        )
        return seq

    def article(self, article_id: str) -> Article | None:
        row = self.db.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return None
        return self._with_sentences([row])[0]

    def articles_by_id(self, ids: Sequence[str], *, sentences: int | None = None) -> list[Article]:
        """Articles in the order of `ids` (unknown ids skipped); with `sentences`, only their first so many."""
        found: dict[str, Article] = {}
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id IN ({marks})", chunk).fetchall()
            found.update((a.id, a) for a in self._with_sentences(rows, sentences))
        return [found[i] for i in ids if i in found]

    def article_seqs(self, order: str = "date", *, limit: int | None = None, offset: int = 0) -> list[int]:
        rows = self.db.execute(
            f"SELECT seq FROM articles ORDER BY {_order_by(order)} LIMIT ? OFFSET ?", (-1 if limit is None else limit, offset)
        )
        return [r[0] for r in rows]

    def articles_by_seq(self, seqs: list[int]) -> list[Article]:
        """These articles (with sentences), in this order."""
        rows = []
        for chunk in _chunks(seqs, 500):
            marks = ",".join("?" * len(chunk))
            rows += self.db.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE seq IN ({marks})", chunk).fetchall()
        at = {seq: k for k, seq in enumerate(seqs)}
        return self._with_sentences(sorted(rows, key=lambda r: at[r[0]]))

    def ids_with_prefix(self, prefix: str, limit: int = 2) -> list[str]:
        """Article ids that start with `prefix` (at most `limit`)."""
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self.db.execute("SELECT id FROM articles WHERE id LIKE ? ESCAPE '\\' LIMIT ?", (escaped + "%", limit))
        return [r[0] for r in rows]

    def count_articles(self) -> int:
        return self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def _with_sentences(self, rows: list[tuple], sentences: int | None = None) -> list[Article]:
        if not rows:
            return []
        by_seq: dict[int, list[Sentence]] = {r[0]: [] for r in rows}
        leading = f" AND idx < {int(sentences)}" if sentences is not None else ""
        for chunk in _chunks(list(by_seq), 500):
            marks = ",".join("?" * len(chunk))
            for seq, idx, paragraph, text, display in self.db.execute(
                f"SELECT article_seq, idx, paragraph, text, display FROM sentences"
                f" WHERE article_seq IN ({marks}){leading} ORDER BY article_seq, idx",
                chunk,
            ):
                by_seq[seq].append(Sentence(idx, text, display, paragraph))
        return [article_from_row(row, by_seq[row[0]]) for row in rows]

    # -- search -------------------------------------------------------------------------
    def search(self, query: str, limit: int = 20) -> list[tuple[Citation, str]]:
        """Sentences matching a full-text query, best first, as (citation, display text).

        Ranking costs time in the number of matches, so a query matching more than SEARCH_POOL
        sentences ranks the SEARCH_POOL most recently stored of them (a common word in a store of
        millions of sentences: the best of the newest)."""
        limit = max(0, min(limit, SEARCH_POOL))  # a search returns at most its pool
        match = _fts_query(query)
        if not match:
            return []
        pool = self.db.execute(  # the oldest sentence of the pool (the whole index walked newest first, in C)
            "SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?",
            (match, SEARCH_POOL - 1),
        ).fetchone()
        rows = self.db.execute(
            "SELECT a.id, s.idx, s.display FROM sentences_fts f"
            " JOIN sentences s ON s.rowid = f.rowid JOIN articles a ON a.seq = s.article_seq"
            " WHERE sentences_fts MATCH ? AND f.rowid >= ? ORDER BY f.rank LIMIT ?",
            (match, pool[0] if pool else 0, limit),
        ).fetchall()
        return [(Citation(aid, idx), display) for aid, idx, display in rows]

    # -- stories ------------------------------------------------------------------------
    def assign(self, article_id: str, story_id: int, duplicate_of: str | None = None) -> None:
        self.db.execute(  # a story the article leaves
            "UPDATE stories SET stale = 1 WHERE id = (SELECT sa.story_id FROM story_articles sa"
            " JOIN articles a ON a.seq = sa.article_seq WHERE a.id = ?)",
            (article_id,),
        )
        self.db.execute("INSERT INTO stories (id) VALUES (?) ON CONFLICT (id) DO UPDATE SET stale = 1", (story_id,))
        self.db.execute(
            "INSERT OR REPLACE INTO story_articles (article_seq, story_id, duplicate_of)"
            " SELECT seq, ?, ? FROM articles WHERE id = ?",
            (story_id, duplicate_of, article_id),
        )

    def set_key_phrases(self, story_id: int, phrases: list[str]) -> None:
        self.db.execute("UPDATE stories SET key_phrases = ? WHERE id = ?", (json.dumps(phrases), story_id))

    def clear_stories(self) -> None:
        self.db.execute("DELETE FROM story_articles")
        self.db.execute("DELETE FROM stories")

    def story_rows(self, story_ids: Sequence[int] | None = None) -> list[tuple[int, list[str]]]:
        if story_ids is None:
            rows = self.db.execute("SELECT id, key_phrases FROM stories ORDER BY id").fetchall()
        else:
            rows = []
            for n in range(0, len(story_ids), 500):  # bounded statements
                ids = [int(i) for i in story_ids[n : n + 500]]
                marks = ", ".join(["?"] * len(ids))
                rows += self.db.execute(f"SELECT id, key_phrases FROM stories WHERE id IN ({marks})", ids).fetchall()
            rows.sort()
        return [(i, json.loads(k)) for i, k in rows]

    def story_spans(self) -> list[tuple[int, str | None, str | None, int]]:
        return self.db.execute(
            "SELECT id, first_date, last_date, size FROM stories WHERE members > 0 ORDER BY id"
        ).fetchall()

    def story_members(self, story_id: int | None = None) -> list[tuple[int, str, str | None, str | None, str | None, str | None]]:
        """(story_id, article_id, duplicate_of, published, source, title) in date order."""
        sql = (
            "SELECT sa.story_id, a.id, sa.duplicate_of, a.published, a.source, a.title"
            " FROM story_articles sa JOIN articles a ON a.seq = sa.article_seq"
        )
        args: tuple = ()
        if story_id is not None and not storable(story_id):
            return []
        if story_id is not None:
            sql += " WHERE sa.story_id = ?"
            args = (story_id,)
        return self.db.execute(sql + " ORDER BY a.published IS NULL, a.published, a.seq", args).fetchall()

    def background_ids(self, story_id: int, limit: int) -> list[str]:
        return background_ids(self.db.execute, story_id, limit, "?")

    def unassigned_ids(self) -> list[str]:
        rows = self.db.execute(
            "SELECT id FROM articles WHERE seq NOT IN (SELECT article_seq FROM story_articles)"
            " ORDER BY published IS NULL, published, seq"
        )
        return [r[0] for r in rows]

    def assigned_seqs(self, seqs: Sequence[int]) -> set[int]:
        found: set[int] = set()
        for chunk in _chunks(list(seqs), 500):
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(f"SELECT article_seq FROM story_articles WHERE article_seq IN ({marks})", chunk)
            found.update(r[0] for r in rows)
        return found

    def story_of(self, article_id: str) -> int | None:
        row = self.db.execute(
            "SELECT sa.story_id FROM story_articles sa JOIN articles a ON a.seq = sa.article_seq WHERE a.id = ?",
            (article_id,),
        ).fetchone()
        return row[0] if row else None

    # -- engine state (clusterer, casing lexicon) ---------------------------------------
    def generation(self) -> int:
        """A number that grows with every transaction that changed the store (a cache key for readers)."""
        return int(self.get_state(_GENERATION) or 0)

    def get_state(self, key: str) -> bytes | None:
        row = self.db.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_state(self, key: str, value: bytes | str) -> None:
        self.db.execute("INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)", (key, value))

    def states(self, prefix: str) -> Iterator[tuple[str, bytes | str]]:
        """(key, value) of the states whose key starts with ``prefix``, in key order (a range of the key index)."""
        where, args = _key_range(prefix)
        return iter(self.db.execute(f"SELECT key, value FROM state WHERE {where} ORDER BY key", args))

    def set_states(self, values: Mapping[str, bytes | str | None]) -> None:
        kept = [(k, v) for k, v in values.items() if v is not None]
        self.db.executemany("INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)", kept)
        self.db.executemany("DELETE FROM state WHERE key = ?", [(k,) for k, v in values.items() if v is None])

    def clear_states(self, prefix: str) -> None:
        where, args = _key_range(prefix)
        self.db.execute(f"DELETE FROM state WHERE {where}", args)

    # -- feed subscriptions -------------------------------------------------------------
    def feeds(self) -> list[Feed]:
        rows = self.db.execute("SELECT url, data FROM feeds ORDER BY seq").fetchall()
        return [feed_from_json(url, data) for url, data in rows]

    def feed(self, url: str) -> Feed | None:
        row = self.db.execute("SELECT url, data FROM feeds WHERE url = ?", (url,)).fetchone()
        return feed_from_json(*row) if row else None

    def save_feed(self, feed: Feed) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT INTO feeds (url, data) VALUES (?, ?) ON CONFLICT (url) DO UPDATE SET data = excluded.data",
                (feed.url, feed_to_json(feed)),
            )

    def remove_feed(self, url: str) -> bool:
        with self.transaction():
            return self.db.execute("DELETE FROM feeds WHERE url = ?", (url,)).rowcount > 0

    def move_feed(self, url: str, new_url: str) -> bool:
        with self.transaction():
            return self.db.execute(
                "UPDATE feeds SET url = ? WHERE url = ? AND NOT EXISTS (SELECT 1 FROM feeds WHERE url = ?)",
                (new_url, url, new_url),
            ).rowcount > 0


def _key_range(prefix: str) -> tuple[str, tuple[str, ...]]:
    """The condition on `key` (and its arguments) that holds for the keys starting with ``prefix``:
    a range, as SQLite compares text as UTF-8 bytes, that is in code point order."""
    stem = prefix.rstrip(chr(0x10FFFF))
    if not stem:
        return "key >= ?", (prefix,)
    after = ord(stem[-1]) + 1
    if 0xD800 <= after < 0xE000:  # surrogates: in no key
        after = 0xE000
    return "key >= ? AND key < ?", (prefix, stem[:-1] + chr(after))


def _reason(e: Exception) -> str:
    if isinstance(e, UnicodeError):
        return "text that is not valid Unicode (a lone surrogate)"
    if isinstance(e, OverflowError):
        return "a number too large to store"
    return str(e).splitlines()[0][:200] if str(e) else type(e).__name__


def _fts_query(query: str) -> str:
    """An FTS5 query of search_terms: each word, or phrase, as an FTS5 string; all must match."""
    return " ".join(f'"{" ".join(term)}"' for term in search_terms(query))


def _statements(script: str) -> Iterable[str]:
    """Split a migration script into statements (triggers hold inner semicolons)."""
    buf: list[str] = []
    for line in script.splitlines():
        if line.strip().startswith("--") and not buf:
            continue
        buf.append(line)
        candidate = "\n".join(buf).strip()
        if candidate.endswith(";") and sqlite3.complete_statement(candidate):
            yield candidate
            buf = []
    rest = "\n".join(buf).strip()
    if rest:
        yield rest


def _order_by(order: str) -> str:
    """ORDER BY of articles: "ingest", "newest" (ingested last first), else "date"."""
    return _ORDERS.get(order, _ORDERS["date"])


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class _Checkpointer:
    """Checkpoints a store's WAL after its commits, from a thread on a connection of its own. A
    PASSIVE checkpoint copies what it can without waiting for (or blocking) readers and writers,
    and SQLite gives up the GIL while it runs, so the writer goes on meanwhile; commits made while
    one runs are taken by the next. The last connection to close checkpoints what is left."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._cond = threading.Condition()
        self._asked = self._done = 0  # commits that asked for a checkpoint; of them, those one has followed
        self._closing = False
        self._thread: threading.Thread | None = None

    def after_commit(self) -> None:
        with self._cond:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="storyline-checkpoint", daemon=True)
                self._thread.start()
            self._asked += 1
            self._cond.notify_all()

    def wait(self) -> None:
        """Until a checkpoint has followed every commit so far."""
        with self._cond:
            while self._done < self._asked and self._thread is not None and self._thread.is_alive():
                self._cond.wait(0.1)

    def close(self) -> None:
        """After a checkpoint that follows the last commit: a writer that closes while readers keep
        the file open (the web's) would otherwise leave its commits in the WAL for good."""
        self.wait()
        with self._cond:
            thread, self._closing = self._thread, True
            self._cond.notify_all()
        if thread is not None:
            thread.join()

    def _run(self) -> None:
        try:
            db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error:
            return
        try:
            while True:
                with self._cond:
                    while self._done == self._asked and not self._closing:
                        self._cond.wait()
                    if self._closing:
                        return
                    asked = self._asked
                try:
                    db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                except sqlite3.Error:  # the next commit tries again
                    pass
                with self._cond:
                    self._done = asked
                    self._cond.notify_all()
        finally:
            db.close()
