"""Commands over the article store: ingest, demo, articles, show, search."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import threading
from importlib import resources
from pathlib import Path

from storyline.cli.common import (
    SOURCE_WIDTH,
    CliError,
    ambiguous,
    clip,
    column,
    count,
    engine,
    parse_date,
    positive,
    print_json,
    print_list,
)
from storyline.ingest.errors import printable
from storyline.model import Article, IngestResult
from storyline.serialize import article_dict, search_hit
from storyline.store.base import safe_url


def register(sub) -> None:
    p = sub.add_parser("ingest", help="read articles (files, directories, - for stdin) into the store")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--date", type=parse_date, help="publication date for inputs that carry none (YYYY-MM-DD)")
    p.add_argument("--source", help="source/agency for inputs that name none")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--verbose", "-v", action="store_true", help="a line for each article read")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("demo", help="load the bundled demo news and print its stories with summaries")
    p.add_argument("--words", type=positive, default=60, help="summary length per story (default 60)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("articles", help="list stored articles")
    p.add_argument("--limit", type=count, default=50, help="at most this many (0 = all; default 50)")
    p.add_argument("--offset", type=count, default=0)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_articles)

    p = sub.add_parser("show", help="print an article as readable text (default: the latest ingested)")
    p.add_argument("article", nargs="?", help="article id (a unique prefix is enough)")
    p.add_argument("--json", action="store_true", help="the article with its sentences as JSON")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("search", help="full-text search over sentences")
    p.add_argument("query", nargs="+")
    p.add_argument("--limit", type=positive, default=20, help="at most this many sentences (default 20)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)


# -- ingest ---------------------------------------------------------------------------
def cmd_ingest(args) -> int:
    with _sigterm_as_exit(), engine(args) as eng:
        result = _ingest(eng, args.paths, quiet=args.json, verbose=args.verbose, date=args.date, source=args.source)
    if args.json:
        print_json(result)
    else:
        print(_closing_line(result))
    return 1 if result.failed else 0


@contextlib.contextmanager
def _sigterm_as_exit():
    """SIGTERM raises SystemExit (exit status 143), so that cleanup runs: the open transaction is rolled
    back and the parse workers are shut down. A second SIGTERM ends the process at once."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        raise SystemExit(128 + signal.SIGTERM)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _ingest(eng, paths, *, quiet: bool, verbose: bool = False, **options) -> IngestResult:
    """With a progress bar on a terminal (stderr), else quietly: failures on stderr as they come, and a line
    for each article read with ``verbose``."""
    if quiet:
        return eng.ingest(paths, **options)
    if sys.stderr.isatty() and not verbose:
        return _ingest_with_bar(eng, paths, **options)
    return eng.ingest(paths, progress=_verbose_progress if verbose else _failures, **options)


def _failures(item) -> None:
    if not isinstance(item, Article):
        print(f"failed {item}", file=sys.stderr)


def _verbose_progress(item) -> None:
    try:
        if isinstance(item, Article):
            print(printable(f"read {item.id} {item.origin or ''} ({len(item.sentences)} sentences)".rstrip()), flush=False)
        else:
            _failures(item)
    except BrokenPipeError:  # the reader went ("ingest -v | head"): the ingest goes on, unprinted
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - for the rest of the process


def _ingest_with_bar(eng, paths, **options) -> IngestResult:
    """A bar over the bytes of the input files, with a count and a time left (a spinner when the size is not
    known: standard input)."""
    from rich.markup import escape
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeRemainingColumn

    from storyline.ingest.read import input_sizes

    sizes = input_sizes(paths)
    done = {"articles": 0, "bytes": 0, "file": None, "in_file": 0}  # bytes: of the files finished
    with Progress(
        SpinnerColumn(), TextColumn("ingesting"), BarColumn(), TextColumn("{task.fields[count]:,} articles"),
        TimeRemainingColumn(), TextColumn("{task.fields[last]}"), transient=True,
    ) as bar:
        task = bar.add_task("ingest", total=sum(sizes.values()) if sizes is not None else None, count=0, last="")

        def step(item) -> None:
            if not isinstance(item, Article):
                bar.console.print(f"[red]failed[/red] {escape(str(item))}", markup=True, highlight=False)
                bar.update(task, last="")
                return
            done["articles"] += 1
            if sizes is not None:  # the bytes of the files finished, and of the text read from this one
                file = _file_of(item.origin or "", sizes)
                if file != done["file"]:
                    done["bytes"] += sizes.get(done["file"], 0)
                    done["file"], done["in_file"] = file, 0
                done["in_file"] += len(item.text.encode("utf-8", "replace"))
                bar.update(task, completed=done["bytes"] + min(done["in_file"], sizes.get(file, 0)))
            bar.update(task, count=done["articles"], last=escape(printable(item.origin or item.id)[-30:]))

        return eng.ingest(paths, progress=step, **options)


def _file_of(origin: str, sizes: dict[str, int]) -> str | None:
    """The input file an article's origin names ("news.jsonl:12", "list.json#3", "a.txt")."""
    if origin in sizes:
        return origin
    for mark in (":", "#"):
        head, found, number = origin.rpartition(mark)
        if found and number.isdigit() and head in sizes:
            return head
    return None


