"""Storage. Stages never speak SQL: they go through a Store (store.base): SQLite (the default) or PostgreSQL."""

import os
from pathlib import Path

from storyline.store.base import Store, StoreError, safe_url
from storyline.store.sqlite import SQLiteStore

DEFAULT_DB = "storyline.db"


def default_path() -> str:
    return os.environ.get("STORYLINE_DB") or DEFAULT_DB


def open_store(url_or_path: str | Path | None = None, *, readonly: bool = False) -> Store:
    """The store at a path or URL. A plain path or sqlite:///PATH is an SQLite file (PATH as
    SQLAlchemy reads it: sqlite:///news.db is relative, sqlite:////srv/news.db absolute);
    postgresql://user@host:port/db (or postgres://) a PostgreSQL database (the scale extra)."""
    target = str(url_or_path or default_path())
    scheme = target.split("://", 1)[0].lower() if "://" in target else ""
    if scheme == "sqlite":
        path = target.split(":///", 1)[1] if ":///" in target else ""
        if not path:
            raise StoreError(f"{target}: an SQLite URL names a file: sqlite:///PATH")
        return SQLiteStore(path, readonly=readonly)
    if scheme in ("postgresql", "postgres"):
        try:
            from storyline.store.postgres import PostgresStore
        except ImportError as e:
            if not e.name or e.name.partition(".")[0] == "storyline":  # our own modules fail loudly
                raise
            raise StoreError(
                f"{safe_url(target)}: PostgreSQL needs psycopg ({e.name} is missing): pip install 'storyline[scale]'"
            ) from None
        return PostgresStore(target, readonly=readonly)
    if scheme:
        raise StoreError(f"{safe_url(target)}: unknown store scheme {scheme!r} (a path or sqlite:///path)")
    return SQLiteStore(target, readonly=readonly)


def local_path(url_or_path: str | Path | None = None) -> Path | None:
    """The file an SQLite store lives in (None for a server URL)."""
    target = str(url_or_path or default_path())
    if "://" not in target:
        return Path(target)
    return Path(target.split(":///", 1)[1]) if target.lower().startswith("sqlite:///") else None


__all__ = ["DEFAULT_DB", "SQLiteStore", "Store", "StoreError", "default_path", "local_path", "open_store", "safe_url"]
