"""Feed subscriptions and polling against a local web site (tests/feedsite.py): no internet."""

from __future__ import annotations

import datetime as dt
import gzip
import itertools
import socket
import threading
import time
import zlib

import pytest
from feedsite import REPORTS, Site, item, news_feed, rss

import storyline
from storyline.ingest.errors import ReadError
from storyline.ingest.feed import read_feed
from storyline.ingest.fetch import Fetcher, FetchError, _public
from storyline.ingest.poll import Poller, check_feed, parse_interval
from storyline.ingest.subscriptions import Listed, follow


@pytest.fixture
def site():
    s = Site()
    yield s
    s.close()


def poller(**fetch) -> Poller:
    fetch.setdefault("host_delay", 0.0)
    fetch.setdefault("allow_private", True)  # the test site is on 127.0.0.1
    return Poller(fetcher=Fetcher(**fetch))


def subscribe(engine, *urls, full_text=None):
    follow(engine.store, [Listed(u) for u in urls], full_text=full_text)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def by_url(outcomes):
    return {o.url: o for o in outcomes}


def test_first_poll_takes_every_entry_then_304_then_exactly_the_new_ones(tmp_path, site):
    url = site.put("/news.xml", news_feed(3), gzip=True)
    with storyline.open(tmp_path / "s.db") as engine, poller() as p:
        subscribe(engine, url)
        [first] = p.poll(engine)
        assert (first.status, first.new, first.error) == ("ok", 3, "")
        assert engine.count_articles() == 3
        asked = site.asked("/news.xml")[0]
        assert asked["user-agent"].startswith(f"storyline/{storyline.__version__} (")
        assert "gzip" in asked["accept-encoding"] and "if-none-match" not in asked
        feed = engine.store.feed(url)
        assert feed.title == "Wren Gazette - News" and feed.etag and feed.new_entries == 3
        assert feed.next_due > feed.last_fetch  # not due again before the interval

        [second] = p.poll(engine, everything=True)
        conditional = site.asked("/news.xml")[-1]
        assert conditional["if-none-match"] == feed.etag
        assert conditional["if-modified-since"] == feed.last_modified
        assert (second.status, second.new) == ("not modified", 0) and engine.count_articles() == 3

        site.put("/news.xml", news_feed(5))
        [third] = p.poll(engine, everything=True)
        assert (third.status, third.new) == ("ok", 2) and engine.count_articles() == 5
        assert engine.store.feed(url).new_entries == 2
        titles = {a.title for a in engine.articles()}
        assert titles == {r[0] for r in REPORTS}
        assert {a.format for a in engine.articles()} == {"feed"} and all(a.published for a in engine.articles())


BOMB = (
    '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(12))
    + ']><rss version="2.0"><channel><title>Bomb</title><item><title>Boom</title><description>&m;</description>'
    "</item></channel></rss>"
)
EXTERNAL = (
    '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/hostname">]>'
    '<rss version="2.0"><channel><title>Leak</title><item><title>Leak</title>'
    "<description>The host is &secret; today, the report said in full.</description></item></channel></rss>"
)
HIDDEN = (  # a declaration in a comment: not one to expat, but feedparser lifts it out of the prolog
    '<?xml version="1.0"?>\n<!--\n<!ENTITY a "' + "A" * 1000 + '">\n-->\n<!DOCTYPE rss>\n<rss version="2.0"><channel>'
    "<title>T</title><item><title>t</title><description>" + "&a; " * 1000 + "</description></item></channel></rss>"
)
# a junk doctype and "<a" in a comment end the prolog as feedparser splits it, so a declaration after
# them is not lifted out; feedparser then drops the first doctype and expat expands the second's entities
PAST_PROLOG = (
    '<!DOCTYPE junk>\n<!-- <a -->\n<?pi x > <!-- ?>\n<!DOCTYPE rss [<!ENTITY e "EXPANDED">]>\n<!-- -->\n'
    '<rss version="2.0"><channel><title>T</title><item><title>t</title><description>The harbour reopened. '
    "&e; &e; done.</description></item></channel></rss>"
)
HTML_PAGE = "<!doctype html><html><head><title>Wren Gazette</title></head><body><p>Welcome to our site.</p></body></html>"


