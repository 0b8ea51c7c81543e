"""What a split pass after the story tracker would be worth, on the dev clustering streams.

The online tracker can join two stories for good when an article that bridges them comes early
(on DUC 2003 the stories it fuses depend on the order of a day's articles: bench/fit_cluster.py
--orders). Here, after a replay, each story of ``--min-size`` articles or more is cut in two by
average-link over its articles' TF-IDF vectors (scikit-learn, fitted on the stream); it is split
when each part holds ``--min-part`` articles or more and the mean cosine across the parts is below
``tau`` times the lower of the parts' mean inner cosines. Streams are scored as in fit_cluster.py
(B-cubed F1; --orders N: the mean over the given order and N - 1 within-day shuffles), ``tau`` from
a grid (0: no split), in-sample and leave-one-stream-out (tau chosen on the other streams; ties to
the smaller). An experiment: the tracker has no split pass (it keeps no article vectors).

    python bench/cluster_split.py [--data ../shared/data/dev] [--orders 5]
"""

from __future__ import annotations

import argparse
import statistics
from collections import defaultdict
from pathlib import Path

import numpy as np
from fit_cluster import STREAMS
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.feature_extraction.text import TfidfVectorizer

from storyline.eval.cluster import assign, load, scores, shuffled_within_days

TAUS = (0.0, 0.3, 0.4, 0.5, 0.55, 0.6, 0.7, 0.8)


def split(order: list, story: dict[str, int], vectors, row: dict[str, int], tau: float, min_size: int,
          min_part: int) -> dict[str, int]:  # fmt: skip
    """The stories after the split pass (see above); ``vectors[row[id]]``: an article's TF-IDF vector."""
    members: dict[int, list[str]] = defaultdict(list)
    for a in order:
        members[story[a.id]].append(a.id)
    out, fresh = dict(story), max(story.values(), default=0) + 1
    for ids in members.values():
        if len(ids) < min_size:
            continue
        block = vectors[[row[i] for i in ids]].toarray()
        sim = block @ block.T
        upper = np.triu_indices(len(ids), 1)
        part = fcluster(linkage(np.clip(1 - sim[upper], 0, None), "average"), 2, "maxclust")
        a, b = np.flatnonzero(part == 1), np.flatnonzero(part == 2)
        if min(len(a), len(b)) < min_part:
            continue
        inner = min(sim[np.ix_(p, p)][np.triu_indices(len(p), 1)].mean() for p in (a, b))
        if sim[np.ix_(a, b)].mean() < tau * inner:
            for k in b:
                out[ids[k]] = fresh
            fresh += 1
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(Path(__file__).resolve().parents[2] / "shared" / "data" / "dev"))
    parser.add_argument("--orders", type=int, default=5)
    parser.add_argument("--min-size", type=int, default=6)
    parser.add_argument("--min-part", type=int, default=3)
    args = parser.parse_args()
    f1: dict[tuple[float, str], float] = {}
    for stream in STREAMS:
        articles, gold = load(f"{args.data}/{stream}.jsonl")
        vectors = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(
            [f"{a.title or ''} {a.text}" for a in articles])  # fmt: skip
        row = {a.id: k for k, a in enumerate(articles)}
        runs = [articles] + [shuffled_within_days(articles, seed) for seed in range(1, args.orders)]
        replays = [(run, assign(run)) for run in runs]
        for tau in TAUS:
            got = [split(run, story, vectors, row, tau, args.min_size, args.min_part) if tau else story
                   for run, story in replays]  # fmt: skip
            f1[tau, stream] = statistics.mean(scores(g, gold)["bcubed_f1"] for g in got)
    mean = lambda tau, streams: statistics.mean(f1[tau, s] for s in streams)  # noqa: E731
    print(f"B-cubed F1, mean over {args.orders} orders; min size {args.min_size}, min part {args.min_part}")
    print(f"{'tau':<6}" + "".join(f"{s[:12]:>14}" for s in STREAMS) + f"{'mean':>10}")
    for tau in TAUS:
        print(f"{tau:<6}" + "".join(f"{f1[tau, s]:>14.3f}" for s in STREAMS) + f"{mean(tau, STREAMS):>10.4f}")
    held = []
    for stream in STREAMS:
        rest = [s for s in STREAMS if s != stream]
        best = max(TAUS, key=lambda t: (round(mean(t, rest), 4), -t))
        held.append(f1[best, stream])
        print(f"left out {stream}: tau {best} chosen on the others, F1 {f1[best, stream]:.3f} (no split {f1[0.0, stream]:.3f})")
    print(f"leave-one-stream-out mean {statistics.mean(held):.4f} (no split {mean(0.0, STREAMS):.4f})")


if __name__ == "__main__":
    main()
