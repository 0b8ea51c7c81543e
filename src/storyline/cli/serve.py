"""`storyline serve`: the web pages, Atom feeds and JSON API on a local port."""

from __future__ import annotations

import os

from storyline.cli.common import CliError, store_exists

LOOPBACK = ("127.0.0.1", "localhost", "::1")
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")  # as a Host header carries them


def register(sub) -> None:
    p = sub.add_parser("serve", help="web pages, Atom feeds and JSON API (127.0.0.1:8000)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="a further name the server may be reached by when bound to this machine only "
        "(a reverse proxy's name; repeatable). Requests naming another host get 400.",
    )
    p.add_argument(
        "--token-env",
        default="STORYLINE_TOKEN",
        metavar="NAME",
        help="environment variable holding the token that POST /api/ingest needs "
        "(default: STORYLINE_TOKEN; unset = ingest over HTTP is off)",
    )
    p.set_defaults(func=cmd_serve)


def cmd_serve(args) -> int:
    try:
        import uvicorn  # noqa: F401 - the check that the web extra is installed

        from storyline.web import create_app
        from storyline.web.server import serve
    except ImportError as e:
        if not e.name or e.name.partition(".")[0] == "storyline":  # our own modules fail loudly
            raise
        raise CliError(f"the web extra is not installed ({e.name}): pip install 'storyline[web]'") from None
    token = os.environ.get(args.token_env) or None
    if not store_exists(args.db) and token is None:
        raise CliError(f"no store at {args.db}: run 'storyline ingest PATH' first (or pass --db)")
    if args.host not in LOOPBACK:
        print(f"storyline: warning: serving on {args.host}, reachable from other machines")
    app = create_app(args.db, token=token, hosts=allowed_hosts(args.host, args.allow_host))
    _settle()
    print(f"storyline: serving {args.db} on http://{_url_host(args.host)}:{args.port}/"
          f" (ingest over HTTP {'on' if token else 'off'})")
    serve(app, host=args.host, port=args.port)  # with timeouts and limits against hostile clients
    return 0


def allowed_hosts(bind: str, extra: list[str]) -> list[str] | None:
    """Host names a request may name: this machine's when bound to it (with `extra`), else any (None)."""
    if bind not in LOOPBACK:
        return None
    return [*LOOPBACK_NAMES, *(name.lower() for name in extra)]


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
