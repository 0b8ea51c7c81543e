"""The stores (SQLite and PostgreSQL) and the engine's ingest: schema, idempotence, transactions, crash safety."""

import datetime as dt
import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import storyline
from storyline.engine.session import BATCH, FIRST_BATCH
from storyline.ingest import build_article
from storyline.store import SQLiteStore, StoreError, open_store
from storyline.store.schema import VERSION

TEXT_A = (
    "PORT ALDER (Meridian Wire) - Dock workers in Port Alder walked off the job on Monday, "
    "halting cargo traffic at the region's largest harbour.\n\n"
    "The union said 4,000 members joined the strike. Talks with the port authority broke down last week."
)
TEXT_B = (
    "KESTREL BAY (Northgate Press) - A new seawall opened in Kestrel Bay on Friday after three years of work.\n\n"
    "Officials said the wall would protect 12,000 homes from winter storms."
)


def article(text, **kw):
    return build_article(text, **kw)


def test_new_store_is_wal_and_versioned(tmp_path):
    store = SQLiteStore(tmp_path / "s.db")
    assert store.version == VERSION
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()
    again = SQLiteStore(tmp_path / "s.db")  # reopening migrates nothing and keeps the version
    assert again.version == VERSION


def test_a_new_store_file_is_its_owners_only(tmp_path):
    import os

    from storyline.ingest.subscriptions import Listed, follow

    old = os.umask(0o022)  # the usual umask, which left the store world-readable with its feeds' tokens
    try:
        with storyline.open(tmp_path / "s.db") as eng:
            follow(eng.store, [Listed("https://reader:pw@feeds.example.org/rss?token=abc")])
            modes = {p.name: p.stat().st_mode & 0o777 for p in tmp_path.iterdir()}
    finally:
        os.umask(old)
    assert modes == {"s.db": 0o600, "s.db-wal": 0o600, "s.db-shm": 0o600}, modes
    (tmp_path / "elsewhere").mkdir()
    link = tmp_path / "linked.db"
    link.symlink_to(tmp_path / "elsewhere" / "target.db")  # a link to no file yet, where a new store goes
    old = os.umask(0o022)
    try:
        with storyline.open(link) as eng:
            eng.add_articles([article(TEXT_A, id="a")])
    finally:
        os.umask(old)
    assert {p.name: p.stat().st_mode & 0o777 for p in (tmp_path / "elsewhere").iterdir()} == {"target.db": 0o600}


def test_an_empty_file_is_named_an_empty_store_then_filled(tmp_path):
    path = tmp_path / "s.db"
    path.write_bytes(b"")  # what a writer killed before its first transaction leaves
    with pytest.raises(StoreError, match=r"an empty store \(nothing was ever written to it\): run 'storyline ingest"):
        SQLiteStore(path, readonly=True)
    SQLiteStore(path).close()  # a writer makes the store in it
    assert SQLiteStore(path, readonly=True).version == VERSION


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "s.db"
    SQLiteStore(path).close()
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {VERSION + 1}")
    con.close()
    with pytest.raises(storyline.store.StoreError, match="newer"):
        SQLiteStore(path)


def test_add_is_idempotent_and_round_trips(db_url):
    import datetime as dt

    with storyline.open(db_url) as eng:
        a = article(TEXT_A, title="Dock strike", source="Meridian Wire", published=dt.date(2026, 3, 2), meta={"section": "business"})
        first = eng.add_articles([a, article(TEXT_B)])
        assert len(first.added) == 2 and not first.duplicates
        second = eng.add_articles([article(TEXT_A), article(TEXT_B)])
        assert not second.added and len(second.duplicates) == 2
        assert eng.store.count_articles() == 2
        back = eng.article(a.id)
        assert back.title == "Dock strike" and back.source == "Meridian Wire"
        assert back.published == dt.date(2026, 3, 2) and back.meta == {"section": "business"}
        assert [s.text for s in back.sentences] == [s.text for s in a.sentences]
        assert [s.paragraph for s in back.sentences] == [0, 1, 1]
        assert eng.article(a.id[:6]).id == a.id  # unique prefix


def test_same_article_twice_in_one_batch_is_stored_once(db_url):
    with storyline.open(db_url) as eng:
        result = eng.add_articles([article(TEXT_A), article(TEXT_A)])
        assert len(result.added) == 1 and len(result.duplicates) == 1


def test_failed_batch_rolls_back_everything(db_url):
    class Boom(Exception):
        pass

    def items():
        yield article(TEXT_A)
        raise Boom

    with storyline.open(db_url) as eng:
        with pytest.raises(Boom):
            eng.add_articles(items())
        assert eng.store.count_articles() == 0
        with pytest.raises(storyline.store.StoreError):  # the transaction wrapper rolls back on error
            with eng.store.transaction():
                eng.store.add_article(article(TEXT_B))
                eng.store.add_article(article(TEXT_B))
        assert eng.store.count_articles() == 0
        assert eng.add_articles([article(TEXT_A)]).added  # and the store is still usable


def test_generation_grows_with_each_write_that_lands(db_url):
    with storyline.open(db_url) as eng:
        start = eng.store.generation()
        eng.add_articles([article(TEXT_A)])
        after_add = eng.store.generation()
        assert after_add > start
        with eng.store.transaction():
            eng.store.count_articles()  # reads only
        with pytest.raises(storyline.store.StoreError), eng.store.transaction():
            eng.store.add_article(article(TEXT_B))
            eng.store.add_article(article(TEXT_B))
        assert eng.store.generation() == after_add
        other = open_store(db_url, readonly=True)  # what a web reader sees
        assert other.generation() == after_add
        eng.add_articles([article(TEXT_B)])
        assert other.generation() > after_add
        other.close()