def _closing_line(result: IngestResult) -> str:
    line = f"added {len(result.added)} / duplicates {len(result.duplicates)} / failed {len(result.failed)}"
    if result.warnings:
        line += f" / warnings {len(result.warnings)}"
        for w in result.warnings:
            print(printable(f"warning {w}"), file=sys.stderr)
    return line


# -- demo -----------------------------------------------------------------------------
def demo_files() -> list[tuple[Path, dict]]:
    """The bundled demo inputs with their sidecar metadata (publication date, source)."""
    root = Path(str(resources.files("storyline") / "demo"))
    sidecar = root / "dates.json"
    meta = json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.exists() else {}
    files = [
        p for p in sorted(root.rglob("*"))
        if p.is_file() and p.name not in {"dates.json", "README.md", "__init__.py"} and "__pycache__" not in p.parts
    ]
    return [(p, meta.get(p.name) or meta.get(str(p.relative_to(root))) or {}) for p in files]


def cmd_demo(args) -> int:
    files = demo_files()
    if not files:
        raise CliError("the demo data is missing from this installation")
    total = IngestResult()
    with engine(args) as eng:
        _demo_store_or_empty(eng, files, args.db)
        for path, meta in files:
            date = parse_date(meta["published"]) if meta.get("published") else None
            result = eng.ingest([path], date=date, source=meta.get("source"))
            for part in ("added", "duplicates", "failed", "warnings"):
                getattr(total, part).extend(getattr(result, part))
        print(f"demo store {safe_url(args.db)}: {_closing_line(total)} ({eng.count_articles()} articles stored)")
        for article in eng.articles(limit=0 or None):
            date = article.published.isoformat() if article.published else "undated"
            print(f"  {article.id}  {date}  {article.source or '-':<22} {clip(article.headline, 70)}")
        _print_stories(eng, words=args.words)
    return 1 if total.failed else 0


def _demo_store_or_empty(eng, files: list[tuple[Path, dict]], db: str) -> None:
    """Refuse a store that holds articles other than the demo's: the demo would mix into a user's news."""
    stored = eng.count_articles()
    if not stored:
        return
    from storyline.ingest import read_paths

    ids = set()
    for path, meta in files:
        date = parse_date(meta["published"]) if meta.get("published") else None
        ids |= {a.id for a in read_paths([path], date=date, source=meta.get("source")) if isinstance(a, Article)}
    if stored > len(ids) or any(a.id not in ids for a in eng.articles()):
        raise CliError(f"{db} holds articles other than the demo's: give the demo a store of its own (storyline --db demo.db demo)")


def _print_stories(eng, *, words: int) -> None:
    from storyline.cli.stories import print_story_summary

    stories = eng.stories(order="largest")
    if not stories:
        return
    print(f"\n{len(stories)} stories")
    for story in stories:
        print_story_summary(eng, story, words=words)


# -- reading --------------------------------------------------------------------------
def cmd_articles(args) -> int:
    with engine(args, readonly=True) as eng:
        found = eng.articles(limit=args.limit, offset=args.offset) if args.limit else eng.iter_articles(args.offset)
        print_list(args, found, article_dict, _article_line)
    return 0


def _article_line(a: Article) -> str:
    date = a.published.isoformat() if a.published else "undated   "
    return f"{a.id}  {date}  {column(a.source or '-', SOURCE_WIDTH)} {len(a.sentences):>4}  {clip(a.headline, 80)}"


def cmd_show(args) -> int:
    with engine(args, readonly=True) as eng:
        if args.article is not None:
            article = eng.article(args.article)
        else:
            article = eng.latest_article()
        if article is None and args.article:
            found = eng.store.ids_with_prefix(args.article, limit=4)
            if len(found) > 1:
                raise ambiguous(args.article, found, args.db)
        if article is None:
            raise CliError(f"no article {args.article!r} in {args.db}" if args.article is not None else f"{args.db} has no articles")
        if args.json:
            out = article_dict(article, sentences=True)
            out["story"] = eng.story_of(article.id)
            print_json(out)
        else:
            print(render_article(article))
    return 0


def render_article(article: Article) -> str:
    """Readable text: title, paragraphs of display sentences, then a line of metadata."""
    paragraphs: dict[int, list[str]] = {}
    for s in article.sentences:
        paragraphs.setdefault(s.paragraph, []).append(s.display or s.text)
    body = "\n\n".join(" ".join(p) for p in paragraphs.values())
    facts = [article.source, article.place, article.published.isoformat() if article.published else "undated"]
    footer = " · ".join(f for f in facts if f) + f" · id {article.id}"
    if article.url:
        footer += f" · {article.url}"
    head = f"{article.title}\n\n" if article.title else ""
    return f"{head}{body}\n\n— {footer}"


def cmd_search(args) -> int:
    query = " ".join(args.query)
    with engine(args, readonly=True) as eng:
        hits = eng.search(query, limit=args.limit)
        if args.json:
            print_json([search_hit(c, t) for c, t in hits])
            return 0
        if not hits:
            print(f"no sentence matches {query!r}")
        for citation, text in hits:
            print(f"[{citation.article_id}:{citation.sentence_index}] {text}")
    return 0
