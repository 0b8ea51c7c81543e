"""Polling feed subscriptions: fetch each due feed, read it as a feed file is read, store what is new.

    with storyline.open("news.db") as engine:
        for outcome in Poller().poll(engine):
            print(outcome.line())

A fetched feed goes through read_bytes, the reader files go through, and engine.add_articles: same ids
(content hashes), same duplicate rules, same stories. A feed that fails is reported on one line, kept in
its Feed (last_status, last_error) and tried again after a backoff; the other feeds go on.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Self

from storyline.ingest.build import build_article, clean_text
from storyline.ingest.decode import decode
from storyline.ingest.errors import ReadError, printable, secrets_hidden, shown_url, unexpected
from storyline.ingest.feed import FEED_ROOTS, TITLE_ONLY, FeedEntities, inspect_feed
from storyline.ingest.fetch import Fetcher, FetchError, Robots
from storyline.ingest.read import detect_format, read_bytes
from storyline.model import Article, Feed

INTERVAL = dt.timedelta(minutes=15)
MAX_BACKOFF = dt.timedelta(hours=24)
MAX_INTERVAL = dt.timedelta(days=365)
LEASE = dt.timedelta(minutes=30)  # a claimed feed is not due to another poller for this long
WORKERS = 4  # feeds fetched at once (still one request at a time per host)
SEEN = 1000  # entry keys kept per feed
GROUP = 500  # entries stored in one ingest (feeds are grouped up to this many)
# A full-text feed's linked pages fetched in one poll: at most this many, and none started after this
# many seconds; its other new entries wait for the next poll (a feed of thousands of links, or a
# host that answers slowly, would otherwise hold its worker for hours and outlive LEASE).
FULL_TEXT_PAGES, FULL_TEXT_SECONDS = 50, 300.0
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(text: str) -> dt.timedelta:
    """ "15m", "1h", "30s", "2d" or plain seconds to a timedelta, at most MAX_INTERVAL (ValueError otherwise)."""
    m = _DURATION.match(text)
    if not m or float(m[1]) <= 0:
        raise ValueError(f"not an interval (like 30s, 15m, 1h): {text!r}")
    seconds = float(m[1]) * _UNITS[m[2].lower()]
    if seconds > MAX_INTERVAL.total_seconds():
        raise ValueError(f"an interval of at most {MAX_INTERVAL.days} days: {text!r}")
    return dt.timedelta(seconds=seconds)


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def stamp(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


def parse_stamp(text: str) -> dt.datetime | None:
    """A stored timestamp (UTC when it names no zone); None for none or a bad one."""
    try:
        moment = dt.datetime.fromisoformat(text) if text else None
    except ValueError:
        return None
    return moment.replace(tzinfo=dt.UTC) if moment and moment.tzinfo is None else moment


@dataclass(slots=True)
class Outcome:
    """What one poll of one feed did."""

    url: str
    status: str  # "ok", "not modified" or the error's kind
    new: int = 0
    error: str = ""  # one line when the feed failed
    warnings: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.error)

    def line(self) -> str:
        if self.error:
            return printable(secrets_hidden(f"{self.url}: error: {self.error}"))
        told = f"{self.new} new" if self.status == "ok" else self.status
        return printable(secrets_hidden(f"{self.url}: {told}" + (f" ({'; '.join(self.warnings)})" if self.warnings else "")))


@dataclass(slots=True)
class _Fetched:
    """A worker thread's result for one feed: the articles to store, or the error."""

    status: str
    items: list[Article] = field(default_factory=list)
    error: FetchError | None = None
    etag: str = ""
    last_modified: str = ""
    title: str = ""
    keys: list[str] = field(default_factory=list)  # the entries' guids or links, in feed order
    moved: str = ""  # the feed's new url, when it moved for good (permanent redirects only)
    warnings: list[str] = field(default_factory=list)