def test_story_headlines_from_a_title_else_the_lead_sentence(db_url):
    with storyline.open(db_url) as eng:
        untitled, titled = article(TEXT_A), article(TEXT_B, title="Seawall opens")
        eng.add_articles([untitled, titled])
        headlines = {eng.store.story_of(s.article_ids[0]): s.headline for s in eng.stories()}
        assert None not in headlines
        assert headlines[eng.story_of(untitled.id)] == untitled.headline
        assert untitled.headline.startswith("Dock workers in Port Alder walked off the job on Monday")
        assert headlines[eng.story_of(titled.id)] == "Seawall opens"


def test_background_is_the_first_articles_of_other_stories_in_date_order(db_url):
    days = [dt.date(2026, 3, 5), dt.date(2026, 3, 1), dt.date(2026, 3, 3), dt.date(2026, 3, 1), None, None]
    arts = [article(f"Crane {k} at the harbour was inspected. It passed.", id=f"r{k}", published=d) for k, d in enumerate(days)]
    with storyline.open(db_url, cluster=False) as eng:
        eng.add_articles(arts)
        with eng.store.transaction():
            for k, a in enumerate(arts):
                eng.store.assign(a.id, 1 + k % 2, "r0" if k == 3 else None)
        assert eng.store.background_ids(3, 10) == ["r1", "r2", "r0", "r4", "r5"]  # r3: a copy
        assert eng.store.background_ids(1, 10) == ["r1", "r5"] and eng.store.background_ids(2, 2) == ["r2", "r0"]
        for story in (1, 2, 3, 10**30):  # as reading every member did
            for limit in (1, 2, 3, 4, 10):
                every = [m[1] for m in eng.store.story_members() if m[0] != story and m[2] is None]
                assert eng.store.background_ids(story, limit) == every[:limit]


def test_the_outputs_of_a_story_that_does_not_exist_say_so(tmp_path):
    with storyline.open(tmp_path / "s.db") as eng:
        eng.add_articles([article(TEXT_A)])
        (story,) = eng.stories()
        assert eng.summarize(story.id).sentences and eng.timeline(story.id) is not None
        missing = story.id + 1
        for output in (eng.summarize, eng.update, eng.timeline, eng.facts):
            with pytest.raises(storyline.StoryNotFound, match=f"no story #{missing}"):
                output(missing)
        assert eng.story(missing) is None and eng.story_articles(missing) == []  # lookups stay quiet


def test_the_python_api_checks_its_arguments_as_the_cli_does(tmp_path):
    with storyline.open(tmp_path / "s.db") as eng:
        eng.add_articles([article(TEXT_A, id="a1"), article(TEXT_B, id="b1")])
        story = eng.story_of("a1")
        for words in (0, -5, 2.5, True, "100"):  # an empty summary, or a TypeError deep down, before
            for call in (lambda: eng.summarize(story, words=words), lambda: eng.update(story, seen=["a1"], words=words),
                         lambda: eng.timeline(story, words=words)):
                with pytest.raises(ValueError, match="a word budget is a whole number of at least 1"):
                    call()
        with pytest.raises(TypeError, match="a story id is a whole number, not '1'"):
            eng.summarize(str(story))
        with pytest.raises(ValueError, match=f"no article 'nosuch' in story #{story}"):  # every article new, before
            eng.update(story, seen=["nosuch"])
        assert eng.update(story, seen=["a1"]).nothing_new and eng.update(story).article_ids == ["a1"]  # none read: all new


def test_a_story_is_never_named_by_page_furniture(db_url):
    captioned = article(
        "Image copyright Harbour Press image caption The ferry Aurelia at dawn.\n\n"
        "The ferry Aurelia ran aground off Kestrel Bay on Monday with 212 passengers on board.\n\n"
        "Coastguard boats took every passenger ashore by evening, the harbour master said."
    )
    furniture = article(
        "Follow us for news from Velmora Mills\n\nImage copyright Velmora Mills image caption The mill yard\n\n"
        "Click here to sign up for the Velmora Mills newsletter"
    )
    with storyline.open(db_url) as eng:
        eng.add_articles([captioned, furniture])
        names = {s.article_ids[0]: s.headline for s in eng.stories()}
        assert names[captioned.id] == "The ferry Aurelia ran aground off Kestrel Bay on Monday with 212 passengers on board."
        assert names[furniture.id] == "Velmora Mills"  # every sentence is furniture: its names name it


def test_a_developing_story_is_named_by_its_newest_title(db_url):
    later = (
        "PORT ALDER (Meridian Wire) - Dock workers in Port Alder ended their strike on Thursday and cargo "
        "traffic resumed at the region's largest harbour.\n\n"
        "The union said its 4,000 members accepted a pay deal from the port authority."
    )
    with storyline.open(db_url) as eng:
        first = article(TEXT_A, title="Port Alder dock workers strike", published=dt.date(2031, 3, 3))
        last = article(later, title="Port Alder strike ends with pay deal", published=dt.date(2031, 3, 6))
        eng.add_articles([last, first])
        (story,) = eng.stories()
        assert set(story.article_ids) == {first.id, last.id}
        assert story.headline == "Port Alder strike ends with pay deal"
        untitled = (
            "PORT ALDER (Coastal News) - Cargo ships left Port Alder on Friday as dock workers cleared "
            "the backlog of the strike at the region's largest harbour, the port authority said."
        )
        eng.add_articles([article(untitled, published=dt.date(2031, 3, 7))])
        (story,) = eng.stories()
        assert len(story.article_ids) == 3
        assert story.headline == "Port Alder strike ends with pay deal"  # a title, not a lead sentence


