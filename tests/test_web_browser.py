"""End to end in headless Debian Chromium: open a story, click a citation, see the source sentence.

The screenshot goes to a temporary file; refresh the README's picture with
`.venv/bin/python bench/web.py --screenshot docs/screenshot-story.png`.
"""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn
from playwright import sync_api as playwright

import storyline
from storyline.ingest import build_article
from storyline.web import create_app
from test_web_api import ARTICLES

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def load_store(path: Path) -> int:
    """The demo news as `storyline demo` loads it, plus the API tests' article full of markup;
    returns the number of stories the demo news formed."""
    from storyline.cli.store_cmds import demo_files

    with storyline.open(path) as engine:
        for file, meta in demo_files():
            published = dt.date.fromisoformat(meta["published"]) if meta.get("published") else None
            engine.ingest([file], date=published, source=meta.get("source"))
        stories = len(engine.stories())
        _, aid, source, day, title, text = next(a for a in ARTICLES if a[0] == "strike")
        engine.add_articles([build_article(text, id=aid, title=title, source=source, published=day)])
    return stories


NO_STORIES = "the demo store has no stories: the clustering stage (storyline.cluster) is not installed yet"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    path = tmp_path_factory.mktemp("browser") / "demo.db"
    stories = load_store(path)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(path), log_level="warning"))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", stories
    srv.should_exit = True
    thread.join(10)
    sock.close()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():  # a failure, not a skip: the test command installs it
        pytest.fail(f"{CHROMIUM} is missing (scripts/test.sh installs Debian's chromium)", pytrace=False)
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def watched_page(browser, problems: list[str], **options):
    """A page that records console errors, page errors and dialogs (an alert() would be an XSS)."""
    page = browser.new_page(**options)
    page.on("console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    return page


def stories_url(server) -> str:
    url, stories = server
    assert stories, NO_STORIES
    return url


def test_citation_shows_the_source_sentence(server, browser, tmp_path):
    server = stories_url(server)
    problems: list[str] = []
    page = watched_page(browser, problems, viewport={"width": 1000, "height": 1250})
    page.goto(f"{server}/?order=largest")
    page.locator("ol.stories a.headline").first.click()
    page.wait_for_url("**/stories/*")
    story_id = page.url.rsplit("/", 1)[-1]

    marker = page.locator("#summary a.cite[data-panel]").first
    panel = page.locator(f"#{marker.get_attribute('data-panel')}")
    playwright.expect(panel).to_be_hidden()
    marker.click()
    playwright.expect(panel).to_be_visible()
    playwright.expect(marker).to_have_attribute("aria-expanded", "true")

    first = page.request.get(f"{server}/api/stories/{story_id}").json()["summary"]["sentences"][0]
    cited = panel.locator(".cited-sentence")
    playwright.expect(cited).to_have_text(first["text"])
    assert page.locator("#summary .sentence").first.inner_text() == first["text"]
    page.screenshot(path=str(tmp_path / "story.png"))
    assert (tmp_path / "story.png").stat().st_size > 10_000

    panel.locator("a.open").click()  # to the article, at that sentence
    page.wait_for_url(f"**{first['href']}")
    target = page.locator(f"#s{first['sentence_index']}")
    playwright.expect(target).to_have_text(first["text"])
    assert page.evaluate("document.querySelector(':target').id") == f"s{first['sentence_index']}"
    assert problems == []


def test_markup_in_articles_shows_as_text(server, browser):
    server = server[0]
    problems: list[str] = []
    page = watched_page(browser, problems)
    page.goto(f"{server}/articles/strike-1")
    body = page.locator(".article .body").inner_text()
    assert "<script>alert(1)</script>" in body and 'onerror="alert(2)"' in body
    assert page.locator(".article .body img, .article .body script").count() == 0
    page.goto(f"{server}/search?q=leaflet")
    assert "read <script>alert(1)</script> in large" in page.locator("ol.results").inner_text()
    assert problems == []  # no alert dialog, no error


def test_story_page_fits_a_phone(server, browser):
    server = stories_url(server)
    problems: list[str] = []
    page = watched_page(browser, problems, viewport={"width": 375, "height": 740}, device_scale_factor=2)
    page.goto(f"{server}/?order=largest")
    page.locator("ol.stories a.headline").first.click()
    page.wait_for_url("**/stories/*")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.locator("svg.chart").bounding_box()["width"] <= 375
    page.locator("#summary a.cite[data-panel]").first.click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert problems == []
