"""`storyline facts STORY`: what the reports agree on, where they differ, what only one says."""

from __future__ import annotations

from storyline.cli.common import counted, engine, find_story, print_json, story_id

SHOWN = 5  # statements listed per group in text; a figure 21 reports repeat needs no 21 lines


def register(sub) -> None:
    p = sub.add_parser("facts", help="a story's quantities across sources (agreed, conflicting, developing, single-source) and entities")
    p.add_argument("story", type=story_id, metavar="STORY")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_facts)


def cmd_facts(args) -> int:
    with engine(args, readonly=True) as eng:
        story = find_story(eng, args)
        facts = eng.facts(story.id)
    if args.json:
        print_json(facts.to_dict())
        return 0
    print(f"#{story.id} {story.headline}")
    print(render_text(facts))
    return 0


def render_text(facts) -> str:
    lines: list[str] = []
    for title, groups in (
        ("Agreed", facts.agreed),
        ("Conflicting", facts.conflicting),
        ("Developing", facts.developing),
        ("Single-source", facts.single_source),
    ):
        lines.append(f"\n{title} ({len(groups)})")
        for g in groups:
            lines.append(f"  {g.label}")
            for q in g.quantities[:SHOWN]:
                who = f" {q.source}" if q.source else ""
                lines.append(f"    {q.text}  [{q.citation.article_id}, {q.citation.sentence_index}]{who}")
            if len(g.quantities) > SHOWN:
                lines.append(f"    ... {counted(len(g.quantities) - SHOWN, 'more statement', 'more statements')} (--json lists them all)")
        if not groups:
            lines.append("  -")
    lines.append(f"\nEntities ({len(facts.entities)})")
    for e in facts.entities:
        aka = f" ({', '.join(e.aliases)})" if e.aliases else ""
        first = f"[{e.first.article_id}, {e.first.sentence_index}]" if e.first else ""
        lines.append(f"  {e.display}{aka}: {counted(e.mentions, 'sentence')} in {counted(len(e.articles), 'article')}, first {first}")
    return "\n".join(lines)