def test_search_ignores_query_syntax(db_url):
    with storyline.open(db_url) as eng:
        a = article(TEXT_A)
        eng.add_articles([a])
        hits = eng.search("strike members")
        assert hits and hits[0][0].article_id == a.id and "strike" in hits[0][1]
        assert eng.search('" OR * NEAR( ) -') == []
        assert eng.search("walking") and eng.search("walking")[0][0].sentence_index == 0  # porter stems


def test_a_quoted_phrase_matches_its_words_next_to_each_other(db_url):
    with storyline.open(db_url) as eng:
        eng.add_articles([build_article("The oil is spilled on the beach at Tamsin, the mayor said.", id="a"),
                          build_article("An oil spill reached the coast of Tamsin on Monday, officials said.", id="b")])
        assert {c.article_id for c, _ in eng.search("oil spill")} == {"a", "b"}
        assert [c.article_id for c, _ in eng.search('"oil spill"')] == ["b"]  # both before
        assert [c.article_id for c, _ in eng.search('tamsin "oil spilled')] == ["b"]  # a quote left open; stems
        assert eng.search('"spill oil"') == []


def test_search_ignores_accents_on_every_backend(db_url):
    with storyline.open(db_url) as eng:
        eng.add_articles([build_article("The café of Zoë Peña in Tamsin reopened on Monday, the mayor said.", id="a"),
                          build_article("The cafe\u0301 by the harbour stayed shut, its owner said.", id="b")])  # decomposed
        for query in ["café", "cafe", "CAFE", "cafe\u0301"]:  # PostgreSQL found none of these but the first
            assert {c.article_id for c, _ in eng.search(query)} == {"a", "b"}, query
        for query in ["Zoë Peña", "zoe pena"]:
            assert [c.article_id for c, _ in eng.search(query)] == ["a"], query
        eng.add_articles([build_article("Nguyễn Thị Lựu opened the Tamsin ferry terminal on Tuesday.", id="c")])
        for query in ["Nguyễn Thị Lựu", "nguyen thi luu", "NGUYEN"]:  # letters with two marks: SQLite found none
            assert [c.article_id for c, _ in eng.search(query)] == ["c"], query


def test_a_sentence_of_150000_words_is_stored_on_every_backend(db_url):
    # past what a PostgreSQL tsvector holds (1 MB): refused there, stored by SQLite; its first 100,000
    # characters are searched
    huge = " ".join(f"w{k}" for k in range(150_000))
    with storyline.open(db_url) as eng:
        result = eng.add_articles([build_article(f"Kestrel ferry {huge} .", id="h")])
        assert result.added == ["h"] and not result.failed
        assert [c.article_id for c, _ in eng.search("kestrel")] == ["h"]


def test_a_postgres_store_of_schema_2_searches_without_accents_once_migrated(pg_url):
    import psycopg

    from storyline.store.postgres import PostgresStore
    from storyline.store.schema_pg import MIGRATIONS

    with psycopg.connect(pg_url, autocommit=True) as con:  # a store as version 2 made it
        con.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
        for migration in MIGRATIONS[:2]:
            con.execute(migration)
        con.execute("INSERT INTO schema_version (version) VALUES (2)")
        con.execute("INSERT INTO articles (id, format, text) VALUES ('a', 'text', 'x')")
        con.execute("INSERT INTO sentences (article_seq, idx, paragraph, text, display)"
                    " SELECT seq, 0, 0, 'The café reopened.', 'The café reopened.' FROM articles")
    store = PostgresStore(pg_url)  # a writer migrates
    assert store.version == len(MIGRATIONS) and [c.article_id for c, _ in store.search("cafe")] == ["a"]
    store.close()


def _write_corpus(folder, n):
    folder.mkdir()
    for i in range(n):
        lines = [
            json.dumps({"id": f"doc{i}-{j}", "title": f"Report {i} {j}",
                        "text": f"Officials in district {i} counted {j} boats on the river. "
                                f"The harbour master said item {i}-{j} was logged. Crews worked through the night."})
            for j in range(50)
        ]
        (folder / f"part{i:03}.jsonl").write_text("\n".join(lines), encoding="utf-8")


def _stored(db_url) -> tuple[int, int]:
    """(articles, articles without sentences) as committed, read with the backend's own client."""
    if db_url.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(db_url, autocommit=True) as con:
            if con.execute("SELECT to_regclass('schema_version')").fetchone()[0] is None:
                return 0, 0
            n = con.execute("SELECT count(*) FROM articles").fetchone()[0]
            orphans = con.execute(
                "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM sentences s WHERE s.article_seq = a.seq)"
            ).fetchone()[0]
            return n, orphans
    con = sqlite3.connect(db_url)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        n = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        orphans = con.execute(
            "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM sentences s WHERE s.article_seq = a.seq)"
        ).fetchone()[0]
        return n, orphans
    finally:
        con.close()