class Poller:
    """Fetches due feeds (``WORKERS`` at a time) and stores their new entries.

    ``interval``: time between two polls of a feed; after ``n`` failures in a row the next poll waits
    interval * 2**n (at most ``max_backoff``; longer if the server sent Retry-After). ``fetcher``: the
    HTTP side (limits, politeness). ``clock``: the current UTC time. ``full_text_pages`` and
    ``full_text_seconds``: how many linked pages a full-text feed's poll fetches, and for how long.
    """

    def __init__(
        self,
        *,
        interval: dt.timedelta = INTERVAL,
        max_backoff: dt.timedelta = MAX_BACKOFF,
        fetcher: Fetcher | None = None,
        workers: int = WORKERS,
        clock: Callable[[], dt.datetime] = now_utc,
        full_text_pages: int = FULL_TEXT_PAGES,
        full_text_seconds: float = FULL_TEXT_SECONDS,
    ):
        self.interval = interval
        self.max_backoff = max_backoff
        self.fetcher = fetcher or Fetcher()
        self.workers = workers
        self.clock = clock
        self.full_text_pages = full_text_pages
        self.full_text_seconds = full_text_seconds

    def close(self) -> None:
        self.fetcher.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def due(self, feeds: list[Feed], now: dt.datetime) -> list[Feed]:
        """The feeds whose next poll is due (a little early is on time: a cron job's minute drifts)."""
        grace = min(self.interval / 10, dt.timedelta(minutes=1))
        return [f for f in feeds if (parse_stamp(f.next_due) or now) <= now + grace]

    def poll(self, engine: Any, *, everything: bool = False) -> list[Outcome]:
        """Poll every due feed (``everything``: every feed) once; each one's outcome, in subscription order."""
        now = self.clock()
        with engine.store.transaction():  # claimed under the write lock: a second poller at once skips them
            feeds = engine.store.feeds()
            todo = feeds if everything else self.due(feeds, now)
            for feed in todo:
                feed.next_due = stamp(now + LEASE)  # due again if this poll dies before it saves the feed
                engine.store.save_feed(feed)
        if not todo:
            return []
        lexicon = engine.lexicon  # read here: the worker threads do not touch the store
        robots = Robots(self.fetcher)
        outcomes: list[Outcome] = []
        group: list[tuple[Feed, _Fetched]] = []
        pool = ThreadPoolExecutor(max(1, min(self.workers, len(todo))), thread_name_prefix="storyline-fetch")
        try:
            jobs = [pool.submit(self._fetch, feed, lexicon, robots, now) for feed in todo]
            for feed, job in zip(todo, jobs):  # stored in subscription order, a group of feeds at a time
                group.append((feed, job.result()))
                if sum(len(f.items) for _, f in group) >= GROUP or job is jobs[-1]:
                    outcomes += self._store(engine, group, now)
                    group = []
        except BaseException:  # Ctrl-C: the feeds not yet fetched are not fetched (the stored groups stay)
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()
        return outcomes

    # -- in a worker thread ---------------------------------------------------------------
    def _fetch(self, feed: Feed, lexicon: Any, robots: Robots, now: dt.datetime) -> _Fetched:
        try:
            return self._fetch_feed(feed, lexicon, robots, now)
        except Exception as e:  # a reader bug costs this feed only
            return _Fetched("error", error=FetchError("error", unexpected(e)))

    def _fetch_feed(self, feed: Feed, lexicon: Any, robots: Robots, now: dt.datetime) -> _Fetched:
        headers = {"Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5"}
        if feed.etag:
            headers["If-None-Match"] = feed.etag
        if feed.last_modified:
            headers["If-Modified-Since"] = feed.last_modified
        try:
            got = self.fetcher.get(feed.url, headers)
            moved = got.url if got.moved else ""
            if got.status == 304:
                return _Fetched("not modified", etag=feed.etag, last_modified=feed.last_modified, moved=moved)
            title, warning = check_feed(got.content, got.headers.get("content-type", ""))
        except FetchError as e:
            return _Fetched(e.kind, error=e)
        fetched = _Fetched(
            "ok", etag=got.headers.get("etag", ""), last_modified=got.headers.get("last-modified", ""), title=title,
            moved=moved,
        )
        if warning:
            fetched.warnings.append(warning)
        name = shown_url(feed.url)  # the entries' origins (feed#n), which the API shows: no password or token
        items = list(read_bytes(got.content, name=name, format="feed", lexicon=lexicon, charset=got.charset))
        articles = [a for a in items if isinstance(a, Article)]
        if not articles and not warning and [i.reason for i in items] == ["feed has no entries"]:
            return fetched  # an empty feed is not an error
        if not articles:
            reason = items[0].reason if items else "no entries"
            kind = "malformed" if warning else "not a feed" if reason.startswith("not an RSS") else "no entries"
            return _Fetched(kind, error=FetchError(kind, f"{warning}; {reason}" if warning else reason))
        fetched.keys = [entry_key(a) for a in articles]
        seen = set(feed.seen)
        later: set[str] = set()  # full-text entries left for the next poll
        pages, deadline = 0, time.monotonic() + self.full_text_seconds
        for item in items:
            if isinstance(item, ReadError):
                fetched.warnings.append(item.reason)
                continue
            if feed.full_text:
                if entry_key(item) in seen:
                    continue  # its page was fetched by an earlier poll (a teaser would be a new article)
                if pages and (pages >= self.full_text_pages or time.monotonic() > deadline):  # one at least: progress
                    later.add(entry_key(item))
                    continue
                pages += 1
                item = self._full_text(item, robots, lexicon, fetched.warnings)
            fetched.items.append(item)
        if later:  # unseen, and the feed read whole next time (no 304): their pages are fetched then
            fetched.keys = [k for k in fetched.keys if k not in later]
            fetched.etag = fetched.last_modified = ""
            fetched.warnings.append(f"{len(later)} entries left for the next poll ({pages} pages fetched in this one)")
        dating = _dated(fetched.items, now.date())
        if dating:
            fetched.warnings.append(dating)
        return fetched

    def _full_text(self, entry: Article, robots: Robots, lexicon: Any, warnings: list[str]) -> Article:
        """The entry with the text of its linked page (trafilatura, as HTML files are read), else as it is."""
        link = entry.url or ""
        if not link.lower().startswith(("http://", "https://")):
            return entry
        try:
            refused = robots.refusal(link)
            if refused:
                warnings.append(f"{link}: {refused}, teaser kept")
                return entry
            page = self.fetcher.get(link, {"Accept": "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"})
        except FetchError as e:
            warnings.append(f"{link}: {e}, teaser kept")
            return entry
        try:  # a page of a third party's: a reader's failure on it loses its entry's text, not the feed's poll
            read = next(read_bytes(page.content, name=link, format="html", lexicon=lexicon, charset=page.charset), None)
        except Exception as e:
            warnings.append(f"{link}: {unexpected(e)}, teaser kept")
            return entry
        if not isinstance(read, Article):
            warnings.append(f"{link}: {read.reason if read else 'no text'}, teaser kept")
            return entry
        meta = {**entry.meta, "full_text": page.url}
        kept = [w for w in meta.pop("warnings", []) if w != TITLE_ONLY]
        return build_article(
            read.text,
            title=entry.title or read.title,
            source=entry.source or read.source,
            published=entry.published or read.published,
            url=entry.url,
            origin=entry.origin,
            format="feed",
            tokenized=False,
            meta={**meta, "warnings": kept} if kept else meta,
            lexicon=lexicon,
        )

    # -- in the calling thread ------------------------------------------------------------
    def _store(self, engine: Any, group: list[tuple[Feed, _Fetched]], now: dt.datetime) -> list[Outcome]:
        """Store the new entries of a group of feeds in one ingest (the story tracker is loaded once), then
        each feed's state: a crash in between costs a fetch, never an entry."""
        items = [item for _, fetched in group for item in fetched.items]
        result = engine.add_articles(items) if items else None
        added = set(result.added) if result else set()
        outcomes = []
        with engine.store.transaction():
            for polled, fetched in group:
                name = shown_url(polled.url)  # as the entries' origins name it, and as output shows it
                outcome = Outcome(name, fetched.status, warnings=fetched.warnings)
                for item in fetched.items:
                    if item.id in added:  # an entry in two feeds is new to the first
                        added.discard(item.id)
                        outcome.new += 1
                if result:
                    told = [*result.failed, *result.warnings]
                    outcome.warnings += [f.split(": ", 1)[-1] for f in told if f.startswith(f"{name}#")]
                self._save(engine.store, polled.url, fetched, outcome, now)
                outcomes.append(outcome)
        return outcomes

    def _save(self, store: Any, url: str, fetched: _Fetched, outcome: Outcome, now: dt.datetime) -> None:
        feed = store.feed(url)
        if feed is None:  # unfollowed while it was polled: its articles stay, the subscription does not come back
            return
        feed.last_fetch = stamp(now)
        feed.last_status = fetched.status
        if fetched.error is not None:
            feed.failures += 1
            outcome.error = feed.last_error = printable(secrets_hidden(str(fetched.error)))
            wait = self.interval.total_seconds() * 2.0 ** min(feed.failures, 64)  # float seconds: no overflow
            if fetched.error.retry_after:
                wait = max(wait, fetched.error.retry_after)  # a server may send any number
            feed.next_due = stamp(now + dt.timedelta(seconds=min(wait, self.max_backoff.total_seconds())))
            feed.new_entries = 0
        else:
            feed.failures = 0
            feed.last_error = ""
            feed.next_due = stamp(now + self.interval)
            feed.new_entries = outcome.new
            feed.etag, feed.last_modified = fetched.etag, fetched.last_modified
            if fetched.status == "ok":
                feed.title = feed.title or clean_text(fetched.title)
                feed.seen = list(dict.fromkeys([*fetched.keys, *feed.seen]))[:SEEN]
            if fetched.moved and fetched.moved != url:  # polled at its new address from now on
                where = shown_url(fetched.moved)
                if store.move_feed(url, fetched.moved):
                    feed.url = fetched.moved
                    outcome.warnings.append(f"moved for good to {where}: subscription updated")
                else:
                    outcome.warnings.append(f"moved for good to {where}, which is subscribed as well")
        feed.last_warning = printable(secrets_hidden("; ".join(outcome.warnings)))[:2000]
        store.save_feed(feed)


