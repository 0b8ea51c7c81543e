"""The feed commands end to end: follow, unfollow, feeds (--json, --export-opml), poll, serve --poll; and the
bundled demo feed polled gives the store that ingesting its file gives."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from importlib import resources

import httpx
import listparser
import pytest
from feedsite import Site, news_feed

import storyline
from storyline.cli.main import main

STORYLINE = [sys.executable, "-c", "import sys; from storyline.cli.main import main; sys.exit(main())"]

OPML = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>My reader's subscriptions</title></head><body>
  <outline text="Local">
    <outline type="rss" text="Wren Gazette" title="Wren Gazette" xmlUrl="{a}" htmlUrl="https://wren-gazette.example/"/>
  </outline>
  <outline type="rss" text="Lindholt Courier" xmlUrl="{b}"/>
</body></opml>
"""


@pytest.fixture
def site():
    s = Site()
    yield s
    s.close()


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_follow_feeds_poll_export_unfollow(tmp_path, capsys, site):
    db = str(tmp_path / "s.db")
    news = site.put("/news.xml", news_feed(3))
    gone = site.url("/gone.xml")
    code, out, _ = run(capsys, "--db", db, "follow", news, gone)
    assert code == 0 and f"following {news}" in out and "2 feeds added" in out

    opml = tmp_path / "reader.opml"
    other = site.put("/courier.xml", news_feed(1))
    opml.write_text(OPML.format(a=news, b=other), encoding="utf-8")
    code, out, _ = run(capsys, "--db", db, "follow", "--opml", str(opml), "--full-text")
    assert code == 0 and f"already following {news} (full text)" in out and "1 feed added" in out

    code, out, err = run(capsys, "--db", db, "poll", "--allow-private")
    assert code == 1  # one feed failed
    assert f"{news}: 3 new" in out and f"{other}: 0 new" in out and "polled 3 feeds: 3 new entries, 1 failed" in out
    assert err.strip() == f"{gone}: error: HTTP 404 Not Found"

    code, out, _ = run(capsys, "--db", db, "feeds", "--json")
    listed = {f["url"]: f for f in json.loads(out)}
    assert list(listed) == [news, gone, other]
    assert listed[news]["full_text"] and listed[news]["last_status"] == "ok" and listed[news]["new_entries"] == 3
    assert listed[gone]["last_status"] == "http 404" and listed[gone]["failures"] == 1
    assert listed[other]["title"] == "Lindholt Courier" and listed[other]["next_due"] > listed[other]["last_fetch"]

    code, out, _ = run(capsys, "--db", db, "feeds")
    assert f"{gone} | http 404 | fetched " in out and "    error: HTTP 404 Not Found" in out

    code, out, _ = run(capsys, "--db", db, "poll", "--allow-private")
    assert code == 0 and "polled 0 feeds" in out  # nothing due yet

    code, out, _ = run(capsys, "--db", db, "feeds", "--export-opml")
    exported = listparser.parse(out.encode())
    assert [f.url for f in exported.feeds] == [news, gone, other]
    assert exported.feeds[0].title == "Wren Gazette"  # the name the OPML gave it
    (tmp_path / "out.opml").write_text(out, encoding="utf-8")
    code, out, _ = run(capsys, "--db", str(tmp_path / "fresh.db"), "follow", "--opml", str(tmp_path / "out.opml"))
    assert code == 0 and "3 feeds added" in out

    code, out, err = run(capsys, "--db", db, "unfollow", gone, "https://nowhere.example/feed")
    assert code == 1 and f"unfollowed {gone}" in out and "not following https://nowhere.example/feed" in err
    code, out, _ = run(capsys, "--db", db, "feeds", "--json")
    assert [f["url"] for f in json.loads(out)] == [news, other]
    code, out, _ = run(capsys, "--db", db, "articles", "--json")
    assert len(json.loads(out)) == 3  # unfollowing keeps the articles

    code, _, err = run(capsys, "--db", db, "follow", "ftp://files.example/feed.xml")
    assert code == 2 and "not an http(s) feed URL" in err
    (tmp_path / "junk.opml").write_text("just some words", encoding="utf-8")
    code, _, err = run(capsys, "--db", db, "follow", "--opml", str(tmp_path / "junk.opml"))
    assert code == 2 and "names no feeds" in err


