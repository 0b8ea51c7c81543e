"""Choose the tracker's tuned numbers on the dev clustering streams, and score the choice
leave-one-stream-out: for each stream, the setting the same search finds best on the others,
scored on it. The shipped defaults (cluster/tracker.py) are the setting found on all of them. The
streams: DUC 2003's and MultiLing's, Multi-News dev's (undated), and the DUC 2007 update set read as
a dated stream of its ten topics (storyline.eval.cluster.stream_docs).

Three groups of numbers are searched, each over its grid with the others held, in turn until
none moves (coordinate search, from START):
- what joins a story: ``threshold``, ``cohesion`` and what a story's quiet weeks cost an article
  that would join it, ``gap_penalty`` per log of them (searched together: a penalty for quiet weeks
  and a lower threshold trade against each other, and searched apart the search can stop at one
  of them where the other is better);
- how the threshold rises among many stories: ``crowding`` per log of the open stories an article
  competes with past ``crowd_start`` of them, those last moved within ``crowd_days`` of its date;
- what is kept out of centroids and how long a story lives: ``thin_terms``, ``chrome_share``,
  ``expire_days``.

Three more groups are searched only with --also, since searching them does not pay on the stream
left out (on the four streams, leave-one-stream-out mean 0.897 without them, 0.870 with SPLIT; 0.878
with the first two on a machine without AVX2 before the tracker cut equal weights alike on every
CPU, against 0.901 then; figures in docs/decisions.md):
- how a term is weighed (WEIGH): ``idf_prior`` (the IDF's smoothing), ``lead_weight`` (a term of
  the lead);
- which terms stand for an article (TERMS): ``top_terms`` (indexed and queried), ``lead_stems`` (the
  lead's length) and ``name_extra`` (what a name counts beyond a word);
- the split pass (SPLIT, cluster.split): ``split_tau`` (0: none), ``split_part`` and ``split_min``.
  With it the search also drops cohesion (the split pass repairs what cohesion guards against) and
  in-sample F1 rises, DUC 2003 most; but only DUC 2003 has the stories that an early article fuses,
  so left out it does not choose the split pass, and Multi-News left out meets a lower threshold.

The best mean B-cubed F1 wins, within TIE: a group's numbers move only when that gains more than
TIE, and then to the tied setting first in the order of preference: the lowest threshold and
crowding, the fewest competing stories and the longest expiry (a split story is the failure being
avoided), then the most articles kept out of centroids (larger thin_terms, smaller chrome_share),
then the lowest cohesion, then no split pass or the fewest splits (lowest split_tau, largest
split_part and split_min); for gap_penalty, WEIGH and TERMS, the first value of each grid (the
number shipped before it was searched). Only the Multi-News stream reaches the stories where crowding starts: the
others cannot check it leave-one-stream-out.

With --orders N, a stream's F1 is the mean over its order as given and N - 1 more, each with the
articles of every day shuffled (seeded; the undated stream as a whole): a stream's order within a
day is an accident of how it was put together, and a setting should not be chosen for it. The
online tracker depends on it: the shipped setting scores DUC 2003 0.901 as given, 0.888 over five orders.

    python bench/fit_cluster.py [--data ../shared/data/dev] [--also weigh terms] [--orders N]
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from storyline.cluster.features import SharedTerms
from storyline.eval.cluster import assign, load, scores, shuffled_within_days

STREAMS = ("duc2003_tdt", "multiling2011_en_stories", "duc2007_update", "multinews_dev_stream")
JOIN = {
    "threshold": (0.075, 0.1, 0.125, 0.15, 0.175, 0.2),
    "cohesion": (0.0, 0.3, 0.45, 0.6),
}
CROWD = {
    "crowding": (0.0, 0.01, 0.0125, 0.015, 0.02),
    "crowd_start": (25, 50, 100, 200),
    "crowd_days": (0, 7, 30),  # 0: every open story competes
}
KEEP = {
    "thin_terms": (0, 4, 8, 12),  # below a one-sentence news brief (12-20 content words)
    "chrome_share": (1.01, 0.5, 0.4, 0.3, 0.25, 0.2, 0.15, 0.1),  # 1.01: off
    "expire_days": (30, 91, 365, 1461),
}
GAP = {"gap_penalty": (0.02, 0.0, 0.05)}
SPLIT = {
    "split_tau": (0.0, 0.5, 0.6, 0.7),  # 0: no split pass
    "split_part": (4, 3),
    "split_min": (8, 6),
}
WEIGH = {
    "idf_prior": (100, 30, 300),
    "lead_weight": (1.0, 0.5, 2.0),
}
TERMS = {
    "top_terms": (30, 20, 45),
    "lead_stems": (35, 20, 60),
    "name_extra": (2, 0, 4),
}
TIE = 0.0005  # mean F1 within this of the best is a tie
START = {"threshold": 0.15, "cohesion": 0.45, "crowding": 0.0, "crowd_start": 50, "crowd_days": 0,
         "thin_terms": 12, "chrome_share": 0.2, "expire_days": 1461, "gap_penalty": 0.02,
         "split_tau": 0.0, "split_part": 4, "split_min": 8}
EXTRA = {"weigh": WEIGH, "terms": TERMS, "split": SPLIT}


def preference(setting: dict) -> tuple:
    """Smaller is preferred among ties."""
    window = setting["crowd_days"] or math.inf  # the fewer stories compete, the fewer splits
    return (setting["threshold"], setting["crowding"], -setting["crowd_start"], window,
            -setting["expire_days"], -setting["thin_terms"], setting["chrome_share"], setting["cohesion"],
            setting["split_tau"], -setting["split_part"], -setting["split_min"],
            *(grid[name].index(setting[name]) for grid in (GAP, WEIGH, TERMS) for name in grid if name in setting))  # fmt: skip


def canonical(setting: dict) -> dict:
    """The setting, with the crowding and split numbers that do nothing without crowding or
    a split pass at START's."""
    if setting["crowding"] == 0:
        setting = setting | {name: START[name] for name in ("crowd_start", "crowd_days")}
    if setting["split_tau"] == 0:
        setting = setting | {name: START[name] for name in ("split_part", "split_min")}
    return setting


