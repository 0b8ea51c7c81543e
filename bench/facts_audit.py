"""What a reader sees in the facts of real stories: the Timeline17 dev articles and the Multi-News dev
stream, written as JSON Lines at run time and fed to `storyline ingest`, then `story_facts` of every
story of 3+ articles.

    python bench/facts_audit.py
    PYTHONPATH=/path/to/other/checkout/src python bench/facts_audit.py   # another tree, same data

Prints, per store: quantity groups by status (agreed, conflicting, developing, single-source),
entities, entities shown in lowercase (in cased text a name is capitalised), entities holding a page
stamp's words (weekday or month abbreviations, time zones), and aliases that are units after a
number ("bn"). No gold data: the counts are what to read the listed examples against.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from real import multinews, timeline17

import storyline

_STAMP = re.compile(r"\b(?:EDT|EST|GMT|BST|pm|Mon|Tue|Wed|Thu|Fri|Jan|Feb|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|January|February|"
                    r"April|June|July|September|October|November|December|updated)\b")  # fmt: skip


def audit(db: str) -> tuple[Counter, list[str]]:
    counts: Counter = Counter()
    examples: list[str] = []
    with storyline.open(db, readonly=True) as engine:
        for story in engine.stories(limit=None):
            if len(story.article_ids) < 3:
                continue
            facts = engine.facts(story.id)
            counts["stories"] += 1
            for g in facts.groups:
                counts[g.status] += 1
                if g.status in ("conflicting", "developing") and len(examples) < 12:
                    examples.append(f"  #{story.id} {g.status}: {g.label[:100]}")
            for e in facts.entities:
                counts["entities"] += 1
                counts["entities shown in lowercase"] += e.display[:1].islower()
                counts["entities with page-stamp words"] += bool(_STAMP.search(e.display))
                counts["unit aliases (bn, km, ...)"] += any(a in ("bn", "km", "mn", "kg") for a in e.aliases)
    return counts, examples


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        for name, records in (("Timeline17 dev", timeline17()), ("Multi-News dev stream", multinews())):
            path, db = Path(tmp) / "in.jsonl", str(Path(tmp) / f"{len(records)}.db")
            path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
            subprocess.run([sys.executable, "-m", "storyline.cli.main", "--db", db, "ingest", str(path)],
                           check=True, capture_output=True)  # fmt: skip
            counts, examples = audit(db)
            print(f"{name}: {counts['stories']} stories of 3+ articles")
            for key in ("agreed", "conflicting", "developing", "single-source", "entities", "entities shown in lowercase",
                        "entities with page-stamp words", "unit aliases (bn, km, ...)"):  # fmt: skip
                print(f"  {key:32s} {counts[key]:6d}")
            print("\n".join(examples))
    return 0


if __name__ == "__main__":
    sys.exit(main())
