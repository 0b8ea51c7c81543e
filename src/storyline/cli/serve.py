"""`storyline serve`: the web pages, Atom feeds and JSON API on a local port."""

from __future__ import annotations

import ipaddress
import os

from storyline.cli.common import CliError, missing_extra, store_exists
from storyline.cli.feeds import add_allow_private, interval
from storyline.store.base import safe_url

LOOPBACK = ("127.0.0.1", "localhost", "::1")
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")  # as a Host header carries them


def register(sub) -> None:
    p = sub.add_parser("serve", help="web pages, Atom feeds and JSON API (127.0.0.1:8000)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=port, default=8000)
    p.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="a name the server may be reached by (a reverse proxy's; repeatable): on this machine's "
        "address, one more besides its own names; on any other, the only names answered. Requests "
        "naming another host get 400.",
    )
    p.add_argument(
        "--token-env",
        default="STORYLINE_TOKEN",
        metavar="NAME",
        help="environment variable holding the token that POST /api/ingest needs "
        "(default: STORYLINE_TOKEN; unset = ingest over HTTP is off)",
    )
    p.add_argument(
        "--poll",
        metavar="INTERVAL",
        help="poll the followed feeds every INTERVAL (like 15m or 1h) while serving (see storyline follow)",
    )
    add_allow_private(p)
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="server processes sharing the port and the store (default: 1; several suit a PostgreSQL store)",
    )
    p.set_defaults(func=cmd_serve)


def port(value: str) -> int:
    """argparse type: a TCP port (0 lets the system choose one)."""
    import argparse

    try:
        number = int(value)
    except ValueError:
        number = -1
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"not a port (0-65535): {value!r}")
    return number


def cmd_serve(args) -> int:
    try:
        import uvicorn  # noqa: F401 - the check that the web extra is installed

        from storyline.web import create_app
        from storyline.web.server import serve
    except ImportError as e:
        raise missing_extra(e, "web") from None
    token = os.environ.get(args.token_env) or None
    if not store_exists(args.db) and token is None:
        raise CliError(f"no store at {args.db}: run 'storyline ingest PATH' first (or pass --db)")
    if args.workers < 1:
        raise CliError(f"--workers must be 1 or more, not {args.workers}")
    every = interval(args.poll) if args.poll else None  # checked before the banner
    if not loopback(args.host):
        print(f"storyline: warning: serving on {args.host}, reachable from other machines")
        if not args.allow_host:  # links in feeds and redirects are built from the Host a request names
            print("storyline: warning: no --allow-host: any host name a request gives is answered and written"
                  " into feed links; behind a proxy or cache, pass its public name")
    hosts = allowed_hosts(args.host, args.allow_host)
    app = create_app(args.db, token=token, hosts=hosts) if args.workers == 1 else None  # else each worker's
    _settle()
    print(f"storyline: serving {safe_url(args.db)} on http://{_url_host(args.host)}:{args.port}/"
          f" (ingest over HTTP {'on' if token else 'off'})")
    polling = _poll_in_background(args.db, args.poll, every, args.allow_private) if every else None
    if args.workers > 1:
        from storyline.web.workers import serve_workers

        serve_workers(args.db, workers=args.workers, token_env=args.token_env, hosts=hosts, host=args.host, port=args.port)
    else:
        serve(app, host=args.host, port=args.port)  # with timeouts and limits against hostile clients
    if polling:
        polling.set()  # the poll under way finishes (or rolls back at exit)
    return 0


def _poll_in_background(db: str, interval: str, every, allow_private: bool):
    """Start polling every ``every`` (``interval`` as given) in a daemon thread; the Event that stops it."""
    import threading

    from storyline.ingest.fetch import Fetcher
    from storyline.ingest.poll import poll_in_background

    print(f"storyline: polling the followed feeds every {interval}", flush=True)
    stop = threading.Event()
    fetcher = Fetcher(allow_private=allow_private)
    poll_in_background(db, every, stop, log=lambda line: print(line, flush=True), fetcher=fetcher)
    return stop


def allowed_hosts(bind: str, extra: list[str]) -> list[str] | None:
    """Host names a request may name. Bound to a loopback address (any of 127.0.0.0/8, ::1): this
    machine's names and the address, with `extra` (a reverse proxy's), so that no other site's page can
    reach it by rebinding a name; bound elsewhere: `extra` and the address when names are given, else any
    (None)."""
    names = [name.lower() for name in extra]
    shown = f"[{bind}]" if ":" in bind else bind
    if loopback(bind):
        return list(dict.fromkeys([*LOOPBACK_NAMES, shown, *names]))
    return [*names, shown] if names else None


def loopback(bind: str) -> bool:
    """Whether the address is this machine's own (127.0.0.0/8, ::1, localhost)."""
    if bind in LOOPBACK:
        return True
    try:
        return ipaddress.ip_address(bind).is_loopback
    except ValueError:
        return False


def _settle() -> None:
    """Import the stages now and exempt everything loaded so far from garbage collection: a full
    collection would otherwise walk numpy, scipy and the rest, stalling every request for 100+ ms."""
    import gc

    from storyline.web import views

    views.preload()
    gc.collect()
    gc.freeze()


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