def test_each_bad_feed_gets_one_clear_error_and_the_others_go_on(tmp_path, site):
    good = site.put("/good.xml", news_feed(2))
    bad = {
        "timeout": site.put("/slow.xml", news_feed(1), delay=3),
        "http 404": site.url("/gone.xml"),
        "http 503": site.put("/down.xml", "busy", status=503, content_type="text/plain", headers={"Retry-After": "7200"}),
        "not a feed": site.put("/page.xml", HTML_PAGE, content_type="text/html"),
        "malformed": site.put("/broken.xml", '<?xml version="1.0"?><rss version="2.0"><channel><title>X</ti'),
        "entities": site.put("/bomb.xml", BOMB),
        "too large": site.put("/big.xml", news_feed(1).replace("</channel>", "<!--" + "x" * 300_000 + "--></channel>")),
        "redirect loop": site.put("/loop-a.xml", location=site.url("/loop-b.xml")),
        "network": f"http://127.0.0.1:{closed_port()}/feed.xml",  # nothing listens there
        "http 429": site.put("/busy.xml", "later", status=429, content_type="text/plain", headers={"Retry-After": "9" * 30}),
    }
    site.put("/loop-b.xml", location=site.url("/loop-a.xml"))
    external = site.put("/external.xml", EXTERNAL)
    zipped = site.put("/zipbomb.xml", gzip.compress(b"<rss>" + b" " * 2_000_000), content_type="application/xml",
                      headers={"Content-Encoding": "gzip"}, validators=False)
    chain = site.put("/r0.xml", location=site.url("/r1.xml"))
    for n in range(1, 8):
        site.put(f"/r{n}.xml", location=site.url(f"/r{n + 1}.xml"))
    moved = site.put("/old.xml", location=site.url("/good.xml"), status=301)
    with storyline.open(tmp_path / "s.db") as engine, poller(read_timeout=0.5, max_bytes=200_000) as p:
        subscribe(engine, good, *bad.values(), external, zipped, chain, moved)
        start = time.perf_counter()
        outcomes = by_url(p.poll(engine))
        took = time.perf_counter() - start
        assert took < 20  # the slow feed waited 0.5 s, the bomb was refused before any expansion
        for kind, url in bad.items():
            assert outcomes[url].status == kind and outcomes[url].new == 0, (kind, outcomes[url])
            line = outcomes[url].line()
            assert "\n" not in line and line.startswith(f"{url}: error: "), line
            feed = engine.store.feed(url)
            assert feed.last_status == kind and feed.last_error and feed.failures == 1
        assert "timed out" in outcomes[bad["timeout"]].error
        assert "HTML page" in outcomes[bad["not a feed"]].error
        assert "malformed XML (line 1" in outcomes[bad["malformed"]].error
        assert "declares XML entities" in outcomes[bad["entities"]].error
        assert "redirect loop" in outcomes[bad["redirect loop"]].error
        assert outcomes[external].status == "entities"  # an external entity is never read either
        assert outcomes[zipped].status == "too large"  # the cap counts decompressed bytes
        assert outcomes[chain].status == "redirect loop" and "more than 5 redirects" in outcomes[chain].error
        assert (outcomes[good].status, outcomes[good].new) == ("ok", 2)
        assert (outcomes[moved].status, outcomes[moved].new) == ("ok", 0)  # followed the 301: the same two entries
        assert engine.count_articles() == 2

        # backoff: a failed feed waits interval * 2 (Retry-After: longer), a good one the interval
        now = dt.datetime.fromisoformat(engine.store.feed(good).last_fetch)
        due = {url: dt.datetime.fromisoformat(engine.store.feed(url).next_due) - now for url in [good, *bad.values()]}
        assert due[good] == p.interval and due[bad["http 404"]] == 2 * p.interval
        assert due[bad["http 503"]] == dt.timedelta(seconds=7200) and due[bad["http 429"]] == p.max_backoff
        assert p.poll(engine) == []  # nothing is due yet

        # a feed that worked and now fails: nothing stored is lost, its validators are kept
        etag = engine.store.feed(good).etag
        site.put("/good.xml", "oops", status=500, content_type="text/plain")
        [again] = [o for o in p.poll(engine, everything=True) if o.url == good]
        assert again.status == "http 500" and engine.count_articles() == 2
        assert engine.store.feed(good).etag == etag and engine.store.feed(good).failures == 1


