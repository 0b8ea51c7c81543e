"""Choose how the default summarizer reads a big story (ConceptILP.big_min_df_share and max_candidates),
and score the choice leave-one-topic-out.

A big story has more articles than any summarization dev set (Summarizer.max_articles); its summary
counts a concept only when at least big_min_df_share of the story's articles carry it, and the ILP
takes the max_candidates candidates holding the most concept weight. No dev set pairs a story of
hundreds of articles with reference summaries, so the proxy is Timeline17's: each dev record's
articles summarized as one story, scored by ROUGE-1 + ROUGE-2 recall against the record's reference
timelines (each timeline's sentences read as one reference), at the summary budgets of BUDGETS.
A setting's score is the mean over topics of the mean over the topic's records (the oil spill's five
sources count as one topic). Leave-one-topic-out: chosen on three topics, scored on the fourth.
The shipped setting is chosen on all four; ties go to the larger share, then the fewer candidates
(the smaller model, solved sooner).

    python bench/fit_big_story.py [--data ../shared/data/dev] [--reading]

--reading scores instead how many of each article's first sentences a big story's summary reads
(Summarizer.lead_sentences), with the shipped share and candidates. That number bounds what a big
story's summary, page and feed cost, so it is not chosen by the score alone: the best is printed,
the shipped number is the default's.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from storyline.eval import timeline as tl
from storyline.eval.datasets import doc_article
from storyline.eval.rouge import recall
from storyline.summarize import ConceptILP

GRID = {"big_min_df_share": (0.3, 0.1, 0.05, 0.02, 0.0), "max_candidates": (150, 100, 50, 30)}
READING = {"lead_sentences": (3, 5, 8, 12)}
# which way a tie goes, parameter by parameter: 1 the larger value, -1 the smaller (the cheaper summary)
TIES = {"big_min_df_share": 1, "max_candidates": -1, "lead_sentences": -1}
BUDGETS = (100, 250)


def settings(grid: dict = GRID) -> list[tuple]:
    return list(itertools.product(*grid.values()))


def topic(record_id: str) -> str:
    return record_id.split("_")[0].lower()


def scored(data: Path, grid: dict = GRID) -> dict:
    """{(setting, record id): (R-1 + R-2 recall in % averaged over BUDGETS, most seconds a summary took)},
    the records shared out to one process per core."""
    with open(data / "timeline17_dev.jsonl", encoding="utf-8") as f:
        lines = f.read().splitlines()
    out = {}
    with ProcessPoolExecutor(os.cpu_count()) as pool:
        for part in pool.map(record_scores, lines, [grid] * len(lines)):
            out.update(part)
    return out


def record_scores(line: str, grid: dict) -> dict:
    """scored() of one record (a line of the file)."""
    record = json.loads(line)
    articles = [doc_article(d) for d in record["docs"] if d["text"].strip()]
    refs = [" ".join(" ".join(s) for _, s in sorted(days.items())) for _, days in tl.reference_timelines(record)]
    cache: dict = {}  # the prepared sentences, shared by the settings
    out = {}
    for setting in settings(grid):
        summarizer = ConceptILP(**dict(zip(grid, setting)))
        total, slowest = 0.0, 0.0
        for words in BUDGETS:
            start = time.perf_counter()
            summary = summarizer.summarize(articles, words=words, cache=cache)
            slowest = max(slowest, time.perf_counter() - start)
            got = recall(" ".join(s.text for s in summary.sentences), refs, words)
            total += 100 * (got["R-1"] + got["R-2"]) / len(BUDGETS)
        out[setting, record["id"]] = (total, slowest)
    return out


def score(results: dict, setting: tuple, topics: list[str]) -> float:
    """The setting's mean over the topics of its mean over each topic's records."""
    records = {r for _, r in results}
    return statistics.mean(
        statistics.mean(results[setting, r][0] for r in records if topic(r) == t) for t in topics
    )


def best(results: dict, topics: list[str], grid: dict = GRID) -> tuple:
    top = max(score(results, x, topics) for x in settings(grid))
    tied = [x for x in settings(grid) if score(results, x, topics) >= top - 1e-9]
    return max(tied, key=lambda x: tuple(TIES[name] * value for name, value in zip(grid, x)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data" / "dev")
    parser.add_argument("--reading", action="store_true", help="choose lead_sentences instead")
    args = parser.parse_args()
    grid = READING if args.reading else GRID
    results = scored(args.data, grid)
    topics = sorted({topic(r) for _, r in results})
    default = tuple(getattr(ConceptILP, name) for name in grid)
    chosen = best(results, topics, grid)
    print(f"R-1 + R-2 recall (%), mean of budgets {BUDGETS}; settings {tuple(grid)}")
    print(f"{'setting':<14} {'score':>7} {'slowest':>8}  " + " ".join(f"{t:>7}" for t in topics))
    for x in settings(grid):
        slowest = max(s for (y, _), (_, s) in results.items() if y == x)
        cells = " ".join(f"{score(results, x, [t]):7.2f}" for t in topics)
        print(f"{str(x):<14} {score(results, x, topics):7.2f} {slowest:7.2f}s  {cells}")
    print(f"\n{'held-out topic':<16} {'default':>8} {'in-sample':>10} {'LOTO':>8}  LOTO setting")
    for t in topics:
        loto = best(results, [u for u in topics if u != t], grid)
        a, b, c = (score(results, x, [t]) for x in (default, chosen, loto))
        print(f"{t:<16} {a:8.2f} {b:10.2f} {c:8.2f}  {loto}")
    shipped = "best on all topics" if args.reading else "chosen on all topics (shipped)"
    print(f"\n{shipped}: {dict(zip(grid, chosen))}; the default is {dict(zip(grid, default))}")


if __name__ == "__main__":
    main()