def test_polling_the_demo_feed_twice_gives_the_store_ingest_gives(tmp_path, capsys, site):
    demo = resources.files("storyline") / "demo" / "feeds" / "northgate-top-stories.xml"
    path = tmp_path / "northgate-top-stories.xml"
    path.write_bytes(demo.read_bytes())
    url = site.put("/northgate-top-stories.xml", path.read_bytes())
    ingested, polled = str(tmp_path / "ingested.db"), str(tmp_path / "polled.db")
    assert run(capsys, "--db", ingested, "ingest", str(path))[0] == 0
    assert run(capsys, "--db", polled, "follow", url)[0] == 0
    code, out, _ = run(capsys, "--db", polled, "poll", "--allow-private")
    assert code == 0 and f"{url}: 3 new" in out
    code, out, _ = run(capsys, "--db", polled, "poll", "--all", "--allow-private")
    assert code == 0 and f"{url}: not modified" in out

    def contents(db):
        with storyline.open(db, readonly=True) as engine:
            articles = [
                {**storyline.model.to_jsonable(a), "origin": a.origin.replace(str(path), url)}
                for a in engine.store.articles(order="ingest")
            ]
            stories = [storyline.model.to_jsonable(s) for s in engine.stories()]
        return articles, stories

    articles, stories = contents(ingested)
    assert len(articles) == 3 and stories
    assert contents(polled) == (articles, stories)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, seconds: float = 30.0):
    deadline = time.monotonic() + seconds
    while True:
        found = check()
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