def test_undated_future_dated_and_renamed_entries(tmp_path, site):
    (t0, d0, b0), (t1, _, b1), (t2, _, b2) = REPORTS[:3]
    url = site.put("/odd.xml", rss([
        item(t0, d0, b0),
        item(t1, None, b1),  # undated
        item(t2, "Fri, 01 Jan 2094 10:00:00 +0000", b2),  # dated decades after its fetch
    ]))
    today = dt.datetime.now(dt.UTC).date()
    with storyline.open(tmp_path / "s.db") as engine, poller() as p:
        subscribe(engine, url)
        [outcome] = p.poll(engine)
        assert (outcome.status, outcome.new) == ("ok", 3)
        dates = {a.title: a.published for a in engine.articles()}
        assert dates[t0] == dt.date(2026, 3, 10)
        assert abs(dates[t1] - today) <= dt.timedelta(days=1) and abs(dates[t2] - today) <= dt.timedelta(days=1)
        warning = engine.store.feed(url).last_warning
        assert warning == "undated: entry 2; after the fetch: entry 3 dated 2094-01-01 (dated by the fetch day)"

        # the same reports under new guids (and links): the same content ids, nothing new
        site.put("/odd.xml", rss([item(t, d, b, guid=f"urn:new:{n}", link=f"https://wren-gazette.example/v2/{n}")
                                  for n, (t, d, b) in enumerate(REPORTS[:3])]))
        [renamed] = p.poll(engine, everything=True)
        assert (renamed.status, renamed.new) == ("ok", 0) and engine.count_articles() == 3


def test_a_malformed_feed_with_readable_entries_is_read_leniently(tmp_path, site):
    title, date, body = REPORTS[0]
    url = site.put("/sloppy.xml", rss([item(title, date, body)]).replace("Wren Gazette - News", "Wren & Sons News"))
    with storyline.open(tmp_path / "s.db") as engine, poller() as p:
        subscribe(engine, url)
        [outcome] = p.poll(engine)
        assert (outcome.status, outcome.new) == ("ok", 1)
        assert "malformed XML" in engine.store.feed(url).last_warning


TEASER = "Harbour workers in Port Selna ended their strike. Read the full report on our site for the details."


def article_page(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/sport'>Sport</a></nav><article><h1>{title}</h1>{body}</article>"
        "<footer>Copyright Wren Gazette</footer></body></html>"
    )


