"""Facts speed: story_facts on 25-article stories (the DUC 2007 update topics, sets A+B+C).

    python bench/facts.py [--topics 3] [--background 200]

Each topic's 25 documents are one story; the background (other stories' articles, as the engine
passes them) is taken from the other topics. The baseline in the same run is the floor: splitting
the same articles into sentences (build_article), which every stage pays before facts.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from storyline.eval.datasets import doc_articles, records
from storyline.facts import story_facts

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "dev" / "duc2007_update.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", type=int, default=3)
    parser.add_argument("--background", type=int, default=200, help="background articles (the engine passes up to 200)")
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"missing {DATA}: the benchmark reads the shared dev data")
    topics = [[d for s in rec["sets"] for d in s["docs"]] for rec in records(DATA)]
    print(f"{'topic':>5} {'articles':>8} {'sentences':>9} {'split s':>8} {'facts s':>8} {'facts+bg s':>10} {'groups':>6} {'entities':>8}")
    for t, docs in enumerate(topics[: args.topics]):
        start = time.perf_counter()
        articles = doc_articles(docs)
        split = time.perf_counter() - start
        background = doc_articles([d for other in topics if other is not docs for d in other][: args.background])
        start = time.perf_counter()
        story_facts(articles)
        alone = time.perf_counter() - start
        start = time.perf_counter()
        facts = story_facts(articles, background=background)
        with_bg = time.perf_counter() - start
        sentences = sum(len(a.sentences) for a in articles)
        print(f"{t:>5} {len(articles):>8} {sentences:>9} {split:>8.3f} {alone:>8.3f} {with_bg:>10.3f} {len(facts.groups):>6} {len(facts.entities):>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