def entry_key(article: Article) -> str:
    """What names a feed entry between polls: its guid, else its link, else the article id."""
    return str(article.meta.get("guid") or article.url or article.id)


def _dated(articles: list[Article], today: dt.date) -> str:
    """Date entries as of their fetch: an undated one by the fetch day; one dated after the fetch (a time
    zone's worth of slack allowed) cannot be a publication date and gets the fetch day too. A warning."""
    undated, future = [], []
    for article in articles:
        if article.published is None:
            undated.append(_name(article))
            article.published = today
        elif article.published > today + dt.timedelta(days=1):
            future.append(f"{_name(article)} dated {article.published.isoformat()}")
            article.published = today
    told = []
    if undated:
        told.append(f"undated: {_few(undated)}")
    if future:
        told.append(f"after the fetch: {_few(future)}")
    return f"{'; '.join(told)} (dated by the fetch day)" if told else ""


def _few(names: list[str], shown: int = 3) -> str:
    more = len(names) - shown
    return ", ".join(names[:shown]) + (f" and {more} more" if more > 0 else "")


def _name(article: Article) -> str:
    return f"entry {article.origin.rsplit('#', 1)[-1]}" if article.origin and "#" in article.origin else article.id


# -- checking a body before feedparser reads it ---------------------------------------------

