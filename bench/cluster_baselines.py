"""The story tracker against batch average-link clustering on labelled streams: B-cubed F1.

Average-link (scikit-learn's AgglomerativeClustering over TF-IDF cosine of each document's title and
text, content-word stems) sees the whole stream at once, which an online tracker never does. It is
scored at every cut of CUTS: at the best cut for the stream itself (an oracle, as issue 27 reports
for a held-out stream) and at the cut best on the other streams (leave-one-stream-out, an honest
baseline: the streams sharing no file with it). A stream may be several files merged in date order (storyline.eval.cluster.merged).

    python bench/cluster_baselines.py                       # the dev streams of bench/fit_cluster.py
    python bench/cluster_baselines.py --streams A.jsonl B.jsonl+C.jsonl
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from fit_cluster import STREAMS
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_distances

from storyline.eval.cluster import merged, replay, scores
from storyline.text.tokens import content_stems

CUTS = tuple(round(c, 3) for c in np.arange(0.5, 1.0, 0.025))  # cosine distances at which average-link stops merging
DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "dev"


def average_link(paths: list[str]) -> dict[float, float]:
    """B-cubed F1 of average-link at each cut."""
    docs = merged(paths)
    gold = {str(d["id"]): frozenset(d.get("clusters") or [d["cluster"]]) for d in docs}
    texts = [f"{d.get('title') or ''} {d['text']}" for d in docs]
    x = TfidfVectorizer(analyzer=content_stems, sublinear_tf=True).fit_transform(texts)
    distance = cosine_distances(x)  # a document without content words is at distance 1 from every other
    out = {}
    for cut in CUTS:
        clustering = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average", distance_threshold=cut)
        labels = clustering.fit_predict(distance)
        out[cut] = scores({str(d["id"]): int(k) for d, k in zip(docs, labels)}, gold)["bcubed_f1"]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = [str(DATA / f"{s}.jsonl") for s in STREAMS] + [f"{DATA}/duc2003_tdt.jsonl+{DATA}/duc2007_update.jsonl"]
    parser.add_argument("--streams", nargs="+", default=default, help="stream files; A+B merges A and B into one stream")
    args = parser.parse_args()
    names = [" + ".join(Path(p).stem for p in s.split("+")) for s in args.streams]
    tracker, linked = {}, {}
    for name, stream in zip(names, args.streams):
        paths = stream.split("+")
        story, gold, _ = replay(paths)
        tracker[name] = scores(story, gold)["bcubed_f1"]
        linked[name] = average_link(paths)
    print(f"{'stream':<36} {'tracker':>8} {'avg-link oracle':>16} {'avg-link LOSO':>14}")
    for name, stream in zip(names, args.streams):
        oracle = max(linked[name], key=linked[name].get)
        others = [n for n, s in zip(names, args.streams) if not set(s.split("+")) & set(stream.split("+"))]  # no file shared
        cut = max(CUTS, key=lambda c: np.mean([linked[n][c] for n in others])) if others else oracle
        print(f"{name:<36} {tracker[name]:>8.3f} {linked[name][oracle]:>9.3f} at {oracle:<4} {linked[name][cut]:>7.3f} at {cut}")


if __name__ == "__main__":
    main()
