"""Versioned schema: MIGRATIONS[n] takes a store from user_version n to n + 1."""

MIGRATIONS: list[str] = [
    # 0 -> 1: articles, sentences with a full-text index, stories, engine state
    """
    CREATE TABLE articles (
        seq INTEGER PRIMARY KEY,            -- ingest order
        id TEXT NOT NULL UNIQUE,
        title TEXT,
        source TEXT,
        place TEXT,
        published TEXT,                     -- ISO date or NULL when unknown
        url TEXT,
        origin TEXT,
        format TEXT NOT NULL,
        tokenized INTEGER NOT NULL DEFAULT 0,
        text TEXT NOT NULL,
        meta TEXT NOT NULL DEFAULT '{}',    -- JSON
        added TEXT NOT NULL
    );
    CREATE INDEX articles_published ON articles(published);

    CREATE TABLE sentences (
        rowid INTEGER PRIMARY KEY,
        article_seq INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        paragraph INTEGER NOT NULL,
        text TEXT NOT NULL,
        display TEXT NOT NULL,
        UNIQUE (article_seq, idx)
    );

    CREATE VIRTUAL TABLE sentences_fts USING fts5(
        display, content='sentences', content_rowid='rowid', tokenize='porter unicode61'
    );
    CREATE TRIGGER sentences_ai AFTER INSERT ON sentences BEGIN
        INSERT INTO sentences_fts(rowid, display) VALUES (new.rowid, new.display);
    END;
    CREATE TRIGGER sentences_ad AFTER DELETE ON sentences BEGIN
        INSERT INTO sentences_fts(sentences_fts, rowid, display)
        VALUES ('delete', old.rowid, old.display);
    END;

    CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        key_phrases TEXT NOT NULL DEFAULT '[]'  -- JSON list
    );
    CREATE TABLE story_articles (
        article_seq INTEGER PRIMARY KEY REFERENCES articles(seq) ON DELETE CASCADE,
        story_id INTEGER NOT NULL REFERENCES stories(id),
        duplicate_of TEXT                      -- id of the first copy, for near-duplicates
    );
    CREATE INDEX story_articles_story ON story_articles(story_id);

    CREATE TABLE state (
        key TEXT PRIMARY KEY,
        value BLOB
    );
    """,
    # 1 -> 2: the store fills the full-text index once per transaction (SQLiteStore._index_sentences)
    """
    DROP TRIGGER sentences_ai;
    """,
    # 2 -> 3: feed subscriptions; a Feed's fields other than url as one JSON object (model.Feed)
    """
    CREATE TABLE feeds (
        seq INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        data TEXT NOT NULL DEFAULT '{}'
    );
    """,
    # 3 -> 4: each story's dates and sizes, kept by the writer (Store.story_spans): the story list read them
    # from every membership row at each store generation. A story a transaction touched is stale until
    # the transaction ends, when its row is computed again (SPANS).
    """
    ALTER TABLE stories ADD COLUMN first_date TEXT;
    ALTER TABLE stories ADD COLUMN last_date TEXT;
    -- size: its articles less near-copies; members: with them
    ALTER TABLE stories ADD COLUMN size INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE stories ADD COLUMN members INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE stories ADD COLUMN stale INTEGER NOT NULL DEFAULT 1;
    CREATE INDEX stories_stale ON stories(id) WHERE stale;
    """,
    # 4 -> 5: search drops every mark from Latin letters, those of letters with two as well ("nguyen"
    # finds "Nguyễn", as on PostgreSQL with unaccent); the index is built again from the sentences
    """
    DROP TABLE sentences_fts;
    CREATE VIRTUAL TABLE sentences_fts USING fts5(
        display, content='sentences', content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2'
    );
    INSERT INTO sentences_fts (sentences_fts) VALUES ('rebuild');
    """,
    # 5 -> 6: a prefix of an article id (SQLiteStore.ids_with_prefix: LIKE, which ignores case) is
    # looked up in an index, not by reading every id: a miss on a large store cost a scan per request
    """
    CREATE INDEX IF NOT EXISTS articles_id_nocase ON articles (id COLLATE NOCASE);
    """,
]

# The stale stories' dates and sizes, computed again.
SPANS = """
    UPDATE stories SET (first_date, last_date, size, members, stale) = (
        SELECT MIN(a.published), MAX(a.published), COALESCE(SUM(sa.duplicate_of IS NULL), 0), COUNT(*), 0
        FROM story_articles sa JOIN articles a ON a.seq = sa.article_seq WHERE sa.story_id = stories.id
    ) WHERE stale
"""

VERSION = len(MIGRATIONS)
