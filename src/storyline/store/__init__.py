"""Storage. Stages never speak SQL: they go through a Store (store.base); SQLite is the backend."""

import os
from pathlib import Path

from storyline.store.base import Store, StoreError
from storyline.store.sqlite import SQLiteStore

DEFAULT_DB = "storyline.db"


def default_path() -> str:
    return os.environ.get("STORYLINE_DB") or DEFAULT_DB


def open_store(url_or_path: str | Path | None = None, *, readonly: bool = False) -> Store:
    """The store at a path or URL. A plain path or sqlite:///PATH is an SQLite file (PATH as
    SQLAlchemy reads it: sqlite:///news.db is relative, sqlite:////srv/news.db absolute)."""
    target = str(url_or_path or default_path())
    scheme = target.split("://", 1)[0].lower() if "://" in target else ""
    if scheme == "sqlite":
        path = target.split(":///", 1)[1] if ":///" in target else ""
        if not path:
            raise StoreError(f"{target}: an SQLite URL names a file: sqlite:///PATH")
        return SQLiteStore(path, readonly=readonly)
    if scheme in ("postgresql", "postgres"):
        raise StoreError(f"{_safe(target)}: PostgreSQL backend not available yet")
    if scheme:
        raise StoreError(f"{_safe(target)}: unknown store scheme {scheme!r} (a path or sqlite:///path)")
    return SQLiteStore(target, readonly=readonly)


def local_path(url_or_path: str | Path | None = None) -> Path | None:
    """The file an SQLite store lives in (None for a server URL)."""
    target = str(url_or_path or default_path())
    if "://" not in target:
        return Path(target)
    return Path(target.split(":///", 1)[1]) if target.lower().startswith("sqlite:///") else None


def _safe(url: str) -> str:
    """The URL without a password, for messages."""
    scheme, rest = url.split("://", 1)
    return f"{scheme}://{rest.rsplit('@', 1)[-1]}" if "@" in rest else url


__all__ = ["DEFAULT_DB", "SQLiteStore", "Store", "StoreError", "default_path", "local_path", "open_store"]
