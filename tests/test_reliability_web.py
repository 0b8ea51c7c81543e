"""The web app against hostile input and clients: odd dates and ids, many distinct budgets, slow
computations, idle connections, partly bad ingest requests."""

from __future__ import annotations

import datetime as dt
import logging
import socket
import threading
import time
from pathlib import Path

import httpx2 as httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

import storyline
from storyline.engine import Engine
from storyline.ingest import build_article
from storyline.web import create_app, views
from storyline.web.backend import Cache
from storyline.web.server import RateLimit, settings, timed_h11
from test_web_api import TOKEN, build_store

AUTH = {"Authorization": f"Bearer {TOKEN}"}
D = dt.date


def add_raw(path: str | Path, aid: str, day: dt.date, text: str) -> None:
    """An article dated `day` written straight through the engine, as a store from before the
    ingest checked dates holds it."""
    article = build_article(text, id=aid, source="Far Future Wire", published=D(2031, 3, 5))
    article.published = day
    engine = Engine(path)
    try:
        if not engine.add_articles([article]).added:  # the engine checks dates now: below it
            with engine.store.transaction():
                engine.store.add_article(article)
    finally:
        engine.close()


@pytest.fixture(scope="module")
def odd_store(module_db_url) -> str:
    path = module_db_url
    build_store(path)
    add_raw(path, "future-1", D(9999, 12, 31),
            "MARROWBY - The river Alder flooded the lower town of Marrowby again on Monday. "
            "Tomorrow the mayor will meet the engineers. Next week the old stone bridge reopens. "
            "Mayor Ines Calder said next month would bring the repairs.")
    add_raw(path, "ancient-1", D(1, 1, 1),
            "The Lantern probe sent a signal from the comet Vesk yesterday. Last year the probe "
            "passed the moon. In December controllers at Kestrel Point will fire its engine.")
    return path


def test_extreme_dates_and_ids_answer_200_or_404(odd_store):
    with TestClient(create_app(odd_store), raise_server_exceptions=False) as c:
        stories = [s["id"] for s in c.get("/api/stories", params={"limit": 200}).json()["stories"]]
        huge = [2**63 - 1, 2**63, -(2**63), -(2**63) - 1, 10**20, -(10**20), 10**400]
        paths = ["/", "/?order=largest", "/feed.atom", "/api/stories", "/api/stories?order=largest"]
        for sid in stories + huge:
            paths += [f"/stories/{sid}", f"/stories/{sid}/feed.atom", f"/stories/{sid}?since=9999-12-31",
                      f"/stories/{sid}?since=0001-01-01", f"/api/stories/{sid}", f"/api/stories/{sid}/articles",
                      f"/api/stories/{sid}?words=1000", f"/api/stories/{sid}/update?since=9999-12-31",
                      f"/api/stories/{sid}/update?since=0001-01-01"]
        for aid in ["future-1", "ancient-1", "future", "x" * 5000, "%00", "%FF", "%ED%A0%80", "a%25", "_", "..", "a%2Fb"]:
            paths += [f"/articles/{aid}", f"/api/articles/{aid}"]
        answers = {p: c.get(p).status_code for p in paths}
        assert {p: s for p, s in answers.items() if s not in (200, 404)} == {}
        for sid in huge:
            assert answers[f"/stories/{sid}"] == answers[f"/api/stories/{sid}"] == 404
        assert answers["/api/articles/future-1"] == answers["/articles/ancient-1"] == 200
        future = c.get("/api/articles/future-1").json()
        assert future["published"] == "9999-12-31"
        story = c.get(f"/api/stories/{future['story_id']}").json()
        assert story["articles_per_day"]["buckets"][-1]["date"].startswith("9999-")


def test_words_snap_down_to_few_sizes():
    asked = (10, 24, 40, 60, 76, 100, 124, 126, 260, 999, 1000)
    assert [views.snap_words(w) for w in asked] == [10, 10, 25, 50, 50, 100, 100, 100, 250, 600, 1000]
    assert all(views.snap_words(w) == w for w in views.WORDS)


