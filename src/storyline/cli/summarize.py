"""`storyline summarize PATH... | --story ID` and `storyline update STORY (--since DATE | --seen ID...)`."""

from __future__ import annotations

import sys

from storyline.cli.common import CliError, counted, engine, parse_date, positive, print_json, story_id
from storyline.eval import add_param_argument, parse_params
from storyline.model import Article, Summary
from storyline.summarize import METHODS, get_summarizer, to_json, to_text


def register(sub) -> None:
    p = sub.add_parser(
        "summarize",
        help="a cited summary of files (no store needed) or of a stored story",
        description="Summarize the articles in PATHs (files, directories, - for stdin; any input "
        "the readers take), or a stored story with --story. Every sentence is a source sentence, cited.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH")
    p.add_argument("--story", type=story_id, metavar="ID", help="summarize a stored story instead")
    p.add_argument("--words", type=positive, default=100, help="word budget (default 100)")
    p.add_argument("--method", choices=METHODS, default="ilp", help="selection method (default ilp)")
    p.add_argument("--date", type=parse_date, metavar="YYYY-MM-DD", help="publication date for undated input")
    p.add_argument("--json", action="store_true", help="print JSON")
    add_param_argument(p, "method")
    p.set_defaults(func=cmd_summarize)

    p = sub.add_parser("update", help="what a story's newer articles add to the ones already read")
    p.add_argument("story", type=story_id, metavar="STORY")
    seen = p.add_mutually_exclusive_group(required=True)
    seen.add_argument("--since", type=parse_date, metavar="YYYY-MM-DD", help="articles before this date were read")
    seen.add_argument("--seen", nargs="+", metavar="ARTICLE", help="ids of the articles already read")
    p.add_argument("--words", type=positive, default=100, help="word budget (default 100)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_update)


def read_articles(paths: list[str], date=None) -> tuple[list[Article], int]:
    """Articles from the paths, and how many inputs could not be read (each reported on stderr, skipped)."""
    from storyline.ingest import read_paths

    articles: list[Article] = []
    skipped = 0
    for item in read_paths(paths, date=date, casing=False):
        if isinstance(item, Article):
            articles.append(item)
        else:
            print(f"storyline: skipped {item}", file=sys.stderr)
            skipped += 1
    return articles, skipped


def _show(summary: Summary, articles: list[Article], as_json: bool) -> None:
    if as_json:
        print_json(to_json(summary, articles))
    else:
        print(to_text(summary, articles))


def cmd_summarize(args) -> int:
    try:
        summarizer = get_summarizer(args.method, **parse_params(args.param))
    except (TypeError, ValueError) as e:
        raise CliError(str(e)) from None
    if args.story is not None:
        if args.paths:
            raise CliError("give PATHs or --story, not both")
        with engine(args, readonly=True) as eng:
            if eng.story(args.story) is None:
                raise CliError(f"no story #{args.story}")
            articles = eng.story_articles(args.story)
            if args.param:
                summary = summarizer.summarize(articles, words=args.words)
            else:
                summary = eng.summarize(args.story, words=args.words, method=args.method, articles=articles)
        _show(summary, articles, args.json)
        return 0
    if not args.paths:
        raise CliError("nothing to summarize: give PATHs (or - for stdin) or --story ID")
    articles, skipped = read_articles(args.paths, args.date)
    if not articles:
        raise CliError("no article could be read")
    _show(summarizer.summarize(articles, words=args.words), articles, args.json)
    return 1 if skipped else 0  # as ingest: an input skipped is told in the status too


def cmd_update(args) -> int:
    with engine(args, readonly=True) as eng:
        if eng.story(args.story) is None:
            raise CliError(f"no story #{args.story}")
        try:
            read, new = eng.split_seen(args.story, since=args.since, seen=args.seen or ())
        except ValueError as e:  # a --seen id no article, or several, of the story has
            raise CliError(str(e)) from None
        summary = eng.update_of(read, new, args.words)
    if args.json:
        print_json({**to_json(summary, read + new), "new": [a.id for a in new], "read": [a.id for a in read]})
        return 0
    after = f"published since {args.since.isoformat()}" if args.since else "not among those read"
    print(f"{counted(len(new), 'article')} {after}; {counted(len(read), 'article')} read before.\n")
    print(to_text(summary, read + new) if new else "Nothing new.")
    return 0
