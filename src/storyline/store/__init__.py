"""Storage. Stages never speak SQL: they go through a store object (today SQLiteStore)."""

import os
from pathlib import Path

from storyline.store.sqlite import SQLiteStore, StoreError

DEFAULT_DB = "storyline.db"


def default_path() -> str:
    return os.environ.get("STORYLINE_DB") or DEFAULT_DB


def open_store(path: str | Path | None = None, *, readonly: bool = False) -> SQLiteStore:
    return SQLiteStore(path or default_path(), readonly=readonly)


__all__ = ["DEFAULT_DB", "SQLiteStore", "StoreError", "default_path", "open_store"]