@pytest.mark.slow
def test_serve_poll_picks_up_an_entry_published_while_it_runs(tmp_path, site):
    db = str(tmp_path / "s.db")
    url = site.put("/news.xml", news_feed(1))
    subprocess.run([*STORYLINE, "--db", db, "follow", url], check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen(
        [*STORYLINE, "--db", db, "serve", "--port", str(port), "--poll", "1s", "--allow-private"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )

    def count() -> int:
        with storyline.open(db, readonly=True) as engine:
            return engine.count_articles()

    def page() -> str:
        try:
            return httpx.get(f"http://127.0.0.1:{port}/feeds", timeout=5).text
        except httpx.HTTPError:
            return ""

    try:
        assert wait_for(lambda: count() == 1), "the first poll did not store the entry"
        assert wait_for(page)
        site.put("/news.xml", news_feed(2))  # published while the server runs
        assert wait_for(lambda: count() == 2), "the new entry was not picked up"
        shown = page()
        assert "Wren Gazette - News" in shown and url in shown and ("not modified" in shown or "ok" in shown)
        assert len(site.asked("/news.xml")) >= 2 and "if-none-match" in site.asked("/news.xml")[-1]
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert f"storyline: poll: {url}: 1 new" in output


def test_odd_subscription_input_is_told_on_one_line_and_the_rest_goes_on(tmp_path, capsys, site):
    db = str(tmp_path / "s.db")
    news = site.put("/news.xml", news_feed(2))
    opml = tmp_path / "mixed.opml"
    opml.write_text(OPML.format(a=news, b="file:///etc/passwd"), encoding="utf-8")
    code, out, err = run(capsys, "--db", db, "follow", "--opml", str(opml))
    assert code == 1 and f"following {news}" in out and "1 feed added" in out  # nothing followed before
    assert err.strip() == f"{opml}: skipped: not an http(s) feed URL: 'file:///etc/passwd'"
    shouted = news.replace("http://127.0.0.1", "HTTP://127.0.0.1")
    code, out, _ = run(capsys, "--db", db, "follow", shouted)
    assert code == 0 and f"already following {news}" in out  # one feed, however its scheme is written
    code, _, err = run(capsys, "--db", db, "poll", "--every", "99999999999d")
    assert code == 2 and "an interval of at most 365 days" in err  # OverflowError before
    missing = str(tmp_path / "typo.db")
    for argv in (("poll",), ("unfollow", news)):
        code, _, err = run(capsys, "--db", missing, *argv)
        assert code == 2 and f"no store at {missing}" in err
    assert not (tmp_path / "typo.db").exists()  # created empty before
    code, out, _ = run(capsys, "--db", db, "unfollow", shouted)
    assert code == 0 and f"unfollowed {shouted}" in out


def test_a_password_or_token_in_a_feed_url_is_never_listed(tmp_path, capsys):
    db = str(tmp_path / "s.db")
    secret = "https://reader:hunter2@wren-gazette.example/rss?api_key=k3y&section=valley"
    shown = "https://***@wren-gazette.example/rss?api_key=***&section=valley"
    code, out, _ = run(capsys, "--db", db, "follow", secret)
    assert code == 0 and f"following {shown}" in out
    for argv in (["feeds"], ["feeds", "--json"], ["follow", secret], ["unfollow", secret, secret + "x"]):
        code, out, err = run(capsys, "--db", db, *argv)
        assert "hunter2" not in out + err and "k3y" not in out + err and "***" in out + err, argv
    run(capsys, "--db", db, "follow", secret)
    code, out, _ = run(capsys, "--db", db, "feeds", "--export-opml")  # to follow again elsewhere: kept whole
    assert [f.url for f in listparser.parse(out.encode()).feeds] == [secret]


def test_an_exported_list_with_a_password_is_readable_by_its_owner_alone(tmp_path, capsys, request):
    import os
    import stat

    previous = os.umask(0o022)
    request.addfinalizer(lambda: os.umask(previous))
    db = str(tmp_path / "s.db")
    secret = "https://reader:hunter2@wren-gazette.example/rss?api_key=k3y"
    assert run(capsys, "--db", db, "follow", "https://feeds.example.org/plain.xml")[0] == 0
    plain = tmp_path / "plain.opml"
    assert run(capsys, "--db", db, "feeds", "--export-opml", str(plain))[0] == 0
    assert stat.S_IMODE(plain.stat().st_mode) == 0o644  # no secret: as the umask says
    run(capsys, "--db", db, "follow", secret)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    link = tmp_path / "list.opml"
    link.symlink_to(victim)
    code, out, err = run(capsys, "--db", db, "feeds", "--export-opml", str(link))
    assert code == 0 and f"{link} holds the password or token of 1 feed" in err and "hunter2" not in out + err
    assert victim.read_text() == "keep me" and not link.is_symlink()  # the link replaced, not followed
    assert stat.S_IMODE(link.stat().st_mode) == 0o600
    exported = listparser.parse(link.read_bytes()).feeds
    assert [f.url for f in exported] == ["https://feeds.example.org/plain.xml", secret]  # kept whole, to follow again
    assert "hunter2" not in exported[1].title and "k3y" not in exported[1].title  # the name readers show
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_following_a_feed_with_a_token_warns_of_a_store_others_can_read(tmp_path, capsys):
    db = tmp_path / "s.db"
    assert run(capsys, "--db", str(db), "follow", "https://feeds.example.org/plain.xml")[0] == 0  # a new store: 0600
    assert "chmod" not in run(capsys, "--db", str(db), "follow", "https://feeds.example.org/rss?token=abc")[2]
    db.chmod(0o644)  # as a store made before new ones became their owner's only
    code, out, err = run(capsys, "--db", str(db), "follow", "https://reader:pw@feeds.example.org/news.xml")
    assert code == 0 and f"chmod 600 {db}" in err and "pw@" not in out + err
    assert "chmod" not in run(capsys, "--db", str(db), "follow", "https://feeds.example.org/other.xml")[2]  # no secret
