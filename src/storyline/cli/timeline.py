"""`storyline timeline STORY`: the story's most important dates, each with cited sentences."""

from __future__ import annotations

from storyline.cli.common import engine, find_story, positive, print_json, story_id
from storyline.model import TimelineEntry


def register(sub) -> None:
    p = sub.add_parser("timeline", help="a story's key dates, each with its most informative sentences, cited")
    p.add_argument("story", type=story_id, metavar="STORY")
    p.add_argument("--dates", type=positive, metavar="K", help="number of dates (default: from the story's size)")
    p.add_argument("--per-date", type=positive, default=1, metavar="M", help="sentences per date (default 1)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_timeline)


def cmd_timeline(args) -> int:
    with engine(args, readonly=True) as eng:
        story = find_story(eng, args)
        entries = eng.timeline(story.id, dates=args.dates, per_date=args.per_date)
    if args.json:
        print_json({"story": story.id, "headline": story.headline, "timeline": entries})
        return 0
    print(f"#{story.id} {story.headline}")
    print(render_text(entries, dated=story.first_date is not None))
    return 0


# a story whose articles carry no publication date: its weekdays and "yesterday" have nothing to count from
UNDATED = (
    "no dated sentences: the story's articles carry no publication date, so a day such as \"on Tuesday\" "
    "cannot be placed (ingest them with --date YYYY-MM-DD, or in a form that carries one)"
)


def render_text(entries: list[TimelineEntry], dated: bool = True) -> str:
    if not entries:
        return "no dated sentences in this story" if dated else UNDATED
    lines: list[str] = []
    for e in entries:
        lines.append(f"\n{e.date.isoformat()} {e.date.strftime('%a')}")
        for s in e.sentences:
            lines.append(f"  {s.text}  [{s.article_id}, {s.sentence_index}]")
    return "\n".join(lines).lstrip("\n")
