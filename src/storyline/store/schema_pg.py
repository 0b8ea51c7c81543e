"""Versioned PostgreSQL schema: MIGRATIONS[n] takes a store from schema_version n to n + 1.

The tables mirror store.schema (SQLite) column for column; sentences carry a generated tsvector
with a GIN index for full-text search. The 'storyline' text search configuration stems English
words but keeps stop words, as SQLite's porter tokenizer does, and drops accents as its unicode61
tokenizer does (where the server has the unaccent extension).
"""

# The stale stories' dates and sizes, computed again.
SPANS = """
    UPDATE stories s SET first_date = x.first_date, last_date = x.last_date, size = x.size, members = x.members,
        stale = FALSE
    FROM (
        SELECT t.id, MIN(a.published) AS first_date, MAX(a.published) AS last_date,
            COUNT(a.seq) FILTER (WHERE sa.duplicate_of IS NULL)::int AS size, COUNT(a.seq)::int AS members
        FROM stories t LEFT JOIN story_articles sa ON sa.story_id = t.id LEFT JOIN articles a ON a.seq = sa.article_seq
        WHERE t.stale GROUP BY t.id
    ) x
    WHERE s.id = x.id
"""

MIGRATIONS: list[str] = [
    # 0 -> 1: articles, sentences with a full-text index, stories, engine state, feed subscriptions
    """
    CREATE TEXT SEARCH DICTIONARY storyline_stem (TEMPLATE = snowball, Language = english);
    CREATE TEXT SEARCH CONFIGURATION storyline (COPY = english);
    ALTER TEXT SEARCH CONFIGURATION storyline
        ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
        WITH storyline_stem;

    CREATE TABLE articles (
        seq BIGSERIAL PRIMARY KEY,          -- ingest order
        id TEXT NOT NULL UNIQUE,
        title TEXT,
        source TEXT,
        place TEXT,
        published DATE,                     -- NULL when unknown
        url TEXT,
        origin TEXT,
        format TEXT NOT NULL,
        tokenized BOOLEAN NOT NULL DEFAULT FALSE,
        text TEXT NOT NULL,
        meta TEXT NOT NULL DEFAULT '{}',    -- JSON, as written
        added TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE INDEX articles_published ON articles (published, seq);
    CREATE INDEX articles_id_prefix ON articles (lower(id) text_pattern_ops);

    CREATE TABLE sentences (
        id BIGSERIAL PRIMARY KEY,
        article_seq BIGINT NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        paragraph INTEGER NOT NULL,
        text TEXT NOT NULL,
        display TEXT NOT NULL,
        tsv TSVECTOR GENERATED ALWAYS AS (to_tsvector('storyline', display)) STORED,
        UNIQUE (article_seq, idx)
    );
    CREATE INDEX sentences_tsv ON sentences USING GIN (tsv);

    CREATE TABLE stories (
        id BIGINT PRIMARY KEY,
        key_phrases TEXT NOT NULL DEFAULT '[]'  -- JSON list
    );
    CREATE TABLE story_articles (
        article_seq BIGINT PRIMARY KEY REFERENCES articles (seq) ON DELETE CASCADE,
        story_id BIGINT NOT NULL REFERENCES stories (id),
        duplicate_of TEXT                       -- id of the first copy, for near-duplicates
    );
    CREATE INDEX story_articles_story ON story_articles (story_id);

    CREATE TABLE state (
        key TEXT PRIMARY KEY,
        blob BYTEA,                             -- a value given as bytes
        text TEXT                               -- or as str
    );
    CREATE TABLE generation (
        one BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one),
        n BIGINT NOT NULL
    );
    INSERT INTO generation (n) VALUES (0);

    CREATE TABLE feeds (
        seq BIGSERIAL PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        data TEXT NOT NULL DEFAULT '{}'
    );
    """,
    # 1 -> 2: state keys read by prefix (Store.states: the story tracker's rows) through an index
    # whatever the database's collation
    """
    CREATE INDEX state_key_prefix ON state (key text_pattern_ops);
    """,
    # 2 -> 3: search ignores accents, as SQLite's unicode61 tokenizer does ("cafe" finds "café"), where
    # the server has the unaccent extension (PostgreSQL's contrib; a trusted extension, which the
    # database's owner may create); the stored vectors are computed again, of a sentence's first
    # 100,000 characters (a tsvector holds 1 MB at most: a longer "sentence" was refused, not stored)
    """
    DO $$
    BEGIN
        CREATE EXTENSION IF NOT EXISTS unaccent;
        ALTER TEXT SEARCH CONFIGURATION storyline
            ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
            WITH unaccent, storyline_stem;
    EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'no unaccent extension: search tells accented letters apart';
    END $$;
    ALTER TABLE sentences DROP COLUMN tsv;
    ALTER TABLE sentences ADD COLUMN tsv TSVECTOR
        GENERATED ALWAYS AS (to_tsvector('storyline', left(display, 100000))) STORED;
    CREATE INDEX sentences_tsv ON sentences USING GIN (tsv);
    """,
    # 3 -> 4: each story's dates and sizes, kept by the writer (as store.schema's 3 -> 4)
    """
    ALTER TABLE stories ADD COLUMN first_date DATE, ADD COLUMN last_date DATE,
        ADD COLUMN size INTEGER NOT NULL DEFAULT 0, ADD COLUMN members INTEGER NOT NULL DEFAULT 0,
        ADD COLUMN stale BOOLEAN NOT NULL DEFAULT TRUE;
    CREATE INDEX stories_stale ON stories (id) WHERE stale;
    """
    + SPANS + ";",
]

VERSION = len(MIGRATIONS)
