"""`storyline serve --workers N` on PostgreSQL: several processes share the store, none serves stale stories."""

import json
import os
import subprocess
import sys
import time

import httpx
import pytest
from pgserver import free_port
from test_web_api import build_store

import storyline
from storyline.ingest import build_article

STORYLINE = [sys.executable, "-m", "storyline.cli.main"]


def wait_until_up(base: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else "the server exited"
        try:
            if httpx.get(f"{base}/api/stories", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError("the server did not start")


@pytest.mark.slow
def test_workers_share_the_store_and_see_each_others_writes(pg_url):
    db_url = pg_url
    build_store(db_url)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env_token = {"STORYLINE_TOKEN": "s3cret-token"}
    proc = subprocess.Popen([*STORYLINE, "--db", db_url, "serve", "--workers", "2", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env={**os.environ, **env_token})
    try:
        wait_until_up(base, proc)
        with httpx.Client(base_url=base, timeout=30) as c:
            before = c.get("/api/stories").json()["total"]
            for _ in range(10):  # each worker has cached the story list at this generation
                assert c.get("/api/stories").json()["total"] == before
            with storyline.open(db_url) as eng:  # another process writes
                lone = build_article("A rare white stork nested on the chimney of the Marrowby town hall on Monday.",
                                     id="stork-1", published="2031-09-01")
                assert eng.add_articles([lone]).added == ["stork-1"]
            totals = {c.get("/api/stories", headers={"connection": "close"}).json()["total"] for _ in range(12)}
            assert totals == {before + 1}
            # a write through one worker (the token reaches every worker), seen by all
            body = {"articles": [{"id": "quay-1", "published": "2031-09-02", "text": "Crane 4 at the Pellow quay was inspected on Tuesday."}]}
            done = c.post("/api/ingest", json=body, headers={"Authorization": "Bearer s3cret-token"})
            assert done.status_code == 200 and done.json()["added"] == ["quay-1"]
            totals = {c.get("/api/stories", headers={"connection": "close"}).json()["total"] for _ in range(12)}
            assert totals == {before + 2}
            assert json.loads(c.get("/api/articles/quay-1").text)["id"] == "quay-1"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_workers_must_be_one_or_more(tmp_path, capsys):
    from storyline.cli.main import main

    build_store(tmp_path / "s.db")
    assert main(["--db", str(tmp_path / "s.db"), "serve", "--workers", "0"]) == 2
    assert "--workers" in capsys.readouterr().err