def test_full_text_fetches_linked_pages_and_honours_robots_txt(tmp_path, site):
    full = [
        "Harbour workers in Port Selna ended a three-day strike on Wednesday after the port authority agreed to a pay rise.",
        "About 900 workers had stopped loading ships on Monday, leaving eleven vessels waiting outside the harbour.",
        "The union said the agreement also limits night shifts to two a week and adds a second rest room on the quay.",
    ]
    site.put("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    open_page = site.put("/news/strike.html", article_page("Port Selna strike ends", full), content_type="text/html")
    closed_page = site.url("/private/comet.html")
    site.put("/private/comet.html", article_page("Comet", ["Never to be fetched."]), content_type="text/html")
    feed = rss([
        item("Port Selna strike ends", "Wed, 11 Mar 2026 13:30:00 +0000", TEASER, link=open_page),
        item("A new comet", "Wed, 11 Mar 2026 07:05:00 +0000", "Astronomers named a comet. More on our site.", link=closed_page),
    ])
    url = site.put("/teasers.xml", feed)
    with storyline.open(tmp_path / "s.db") as engine, poller() as p:
        subscribe(engine, url, full_text=True)
        [outcome] = p.poll(engine)
        assert (outcome.status, outcome.new) == ("ok", 2)
        texts = {a.title: a for a in engine.articles()}
        strike = texts["Port Selna strike ends"]
        assert strike.text.startswith(full[0]) and "Copyright" not in strike.text and "Home" not in strike.text
        assert strike.url == open_page and strike.meta["full_text"] == open_page and strike.format == "feed"
        assert texts["A new comet"].text.startswith("Astronomers named a comet")  # the teaser
        assert not site.asked("/private/comet.html") and len(site.asked("/robots.txt")) == 1
        assert "robots.txt disallows" in engine.store.feed(url).last_warning

        # a new entry: only its page is fetched; the old entries are neither fetched nor stored again
        more = site.put("/news/tram.html", article_page("Tram line approved", [REPORTS[1][2]]), content_type="text/html")
        site.put("/teasers.xml", feed.replace("<item>", item("Tram line", REPORTS[1][1], "Teaser.", link=more) + "<item>", 1))
        [second] = p.poll(engine, everything=True)
        assert (second.status, second.new) == ("ok", 1) and engine.count_articles() == 3
        assert len(site.asked("/news/strike.html")) == 1 and len(site.asked("/news/tram.html")) == 1


def test_a_linked_page_that_cannot_be_read_costs_its_entry_the_page_not_the_feed_its_poll(tmp_path, site, monkeypatch):
    """A third party's page under a charset label that names no text encoding ("rot13", "zlib": the whole
    poll failed with a LookupError, every entry lost), or one a reader fails on: the feed's poll goes on."""
    from storyline.ingest import poll

    full = [
        "Ferry crews in Port Selna voted on Thursday to accept a new rota that ends double shifts on the night boats.",
        "The union said the vote was 412 to 96 and the rota starts in April, with two extra crews hired for the summer.",
    ]
    page = article_page("Ferry crews accept rota", full).replace("Port Selna", "Port S\u00e9lna").encode("cp1252")
    odd = site.put("/news/ferry.html", page, content_type="text/html; charset=rot13")
    strike = site.put("/news/strike.html", article_page("Port Selna strike ends", [REPORTS[0][2]]), content_type="text/html")
    feed = rss([
        item("Ferry crews accept rota", "Thu, 12 Mar 2026 09:00:00 +0000", "Ferry crews voted. More on our site.", link=odd),
        item("Port Selna strike ends", "Wed, 11 Mar 2026 13:30:00 +0000", TEASER, link=strike),
    ])
    url = site.put("/teasers.xml", feed)
    with storyline.open(tmp_path / "s.db") as engine, poller() as p:
        subscribe(engine, url, full_text=True)
        [outcome] = p.poll(engine)
        assert (outcome.status, outcome.new) == ("ok", 2)
        texts = {a.title: a.text for a in engine.articles()}
        assert texts["Ferry crews accept rota"].startswith("Ferry crews in Port S\u00e9lna voted")  # read as an unlabelled page

    def failing(data, **options):  # on a linked page (the feed is read as before)
        if options.get("format") == "html":
            raise RuntimeError("the reader broke")
        return reading(data, **options)

    reading = poll.read_bytes

    monkeypatch.setattr(poll, "read_bytes", failing)
    feed = rss([item("Tram line approved", REPORTS[1][1], "Teaser of the tram line.", link=strike)])
    url = site.put("/more.xml", feed)
    with storyline.open(tmp_path / "t.db") as engine, poller() as p:
        subscribe(engine, url, full_text=True)
        [outcome] = p.poll(engine)
        assert (outcome.status, outcome.new) == ("ok", 1)
        assert [a.text for a in engine.articles()] == ["Teaser of the tram line."]
        assert "could not be read (RuntimeError: the reader broke), teaser kept" in engine.store.feed(url).last_warning


def test_a_full_text_poll_fetches_a_bounded_number_of_pages_and_leaves_the_rest_for_the_next(tmp_path, site):
    """A feed of many links (or a slow host) would hold its worker for hours and outlive the lease:
    a poll fetches at most full_text_pages pages; the other new entries are neither stored as teasers
    nor marked seen, and the next poll reads the feed whole (no 304) and fetches them."""
    places = ["Port Selna", "Lindholt", "Wren Island", "Kestrel Bay", "Port Alder"]
    links = [site.put(f"/news/{n}.html", article_page(f"{place} harbour reopens", [
        f"The harbour of {place} reopened on Monday after repairs to its north quay took most of the winter.",
        f"Officials in {place} said {n + 3} ships were waiting to unload grain, timber and fuel.",
    ]), content_type="text/html") for n, place in enumerate(places)]  # fmt: skip
    feed = rss([item(f"{place} harbour reopens", f"Mon, 0{n + 2} Mar 2026 09:00:00 +0000", TEASER, link=links[n])
                for n, place in enumerate(places)])
    url = site.put("/many.xml", feed, validators=True)
    with storyline.open(tmp_path / "s.db") as engine, Poller(fetcher=Fetcher(host_delay=0.0, allow_private=True),
                                                             full_text_pages=2) as p:
        subscribe(engine, url, full_text=True)
        news = []
        for _ in range(4):
            [outcome] = p.poll(engine, everything=True)
            news.append(outcome.new)
        assert news == [2, 2, 1, 0] and engine.count_articles() == 5
        assert all(a.text.startswith("The harbour of") for a in engine.articles())  # no teaser stored
        assert [len(site.asked(f"/news/{n}.html")) for n in range(5)] == [1] * 5
        assert "if-none-match" not in site.asked("/many.xml")[2] and "if-none-match" in site.asked("/many.xml")[3]
    with storyline.open(tmp_path / "t.db") as engine, Poller(fetcher=Fetcher(host_delay=0.0, allow_private=True),
                                                             full_text_seconds=0.0) as p:
        subscribe(engine, url, full_text=True)
        [outcome] = p.poll(engine)
        assert outcome.new == 1 and "4 entries left for the next poll (1 pages fetched in this one)" in outcome.warnings


def test_the_charset_a_server_states_decodes_feeds_and_pages(tmp_path, site):
    full = [
        "The caf\u00e9 owners of Z\u00fcrich\u2019s old town reopened on Monday after the flood, the city said.",
        "About 40 caf\u00e9s had closed for a week; the \u201cmajor\u201d repairs are done, officials said.",
    ]
    page = site.put("/news/cafe.html", article_page("Caf\u00e9s reopen", full).encode("cp1252"),
                    content_type="text/html; charset=windows-1252")  # fmt: skip
    headline = "\u041a\u0430\u0444\u0435 \u0432 \u0426\u044e\u0440\u0438\u0445\u0435 \u043e\u0442\u043a\u0440\u044b\u043b\u0438\u0441\u044c"
    feed = rss([item(headline, "Mon, 09 Mar 2026 09:00:00 +0000", TEASER, link=page)]).replace(' encoding="UTF-8"', "")
    url = site.put("/cafes.xml", feed.encode("cp1251"), content_type="application/rss+xml; charset=windows-1251")
    with storyline.open(tmp_path / "s.db") as engine, poller() as p:
        subscribe(engine, url, full_text=True)
        [outcome] = p.poll(engine)
        assert (outcome.status, outcome.new, outcome.error) == ("ok", 1, "")  # "not text" before
        (cafes,) = engine.articles()
        assert cafes.title == headline and cafes.text.startswith(full[0])  # "caf\ufffd" before, without a warning
        assert "warnings" not in cafes.meta


def test_secrets_in_a_feed_url_are_shown_as_stars(tmp_path, site):
    from starlette.testclient import TestClient

    from storyline.web import create_app

    secret = site.put("/private.xml?id=7&token=SECRET123", news_feed(1))
    url = secret.replace("http://", "http://alice:s3cret@")
    with storyline.open(tmp_path / "s.db") as engine, poller() as p:
        subscribe(engine, url)
        [outcome] = p.poll(engine)
        (article,) = engine.articles()
    shown = secret.replace("http://", "http://***@").replace("SECRET123", "***")
    assert outcome.url == shown and "s3cret" not in outcome.line() and "SECRET123" not in outcome.line()
    assert article.origin == f"{shown}#1"
    with TestClient(create_app(tmp_path / "s.db")) as client:
        page, api = client.get("/feeds").text, client.get(f"/api/articles/{article.id}").text
    assert "s3cret" not in page + api and "SECRET123" not in page + api and "id=7&amp;token=***" in page


def test_secrets_stay_hidden_in_errors_that_quote_the_url_as_httpx_writes_it(tmp_path, site):
    from starlette.testclient import TestClient

    from storyline.web import create_app

    # a loop back to the same address: the message quotes the URL normalised ("a%20b"), not as stored
    site.put("/loop.xml?key=a%20b", location="/loop.xml?key=a%20b")
    url = site.url("/loop.xml?key=a b").replace("http://", "http://alice:s3cret@")
    with storyline.open(tmp_path / "s.db") as engine, poller() as p:
        subscribe(engine, url)
        [outcome] = p.poll(engine)
        stored = engine.store.feed(url).last_error
    assert outcome.status == "redirect loop" and "redirect loop (back to http://***@127.0.0.1" in outcome.line()
    with TestClient(create_app(tmp_path / "s.db")) as client:
        page = client.get("/feeds").text
    for shown in (outcome.line(), stored, page):
        assert "s3cret" not in shown and "key=a%20b" not in shown.replace("key=***", ""), shown


def test_relative_links_title_only_entries_and_robots_that_cannot_be_read(tmp_path, site):
    full = [
        "Harbour workers in Port Selna ended a three-day strike on Wednesday after the port authority agreed to a pay rise.",
        "About 900 workers had stopped loading ships on Monday, leaving eleven vessels waiting outside the harbour.",
    ]
    site.put("/news/strike.html", article_page("Port Selna strike ends", full), content_type="text/html")
    titles = rss(["<item><title>Port Selna strike ends</title><link>/news/strike.html</link></item>"])
    url = site.put("/titles.xml", titles, content_type="application/rss+xml")
    elsewhere = f"http://127.0.0.1:{closed_port()}/far.html"
    site.put("/far.xml", rss([item("A far report", None, "Teaser of a far report.", link=elsewhere)]))
    with storyline.open(tmp_path / "s.db") as engine, poller() as p:
        subscribe(engine, url, site.url("/far.xml"), full_text=True)
        outcomes = by_url(p.poll(engine))
        assert (outcomes[url].status, outcomes[url].new) == ("ok", 1)  # "entry 1: no text", no page fetched before
        strike = next(a for a in engine.articles() if a.title == "Port Selna strike ends")
        assert strike.url == site.url("/news/strike.html") and strike.text.startswith(full[0])  # "/news/strike.html"
        assert "warnings" not in strike.meta
        far = outcomes[site.url("/far.xml")].warnings
        assert any("robots.txt could not be read" in w and "teaser kept" in w for w in far), far  # not "disallows"


def test_an_http_date_in_retry_after_is_honoured():
    from storyline.ingest.fetch import retry_after

    assert retry_after("Wed, 11 Mar 2026 12:00:00 GMT", now=dt.datetime(2026, 3, 11, 7, tzinfo=dt.UTC).timestamp()) == 5 * 3600
    assert retry_after("120") == 120 and retry_after("soon") is None


def test_ctrl_c_while_polling_fetches_no_more_feeds(tmp_path, site, monkeypatch):
    urls = [site.put(f"/slow{k}.xml", news_feed(1), delay=0.2) for k in range(6)]
    fetch = Poller._fetch

    def interrupted(self, feed, *rest):
        if feed.url == urls[0]:
            raise KeyboardInterrupt  # as Ctrl-C reaches the poll while the first feed is read
        return fetch(self, feed, *rest)

    monkeypatch.setattr(Poller, "_fetch", interrupted)
    with storyline.open(tmp_path / "s.db") as engine, poller() as p:
        subscribe(engine, *urls)
        p.workers = 1
        with pytest.raises(KeyboardInterrupt):
            p.poll(engine)
        time.sleep(1.0)
    assert sum(len(site.asked(f"/slow{k}.xml")) for k in range(6)) <= 1  # every queued feed was fetched before


def test_two_polls_at_once_fetch_each_feed_once(db_url, site):
    urls = [site.put(f"/busy{k}.xml", rss([item(*REPORTS[k])]), delay=0.2) for k in range(4)]
    with storyline.open(db_url) as engine:
        subscribe(engine, *urls)
    told: list = []

    def poll_once():
        with storyline.open(db_url) as engine, poller() as p:
            told.extend(p.poll(engine))

    both = [threading.Thread(target=poll_once) for _ in range(2)]
    for t in both:
        t.start()
    for t in both:
        t.join()
    assert [len(site.asked(f"/busy{k}.xml")) for k in range(4)] == [1, 1, 1, 1]  # twice each before
    assert sorted(o.url for o in told) == sorted(urls) and sum(o.new for o in told) == 4
    with storyline.open(db_url) as engine:
        assert [f.new_entries for f in engine.store.feeds()] == [1, 1, 1, 1]  # "ok, 0 new" from the later save before


def test_entity_declarations_are_refused_before_any_expansion():
    for body in (BOMB, EXTERNAL, HIDDEN, PAST_PROLOG):
        start = time.perf_counter()
        with pytest.raises(FetchError, match="declares XML entities"):
            check_feed(body.encode())
        assert time.perf_counter() - start < 2  # 10**13 characters, were it expanded
    assert check_feed(news_feed(1).encode()) == ("Wren Gazette - News", "")
    for body in (HIDDEN, PAST_PROLOG):
        [refused] = read_feed(body, origin="hidden.rss")
        assert isinstance(refused, ReadError) and "declares XML entities" in refused.reason


def test_compressed_bodies_are_inflated_within_the_cap(site):
    feed = news_feed(2).encode()
    raw_deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    plain = {
        "/gzip.xml": (gzip.compress(feed), "gzip"),
        "/two-members.xml": (gzip.compress(feed[:100]) + gzip.compress(feed[100:]), "gzip"),
        "/zlib.xml": (zlib.compress(feed), "deflate"),
        "/raw-deflate.xml": (raw_deflate.compress(feed) + raw_deflate.flush(), "deflate"),
        "/identity.xml": (feed, "identity"),
    }
    zeros = gzip.compress(b"\0" * 300_000_000, 9)  # 300 MB in about 300 KB on the wire
    hostile = {
        "/bomb.xml": (zeros, "gzip", "too large"),
        "/stacked.xml": (gzip.compress(zeros), "gzip, gzip", "bad body"),  # httpx would inflate both layers at once
        "/brotli.xml": (feed, "br", "bad body"),  # not asked for
        "/garbled.xml": (b"\x1f\x8b" + b"x" * 100, "gzip", "bad body"),
    }
    for path, (body, coding) in plain.items():
        site.put(path, body, headers={"Content-Encoding": coding}, validators=False)
    for path, (body, coding, _) in hostile.items():
        site.put(path, body, headers={"Content-Encoding": coding}, validators=False)
    with Fetcher(host_delay=0, allow_private=True, max_bytes=1_000_000) as fetcher:
        for path in plain:
            assert fetcher.get(site.url(path)).content == feed, path
        for path, (_, _, kind) in hostile.items():
            start = time.perf_counter()
            with pytest.raises(FetchError) as refused:
                fetcher.get(site.url(path))
            assert refused.value.kind == kind, (path, refused.value)
            assert time.perf_counter() - start < 5, path  # stopped at the cap, not after inflating it all


def test_a_server_dripping_its_headers_times_out_on_the_total_time():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()

    def drip() -> None:
        conn, _ = server.accept()
        with conn:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\n")
            for _ in range(40):  # a header byte every 0.1 s: never idle for the 0.5 s read timeout
                try:
                    conn.sendall(b"X")
                except OSError:
                    return
                time.sleep(0.1)

    threading.Thread(target=drip, daemon=True).start()
    start = time.perf_counter()
    with Fetcher(host_delay=0, allow_private=True, read_timeout=0.5, total_timeout=1.0) as fetcher:
        with pytest.raises(FetchError, match=r"timed out \(no whole answer in 1 s\)") as late:
            fetcher.get(f"http://127.0.0.1:{server.getsockname()[1]}/feed.xml")
    assert late.value.kind == "timeout" and time.perf_counter() - start < 2.5
    server.close()


def test_only_public_addresses_unless_allowed(site, monkeypatch):
    url = site.put("/news.xml", news_feed(1))
    with Fetcher(host_delay=0) as fetcher:
        with pytest.raises(FetchError, match="refused: 127.0.0.1 not a public address") as refused:
            fetcher.get(url)
        assert refused.value.kind == "private address" and not site.asked("/news.xml")
    # a name is looked up once, when connecting, and the connection goes to the address checked: a second,
    # private answer (DNS rebinding) is never asked for; a private first answer is refused
    lookups = []
    real = socket.getaddrinfo

    def rebinding(host, *args, **kwargs):
        if host != "news.example":
            return real(host, *args, **kwargs)
        lookups.append(host)
        return real("192.88.99.1" if len(lookups) == 1 else "127.0.0.1", *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    with Fetcher(host_delay=0, connect_timeout=0.5) as fetcher:
        with pytest.raises(FetchError) as public:  # nothing answers there, offline or not
            fetcher.get(url.replace("127.0.0.1", "news.example"))
        assert public.value.kind in ("timeout", "network") and lookups == ["news.example"]
        with pytest.raises(FetchError, match="news.example is at 127.0.0.1, not a public address"):
            fetcher.get(url.replace("127.0.0.1", "news.example"))
    assert not site.asked("/news.xml")
    for ip, public in [("127.0.0.1", False), ("10.1.2.3", False), ("169.254.169.254", False), ("::1", False),
                       ("::ffff:192.168.0.1", False), ("fe80::1%eth0", False), ("8.8.8.8", True), ("2606:4700::1", True),
                       ("::127.0.0.1", False), ("64:ff9b::7f00:1", False), ("64:ff9b:1::a00:1", False),
                       ("2002:7f00:1::1", False), ("64:ff9b::808:808", True), ("2002:808:808::1", True)]:
        assert _public(ip) is public, ip
    with Fetcher(host_delay=0, allow_private=True) as fetcher:
        assert fetcher.get(url).status == 200


def test_one_request_at_a_time_per_host_with_a_pause_between(tmp_path, site):
    urls = [site.put(f"/f{n}.xml", news_feed(n + 1), delay=0.2) for n in range(3)]
    with storyline.open(tmp_path / "s.db") as engine, poller(host_delay=0.3) as p:
        subscribe(engine, *urls)
        assert [o.status for o in p.poll(engine)] == ["ok"] * 3
    spans = sorted(site.times)
    assert len(spans) == 3
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert start >= end + 0.25  # never two at once, and the pause after each (less a clock's slack)


def test_intervals():
    assert parse_interval("15m") == dt.timedelta(minutes=15) and parse_interval("1s") == dt.timedelta(seconds=1)
    assert parse_interval("2h") == dt.timedelta(hours=2) and parse_interval("90") == dt.timedelta(seconds=90)
    for bad in ("", "soon", "0m", "-5m", "15 minutes"):
        with pytest.raises(ValueError):
            parse_interval(bad)


def test_feeds_page_shows_status_and_last_error_escaped(tmp_path, site):
    from fastapi.testclient import TestClient

    from storyline.web import create_app

    good = site.put("/news.xml", news_feed(2))
    hostile = site.put("/<b>x</b>.xml", "<script>alert(1)</script>", content_type="text/html")
    with storyline.open(tmp_path / "s.db") as engine, poller() as p:
        with TestClient(create_app(tmp_path / "s.db")) as client:
            assert "No feeds followed" in client.get("/feeds").text
        subscribe(engine, good, hostile)
        p.poll(engine)
    with TestClient(create_app(tmp_path / "s.db")) as client:
        page = client.get("/feeds")
        assert 'href="/feeds"' in client.get("/").text
    assert page.status_code == 200
    text = page.text
    assert "Wren Gazette - News" in text and "2 feeds followed · 1 failing" in text
    assert "<td>ok</td>" in text and "<td>2</td>" in text and "HTTP 404 Not Found" in text
    assert "&lt;b&gt;x&lt;/b&gt;" in text and "<b>x</b>" not in text


def test_opml_export_stays_xml_whatever_a_feed_title_holds():
    import xml.etree.ElementTree as ET

    from storyline.ingest.subscriptions import read_opml, write_opml
    from storyline.model import Feed

    opml = write_opml([Feed(url="https://news.example/wire.xml", title="Wire \uffff\x01 News")])
    [outline] = ET.fromstring(opml).iter("outline")
    assert outline.get("title") == "Wire  News" and [f.url for f in read_opml(opml.encode())] == ["https://news.example/wire.xml"]


def test_a_feed_that_moved_for_good_is_polled_at_its_new_address(db_url, site):
    first, last = site.put("/first.xml", news_feed(1)), site.put("/last.xml", news_feed(1))
    site.put("/new.xml", news_feed(2))
    old = site.put("/old.xml", location=site.url("/new.xml"), status=301)
    hop = site.put("/hop.xml", location=site.url("/new.xml"), status=308)
    passing = site.put("/passing.xml", location=site.url("/hop.xml"), status=302)  # temporary: kept
    with storyline.open(db_url) as engine, poller() as p:
        subscribe(engine, first, old, passing, last)
        outcomes = by_url(p.poll(engine))
        new = site.url("/new.xml")
        assert outcomes[old].warnings == [f"moved for good to {new}: subscription updated"]
        assert outcomes[passing].warnings == []
        assert [f.url for f in engine.store.feeds()] == [first, new, passing, last]  # in its place
        moved = engine.store.feed(new)
        assert moved.seen and moved.title == "Wren Gazette - News" and moved.last_status == "ok"
        site.put("/new.xml", news_feed(3))
        asked = len(site.asked("/old.xml"))
        outcomes = by_url(p.poll(engine, everything=True))
        assert len(site.asked("/old.xml")) == asked and site.asked("/new.xml")[-1]["if-none-match"] == moved.etag
        assert outcomes[new].new == 1 and engine.count_articles() == 3
        site.put("/passing.xml", location=site.url("/hop.xml"), status=301)  # now 301 then 308: moved
        outcomes = by_url(p.poll(engine, everything=True))
        assert outcomes[passing].warnings == [f"moved for good to {new}, which is subscribed as well"]
        assert engine.store.feed(passing) is not None and engine.store.move_feed(hop, new) is False
