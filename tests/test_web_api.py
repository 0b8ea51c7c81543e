"""The web app through FastAPI's TestClient: JSON API, pages, Atom feeds, ingest and security."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from fastapi.testclient import TestClient

import storyline
from storyline.ingest import build_article
from storyline.web import create_app

D = dt.date
TOKEN = "s3cret-test-token"
XSS = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'

# Fictional reports, written for these tests: (story, id, source, date, title, text).
ARTICLES = [
    ("flood", "flood-1", "Valley Post", D(2031, 3, 3), "River Alder floods Marrowby",
     "MARROWBY - The river Alder burst its banks on Monday after three days of heavy rain. "
     "Hundreds of homes in the lower town of Marrowby were flooded. "
     "Mayor Ines Calder asked residents of the lower town to leave their homes. "
     "The regional weather office expects the rain to continue until Wednesday."),
    ("flood", "flood-2", "Northern Wire", D(2031, 3, 3), None,
     "The river Alder flooded the lower town of Marrowby on Monday. "
     "Mayor Ines Calder said rescue boats had taken 140 people from their homes. "
     "The old stone bridge over the Alder was closed to traffic."),
    ("flood", "flood-3", "Valley Post", D(2031, 3, 4), "Marrowby counts flood damage",
     "Water levels in Marrowby fell slightly on Tuesday. "
     "Mayor Ines Calder said 412 homes in the lower town were damaged by the flood. "
     "Volunteers filled sandbags at the old mill through the night."),
    ("flood", "flood-4", "Harbour Times", D(2031, 3, 5), "Marrowby bridge to stay shut",
     "Engineers found cracks in the old stone bridge over the river Alder on Wednesday. "
     "The bridge in Marrowby will stay closed for at least two months. "
     "The regional government promised 3 million crowns for repairs to homes in the lower town."),
    ("probe", "probe-1", "Science Desk", D(2031, 5, 10), "Lantern probe launched to the comet Vesk",
     "The Lantern probe lifted off from the Kestrel Point spaceport on Saturday. "
     "Lantern will take four years to reach the comet Vesk. "
     "The probe carries a drill to sample ice beneath the comet's crust."),
    ("probe", "probe-2", "Orbit Weekly", D(2031, 5, 11), "Lantern sends first signal",
     "Controllers at Kestrel Point received the first signal from the Lantern probe on Sunday. "
     "The probe unfolded both of its solar panels. "
     "Lantern is on course for the comet Vesk, the mission director said."),
    ("strike", "strike-1", "Glass Gazette <b>", D(2031, 6, 1), f"Glassworks strike {XSS}",
     f"Workers at the Pellow glassworks walked out on Monday over pay. "
     f"A leaflet handed out at the gate read {XSS} in large letters. "
     f"Another sign showed {IMG} next to a drawing of a furnace. "
     f"The Pellow glassworks employs 900 people."),
]


def build_store(path: str | Path) -> dict[str, int]:
    """A store with the fictional articles; returns story name -> story id."""
    with storyline.open(path) as engine:
        articles = [build_article(text, id=aid, title=title, source=source, published=day)
                    for _, aid, source, day, title, text in ARTICLES]
        assert engine.add_articles(articles).ok
        stories = {(name, engine.story_of(aid)) for name, aid, *_ in ARTICLES}
    assert len(stories) == len({name for name, _ in stories}) == len({sid for _, sid in stories})  # as written
    return dict(stories)


@pytest.fixture(scope="module")
def store(module_db_url) -> tuple[str, dict[str, int]]:
    path = module_db_url
    return path, build_store(path)


@pytest.fixture(scope="module")
def client(store):
    with TestClient(create_app(store[0])) as c:
        yield c


@pytest.fixture(scope="module")
def ids(store) -> dict[str, int]:
    return store[1]


def test_fixture_stories_are_apart(ids):
    assert ids["flood"] != ids["probe"] != ids["strike"] != ids["flood"]


def test_stories_paged_newest_and_largest(client, ids):
    newest = client.get("/api/stories").json()
    assert newest["total"] >= 3
    assert newest["stories"][0]["id"] == ids["strike"]  # June is the latest
    largest = client.get("/api/stories", params={"order": "largest"}).json()
    assert largest["stories"][0]["id"] == ids["flood"]
    page = client.get("/api/stories", params={"limit": 1, "offset": 1}).json()
    assert len(page["stories"]) == 1 and page["stories"][0]["id"] == newest["stories"][1]["id"]
    assert client.get("/api/stories", params={"order": "oldest"}).status_code == 422


def test_story_detail_has_cited_summary(client, ids):
    story = client.get(f"/api/stories/{ids['flood']}", params={"words": 60}).json()
    assert story["article_count"] == 4
    summary = story["summary"]
    assert summary["sentences"] and summary["word_count"] <= 60 and summary["words"] == 50  # the budget asked for, at most
    for words in (40, 99):
        update = client.get(f"/api/stories/{ids['flood']}/update", params={"since": "2000-01-01", "words": words}).json()
        assert update["sentences"] and update["word_count"] <= update["words"] <= words
    texts = {a[1]: a[5] for a in ARTICLES}
    for s in summary["sentences"]:
        assert s["text"] in texts[s["article_id"]]  # whole source sentences, verbatim
        assert s["context"]["sentence"].endswith(s["text"])  # in context: the whole sentence, dateline too
        assert s["href"].endswith(f"#s{s['sentence_index']}")
        cited = summary["citations"][s["n"] - 1]
        assert cited["id"] == s["article_id"] and cited["n"] == s["n"]
    places = {c["id"]: c["place"] for c in summary["citations"]}
    assert places.get("flood-1") == "Marrowby"  # the dateline, left out of the sentence, stays in the citation
    chart = story["articles_per_day"]
    assert [b["date"] for b in chart["buckets"]] == ["2031-03-03", "2031-03-04", "2031-03-05"]
    assert chart["buckets"][0]["counts"] == {"Valley Post": 1, "Northern Wire": 1}
    assert {g["source"]: g["count"] for g in story["sources"]} == {"Valley Post": 2, "Northern Wire": 1, "Harbour Times": 1}


def test_story_update_since(client, ids):
    sid = ids["flood"]
    update = client.get(f"/api/stories/{sid}/update", params={"since": "2031-03-05"}).json()
    assert update["since"] == "2031-03-05" and update["new_articles"] == 1
    assert update["sentences"] and {s["article_id"] for s in update["sentences"]} == {"flood-4"}
    detail = client.get(f"/api/stories/{sid}", params={"since": "2031-03-05"}).json()
    assert detail["update"]["sentences"] == update["sentences"]
    after = client.get(f"/api/stories/{sid}/update", params={"since": "2031-04-01"}).json()
    assert after["nothing_new"] and after["sentences"] == []
    assert client.get(f"/api/stories/{sid}/update", params={"since": "yesterday"}).status_code == 422
    assert client.get(f"/api/stories/{sid}/update").status_code == 422


def test_unknown_things_are_404(client):
    assert client.get("/api/stories/987654").status_code == 404
    assert client.get("/api/articles/no-such-article").status_code == 404
    assert client.get("/stories/987654").status_code == 404
    assert "No such article" in client.get("/articles/no-such-article").text


def test_a_malformed_page_address_is_an_html_page_and_an_api_one_json(client):
    for url, status, text in [("/stories/abc", 404, "no page /stories/abc"), ("/stories/\u0663", 404, "no page"),
                              ("/?page=0", 400, "page: Input should be greater than or equal to 1"),
                              ("/search?q=" + "x" * 600, 400, "q: String should have at most 500 characters")]:
        r = client.get(url)  # JSON 422 before, on a page a reader follows
        assert r.status_code == status and r.headers["content-type"].startswith("text/html") and text in r.text, url
    for url in ("/stories/1.0", "/stories/+1", "/stories/01", "/stories/-1", "/stories/99999999999999999999"):
        r = client.get(url)  # one address per story: 1.0, +1 and 01 showed story 1 before
        assert r.status_code == 404 and f"no page {url}" in r.text, url
    for url in ("/api/stories/abc", "/api/stories/1.0", "/api/stories/01/update", "/api/stories/+1/articles"):
        r = client.get(url)
        assert r.status_code == 404 and r.json() == {"detail": "Not Found"}, url


def test_article_with_sentences(client, ids):
    body = client.get("/api/articles/flood-3").json()
    assert body["story_id"] == ids["flood"]
    assert [s["index"] for s in body["sentences"]] == [0, 1, 2]
    assert body["sentences"][1]["text"].startswith("Mayor Ines Calder said 412 homes")


def test_search(client):
    hits = client.get("/api/search", params={"q": "solar panels"}).json()["results"]
    assert [(h["article_id"], h["sentence_index"]) for h in hits] == [("probe-2", 1)]
    assert hits[0]["href"] == "/articles/probe-2#s1"
    assert client.get("/api/search", params={"q": 'panels" OR *'}).status_code == 200  # no FTS syntax injection
    page = client.get("/search", params={"q": "solar panels"})
    assert 'href="/articles/probe-2#s1"' in page.text


def test_story_page_links_citations_to_sentences(client, ids):
    page = client.get(f"/stories/{ids['flood']}")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert 'class="cite"' in html and 'data-panel="sum-1"' in html and 'id="sum-1" hidden' in html
    assert 'class="cited-sentence"' in html and "<svg" in html and 'type="date"' in html
    assert "Valley Post" in html and "Harbour Times" in html and "· <bdi>Marrowby</bdi> ·" in html
    assert "content-security-policy" in page.headers
    since = client.get(f"/stories/{ids['flood']}", params={"since": "2031-03-05"}).text
    assert 'data-panel="upd-1"' in since and "cracks in the old stone bridge" in since
    assert "Pick a date" in client.get(f"/stories/{ids['flood']}", params={"since": "soon"}).text


def test_article_page_has_sentence_anchors(client):
    html = client.get("/articles/flood-3").text
    assert 'id="s0"' in html and 'id="s2"' in html and "Volunteers filled sandbags" in html


def test_list_and_docs_pages(client, ids):
    html = client.get("/").text
    assert f'href="/stories/{ids["probe"]}"' in html and "Lantern sends first signal" in html
    assert "/api/stories/{story_id}" in client.get("/api/docs").text
    schema = client.get("/api/openapi.json").json()
    assert {"/api/stories", "/api/stories/{story_id}", "/api/stories/{story_id}/update", "/api/search",
            "/api/ingest", "/api/articles/{article_id}"} <= set(schema["paths"])


def test_article_text_is_escaped_everywhere(client, ids):
    for url in (f"/stories/{ids['strike']}", "/articles/strike-1", "/?order=newest", "/search?q=leaflet+gate"):
        html = client.get(url).text
        assert XSS not in html and "<img src=x" not in html and "Glass Gazette <b>" not in html, url
    article = client.get("/articles/strike-1").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article
    assert "&lt;img src=x onerror=" in article
    feed = client.get(f"/stories/{ids['strike']}/feed.atom").text
    assert XSS not in feed and "<img src=x" not in feed


def test_story_feed_has_one_entry_per_day(client, ids):
    response = client.get(f"/stories/{ids['flood']}/feed.atom")
    assert response.headers["content-type"].startswith("application/atom+xml")
    ET.fromstring(response.content)  # well-formed XML
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert [e.published[:10] for e in feed.entries] == ["2031-03-05", "2031-03-04", "2031-03-03"]
    assert len({e.id for e in feed.entries}) == 3
    newest = feed.entries[0]
    linked = re.findall(r'/articles/([\w-]+)#s\d+', newest.content[0].value)
    assert linked and set(linked) == {"flood-4"}  # the day's update cites only that day's article
    assert newest.link.endswith(f"/stories/{ids['flood']}?since=2031-03-05")


def test_site_feed_has_one_entry_per_story(client, ids):
    response = client.get("/feed.atom")
    ET.fromstring(response.content)
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert [e.link.rsplit("/", 1)[-1] for e in feed.entries] == [str(ids[n]) for n in ("strike", "probe", "flood")]
    assert "Lantern" in feed.entries[1].title


def test_ingest_is_off_without_a_token(client):
    body = {"articles": [{"text": "A quiet day in Marrowby."}]}
    assert client.post("/api/ingest", json=body).status_code == 403
    assert client.post("/api/ingest", json=body, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 403


@pytest.fixture
def writable(db_url):
    path = db_url
    build_store(path)
    with TestClient(create_app(path, token=TOKEN, max_body=64 * 1024)) as c:
        yield c


def test_ingest_needs_the_right_token(writable):
    body = {"articles": [{"text": "The Marrowby ferry resumed service on Friday."}]}
    assert writable.post("/api/ingest", json=body).status_code == 401
    wrong = writable.post("/api/ingest", json=body, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"


def test_ingest_json_articles(writable):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    body = {
        "articles": [
            {"id": "flood-5", "title": "Marrowby ferry returns", "source": "Valley Post", "published": "2031-03-06",
             "text": "The Marrowby ferry resumed service across the river Alder on Thursday. "
                     "Mayor Ines Calder thanked the volunteers of the lower town.", "desk": "regional"},
            {"title": "no text here"},
        ]
    }
    result = writable.post("/api/ingest", json=body, headers=auth).json()
    assert result["added"] == ["flood-5"] and len(result["failed"]) == 1 and "text" in result["failed"][0]
    article = writable.get("/api/articles/flood-5").json()
    assert article["published"] == "2031-03-06" and article["meta"] == {"desk": "regional"}
    assert writable.post("/api/ingest", json=body, headers=auth).json()["duplicates"] == ["flood-5"]
    assert writable.post("/api/ingest", content=b"{not json", headers={**auth, "content-type": "application/json"}).status_code == 400
    nan = b'{"id": "flood-9", "text": "The river rose. It rose again.", "level": NaN}'
    refused = writable.post("/api/ingest", content=nan, headers={**auth, "content-type": "application/json"})
    assert refused.status_code == 400 and "NaN is not a JSON value" in refused.json()["detail"]
    for kind in ("text/plain", "application/jsonfoo"):  # the second was read as JSON before
        assert writable.post("/api/ingest", content=b"{}", headers={**auth, "content-type": kind}).status_code == 415
    assert writable.post("/api/ingest", json=body, headers={**auth, "content-type": "Application/JSON; charset=utf-8"}).status_code == 200
    for kind in ("multipart/form-data", "multipart/form-data; boundary=x"):  # no boundary; a body without parts
        refused = writable.post("/api/ingest", content=b"abc", headers={**auth, "content-type": kind})
        assert refused.status_code == 400 and "multipart" in refused.json()["detail"], (kind, refused.text)


def test_ingest_uploaded_files(writable):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    lines = "\n".join(json.dumps(r) for r in [
        {"id": "probe-3", "source": "Orbit Weekly", "published": "2031-05-12",
         "text": "The Lantern probe passed the orbit of the moon on Monday."},
        {"id": "probe-4", "text": "Lantern fired its engine for the first time."},
    ])
    text = "# Pellow talks\n\nPellow glassworks managers met union leaders on Tuesday. The talks will resume next week."
    page = (b"<html><head><title>Pellow vote</title><script>alert(3)</script></head><body><article>"
            b"<p>Workers at the Pellow glassworks will vote on the new pay offer on Friday. Union leaders said "
            b"the offer was a real step forward for the furnace crews.</p></article></body></html>")
    files = [("file", ("more.jsonl", lines.encode(), "application/x-ndjson")),
             ("file", ("talks.md", text.encode(), "text/markdown")),
             ("file", ("../../etc/page.html", page, "text/html")),
             ("file", ("blank.txt", b"   ", "text/plain"))]
    result = writable.post("/api/ingest", files=files, data={"source": "Glass Gazette", "date": "2031-06-02"}, headers=auth).json()
    assert result["added"][:2] == ["probe-3", "probe-4"] and len(result["added"]) == 4, result
    assert len(result["failed"]) == 1 and result["failed"][0].startswith("blank.txt: ")
    talks = writable.get(f"/api/articles/{result['added'][2]}").json()
    assert (talks["title"], talks["source"], talks["published"]) == ("Pellow talks", "Glass Gazette", "2031-06-02")
    vote = writable.get(f"/api/articles/{result['added'][3]}").json()
    assert vote["origin"] == "page.html" and "alert" not in json.dumps(vote["sentences"])
    big = ("file", ("big.txt", b"word " * 20_000, "text/plain"))  # 100 kB: over this app's 64 kB limit
    assert writable.post("/api/ingest", files=[big], headers=auth).status_code == 413


def test_large_upload_never_touches_the_file_system(tmp_path, monkeypatch):
    import tempfile

    build_store(tmp_path / "big.db")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-temp-files"))  # a spilled part would fail here
    record = {"id": "padded-1", "text": "The Marrowby archive scanned its flood photographs.", "scan": "x" * 1_500_000}
    data = json.dumps(record).encode()  # over python-multipart's 1 MB spill size, under the 5 MB limit
    with TestClient(create_app(tmp_path / "big.db", token=TOKEN)) as c:
        response = c.post("/api/ingest", files=[("file", ("scans.jsonl", data, "application/x-ndjson"))],
                          headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200 and response.json()["added"] == ["padded-1"]
    assert not (tmp_path / "no-temp-files").exists()


def test_body_size_limit(writable):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    big = {"articles": [{"text": "word " * 20_000}]}
    assert writable.post("/api/ingest", json=big, headers=auth).status_code == 413

    def chunks():  # no Content-Length: the limit is counted as the body arrives
        for _ in range(20):
            yield b"x" * 8192

    assert writable.post("/api/ingest", content=chunks(), headers={**auth, "content-type": "application/json"}).status_code == 413


def test_new_articles_show_without_restart(writable):
    before = writable.get("/api/stories").json()["total"]
    auth = {"Authorization": f"Bearer {TOKEN}"}
    body = {"articles": [{"id": "lone-1", "published": "2031-09-01", "source": "Valley Post",
                          "text": "A rare white stork nested on the chimney of the Marrowby town hall. Birdwatchers came from far away."}]}
    result = writable.post("/api/ingest", json=body, headers=auth).json()
    assert result["added"] == ["lone-1"]
    assert result["stories"]["lone-1"] is not None
    stories = writable.get("/api/stories").json()
    assert stories["total"] == before + 1 and stories["stories"][0]["article_ids"] == ["lone-1"]


def test_chart_is_escaped_svg(client, ids):
    from storyline.web import chart

    page = client.get(f"/stories/{ids['strike']}").text
    svg = page[page.index("<svg"): page.index("</svg>") + 6]
    root = ET.fromstring(svg)  # well-formed, source names escaped
    titles = [t.text for t in root.iter("{http://www.w3.org/2000/svg}title")]
    assert "1 Jun: Glass Gazette <b>, 1 article" in titles
    long = chart.count([build_article("A day.", id=f"d{i}", source=f"S{i % 9}", published=D(2031, 1, 1) + dt.timedelta(days=3 * i))
                        for i in range(40)])
    assert long.unit == "week" and len(long.sources) == 8 and long.sources[-1] == chart.OTHER
    assert sum(long.counts.values()) == 40


def test_facts_panel(client, ids):
    facts = client.get(f"/api/stories/{ids['flood']}").json()["facts"]
    assert facts is not None
    assert set(facts) == {"conflicting", "developing", "agreed", "single_source", "entities"}
    groups = facts["conflicting"] + facts["developing"] + facts["agreed"] + facts["single_source"]
    assert groups and all(q["href"].startswith("/articles/flood-") for g in groups for q in g["statements"])
    assert 'id="facts"' in client.get(f"/stories/{ids['flood']}").text


def test_a_figure_many_reports_repeat_lists_a_few_of_them(db_url):
    with storyline.open(db_url, cluster=False) as engine:
        engine.add_articles([build_article(f"Report {k}: the storm damaged 12 ships in Brenna, the port office said.",
                                           id=f"ships-{k}", source="Valley Post", published=D(2031, 3, 3)) for k in range(8)])
        with engine.store.transaction():
            for k in range(8):
                engine.store.assign(f"ships-{k}", 1)
    with TestClient(create_app(db_url)) as c:
        page = c.get("/stories/1").text
        api = c.get("/api/stories/1").json()["facts"]
    facts = page[page.index('id="facts"'):]
    assert facts.count('class="statement"') == 5 and "and 3 more reports" in facts
    assert len(api["agreed"][0]["statements"]) == 8  # the API keeps every statement


def test_an_undated_story_page_says_why_it_has_no_timeline(db_url):
    with storyline.open(db_url, cluster=False) as engine:
        engine.add_articles([build_article(f"Crews on the Tamsin levee worked through Tuesday night, report {k} said.",
                                           id=f"levee-{k}", source="Valley Post") for k in range(2)])
        with engine.store.transaction():
            for k in range(2):
                engine.store.assign(f"levee-{k}", 1)
    with TestClient(create_app(db_url)) as c:
        page = c.get("/stories/1").text
    timeline = page[page.index('id="timeline"'):]
    assert "carry no publication date" in timeline[: timeline.index("</section>")]


def test_requests_do_not_reach_the_file_system(client):
    for url in ("/static/..%2fapp.py", "/static/../web/app.py", "/articles/..%2F..%2Fetc%2Fpasswd", "/api/articles/%2Fetc%2Fpasswd"):
        assert client.get(url).status_code == 404, url
    assert client.get("/static/style.css").status_code == 200


def test_serve_needs_a_store(tmp_path, capsys):
    from storyline.cli.main import main

    assert main(["--db", str(tmp_path / "missing.db"), "serve"]) == 2
    assert "no store at" in capsys.readouterr().err
    assert not (tmp_path / "missing.db").exists()


def test_serve_answers_only_to_this_machines_names(store, monkeypatch, capsys):
    import uvicorn

    from storyline.cli import serve
    from storyline.cli.main import main

    served = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: served.append(app))
    monkeypatch.setattr(serve, "_settle", lambda: None)
    assert main(["--db", str(store[0]), "serve", "--allow-host", "News.Example"]) == 0
    assert "--allow-host" not in capsys.readouterr().out
    assert main(["--db", str(store[0]), "serve", "--host", "0.0.0.0"]) == 0
    assert "no --allow-host: any host name a request gives is answered" in capsys.readouterr().out
    local, exposed = served
    with TestClient(local, base_url="http://127.0.0.1:8000") as c:
        for name in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000", "news.example"):
            assert c.get("/api/stories", headers={"host": name}).status_code == 200, name
        for name in ("rebound.example:8000", "127.0.0.1.rebound.example", ""):
            assert c.get("/api/stories", headers={"host": name}).status_code == 400, name
    with TestClient(exposed) as c:  # bound for other machines: whatever name they use
        assert c.get("/api/stories", headers={"host": "newsbox.lan:8000"}).status_code == 200


def test_story_list_pages(client, ids, monkeypatch):
    from storyline.web import pages

    monkeypatch.setattr(pages, "PER_PAGE", 1)
    first = client.get("/", params={"order": "largest"}).text
    assert f'href="/stories/{ids["flood"]}"' in first and 'rel="next"' in first and 'rel="prev"' not in first
    second = client.get("/", params={"order": "largest", "page": 2}).text
    assert f'href="/stories/{ids["flood"]}"' not in second and 'rel="prev"' in second
    assert client.get("/", params={"page": 0}).status_code == 400  # an HTML page, as for every page
    past = client.get("/", params={"page": 99})  # "No stories yet" and "page 99 of 3" before
    assert past.status_code == 404 and "No stories on this page: there are 3 pages." in past.text
    assert 'href="/?order=newest&amp;page=3"' in past.text and "page 99 of" not in past.text


def test_head_is_answered_as_get_without_a_body(client, ids):
    for url in ["/", f"/stories/{ids['flood']}", "/api/stories", f"/stories/{ids['flood']}/feed.atom", "/static/style.css"]:
        head, get = client.head(url), client.get(url)  # 405 before, but for /static
        assert head.status_code == get.status_code == 200 and head.content == b"", url
        assert head.headers["content-length"] == get.headers["content-length"] == str(len(get.content)), url
        assert head.headers["content-security-policy"] == get.headers["content-security-policy"]
    assert client.head("/no-such-page").status_code == 404


def test_an_update_from_after_the_last_article_says_there_is_none(client, ids):
    page = client.get(f"/stories/{ids['flood']}", params={"since": "2099-01-01"}).text
    assert "0 articles from" in page and "No article of this story is from that date on." in page
    assert "Nothing new" not in page  # "the newer articles repeat what was already reported", of none, before


def test_update_views_are_shared_between_dates(client, ids):
    sid = ids["flood"]
    a = client.get(f"/api/stories/{sid}/update", params={"since": "2031-03-04"}).json()
    b = client.get(f"/api/stories/{sid}/update", params={"since": "2031-02-01"}).json()
    c = client.get(f"/api/stories/{sid}", params={"since": "2031-03-03"}).json()["update"]
    assert (a["since"], b["since"], c["since"]) == ("2031-03-04", "2031-02-01", "2031-03-03")
    assert a["new_articles"] == 2 and b["new_articles"] == c["new_articles"] == 4
    assert b["sentences"] == c["sentences"] and {s["article_id"] for s in a["sentences"]} <= {"flood-3", "flood-4"}


def test_story_articles_with_sentences(client, ids):
    body = client.get(f"/api/stories/{ids['flood']}/articles").json()
    assert [a["id"] for a in body["articles"]] == ["flood-1", "flood-2", "flood-3", "flood-4"]
    assert all(a["sentences"] and a["story_id"] == ids["flood"] for a in body["articles"])
    assert body["articles"][2]["sentences"][2]["text"].startswith("Volunteers filled sandbags")
    assert client.get("/api/stories/987654/articles").status_code == 404
    page = client.get(f"/api/stories/{ids['flood']}/articles", params={"limit": 2, "offset": 1}).json()
    assert (page["total"], page["limit"], page["offset"]) == (4, 2, 1)
    assert [a["id"] for a in page["articles"]] == ["flood-2", "flood-3"]
    assert client.get(f"/api/stories/{ids['flood']}/articles", params={"limit": 501}).status_code == 422


def test_story_list_pages_have_titles_of_their_own(client):
    titles = [client.get("/", params=p).text.split("<title>")[1].split("</title>")[0]
              for p in ({}, {"page": 2}, {"order": "largest"})]
    assert titles == ["Stories · storyline", "Stories · page 2 · storyline", "Stories, largest · storyline"]


def test_api_shows_no_server_paths(tmp_path, db_url):
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "note.txt").write_text("The Marrowby library opened a new reading room on Friday.")
    with storyline.open(db_url) as engine:
        [aid] = engine.ingest([tmp_path / "inbox" / "note.txt"]).added
    with TestClient(create_app(db_url)) as c:
        body = c.get(f"/api/articles/{aid}").json()
    assert body["origin"] == "note.txt" and str(tmp_path) not in json.dumps(body)


def test_cli_and_api_print_the_same_story_and_article_shapes(store, client, ids, capsys):
    from storyline.cli.main import main

    db = str(store[0])
    assert main(["--db", db, "stories", "--json"]) == 0
    cli_stories = json.loads(capsys.readouterr().out)
    api_stories = client.get("/api/stories", params={"limit": 200}).json()["stories"]
    assert cli_stories == api_stories  # one shape, the same values
    detail = client.get(f"/api/stories/{ids['flood']}").json()
    assert set(cli_stories[0]) <= set(detail)

    assert main(["--db", db, "show", "flood-3", "--json"]) == 0
    cli_article = json.loads(capsys.readouterr().out)
    api_article = client.get("/api/articles/flood-3").json()
    shared = set(cli_article) & set(api_article)
    assert shared >= {"id", "title", "source", "published", "url", "format", "sentences_count", "meta", "sentences"}
    assert {k: cli_article[k] for k in shared} == {k: api_article[k] for k in shared}

    assert main(["--db", db, "search", "solar", "panels", "--json"]) == 0
    cli_hits = json.loads(capsys.readouterr().out)
    api_hits = client.get("/api/search", params={"q": "solar panels"}).json()["results"]
    assert [{k: h[k] for k in cli_hits[0]} for h in api_hits] == cli_hits


def test_the_web_takes_nothing_from_the_cli():
    import ast

    for path in (Path(storyline.__file__).parent / "web").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith("storyline.cli"), path.name


def test_feeds_stay_xml_whatever_an_article_holds(tmp_path):
    """U+FFFE and U+FFFF are text to Python and to the store, but XML 1.0 forbids them."""
    db = tmp_path / "odd.db"
    odd = build_article("The ferry to Marrowby sailed again \uffff at noon after the storm. Its crew\ufffe cheered.",
                        title="Ferry \uffff sails", published=dt.date(2031, 3, 3), source="Wire\ufffe")
    with storyline.open(db) as engine:
        engine.add_articles([odd])
        story = engine.story_of(odd.id)
    with TestClient(create_app(str(db))) as client:
        for url in ("/feed.atom", f"/stories/{story}/feed.atom"):
            response = client.get(url)
            assert response.status_code == 200, url
            ET.fromstring(response.content)  # well-formed
            assert "Ferry  sails" in response.text and "\uffff" not in response.text, url


def test_right_to_left_titles_are_isolated_and_a_search_echoes_no_controls(tmp_path):
    rtl = "\u0647\u0644 \u0627\u0646\u062a\u0647\u062a \u0627\u0644\u0623\u0632\u0645\u0629\u061f"  # ours: "is the crisis over?"
    reports = [
        build_article(f"Ferry crews at Kestrel harbour ended their strike on day {k}, the union said. Crossings resumed.",
                      id=f"k{k}", title=rtl if k == 1 else None, published=dt.date(2031, 5, 6 + k))  # fmt: skip
        for k in (1, 2)
    ]
    with storyline.open(tmp_path / "s.db") as engine:
        engine.add_articles(reports)
        story = engine.story_of("k1")
    with TestClient(create_app(tmp_path / "s.db")) as client:
        page = client.get(f"/stories/{story}").text
        assert f'<a dir="auto" href="/articles/k1">{rtl}</a>' in page  # the date beside it stays in its place
        found = client.get("/search", params={"q": "\u202eferry\x1b"})
        api = client.get("/api/search", params={"q": "\u202eferry\x1b"}).json()
    assert "\u202e" not in found.text and "\x1b" not in found.text and "<title>ferry · Search" in found.text
    assert api["query"] == "ferry" and api["results"]


def test_an_article_page_reads_its_story_from_the_cache_and_links_its_json_by_a_quoted_id(tmp_path, monkeypatch):
    import storyline.engine.stories as stories

    reports = [build_article(f"Ferry crews at Kestrel harbour stayed out on day {k}, the union said. Crossings stopped.",
                             id=f"../k{k}", published=dt.date(2031, 5, 1 + k)) for k in range(3)]  # fmt: skip
    with storyline.open(tmp_path / "s.db") as engine:
        engine.add_articles(reports)
    built = []
    headline = stories.headline
    monkeypatch.setattr(stories, "headline", lambda articles: built.append(1) or headline(articles))
    with TestClient(create_app(tmp_path / "s.db")) as client:
        pages = [client.get("/articles/..%2Fk1").text for _ in range(3)]
    assert len(built) == 1  # the story was built again on every view before
    assert 'href="/api/articles/..%2Fk1">JSON</a>' in pages[0]  # "/api/articles/../k1" before: another page


def test_a_title_of_megabytes_is_cut_with_a_warning():
    article = build_article("The ferry sailed at dawn, the port said.", title="T" * 4_000_000)
    assert len(article.title) == 1001 and article.title.endswith("…")
    assert article.meta["warnings"] == ["title of 4,000,000 characters cut to 1,000"]


def test_a_loopback_bind_of_any_address_checks_the_host_and_allow_host_is_honoured_everywhere(tmp_path):
    from storyline.cli.serve import allowed_hosts

    assert allowed_hosts("127.0.0.2", ["News.example"]) == ["127.0.0.1", "localhost", "[::1]", "127.0.0.2", "news.example"]
    assert allowed_hosts("0.0.0.0", ["news.example"]) == ["news.example", "0.0.0.0"]  # ignored before
    assert allowed_hosts("0.0.0.0", []) is None and allowed_hosts("::1", [])[:3] == ["127.0.0.1", "localhost", "[::1]"]
    with storyline.open(tmp_path / "s.db") as engine:
        engine.add_articles([build_article("Ferry crews at Kestrel harbour stayed out, the union said.", id="k1")])
    app = create_app(tmp_path / "s.db", hosts=allowed_hosts("127.0.0.2", []))  # any Host was taken before
    with TestClient(app, base_url="http://127.0.0.2") as client:
        assert client.get("/api/articles/k1").status_code == 200
        assert client.get("/api/articles/k1", headers={"Host": "rebind.attacker.example"}).status_code == 400
