"""Commands over feed subscriptions: follow, unfollow, feeds, poll."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from storyline.cli.common import CliError, engine, print_json
from storyline.ingest.errors import holds_secret, printable, shown_url


def register(sub) -> None:
    p = sub.add_parser("follow", help="subscribe to feeds (URLs, or an OPML list with --opml)")
    p.add_argument("urls", nargs="*", metavar="URL")
    p.add_argument("--opml", type=Path, metavar="FILE", help="subscribe to every feed of an OPML file")
    p.add_argument(
        "--full-text",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="fetch each entry's linked page for its full text (for feeds that give teasers; robots.txt honoured)",
    )
    p.set_defaults(func=cmd_follow)

    p = sub.add_parser("unfollow", help="drop feed subscriptions (their articles stay)")
    p.add_argument("urls", nargs="+", metavar="URL")
    p.set_defaults(func=cmd_unfollow)

    p = sub.add_parser("feeds", help="list feed subscriptions with their last fetch, status and next due time")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--export-opml", nargs="?", const="-", metavar="FILE", help="write the subscriptions as OPML (default: stdout)"
    )
    p.set_defaults(func=cmd_feeds)

    p = sub.add_parser("poll", help="fetch every due feed once and store its new entries")
    p.add_argument("--all", action="store_true", help="every feed, due or not")
    p.add_argument("--every", default="15m", metavar="INTERVAL", help="time between two polls of a feed (default 15m)")
    add_allow_private(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_poll)


def add_allow_private(p) -> None:
    p.add_argument(
        "--allow-private",
        action="store_true",
        help="also fetch from loopback, private and link-local addresses (refused by default: a feed's links "
        "and redirects must not reach this machine's network)",
    )


def cmd_follow(args) -> int:
    from storyline.ingest.subscriptions import (
        Listed,
        SubscriptionError,
        check_url,
        follow,
        read_opml,
    )

    listed = [Listed(url) for url in args.urls]
    skipped = []
    try:
        if args.opml:
            try:
                outlines = read_opml(args.opml.read_bytes())
            except OSError as e:
                raise CliError(f"{args.opml}: {e.strerror or e}") from None
            for item in outlines:  # an outline that names no http(s) feed is skipped, the others followed
                try:
                    check_url(item.url)
                    listed.append(item)
                except SubscriptionError as e:
                    skipped.append(f"{args.opml}: skipped: {e}")
        if not listed:
            raise CliError("nothing to follow: give feed URLs or --opml FILE")
        with engine(args) as eng:
            added, kept = follow(eng.store, listed, full_text=args.full_text)
    except SubscriptionError as e:
        raise CliError(str(e)) from None
    for feed in added:
        print(printable(f"following {shown_url(feed.url)}{' (full text)' if feed.full_text else ''}"))
    for feed in kept:
        print(printable(f"already following {shown_url(feed.url)}{' (full text)' if feed.full_text else ''}"))
    for line in skipped:
        print(printable(line), file=sys.stderr)
    if any(holds_secret(f.url) for f in added):
        _warn_if_shared(args.db)
    print(f"{len(added)} feed{'s' * (len(added) != 1)} added; run 'storyline poll' to fetch them")
    return 1 if skipped else 0


def _warn_if_shared(db: str) -> None:
    """A store file others may read now holds a feed's password or token: say so (stores made before
    new ones became their owner's only, store.sqlite._create_private, are as the umask left them)."""
    from storyline.store import local_path

    path = local_path(db)
    try:
        shared = path is not None and path.stat().st_mode & 0o077
    except OSError:
        return
    if shared:
        print(printable(f"storyline: warning: {path} holds a feed's password or token and other users may read it:"
                        f" chmod 600 {path} {path}-wal {path}-shm"), file=sys.stderr)  # fmt: skip


def _write_list(path: str, text: str, private: bool) -> None:
    """Write ``text`` to a new file put in place of ``path`` (a symbolic link there is replaced, not
    followed): readable by its owner alone when ``private``, else as the umask says."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")  # mode 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        if not private:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def cmd_unfollow(args) -> int:
    from storyline.ingest.subscriptions import unfollow

    with engine(args, existing=True) as eng:
        removed, unknown = unfollow(eng.store, args.urls)
    for url in removed:
        print(printable(f"unfollowed {shown_url(url)}"))
    for url in unknown:
        print(printable(f"not following {shown_url(url)}"), file=sys.stderr)
    return 1 if unknown else 0


def cmd_feeds(args) -> int:
    from storyline.ingest.subscriptions import shown

    with engine(args, readonly=True) as eng:
        feeds = eng.store.feeds()
    if args.export_opml:
        from storyline.ingest.subscriptions import write_opml

        text = write_opml(feeds)
        if args.export_opml == "-":
            sys.stdout.write(text)
        else:
            secret = sum(holds_secret(f.url) for f in feeds)
            try:
                _write_list(args.export_opml, text, private=bool(secret))
            except OSError as e:
                raise CliError(f"{args.export_opml}: cannot be written ({e.strerror or e})") from None
            print(f"wrote {len(feeds)} feed{'s' * (len(feeds) != 1)} to {args.export_opml}")
            if secret:
                print(printable(f"storyline: {args.export_opml} holds the password or token of {secret} feed"
                                f"{'s' * (secret != 1)}: readable by you alone"), file=sys.stderr)  # fmt: skip
        return 0
    if args.json:  # a password or token in a URL shown as *** (the OPML export keeps it, to follow again)
        print_json([shown(f) for f in feeds])
        return 0
    if not feeds:
        print("no feeds followed: storyline follow URL")
    for feed in feeds:
        print(printable(feed_line(feed)))
        if feed.last_error:
            print(printable(f"    error: {shown(feed).last_error}"))
    return 0


def feed_line(feed) -> str:
    state = feed.last_status or "never fetched"
    if feed.last_status == "ok":
        state = f"ok, {feed.new_entries} new"
    parts = [shown_url(feed.url), state]
    if feed.last_fetch:
        parts.append(f"fetched {feed.last_fetch}")
    if feed.next_due:
        parts.append(f"next {feed.next_due}")
    if feed.full_text:
        parts.append("full text")
    return " | ".join(parts)


def interval(text: str):
    """The poll interval ``text`` gives (ingest.poll.parse_interval); a CliError when it gives none."""
    from storyline.ingest.poll import parse_interval

    try:
        return parse_interval(text)
    except ValueError as e:
        raise CliError(str(e)) from None


def cmd_poll(args) -> int:
    from storyline.ingest.fetch import Fetcher
    from storyline.ingest.poll import Poller

    every = interval(args.every)
    poller = Poller(interval=every, fetcher=Fetcher(allow_private=args.allow_private))
    try:
        with engine(args, existing=True) as eng:
            if not eng.store.feeds():
                raise CliError("no feeds followed: storyline follow URL")
            outcomes = poller.poll(eng, everything=args.all)
    finally:
        poller.close()
    if args.json:
        print_json(outcomes)
    else:
        for outcome in outcomes:
            print(outcome.line(), file=sys.stderr if outcome.failed else sys.stdout)
        failed = sum(o.failed for o in outcomes)
        new = sum(o.new for o in outcomes)
        print(f"polled {len(outcomes)} feed{'s' * (len(outcomes) != 1)}: {new} new entries, {failed} failed"
              + ("" if outcomes else " (none due; --all polls every feed)"))
    return 1 if any(o.failed for o in outcomes) else 0