def test_cache_stays_within_its_byte_budget(db_url):
    ids = build_store(db_url)
    budget = 400_000
    with TestClient(create_app(db_url, cache_bytes=budget)) as c:
        backend = c.app.state.backend
        default = c.get(f"/api/stories/{ids['flood']}").json()
        for words in range(10, 1001, 9):
            assert c.get(f"/api/stories/{ids['flood']}", params={"words": words}).status_code == 200
            assert backend.cache.used <= budget
        summaries = [k for k in backend.cache._data if k[0] == "summary"]
        assert len(summaries) <= len(views.WORDS)
        assert c.get(f"/api/stories/{ids['flood']}").json() == default  # the default budget shows the same


def test_cache_evicts_by_bytes_and_computes_each_key_once():
    cache = Cache(budget=1000, size=lambda value: len(value))
    for n in range(20):
        cache.get(n, lambda: "x" * 100)
    assert cache.used <= 1000 and len(cache) == 10
    assert cache.get("big", lambda: "x" * 300) and "big" not in cache._data  # over a quarter of the budget
    calls = []

    def slow():
        calls.append(1)
        time.sleep(0.3)
        return "value"

    threads = [threading.Thread(target=cache.get, args=("k", slow)) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1


def test_cache_does_not_deadlock_when_a_computation_needs_a_key_another_thread_claimed():
    # a page (holding the only computation slot) needs a row that another request claimed first;
    # that request must not hold the row while it waits for the slot the page holds
    cache = Cache(budget=10_000, size=len, computations=1)
    go = threading.Event()
    results = {}

    def page():
        go.wait(5)
        return "page:" + cache.get("row", lambda: "row")

    first = threading.Thread(target=lambda: results.update(page=cache.get("page", page)), daemon=True)
    first.start()
    time.sleep(0.1)  # the page holds the slot
    second = threading.Thread(target=lambda: results.update(row=cache.get("row", lambda: "row")), daemon=True)
    second.start()
    time.sleep(0.2)  # the row's request has asked for it
    go.set()
    first.join(5)
    second.join(5)
    assert results == {"page": "page:row", "row": "row"}


def test_ingest_keeps_stories_it_did_not_touch(db_url):
    ids = build_store(db_url)
    with TestClient(create_app(db_url, token=TOKEN)) as c:
        c.get(f"/stories/{ids['probe']}")
        backend = c.app.state.backend
        cached = set(backend.cache._data)
        body = {"articles": [{"id": "flood-9", "published": "2031-03-07", "text":
                              "The river Alder fell back below its banks at Marrowby on Friday. "
                              "Mayor Ines Calder thanked the volunteers of the lower town."}]}
        assert c.post("/api/ingest", json=body, headers=AUTH).json()["added"] == ["flood-9"]
        c.get(f"/stories/{ids['probe']}")
        assert set(backend.cache._data) == cached  # no recomputation, not even its row: the probe story did not change
        assert "flood-9" not in c.get(f"/api/stories/{ids['probe']}").text
        with storyline.open(db_url) as engine, engine.store.transaction():
            engine.store.assign("flood-9", ids["probe"])  # now it does
        assert "flood-9" in c.get(f"/api/stories/{ids['probe']}").text


# -- a real server --------------------------------------------------------------------------


class Server:
    def __init__(self, app, **overrides):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, **settings(**overrides)))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(10)


def test_slow_story_blocks_neither_static_files_nor_other_stories(db_url, monkeypatch):
    ids = build_store(db_url)
    slow_id = ids["flood"]
    started, calls = threading.Event(), []
    compute = views._compute

    def slow_compute(engine, story):
        if story.id == slow_id:
            calls.append(story.id)
            started.set()
            time.sleep(3)
        return compute(engine, story)

    monkeypatch.setattr(views, "_compute", slow_compute)
    with Server(create_app(db_url)) as server:
        slow = [threading.Thread(target=httpx.get, args=(f"{server.base}/stories/{slow_id}",), kwargs={"timeout": 30})
                for _ in range(3)]
        began = time.monotonic()
        for t in slow:
            t.start()
        assert started.wait(10)
        with httpx.Client(base_url=server.base, timeout=30) as http:
            for path in ("/static/style.css", "/", "/static/style.css"):
                start = time.perf_counter()
                assert http.get(path).status_code == 200
                assert time.perf_counter() - start < 0.5, path
            assert http.get(f"/api/stories/{ids['probe']}").status_code == 200
            assert time.monotonic() - began < 2.5  # answered while the slow story was still computing
        for t in slow:
            t.join(30)
        assert calls == [slow_id]  # three requests, one computation


