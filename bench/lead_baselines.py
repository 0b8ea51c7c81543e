"""The default summarizer beside the lead baselines the held-out figures of issue 31 name, on every dev set:
ROUGE-1/2 recall (%) as `storyline eval summarize` scores it, and words per summary.

    python bench/lead_baselines.py [--sets multinews duc2003] [--limit N]

Baselines on the raw input (they cut or skip without reading; storyline's `roundrobin` method is
the round-robin over the candidate sentences only):
  first words   the input's first `budget` words, articles in the given order, cut mid-sentence;
  input order   whole sentences in the given order, each that still fits (page furniture skipped);
  round-robin   the same, taking each article's first sentence, then each one's second, and so on;
  plain ILP     Gillick & Favre's bigram ILP on every sentence but page furniture: a content bigram of
                at least two articles (fewer when those cannot fill the budget) weighs the number of
                articles that carry it; no sentence rules, no redundancy check but coverage.
Each whole-sentence baseline is scored twice: with the whole budget, and cut per cluster to the
words the default summary used ("same length"): which of the gap is words, which is choice.
"""

from __future__ import annotations

import argparse
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence

import fit_summary

from storyline.eval.rouge import recall
from storyline.model import Article, Sentence
from storyline.summarize import ConceptILP, ilp
from storyline.summarize.units import Unit, make_units
from storyline.text.boilerplate import boilerplate
from storyline.text.tokens import word_count


def input_order(articles: Sequence[Article]) -> list[Sentence]:
    return [s for a in articles for s in a.sentences]


def round_robin(articles: Sequence[Article]) -> list[Sentence]:
    depth = max((len(a.sentences) for a in articles), default=0)
    return [a.sentences[k] for k in range(depth) for a in articles if k < len(a.sentences)]


def fitting(sentences: Iterable[Sentence], budget: int) -> list[str]:
    """Each sentence that still fits in the budget, page furniture skipped."""
    out, used = [], 0
    for s in sentences:
        n = word_count(s.text)
        if used + n <= budget and not boilerplate(s.text):
            out.append(s.text)
            used += n
    return out


def plain_ilp(articles: Sequence[Article], budget: int, min_df: int = 2) -> list[str]:
    """The plain bigram ILP's summary (see the module docstring), sentences in input order."""
    units = make_units(articles)
    df: Counter = Counter()
    for doc in {u.doc for u in units}:
        df.update(set().union(*(u.bigrams for u in units if u.doc == doc)))
    first: dict[str, Unit] = {}  # each sentence's text -> its first unit
    for u in units:
        if u.length <= budget and not boilerplate(u.sentence.text):
            first.setdefault(u.sentence.text, u)
    pool = list(first.values())
    while True:
        weights = {c: n for c, n in df.items() if n >= min_df}
        if min_df == 1 or sum(u.length for u in pool if not weights.keys().isdisjoint(u.bigrams)) >= budget:
            break
        min_df -= 1
    order = sorted(weights)
    index = {c: j for j, c in enumerate(order)}
    covers = [sorted(index[c] for c in u.bigrams if c in index) for u in pool]
    pool, covers = [u for u, c in zip(pool, covers) if c], [c for c in covers if c]
    if not pool:
        return []
    lengths = [u.length for u in pool]
    model = ilp.build([weights[c] for c in order], covers, lengths, budget, bonus=[1e-4 * n for n in lengths])
    return [pool[i].sentence.text for i in sorted(ilp.solve(model), key=lambda i: (pool[i].doc, pool[i].position))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=None, help="dev sets (default: all four of bench/fit_summary.py)")
    parser.add_argument("--limit", type=int, default=0, help="clusters per set (0 = all)")
    args = parser.parse_args()
    print(f"{'set':<10} {'method':<28} {'R-1':>6} {'R-2':>6} {'words':>6}")
    for name, file, budget, part in fit_summary.DATASETS:
        if args.sets and name not in args.sets:
            continue
        clusters = fit_summary.clusters(file, part)[: args.limit or None]
        rows: dict[str, list[tuple[float, float, int]]] = {}

        def add(label: str, text: str, refs: list[str]) -> None:
            r = recall(text, refs, budget)
            rows.setdefault(label, []).append((100 * r["R-1"], 100 * r["R-2"], word_count(text)))

        for c in clusters:
            articles, refs = c["articles"], c["references"]
            summary = ConceptILP().summarize(articles, words=budget)
            used = sum(word_count(s.text) for s in summary.sentences)
            add("default (ilp)", " ".join(s.text for s in summary.sentences), refs)
            add("first words", " ".join(" ".join(s.text for s in input_order(articles)).split()[:budget]), refs)
            for label, order in (("input order", input_order), ("round-robin", round_robin)):
                add(label, " ".join(fitting(order(articles), budget)), refs)
                add(f"{label}, same length", " ".join(fitting(order(articles), used)), refs)
            add("plain ILP", " ".join(plain_ilp(articles, budget)), refs)
        for label, got in rows.items():
            r1, r2, words = (statistics.mean(x[i] for x in got) for i in range(3))
            print(f"{name:<10} {label:<28} {r1:6.2f} {r2:6.2f} {words:6.1f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
