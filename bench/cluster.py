"""Story tracker speed and memory on a generated stream (default 100,000 articles, ~1,000 stories).

Each story has its own small vocabulary of names and topic words; an article mixes 150-600 words
of a shared Zipf-distributed background with words of its story; the stream runs over 2,000 days,
in date order. Prints documents/s and peak RSS at checkpoints, and the rate of
tokenizing alone (the floor any tracker pays) on the same articles, so that runs on a noisy
machine compare by ratio.

    python bench/cluster.py [--articles 100000] [--stories 1000] [--undated] [--param NAME=VALUE ...]
    python bench/cluster.py --dev [--rounds 5] [--param NAME=VALUE ...]

--undated drops the dates: no story closes by time, so every story stays open (the case of an
undated web stream, where a story's next article may come thousands of articles later).
--dev times the tracker on the real dev clustering streams instead (articles parsed beforehand, the
best of --rounds replays in batches of 500), and prints the share of its stories of 3+ articles whose
headline (cluster.headlines) comes from an article of the story's majority gold story; --param sets
TrackerParams fields in either mode.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import resource
import time
from collections import Counter
from itertools import islice
from pathlib import Path

import numpy as np
from fit_cluster import STREAMS

from storyline.cluster import StoryTracker
from storyline.cluster.headlines import headline
from storyline.eval import add_param_argument, parse_params
from storyline.eval.cluster import load
from storyline.model import Article
from storyline.text.tokens import content_stems

# page furniture in a story's name, counted in the names of stories of 2+ articles: phrases of the
# old and new text.boilerplate lists and the credits and captions seen in the Multi-News stream
_FURNITURE = re.compile(
    r"image caption|toggle caption|media caption|media playback|file photo|getty images|photo gallery|"
    r"photo:|\(photo|copyright|advertisement|email this|follow us|\| |/ ap\b|reuters /",
    re.I,
)

BATCH = 500  # articles generated ahead of the tracker, like one ingest transaction
SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]


def vocabulary(rng: np.random.Generator, n: int) -> list[str]:
    words = set()
    while len(words) < n:
        k = rng.integers(2, 5)
        words.add("".join(SYLLABLES[i] for i in rng.integers(0, len(SYLLABLES), k)))
    return sorted(words)


def stream(n: int, stories: int, seed: int = 7, dated: bool = True):
    rng = np.random.default_rng(seed)
    start = dt.date(2020, 1, 1)
    background = np.array(vocabulary(rng, 20000))
    zipf = 1.0 / np.arange(1, len(background) + 1)
    zipf /= zipf.sum()
    topic = [rng.choice(background, 40, replace=False) for _ in range(stories)]
    names = [[w.capitalize() for w in rng.choice(background, 6, replace=False)] for _ in range(stories)]
    weights = rng.pareto(1.2, stories) + 0.1
    weights /= weights.sum()
    for i in range(n):
        s = int(rng.choice(stories, p=weights))
        length = int(rng.integers(150, 600))
        own = int(length * 0.25)
        body = list(rng.choice(background, length - own, p=zipf)) + list(rng.choice(topic[s], own))
        rng.shuffle(body)
        for k in range(0, len(body), 9):
            body[k] = f"{body[k]} {rng.choice(names[s])}"
        text = ". ".join(" ".join(body[j : j + 20]) for j in range(0, len(body), 20)) + "."
        day = start + dt.timedelta(days=2000 * i // n) if dated else None
        yield Article(id=f"g{i}", text=text, sentences=[], published=day)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def dev(rounds: int, params: dict) -> None:
    data = Path(__file__).resolve().parents[2] / "shared" / "data" / "dev"
    print(f"CPU time on one core, best of {rounds} replays in batches of {BATCH}; parameters {params or 'default'}")
    print(f"{'stream':<26} {'articles':>8} {'docs/s':>8} {'headline from majority':>24} {'furniture names':>16}")
    for name in STREAMS:
        articles, gold = load(str(data / f"{name}.jsonl"))
        best = 0.0
        for _ in range(rounds):
            tracker = StoryTracker(**params)
            start = time.process_time()
            found = [f for k in range(0, len(articles), BATCH) for f in tracker.add_many(articles[k : k + BATCH])]
            best = max(best, len(articles) / max(time.process_time() - start, 1e-9))
        merged = tracker.take_merges() if hasattr(tracker, "take_merges") else {}  # (an earlier tree has none)
        stories: dict[int, list[Article]] = {}
        for article, f in zip(articles, found):
            stories.setdefault(merged.get(f.story_id, f.story_id), []).append(article)
        big = [s for s in stories.values() if len(s) >= 3]
        good = 0
        for members in big:
            count = Counter(c for a in members for c in gold[a.id])
            _, source = headline(members)
            good += source is not None and bool(gold[source.id] & {c for c, n in count.items() if n == max(count.values())})
        share = f"{good}/{len(big)} = {good / len(big):.3f}" if big else "-"
        named = [headline(s)[0] for s in stories.values() if len(s) >= 2]
        furniture = f"{sum(_FURNITURE.search(t) is not None for t in named)}/{len(named)}"
        print(f"{name:<26} {len(articles):>8} {best:>8,.0f} {share:>24} {furniture:>16}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--undated", action="store_true", help="articles without dates")
    parser.add_argument("--dev", action="store_true", help="time the real dev streams")
    parser.add_argument("--rounds", type=int, default=5)
    add_param_argument(parser, "story tracker (cluster.TrackerParams)")
    args = parser.parse_args()
    params = parse_params(args.param)
    if args.dev:
        dev(args.rounds, params)
        return
    checkpoints = sorted({c for c in (10_000, 50_000, 100_000) if c < args.articles} | {args.articles})

    tracker = StoryTracker(**params)
    busy = floor = 0.0
    rows = []
    done = 0
    clock = time.process_time
    articles = stream(args.articles, args.stories, dated=not args.undated)
    while batch := list(islice(articles, BATCH)):  # generated ahead, as ingest reads a batch
        start = clock()
        tracker.add_many(batch)
        middle = clock()
        for article in batch:
            content_stems(article.text)  # the floor, on the same articles in the same moment
        floor += clock() - middle
        busy += middle - start
        done += len(batch)
        if done in checkpoints:
            rows.append((done, done / busy, done / floor, rss_mb(), len(tracker.stories), tracker.next_id - 1))
    print("CPU time on one core; 'floor' is tokenizing and stemming alone (text.tokens.content_stems),")
    print(f"timed on each batch of {BATCH} right after the tracker: compare machines and runs by 'x floor'.")
    print(f"{'articles':>9} {'docs/s':>8} {'floor/s':>8} {'x floor':>8} {'peak MB':>8} {'open':>7} {'stories':>8}")
    for done, rate, floor_rate, mb, open_, total in rows:
        print(f"{done:>9,} {rate:>8,.0f} {floor_rate:>8,.0f} {rate / floor_rate:>8.2f} {mb:>8.0f} {open_:>7} {total:>8}")


if __name__ == "__main__":
    main()