@pytest.mark.slow
def test_kill_during_ingest_leaves_consistent_store(tmp_path, db_url):
    corpus = tmp_path / "corpus"
    _write_corpus(corpus, 120)  # 6,000 articles, several transactions
    cmd = [sys.executable, "-m", "storyline.cli.main", "--db", db_url, "ingest", "--json", str(corpus)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:  # wait until the first batches are committed, then kill -9
        time.sleep(0.2)
        if db_url.startswith("postgresql://") or Path(db_url).exists():
            try:
                n, _ = _stored(db_url)
            except (sqlite3.OperationalError, AssertionError):
                continue
            if n >= 500:
                break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    stored, orphans = _stored(db_url)
    assert 0 < stored < 6000, "the kill should land mid-ingest"
    ends, size = [FIRST_BATCH], FIRST_BATCH  # batches double from the first's size up to BATCH
    while ends[-1] < 6000:
        size = min(BATCH, 2 * size)
        ends.append(ends[-1] + size)
    assert stored in ends, "only whole batches are committed"
    assert orphans == 0
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert len(result["added"]) == 6000 - stored and len(result["duplicates"]) == stored
    with storyline.open(db_url) as eng:
        assert eng.store.count_articles() == 6000


def test_open_store_takes_a_path_or_an_sqlite_url(tmp_path, monkeypatch):
    first = open_store(tmp_path / "a.db")
    assert isinstance(first, SQLiteStore) and first.path == str(tmp_path / "a.db")
    first.close()
    by_url = open_store(f"sqlite:///{tmp_path / 'a.db'}")  # an absolute path: four slashes
    assert by_url.path == str(tmp_path / "a.db")
    by_url.close()
    monkeypatch.chdir(tmp_path)
    relative = open_store("sqlite:///b.db", readonly=False)
    assert relative.path == "b.db" and (tmp_path / "b.db").exists()
    relative.close()
    with pytest.raises(StoreError, match="127.0.0.1:1/news") as e:  # no server there
        open_store("postgresql://reader:hunter2@127.0.0.1:1/news")
    assert "hunter2" not in str(e.value)
    with pytest.raises(StoreError, match="unknown store scheme"):
        open_store("mysql://db.example/news")


def test_store_meets_the_store_contract(db_url):
    from storyline.store import Store

    contract = [n for n in vars(Store) if not n.startswith("_")] + list(Store.__annotations__)
    store = open_store(db_url)
    assert [n for n in contract if not hasattr(store, n)] == []
    with store.transaction() as inside:
        assert inside is None  # no connection handed out
    store.close()


def test_database_errors_are_store_errors(tmp_path):
    db = tmp_path / "s.db"
    with storyline.open(db) as eng:
        eng.add_articles([article(TEXT_A)])
        other = SQLiteStore(db, lock_seconds=0.2)
        with eng.store.transaction():  # holds the write lock
            eng.store.set_state("probe", "1")
            start = time.monotonic()
            with pytest.raises(StoreError, match=r"locked by another writer \(waited 0.2 s\)"):
                with other.transaction():
                    pass
            assert 0.2 <= time.monotonic() - start < 2
        with other.transaction():  # free again
            other.set_state("probe", "2")
        assert eng.store.get_state("probe") == "2"
        other.close()
    with pytest.raises(StoreError):
        SQLiteStore(tmp_path / "missing" / "s.db")


HOLDER = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA busy_timeout = 10000")
print("ready", flush=True)
end = time.monotonic() + float(sys.argv[2])
while time.monotonic() < end:  # a busy writer: the lock held 100 ms, free for 3 ms
    db.execute("BEGIN IMMEDIATE")
    time.sleep(0.1)
    db.execute("COMMIT")
    time.sleep(0.003)
"""


def test_a_waiting_writer_gets_in_between_a_busy_writers_transactions(tmp_path):
    db = tmp_path / "s.db"
    SQLiteStore(db).close()
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), "8"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        time.sleep(0.3)
        store = SQLiteStore(db, lock_seconds=4)
        waits = []
        for n in range(30):
            start = time.monotonic()
            with store.transaction():
                store.set_state("probe", str(n))
            waits.append(time.monotonic() - start)
            time.sleep(0.05)
        assert holder.poll() is None  # the other writer wrote all along
        # the next gap, not one of many: SQLite's busy handler, asking every 100 ms by then, waited up to 2.5 s
        assert max(waits) < 0.6, sorted(waits)[-3:]
        store.close()
    finally:
        holder.kill()
        holder.wait()


# -- PostgreSQL only ------------------------------------------------------------------------


def test_postgres_store_is_versioned_and_refuses_a_newer_schema(pg_url):
    import psycopg

    from storyline.store.postgres import PostgresStore
    from storyline.store.schema_pg import VERSION as PG_VERSION

    with pytest.raises(StoreError, match="no storyline store"):
        PostgresStore(pg_url, readonly=True)  # a reader does not create the schema
    store = PostgresStore(pg_url)
    assert store.version == PG_VERSION
    store.close()
    again = PostgresStore(pg_url)  # reopening migrates nothing and keeps the version
    assert again.version == PG_VERSION
    again.close()
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute("UPDATE schema_version SET version = version + 1")
    with pytest.raises(StoreError, match="newer"):
        PostgresStore(pg_url)


def test_postgres_errors_are_store_errors_without_the_password(pg_url):
    from storyline.store.postgres import PostgresStore

    with storyline.open(pg_url) as eng:
        eng.add_articles([article(TEXT_A)])
        other = PostgresStore(pg_url, lock_seconds=0.2)
        with eng.store.transaction():  # holds the write lock
            eng.store.set_state("probe", "1")
            with pytest.raises(StoreError, match="locked"):
                with other.transaction():
                    pass
        with other.transaction():  # free again
            other.set_state("probe", "2")
        assert eng.store.get_state("probe") == "2"
        other.close()
        reader = open_store(pg_url, readonly=True)
        with pytest.raises(StoreError, match="read-only"):
            with reader.transaction():
                reader.set_state("probe", "3")
        assert reader.get_state("probe") == "2" and reader.count_articles() == 1
        reader.close()
    wrong = pg_url.replace("postgres@", "postgres:hunter2@").rsplit("/", 1)[0] + "/no_such_db"
    with pytest.raises(StoreError, match="no_such_db") as e:
        open_store(wrong)
    assert "hunter2" not in str(e.value)


def test_postgres_state_keeps_bytes_and_text_apart(pg_url):
    store = open_store(pg_url)
    with store.transaction():
        store.set_state("b", b"\x00\xffpickled")
        store.set_state("s", "text")
    assert store.get_state("b") == b"\x00\xffpickled" and store.get_state("s") == "text"
    assert store.get_state("missing") is None
    store.close()


def test_without_psycopg_a_postgres_url_says_what_to_install(tmp_path):
    code = (
        "import sys; sys.modules['psycopg'] = None\n"
        "from storyline.store import open_store, StoreError\n"
        "try:\n    open_store('postgresql://u:secret@127.0.0.1:1/news')\n"
        "except StoreError as e:\n    print(e)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "pip install 'storyline[scale]'" in done.stdout, done.stderr
    assert "secret" not in done.stdout


def test_postgres_a_record_the_server_rejects_costs_no_other_in_the_batch(pg_url):
    store = open_store(pg_url)
    good, bad, later = article(TEXT_A), article(TEXT_B), article(TEXT_B.replace("Friday", "Sunday"))
    bad.sentences[1].paragraph = 2**40  # past the readers: only the server's int column says no
    with store.transaction():
        store.add_article(good)
        with pytest.raises(StoreError, match="cannot be stored: .*out of range"):
            store.add_article(bad)
        store.add_article(later)  # the transaction goes on
        store.assign(good.id, 1)
    assert [a.id for a in store.articles(order="ingest")] == [good.id, later.id]
    assert store.story_of(good.id) == 1 and store.search("seawall")[0][0].article_id == later.id
    store.close()


def test_a_postgres_url_opens_by_either_scheme_and_from_the_environment(pg_url, monkeypatch):
    from storyline.store.postgres import PostgresStore

    first = open_store(pg_url.replace("postgresql://", "postgres://"))
    assert isinstance(first, PostgresStore) and first.path == pg_url.replace("postgresql://", "postgres://")
    first.close()
    monkeypatch.setenv("STORYLINE_DB", pg_url)
    with storyline.open() as eng:
        assert isinstance(eng.store, PostgresStore)
        eng.add_articles([article(TEXT_A)])
    reader = open_store(None, readonly=True)
    assert reader.count_articles() == 1
    reader.close()


def test_store_urls_in_messages_carry_no_password():
    from storyline.store import safe_url

    assert safe_url("postgresql://news:pa:ss@db.example:5432/news") == "postgresql://news@db.example:5432/news"
    assert safe_url("postgresql://news@db.example/news?password=x&sslmode=require") == (
        "postgresql://news@db.example/news?password=***&sslmode=require"
    )
    assert safe_url("postgresql:///news?host=/run/postgresql") == "postgresql:///news?host=/run/postgresql"
    assert safe_url("news.db") == "news.db"


def test_key_phrases_of_some_stories(db_url):
    store = open_store(db_url)
    try:
        with store.transaction():
            for n in range(1, 503):  # more stories than one statement asks for
                a = article(f"Report {n}: the ferry to Isle {n} sailed on time on its {n}th run.")
                store.add_article(a)
                store.assign(a.id, n)
                store.set_key_phrases(n, [f"isle {n}"])
        assert len(store.story_rows()) == 502
        assert store.story_rows([501, 3, 7, 99999]) == [(3, ["isle 3"]), (7, ["isle 7"]), (501, ["isle 501"])]
        assert store.story_rows(list(range(1, 503))) == store.story_rows() and store.story_rows([]) == []
    finally:
        store.close()


def test_states_are_read_and_written_by_key_prefix(db_url):
    store = open_store(db_url)
    try:
        keys = ["row 1", "row 2", "row 10", "row\U0010ffff", "rox", "ro", "row_%\\x", "rowé", "a_b", "axb", "a%b"]
        with store.transaction():
            store.set_states({k: k.encode() if n % 2 else k for n, k in enumerate(keys)})
        assert list(store.states("row ")) == [("row 1", "row 1"), ("row 10", "row 10"), ("row 2", b"row 2")]
        assert [k for k, _ in store.states("row")] == ["row 1", "row 10", "row 2", "row_%\\x", "rowé", "row\U0010ffff"]
        assert [k for k, _ in store.states("a_")] == ["a_b"] and [k for k, _ in store.states("a%")] == ["a%b"]
        assert [k for k, _ in store.states("row_%\\")] == ["row_%\\x"] and list(store.states("nothing")) == []
        assert [k for k, _ in store.states("row\U0010ffff")] == ["row\U0010ffff"]
        generation = store.generation()
        with store.transaction():
            store.set_states({"row 1": b"\x00\xff", "row 2": None, "row 3": "new", "missing": None})
        assert dict(store.states("row ")) == {"row 1": b"\x00\xff", "row 10": "row 10", "row 3": "new"}
        assert store.generation() > generation and store.get_state("row 3") == "new"
        with store.transaction():
            store.clear_states("row ")
            store.set_states({})
        assert list(store.states("row ")) == [] and store.get_state("rox") == "rox" and store.get_state("ro") == b"ro"
        with store.transaction():
            store.clear_states("a")
        assert [k for k, _ in store.states("a")] == [] and store.get_state("rox") == "rox"
    finally:
        store.close()


def test_sentences_indexed_in_a_thread_are_found_and_a_failure_rolls_back(tmp_path):
    import pytest

    from storyline.ingest.build import build_article
    from storyline.store import StoreError, open_store

    store = open_store(str(tmp_path / "s.db"))
    with store.transaction():
        store.add_article(build_article("The Velmora lighthouse keeper retired on Friday.", id="a"))
        with store.indexing():
            pass
        store.add_article(build_article("Crews at the Tarsk quarry found a fossil.", id="b"))
        with store.indexing():
            pass
    assert [c.article_id for c, _ in store.search("lighthouse")] == ["a"]
    assert [c.article_id for c, _ in store.search("fossil")] == ["b"]
    with pytest.raises(ValueError), store.transaction():
        store.add_article(build_article("A ferry sank near Oldhaven.", id="c"))
        with store.indexing():
            raise ValueError("the work beside the indexing failed")
    assert store.search("ferry") == [] and not store.has_article("c")
    with pytest.raises(StoreError), store.transaction():  # an indexing error reaches the caller
        store.add_article(build_article("Snow closed the Brennick pass.", id="d"))
        store.db.execute("ALTER TABLE sentences_fts RENAME TO broken")  # the index the thread writes is gone
        with store.indexing():
            reached = True
    assert reached
    assert not store.has_article("d")
    store.close()


@pytest.mark.parametrize("sessions", [False, True], ids=["one writer", "a writer per batch beside a reader"])
def test_a_writer_checkpoints_its_wal_as_it_goes(tmp_path, monkeypatch, sessions):
    """Commits are checkpointed from a thread (the writer's own connection does not), so the WAL is
    reused from its start rather than growing with every batch, also when each batch is a writer of
    its own that closes while a reader keeps the file open (as in the web); a writer that never
    checkpointed would leave a WAL as large as all it wrote."""
    from storyline.store import sqlite as sqlite_store

    def grow(path):
        SQLiteStore(path).close()
        reader = sqlite3.connect(path)
        store = SQLiteStore(path)
        assert store.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
        for batch in range(12):
            with store.transaction():
                for k in range(20):
                    text = " ".join(f"Report {batch}-{k}-{n}: the Alder rose {n} cm at Marrowby." for n in range(60))
                    store.add_article(article(text, id=f"a{batch}-{k}"))
            if sessions:
                store.close()
                store = SQLiteStore(path)
            elif store._checkpointer is not None:
                store._checkpointer.wait()
            assert reader.execute("SELECT count(*) FROM articles").fetchone()[0] == 20 * (batch + 1)
        wal = Path(f"{path}-wal").stat().st_size
        store.close()
        reader.close()
        assert not Path(f"{path}-wal").exists()  # the last connection to close checkpoints the rest
        return wal

    checkpointed = grow(tmp_path / "a.db")
    monkeypatch.setattr(sqlite_store._Checkpointer, "after_commit", lambda self: None)
    assert 3 * checkpointed < grow(tmp_path / "b.db")  # (0.9 MB and 4.9 MB when written)


def test_iter_articles_walks_the_store_in_either_order_from_an_offset(db_url):
    """iter_articles reads the order once, then the articles by key, batch by batch: the same
    articles in the same order as articles() pages them, from any offset."""
    days = [dt.date(2031, 5, d) for d in (9, 2, 30, 2, 17)] + [None, None]
    with storyline.open(db_url) as engine:
        engine.add_articles([
            article(f"{TEXT_A} Report {k} of the Port Alder strike.", id=f"r{k}", published=day)
            for k, day in enumerate(days)
        ])  # fmt: skip
        store = engine.store
        for order in ("date", "ingest"):
            every = [a.id for a in store.articles(order=order)]
            assert len(every) == len(days) and len(set(every)) == len(days)
            for offset in (0, 3, 7):
                walked = list(store.iter_articles(order=order, batch=2, offset=offset))
                assert [a.id for a in walked] == every[offset:]
                assert all(a.sentences for a in walked)
        assert [a.id for a in store.articles(order="date")][:2] == ["r1", "r3"]  # same day: ingest order
        assert [a.id for a in store.articles(order="newest", limit=2)] == ["r6", "r5"]
        assert store.articles_by_seq(store.article_seqs("newest")[1:3]) == store.articles(order="ingest")[4:6][::-1]
        assert engine.latest_article().id == "r6"


def _spans_from_members(store) -> list[tuple]:
    """story_spans as the membership rows give them (what the store read at each generation before)."""
    found: dict[int, list] = {}
    for story_id, _, duplicate_of, published, *_ in store.story_members():
        row = found.setdefault(story_id, [None, None, 0])
        if published:
            row[0], row[1] = min(row[0] or published, published), max(row[1] or published, published)
        row[2] += duplicate_of is None
    return [(k, *v) for k, v in sorted(found.items())]


def test_story_spans_are_kept_by_the_writer(db_url):
    """Dates and sizes kept on each story at write time equal those of its members after ingest, after
    an article moves to another story (the story it leaves is computed again), a near-copy and a recluster."""
    with storyline.open(db_url) as eng:
        eng.add_articles([article(TEXT_A, id="a", published=dt.date(2031, 3, 2)),
                          article(TEXT_B, id="b", published=dt.date(2031, 3, 5)),
                          article(TEXT_A + " More.", id="c", published=dt.date(2031, 3, 9)),
                          article(TEXT_B, id="d")])  # undated
        store = eng.store
        assert store.story_spans() == _spans_from_members(store) and len(store.story_spans()) >= 2
        (first, *_), (other, *_) = store.story_spans()[:2]
        with store.transaction():
            store.assign("c", other)  # moves: its first story now ends on 2 March
            store.assign("a", other, duplicate_of="b")
        spans = store.story_spans()
        assert spans == _spans_from_members(store) and first not in [s[0] for s in spans]  # a story left empty
        eng.recluster()
        assert eng.store.story_spans() == _spans_from_members(eng.store)


def _migrated(path, version: int, *statements: str, monkeypatch=None) -> SQLiteStore:
    """The store at ``path`` taken back to schema ``version`` by ``statements``: refused by a reader
    that may not write it (with ``monkeypatch``), then opened by a writer, which migrates it."""
    con = sqlite3.connect(path)
    for statement in statements:
        con.execute(statement)
    con.execute(f"PRAGMA user_version = {version}")
    con.commit()
    con.close()
    if monkeypatch:
        with monkeypatch.context() as m:
            m.setattr("storyline.store.sqlite.os.access", lambda *a, **k: False)  # tests run as root, who may write anything
            with pytest.raises(StoreError, match="older than this storyline's .* a command that writes"):
                SQLiteStore(path, readonly=True)
    return SQLiteStore(path)


def test_a_store_of_schema_3_gets_its_story_spans_when_migrated(tmp_path, monkeypatch):
    from storyline.store.schema import MIGRATIONS

    path = tmp_path / "old.db"
    with storyline.open(str(path)) as eng:
        eng.add_articles([article(TEXT_A, id="a", published=dt.date(2031, 3, 2)), article(TEXT_B, id="b")])
        spans = eng.store.story_spans()
    columns = ("first_date", "last_date", "size", "members", "stale")  # those the migration adds
    drop = ("DROP INDEX stories_stale", *(f"ALTER TABLE stories DROP COLUMN {c}" for c in columns))
    store = _migrated(path, 3, *drop, monkeypatch=monkeypatch)
    assert store.version == len(MIGRATIONS) and store.story_spans() == spans
    store.close()


def test_a_reader_that_may_write_an_older_store_upgrades_it(tmp_path):
    """The web server and the reading commands open a store read-only; after an upgrade of storyline
    they read a store of an older schema once they have migrated it, as a writer would."""
    from storyline.store.schema import MIGRATIONS

    path = tmp_path / "old.db"
    with storyline.open(str(path)) as eng:
        eng.add_articles([article(TEXT_A, id="a", published=dt.date(2031, 3, 2)), article(TEXT_B, id="b")])
        spans = eng.store.story_spans()
    con = sqlite3.connect(path)
    con.execute("DROP INDEX articles_id_nocase")
    con.execute("PRAGMA user_version = 5")
    con.commit()
    con.close()
    reader = SQLiteStore(path, readonly=True)
    assert reader.version == len(MIGRATIONS) and reader.story_spans() == spans
    with pytest.raises(StoreError):  # still a reader
        with reader.transaction():
            reader.db.execute("DELETE FROM stories")
    reader.close()
    assert "articles_id_nocase" in {r[0] for r in sqlite3.connect(path).execute("SELECT name FROM sqlite_master")}


def test_a_store_of_schema_4_searches_names_with_two_marks_once_migrated(tmp_path):
    from storyline.store.schema import MIGRATIONS

    path = tmp_path / "old.db"
    with storyline.open(str(path)) as eng:
        eng.add_articles([article("Nguyễn Thị Lựu opened the Tamsin ferry terminal on Tuesday .", id="a")])
    fts = "CREATE VIRTUAL TABLE sentences_fts USING fts5(display, content='sentences', content_rowid='rowid', tokenize='{}')"
    rebuild = "INSERT INTO sentences_fts (sentences_fts) VALUES ('rebuild')"
    store = _migrated(path, 4, "DROP TABLE sentences_fts", fts.format("porter unicode61"), rebuild)  # its search index
    assert store.version == len(MIGRATIONS)
    assert [c.article_id for c, _ in store.search("nguyen luu")] == ["a"]
    assert [c.article_id for c, _ in store.search("tamsin")] == ["a"]
    store.close()


def test_an_id_prefix_is_looked_up_in_an_index_once_a_store_of_schema_5_is_migrated(tmp_path):
    path = tmp_path / "old.db"
    with storyline.open(str(path)) as eng:
        eng.add_articles([article(TEXT_A, id="Halvern-2031-a"), article(TEXT_B, id="halvern-2031-b")])
    store = _migrated(path, 5, "DROP INDEX articles_id_nocase")
    like = "EXPLAIN QUERY PLAN SELECT id FROM articles WHERE id LIKE ? ESCAPE '\\' LIMIT ?"
    plan = " ".join(row[-1] for row in store.db.execute(like, ("nothing\\_here%", 2)))
    assert "SEARCH" in plan and "articles_id_nocase" in plan, plan  # a miss read every id before
    assert sorted(store.ids_with_prefix("HALVERN-2031")) == ["Halvern-2031-a", "halvern-2031-b"]  # case ignored, as before
    assert store.ids_with_prefix("halvern-2031-a") == ["Halvern-2031-a"] and store.ids_with_prefix("halvern_") == []
    store.close()


def test_a_postgres_store_of_schema_3_gets_its_story_spans_when_migrated(pg_url, monkeypatch):
    import psycopg

    from storyline.store.postgres import PostgresStore
    from storyline.store.schema_pg import MIGRATIONS

    with storyline.open(pg_url) as eng:
        eng.add_articles([article(TEXT_A, id="a", published=dt.date(2031, 3, 2)), article(TEXT_B, id="b")])
        spans = eng.store.story_spans()
    with psycopg.connect(pg_url, autocommit=True) as con:  # back to schema 3
        con.execute("ALTER TABLE stories DROP COLUMN first_date, DROP COLUMN last_date, DROP COLUMN size,"
                    " DROP COLUMN members, DROP COLUMN stale")
        con.execute("UPDATE schema_version SET version = 3")
    with monkeypatch.context() as m:  # a reader whose role may not change tables
        m.setattr("storyline.store.postgres._upgraded", lambda *a: False)
        with pytest.raises(StoreError, match="older than this storyline's .* a command that writes"):
            PostgresStore(pg_url, readonly=True)
    store = PostgresStore(pg_url, readonly=True)  # one that may: it migrates the store as a writer would
    assert store.version == len(MIGRATIONS) and store.story_spans() == spans
    store.close()


def test_a_page_of_stories_is_the_head_of_all_of_them(db_url):
    """stories(limit=n) builds only n stories (a headline reads every member's opening), and they are
    the first n of stories() in each order: newest last report, largest, newest first report."""
    from storyline.cli.store_cmds import demo_files

    with storyline.open(db_url) as engine:
        for path, meta in demo_files():
            published = dt.date.fromisoformat(meta["published"]) if meta.get("published") else None
            engine.ingest([path], date=published, source=meta.get("source"))
        for order, key in [("newest", lambda s: (s.last_date, s.id)), ("largest", lambda s: (s.size, s.id)),
                           ("started", lambda s: (s.first_date, s.id))]:
            every = engine.stories(order=order)
            assert len(every) == 6 and [key(s) for s in every] == sorted(map(key, every), reverse=True), order
            page = engine.stories(limit=3, order=order)
            assert [(s.id, s.headline, s.key_phrases) for s in page] == [(s.id, s.headline, s.key_phrases) for s in every[:3]]
        spans = [(s.id, s.first_date.isoformat(), s.last_date.isoformat(), s.size) for s in sorted(every, key=lambda s: s.id)]
        assert engine.store.story_spans() == spans


def test_a_big_story_is_named_from_a_bounded_spread_of_its_articles(tmp_path, monkeypatch):
    """A story of thousands of reports took seconds to name on every listing (3.5 s and 274 MB for
    2,286 articles): it is named from NAMED_FROM of them, spread evenly over its dates."""
    from storyline.engine import stories

    assert stories.spread(list(range(10)), 4) == [0, 2, 5, 7] and stories.spread([1, 2], 4) == [1, 2]
    with storyline.open(tmp_path / "s.db") as engine:
        news = ["Grain ships queued outside while farmers worried about exports and spoiled harvests.",
                "Talks resumed at the town hall, where a mediator from Halvern met both sides for hours.",
                "Shops near the quay reported falling sales as lorry drivers waited in long lines.",
                "The union held a rally in the market square and promised to continue until spring.",
                "Ferry passengers were moved to Kestrel Bay, adding an hour to each crossing.",
                "A court in Halvern refused the port authority's request to end the walkout."]
        engine.add_articles([article(f"Dock workers in Port Alder continued their strike over pay. {line}", id=f"a{n}",
                                     published=dt.date(2031, 3, n + 1)) for n, line in enumerate(news)])
        (story,) = engine.stories()
        read = []
        real = engine.store.articles_by_id
        monkeypatch.setattr(engine.store, "articles_by_id", lambda ids, **k: read.append(list(ids)) or real(ids, **k))
        monkeypatch.setattr(stories, "NAMED_FROM", 3)
        (named,) = engine.stories()
        assert read == [["a0", "a2", "a4"]] and named.headline and named.size == 6  # in date order, the first included


def test_the_python_api_takes_one_path_and_says_what_is_wrong(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a relative path: were it read letter by letter, no letter names a file
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT_A)
    (folder / "b.txt").write_text(TEXT_B)
    with storyline.open(tmp_path / "s.db") as eng:
        result = eng.ingest("news")  # a string is one path: its letters were read as paths before ("/" and all)
        assert len(result.added) == 2 and not result.failed
        assert eng.ingest(folder / "a.txt").duplicates and len(eng.stories(limit=1)) == 1
        with pytest.raises(ValueError, match="a limit of 0"):
            eng.stories(limit=-1)  # all but the last before
        with pytest.raises(ValueError, match="an order of newest, largest, started"):
            eng.stories(order="oldest")
        story = eng.story_of(result.added[0])
        assert eng.update(story, since="2000-01-01").nothing_new is False  # a date as text, as ingest takes
    with pytest.raises(storyline.StoreError, match="the store is closed"):
        eng.stories()  # sqlite3.ProgrammingError before


def test_a_closed_store_says_so_on_every_backend(db_url):
    eng = storyline.open(db_url)
    eng.add_articles([article(TEXT_A)])
    eng.close()
    for use in (eng.stories, eng.count_articles, lambda: eng.article("x")):
        with pytest.raises(storyline.StoreError, match="the store is closed"):
            use()
    eng.close()  # a second close is no error
