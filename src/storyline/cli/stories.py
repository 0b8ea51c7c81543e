"""Commands over stories: stories, story, recluster."""

from __future__ import annotations

import sys

from storyline.cli.common import SOURCE_WIDTH, clip, column, count, counted, engine, find_story, print_json, print_list, story_id
from storyline.model import Story
from storyline.serialize import article_dict, story_dict
from storyline.summarize.render import render_text


def register(sub) -> None:
    p = sub.add_parser("stories", help="list stories")
    p.add_argument("--order", choices=["newest", "largest"], default="newest")
    p.add_argument("--limit", type=count, default=50, help="at most this many (0 = all; default 50)")
    p.add_argument("--offset", type=count, default=0, help="skip this many first")
    p.add_argument("--json", action="store_true", help="JSON, with the article ids")
    p.set_defaults(func=cmd_stories)

    p = sub.add_parser("story", help="show one story's articles")
    p.add_argument("story", type=story_id, metavar="STORY")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_story)

    p = sub.add_parser("recluster", help="rebuild every story from the stored articles in date order")
    p.set_defaults(func=cmd_recluster)


def _dates(story: Story) -> str:
    first = story.first_date.isoformat() if story.first_date else "undated"
    last = story.last_date.isoformat() if story.last_date else "undated"
    return first if first == last else f"{first}..{last}"


def cmd_stories(args) -> int:
    with engine(args, readonly=True) as eng:
        if not args.limit and not args.offset:
            stories = eng.stories(order=args.order)  # all of them, in one read
            total = len(stories)
        else:
            ids = eng.story_ids(args.order)
            total = len(ids)
            stories = eng.stories_by_id(ids[args.offset : args.offset + args.limit if args.limit else None])
    print_list(args, stories, story_dict, _story_lines)
    if not args.json and args.offset + len(stories) < total:
        print(f"({len(stories)} of {total:,} stories shown: --offset {args.offset + len(stories)} for the next, "
              "--limit 0 for all)", file=sys.stderr)
    return 0


def _story_lines(s: Story) -> str:
    copies = f" +{counted(len(s.duplicates), 'copy', 'copies')}" if s.duplicates else ""
    lines = [
        f"#{s.id:<5} {s.size:>3} {'article ' if s.size == 1 else 'articles'}{copies}  {_dates(s)}  {', '.join(s.sources) or '-'}",
        f"       {clip(s.headline, 100)}",
    ]
    if s.key_phrases:
        lines.append(f"       key: {', '.join(s.key_phrases)}")
    return "\n".join(lines)


def cmd_story(args) -> int:
    with engine(args, readonly=True) as eng:
        story = find_story(eng, args)
        articles = eng.story_articles(story.id, with_copies=True)
        if args.json:
            out = story_dict(story)
            out["articles"] = [article_dict(a) for a in articles]
            print_json(out)
            return 0
        print(f"#{story.id} {story.headline}\n{counted(story.size, 'article')}, {_dates(story)}, {', '.join(story.sources) or '-'}")
        for a in articles:
            date = a.published.isoformat() if a.published else "undated   "
            copy = f"  (copy of {story.duplicates[a.id]})" if a.id in story.duplicates else ""
            print(f"  {a.id}  {date}  {column(a.source or '-', SOURCE_WIDTH)} {clip(a.headline, 66)}{copy}")
    return 0


def cmd_recluster(args) -> int:
    with engine(args, existing=True) as eng:
        n = eng.recluster()
        print(f"reclustered {eng.count_articles()} articles into {n} stories")
    return 0


def print_story_summary(eng, story: Story, *, words: int) -> None:
    """A story header and its cited summary (used by the demo)."""
    print(f"\n#{story.id} {story.headline}")
    print(f"   {counted(story.size, 'article')}, {_dates(story)}, {', '.join(story.sources) or '-'}")
    summary = eng.summarize(story.id, words=words)
    articles = eng.story_articles(story.id)
    for line in render_text(summary, articles).splitlines():
        print(f"   {line}")