def check_feed(content: bytes, content_type: str = "") -> tuple[str, str]:
    """(the feed's title, a warning) for a body about to be read as a feed; FetchError for a body that is
    no feed (an HTML page, say) or declares XML entities (see ingest.feed.inspect_feed)."""
    try:
        root, title, warning = inspect_feed(content)
    except FeedEntities as e:
        raise FetchError("entities", str(e)) from None
    if root is None:  # not even a start tag: the markup, as detect_format sees it, decides
        text, _ = decode(content[:65536])
        kind = detect_format("feed", (text or "").lstrip("\ufeff \t\r\n"))
    else:
        kind = "feed" if root.lower() in FEED_ROOTS else "html" if root.lower() == "html" else "other"
    if kind != "feed":
        got = "an HTML page" if kind == "html" else "something else"
        sent = f" ({content_type.split(';')[0].strip()})" if content_type else ""
        raise FetchError("not a feed", f"not an RSS or Atom feed: the server sent {got}{sent}")
    return title, warning


# -- polling while serving -----------------------------------------------------------------


def poll_in_background(
    db: str, every: dt.timedelta, stop: threading.Event, *, log: Callable[[str], None] = print, **options: Any
) -> threading.Thread:
    """A daemon thread polling the store's due feeds every ``every`` (at least once a minute it looks
    for due feeds) until ``stop`` is set; each feed's outcome goes to ``log`` as one line. ``options``:
    the Poller's."""

    def run() -> None:
        from storyline.engine import Engine

        poller = Poller(interval=every, **options)
        tick = min(every, dt.timedelta(minutes=1)).total_seconds()
        try:
            while not stop.is_set():
                try:  # its own connection; the store's lock orders it with the other writers
                    with Engine(db) as engine:
                        while not stop.is_set():
                            for outcome in poller.poll(engine):
                                log(f"storyline: poll: {outcome.line()}")
                            stop.wait(tick)
                except Exception as e:  # a store error, say: told, and tried again with a fresh connection
                    log(printable(f"storyline: poll failed: {type(e).__name__}: {e}"))
                    stop.wait(tick)
        finally:
            poller.close()

    thread = threading.Thread(target=run, name="storyline-poll", daemon=True)
    thread.start()
    return thread
