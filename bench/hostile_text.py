"""Crafted article texts against each stage: how the time grows as the input doubles.

    python bench/hostile_text.py [--sizes 1 2 4] [--timeout 120] [--src DIR] [--case NAME ...]

A hostile feed entry, upload or API record should cost time in proportion to its size. Each case
builds its input at sizes n, 2n and 4n (--sizes, in units of the case's base size), stores it in a
fresh SQLite store through Engine.add_articles and times, in a fresh process each: reading
(build_article), storing (add_articles), and the story's headline (engine.story), facts and
timeline. A ratio near 2 per doubling is linear; near 4, quadratic. A measurement past --timeout
prints ">T". --src runs another checkout's code (a `git worktree` of an older commit).

The texts are generated here (hostile inputs are made, not found); none comes from the shared data.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# name -> (what it is, base size in repetitions)
CASES = {
    "brackets": ("one paragraph of '(a ' (syntok looks ahead of every opening bracket)", 25_000),
    "figures": ("one clause of '5% ' (where each figure was counted)", 1_000),
    "repeated": ("a six-report story, one report repeating a sentence of one toll", 1_000),
    "one_day": ("reports of one day, each stating the same toll among made-up sentences", 500),
    "weekdays": ("one sentence of weekdays and relative dates (the headline reads its capitals)", 4_000),
    "ranges": ("one sentence of year ranges", 1_000),
    "titles": ("200 reports whose titles are capitalised two-letter words (up to 990 characters)", 80),
}

RUN = r'''
import datetime as dt, json, random, sys, tempfile, time
import storyline
from storyline.ingest import build_article

case, n = sys.argv[1], int(sys.argv[2])
day = dt.date(2031, 3, 3)
lead = "The flood in Marrowby closed the river road on Monday, the county office said. "
rng = random.Random(5)
syllables = ["ka", "lo", "ven", "mir", "sob", "dre", "tal", "gor", "fin", "os", "pel", "ush"]


def prose(k):  # k sentences of made-up words, each with a figure
    out = []
    for _ in range(k):
        words = ["".join(rng.sample(syllables, 2)) for _ in range(12)]
        out.append(f"The {words[0]} {' '.join(words[1:6])} said {rng.randint(2, 900)} people {' '.join(words[6:])}.")
    return " ".join(out)


toll = "At least 12 people were killed in Marrowby, officials said. "
if case == "brackets":
    texts = [("Crews in Marrowby cleared the road. " + "(a " * n + "end.", None)]
elif case == "figures":
    texts = [("Prices rose in Marrowby on Monday. " + "5% " * n + "end.", None)]
elif case == "repeated":
    texts = [(lead + toll * n, None)] + [(lead + toll + prose(2), None) for _ in range(5)]
elif case == "one_day":
    texts = [(lead + toll + prose(2), None) for _ in range(n)]
elif case == "weekdays":
    words = ["Monday", "Tuesday", "next week", "last month", "on Sunday"]
    texts = [(lead + "Officials met " + " and ".join(words[k % 5] for k in range(n)) + ".", None)]
elif case == "ranges":
    texts = [(lead + "The dam was built " + ", ".join(f"from {1900 + k % 90} to {1901 + k % 90}" for k in range(n)) + ".", None)]
elif case == "titles":
    texts = [(lead + f"Report {k} said the river fell in Marrowby and the road opened.",
              " ".join(rng.choice("BCDFGHKLMNPRST") + rng.choice("aeiou") for _ in range(n))[:990]) for k in range(200)]
out = {}
start = time.process_time()
articles = [build_article(t, id=f"a{k}", title=title, source="Wire", published=day) for k, (t, title) in enumerate(texts)]
out["read"] = time.process_time() - start
with storyline.open(tempfile.mkdtemp() + "/h.db") as engine:
    start = time.process_time()
    engine.add_articles(articles)
    out["store"] = time.process_time() - start
    story = engine.story_of("a0")
    for stage, run in (("headline", lambda: engine.story(story)), ("facts", lambda: engine.facts(story)),
                       ("timeline", lambda: engine.timeline(story))):
        start = time.process_time()
        run()
        out[stage] = time.process_time() - start
print(json.dumps(out))
'''
STAGES = ("read", "store", "headline", "facts", "timeline")


def measure(case: str, n: int, timeout: float, src: str | None) -> dict[str, float] | None:
    """CPU seconds of each stage for the case at n repetitions, in a fresh process; None past the timeout."""
    env = dict(os.environ, PYTHONPATH=src) if src else None
    try:
        done = subprocess.run([sys.executable, "-c", RUN, case, str(n)], capture_output=True, text=True,
                              timeout=timeout, env=env, check=True)  # fmt: skip
    except subprocess.TimeoutExpired:
        return None
    return json.loads(done.stdout.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 2, 4], help="sizes, in units of a case's base size")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds a measurement may take")
    parser.add_argument("--src", help="the src folder of another checkout to run instead")
    parser.add_argument("--case", nargs="+", choices=sorted(CASES), default=list(CASES))
    args = parser.parse_args()
    print(f"CPU seconds per stage (>T: past --timeout {args.timeout:g} s); code: {args.src or ROOT / 'src'}")
    print(f"{'case':<10} {'n':>7}  " + " ".join(f"{s:>9}" for s in STAGES) + "  worst ratio to the size before")
    for case in args.case:
        what, base = CASES[case]
        before: dict[str, float] | None = None
        for size in args.sizes:
            n = base * size
            got = measure(case, n, args.timeout, args.src)
            cells = " ".join(f"{got[s]:9.2f}" if got else f"{'>T':>9}" for s in STAGES)
            ratio = ""
            if got and before:
                worst = max(STAGES, key=lambda s: got[s] / max(before[s], 0.01))
                ratio = f"{got[worst] / max(before[worst], 0.01):.1f} ({worst})"
            print(f"{case:<10} {n:>7,}  {cells}  {ratio}", flush=True)
            before = got
            if got is None:
                break  # a larger size would only take longer
        print(f"{'':<10} {what}")


if __name__ == "__main__":
    main()