class Search:
    """B-cubed F1 of settings on the streams, each replay done once; the replays a group of
    settings needs are shared out to one process per core, which share the terms of each stream's
    batches (features.SharedTerms: the first replay of a stream is done here, before they fork)."""

    def __init__(self, data: str, also: Sequence[str] = (), orders: int = 1):
        self.data, self.orders = data, orders
        self.groups = [JOIN | GAP, CROWD, KEEP, *(EXTRA[name] for name in also)]
        self.start = START | {k: values[0] for name in also for k, values in EXTRA[name].items()}
        self.cache: dict[tuple, float] = {}

    def f1(self, setting: dict, stream: str) -> float:
        key = (tuple(sorted(setting.items())), stream)
        if key not in self.cache:
            self.cache[key] = replay_f1(self.data, *key, self.orders)
        return self.cache[key]

    def fill(self, settings: Sequence[dict], streams: Sequence[str]) -> None:
        """Replay, in parallel, whatever of settings × streams is not yet scored."""
        keys = list(dict.fromkeys((tuple(sorted(o.items())), s) for o in settings for s in streams))
        keys = [k for k in keys if k not in self.cache]
        if len(keys) < 2:
            return
        keys.sort(key=lambda k: k[1] != STREAMS[-1])  # the longest stream first: the workers end together
        for stream in streams:
            stream_of(self.data, stream)  # read here once: forked workers share it
            if (self.data, stream, 0) not in _SHARED:  # and replayed here once: they share its terms too
                first = next((k for k in keys if k[1] == stream), None)
                if first is not None:
                    self.cache[first] = replay_f1(self.data, *first, self.orders)
                    keys.remove(first)
        if not keys:
            return
        with ProcessPoolExecutor(min(os.cpu_count() or 1, len(keys))) as pool:
            got = pool.map(replay_f1, [self.data] * len(keys), *zip(*keys), [self.orders] * len(keys))
            self.cache.update(zip(keys, got))

    def mean(self, setting: dict, streams: Sequence[str]) -> float:
        return sum(self.f1(setting, s) for s in streams) / len(streams)

    def best(self, streams: Sequence[str]) -> dict:
        """Coordinate search over the groups from the start, on the mean F1 of ``streams``."""
        current = dict(self.start)
        for _ in range(5):
            before = dict(current)
            for grid in self.groups:
                options = [canonical(current | dict(zip(grid, values))) for values in itertools.product(*grid.values())]
                options = list({tuple(sorted(o.items())): o for o in options}.values())
                self.fill(options, streams)
                top = max(self.mean(o, streams) for o in options)
                tied = [o for o in options if self.mean(o, streams) >= top - TIE]
                if canonical(current) not in tied:  # a setting moves only for a gain past TIE
                    current = min(tied, key=preference)
            if current == before:
                return current
        raise RuntimeError("the coordinate search did not settle")


_LOADED: dict[str, tuple] = {}  # a process's streams, read once
_SHARED: dict[tuple[str, str, int], SharedTerms] = {}  # the terms of their replays, by stream and order (seed)


def stream_of(data: str, stream: str) -> tuple:
    path = f"{data}/{stream}.jsonl"
    if path not in _LOADED:
        _LOADED[path] = load(path)
    return _LOADED[path]


def replay_f1(data: str, setting: tuple, stream: str, orders: int = 1) -> float:
    """B-cubed F1 of the tracker with ``setting`` (sorted name, value pairs) on the stream: the mean
    over its order as given and orders - 1 more (shuffled_within_days, seeds 1, 2, ...)."""
    articles, gold = stream_of(data, stream)
    runs = [articles] + [shuffled_within_days(articles, seed) for seed in range(1, orders)]
    shared = [_SHARED.setdefault((data, stream, seed), SharedTerms()) for seed in range(orders)]
    return sum(scores(assign(run, terms, **dict(setting)), gold)["bcubed_f1"] for run, terms in zip(runs, shared)) / len(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(Path(__file__).resolve().parents[2] / "shared" / "data" / "dev"))
    parser.add_argument("--also", nargs="+", choices=sorted(EXTRA), default=(), help="search these groups as well")
    parser.add_argument("--orders", type=int, default=1, help="score each stream in this many orders (see above)")
    args = parser.parse_args()
    search = Search(args.data, args.also, args.orders)
    chosen = search.best(STREAMS)
    print("in-sample choice" + (":" if args.also else " (shipped):"), chosen)
    print(f"{'stream':<26} {'in-sample F1':>12} {'LOSO F1':>8}  LOSO setting")
    held = []
    for stream in STREAMS:
        loso = search.best([s for s in STREAMS if s != stream])
        held.append(search.f1(loso, stream))
        print(f"{stream:<26} {search.f1(chosen, stream):>12.3f} {held[-1]:>8.3f}  {loso}")
    print(f"{'mean':<26} {search.mean(chosen, STREAMS):>12.3f} {sum(held) / len(held):>8.3f}")


if __name__ == "__main__":
    main()