def test_idle_and_half_sent_connections_are_closed(tmp_path):
    build_store(tmp_path / "s.db")
    with Server(create_app(tmp_path / "s.db"), http=timed_h11(header_timeout=1, body_timeout=1)) as server:
        idle = socket.create_connection(("127.0.0.1", server.port))
        partial = socket.create_connection(("127.0.0.1", server.port))
        partial.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        body = socket.create_connection(("127.0.0.1", server.port))
        body.sendall(b"POST /api/ingest HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 1000\r\n\r\n{")
        start = time.monotonic()
        for conn in (idle, partial, body):
            conn.settimeout(10)
            while conn.recv(4096):  # a closed connection reads b""; a refused body may get an answer first
                pass
            conn.close()
        assert time.monotonic() - start < 5
        with socket.create_connection(("127.0.0.1", server.port)) as ok:  # an honest slow client still gets its answer
            ok.sendall(b"GET /static/style.css HTTP/1.1\r\n")
            time.sleep(0.3)
            ok.sendall(b"Host: 127.0.0.1\r\nConnection: close\r\n\r\n")
            ok.settimeout(10)
            assert ok.recv(4096).startswith(b"HTTP/1.1 200")


def test_ingest_reports_each_record(db_url, monkeypatch):
    build_store(db_url)
    records = [{"id": f"quay-{n}", "published": "2031-07-01",
                "text": f"Crane {n} at the Pellow quay was inspected on Tuesday. The harbour master signed report {n}."}
               for n in range(6)]
    records[1] = {"title": "no text"}
    records[3] = ["not", "a", "record"]
    records[4]["id"] = "quay-boom"
    add = Engine.add_articles

    def fragile(self, items, **kw):  # commits a first part, then fails on one article by raising
        items = list(items)
        if any(getattr(a, "id", None) == "quay-boom" for a in items):
            if len(items) > 1:
                add(self, items[:1])
            raise RuntimeError("internal detail /srv/secret")
        return add(self, items, **kw)

    monkeypatch.setattr(Engine, "add_articles", fragile)
    with TestClient(create_app(db_url, token=TOKEN)) as c:
        response = c.post("/api/ingest", json={"articles": records}, headers=AUTH)
        assert response.status_code == 200
        result = response.json()
        assert result["added"] == ["quay-0", "quay-2", "quay-5"]
        assert result["counts"] == {"added": 3, "duplicates": 0, "failed": 3}
        failed = " | ".join(result["failed"])
        assert "item 2" in failed and "item 4" in failed and "api#5: could not be stored" in failed
        assert "secret" not in response.text and "Traceback" not in response.text
        assert c.get("/api/articles/quay-boom").status_code == 404
        again = c.post("/api/ingest", json={"articles": records}, headers=AUTH)
        assert again.status_code == 200 and again.json()["duplicates"] == ["quay-0", "quay-2", "quay-5"]
        bad = c.post("/api/ingest", json={"articles": [records[1], records[3]]}, headers=AUTH)
        assert bad.status_code == 400 and len(bad.json()["failed"]) == 2 and bad.json()["added"] == []
        assert c.post("/api/ingest", json={"articles": []}, headers=AUTH).status_code == 400
        docs = c.get("/api/docs").text
        assert "committed in batches" in docs


def test_repeated_log_records_are_rate_limited():
    limit = RateLimit(interval=60)
    logger = logging.getLogger("storyline.test.flood")
    logger.addFilter(limit)
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logger.addHandler(handler)
    try:
        for n in range(1000):
            logger.error("socket.accept() out of system resource\nsocket: %d", n)
        logger.error("something else")
        assert len(records) == 2
        limit._seen = {k: (v[0] - 61, v[1]) for k, v in limit._seen.items()}  # the interval passes
        logger.error("socket.accept() out of system resource\nsocket: %d", 0)
        assert "999 more like this suppressed" in records[-1].getMessage()
    finally:
        logger.removeHandler(handler)
        logger.removeFilter(limit)
