"""Every summarization method on every dev set, in-sample and cross-validated: ROUGE-1/2 recall (%).

    python bench/validate.py                 # the table: methods x dev sets x {in-sample, LODO, k-fold}
    python bench/validate.py --grid          # also: the learned ILP's tuned numbers and rules, by CV
    python bench/validate.py --sets duc2003 multiling --folds 5
    python bench/validate.py --room          # summaries that stop short: what the sentences left out are
    python bench/validate.py --unanchored    # summary sentences that point back without the one before

Dev sets (bench/fit_summary.py): DUC 2003, MultiLing 2011, Multi-News dev500 and DUC 2007 set A
(as a generic summary), read from ../shared/data. The learned concept model is fitted
  in-sample: on every set (the shipped model, bench/fit_summary.py),
  LODO:      leave one dataset out: on the other sets, scored on the held-out set,
  k-fold:    on the other sets and the other folds of the set (clusters dealt to --folds folds in
             file order), scored on each fold in turn.
Methods with nothing learned (the baselines, the ILP with counted weights) score the same in the
three columns. --grid scores variants of the learned ILP (the regularization C, each polish rule
off, the budget filled or not) in the cross-validated columns; a number or rule is kept when the
mean over the sets of the LODO and k-fold R-1 + R-2 says it pays. The "ilp (counted, CV)" row
chooses the counted ILP's numbers from COUNTED_GRID in each column (Protocol.tuned): a setting
replaces the shipped one only where it is no lower in R-1 and R-2 on every set it is chosen on.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence

import fit_summary

from storyline.eval.rouge import recall
from storyline.summarize import ConceptILP, filters, get_summarizer
from storyline.summarize.base import Summarizer
from storyline.summarize.units import make_units
from storyline.text.tokens import word_count

BASELINES = ("lead", "centroid", "lexrank", "textrank", "roundrobin")
COLUMNS = ("in", "LODO", "kfold")
# variants of the learned ILP for --grid: label -> ConceptILP parameters (C is fit_summary's C)
VARIANTS: dict[str, dict] = {
    "default": {},
    "no fill": {"fill": False},
    "no word bonus": {"bonus_per_word": 0.0},
    "fill from 8 words": {"fill_min_words": 8},
    "no pairs": {"pairs": False},
    "pairs always": {"pairs_below": math.inf},
    "story stock rule": {"story_stock": True},
    "no quotation rule": {"quoted": 1.01},
    "probability squared": {"learned_power": 2.0},
    "min df cut-off": {"learned_min_df": True},
    "scale counted": {"learned_mode": "scale"},
    "lead reach 20": {"lead_reach": 20},
    "lead reach 5": {"lead_reach": 5},
}
C_GRID = (0.01, 0.1, 1.0, 10.0)
# the rules and fill of the ILP with counted weights (nothing learned: the same in every column)
COUNTED_VARIANTS: dict[str, dict] = {
    "default": {},
    "no fill": {"fill": False},
    "no pairs": {"pairs": False},
    "no quotation rule": {"quoted": 1.01},
    "fill from 8 words": {"fill_min_words": 8},
    "fill without followers": {"fill_followers": False},
    "followers anywhere": {"followers_after": False},
    "pairs always": {"pairs_below": math.inf},
    "pairs below 1 budget": {"pairs_below": 1.0},
    "pairs below 4 budgets": {"pairs_below": 4.0},
    "story stock rule": {"story_stock": True},
    "chrome articles kept": {"chrome_share": 1.01},
    "no anchorless followers": {"anchorless": False},
    "as before issue 31": {"fill": False, "pairs_below": math.inf, "story_stock": True, "fill_min_words": 8,
                           "fill_followers": False, "anchorless": False},
}
# the counted ILP's tuned numbers, chosen by the protocol (the "ilp (counted, CV)" row); the first
# setting is the shipped one
TIE = 0.005  # ROUGE points (%) below the shipped setting's that still count as no lower (printed to 0.01)
COUNTED_GRID = [
    *({"pairs_below": pairs, "story_stock": stock, "fill_min_words": fill, "fill_followers": follow}
      for pairs in (2.0, math.inf) for stock in (False, True) for fill in (4, 8) for follow in (True, False)),
    *({"min_df_share": share, "position_bonus": bonus}
      for share in (0.2, 0.3, 0.4) for bonus in (0.5, 1.0, 2.0) if (share, bonus) != (0.3, 1.0)),
    {"anchorless": False},
    *({"pairs_below": pairs} for pairs in (1.0, 4.0)),
    *({"lead_reach": reach} for reach in (7, 15)),
    *({"lead_room": room} for room in (0.0, 1.25, 3.0)),
    *({"half_life": half} for half in (2.0, 8.0)),
    *({"chrome_share": share} for share in (1.01, 0.2)),
    # the sentence filters' numbers (summarize.filters.Rules)
    *({"quoted": share} for share in (0.3, 0.7)),
    *({"max_words": n} for n in (45, 70)),
    *({"min_words": n} for n in (6, 10)),
    *({"long_words": n} for n in (60, 120)),
    # how much two summary sentences may say alike (summarize.redundancy.NEAR_DUPLICATE)
    *({"near_duplicate": share} for share in (0.4, 0.6, 0.7)),
    *({"duplicate_words": n} for n in (1, 2, 4, 5)),  # ... in at least this many content words (1: any)
]  # fmt: skip


def score(summarizer: Summarizer, cluster: dict, budget: int) -> tuple[float, float, int]:
    """R-1, R-2 (%) and words of the summary of one cluster."""
    summary = summarizer.summarize(cluster["articles"], words=budget, cache=cluster["cache"])
    text = " ".join(s.text for s in summary.sentences)
    r = recall(text, cluster["references"], budget)
    return 100 * r["R-1"], 100 * r["R-2"], sum(word_count(s.text) for s in summary.sentences)


SHORT = 20  # words short of its budget past which --room looks at what a summary left out


def left_out(summarizer: ConceptILP, cluster: dict, budget: int) -> tuple[int, Counter] | None:
    """For a summary more than SHORT words short of its budget: the words left, and the story's
    sentences that would fit them but are not in it, by why (None for a summary that is not short)."""
    summary = summarizer.summarize(cluster["articles"], words=budget, cache=cluster["cache"])
    left = budget - sum(word_count(s.text) for s in summary.sentences)
    if left <= SHORT:
        return None
    articles = summarizer.ordered(cluster["articles"])
    units = make_units(articles, summarizer.reach_of(articles), cluster["cache"])
    taken = {(s.article_id, s.sentence_index) for s in summary.sentences}
    chosen = [u for u in units if (u.article.id, u.sentence.index) in taken]
    filling = summarizer.fill_rules()
    why: Counter = Counter()
    for u in units:
        if (u.article.id, u.sentence.index) in taken or u.length > left:
            continue
        if any(summarizer.repeats(u.content, t.content) for t in chosen):
            why["repeats a summary sentence"] += 1
        elif filters.fills(u, filling):
            why["would fit"] += 1  # none expected: fill_room takes such a sentence
        elif filters.leans_back(u, filling):
            why["points back, or quotes an unnamed speaker"] += 1
        else:
            why["cannot stand alone"] += 1  # furniture, a fragment, a question, too short
    return left, why


def room(data: dict[str, dict]) -> None:
    """Per set: the default's summaries more than SHORT words short, and what was left out."""
    method = ConceptILP()
    for name, d in data.items():
        rows = [r for r in (left_out(method, c, d["budget"]) for c in d["clusters"]) if r]
        kinds = sorted({k for _, why in rows for k in why})
        print(f"{name}: {len(rows)} of {len(d['clusters'])} summaries stop more than {SHORT} words short"
              + (f" ({statistics.mean(r[0] for r in rows):.0f} words left on average)" if rows else ""))
        for k in kinds:
            print(f"  {k:<44} in {sum(1 for _, why in rows if why[k]):>4} of them ({sum(why[k] for _, why in rows)} sentences)")


def unanchored(data: dict[str, dict]) -> None:
    """Per set: the default's summary sentences that open by pointing back ("He ...", "But ...") and
    how many of them come without the sentence before them (those that open their article apart)."""
    method = ConceptILP()
    for name, d in data.items():
        total = alone = opening = 0
        for c in d["clusters"]:
            summary = method.summarize(c["articles"], words=d["budget"], cache=c["cache"])
            taken = {(s.article_id, s.sentence_index) for s in summary.sentences}
            text = {a.id: a for a in c["articles"]}
            for s in summary.sentences:
                words = text[s.article_id].sentences[s.sentence_index].text.split()
                if words and words[0].lower() in filters.DANGLING:
                    total += 1
                    if (s.article_id, s.sentence_index - 1) not in taken:
                        alone += 1
                        opening += s.sentence_index == 0
        print(f"{name}: {total} summary sentences point back; {alone} without the sentence before them "
              f"({opening} of those open their article)")


def mean_scores(rows: Sequence[tuple[float, float, int]]) -> tuple[float, float, float]:
    return tuple(statistics.mean(r[i] for r in rows) for i in range(3))  # type: ignore[return-value]


def folds_of(clusters: Sequence[dict], k: int) -> list[list[dict]]:
    return [list(clusters[i::k]) for i in range(k)]


class Protocol:
    """Fitted models per column, cached by C, and the scores of any learned-ILP variant."""

    def __init__(self, data: dict[str, dict], k: int):
        self.data, self.k = data, k
        self.models: dict[tuple, object] = {}
        self.counted: dict[tuple, dict] = {}
        self.choices: dict[str, dict] = {}

    def model(self, c: float, held: str | None = None, fold: int | None = None):
        """The model fitted without the held-out set (LODO) or without one fold of it (k-fold)."""
        key = (c, held, fold)
        if key not in self.models:
            groups = []
            for name, d in self.data.items():
                if name != held:
                    groups.append(d["clusters"])
                elif fold is not None:
                    rest = [x for j, f in enumerate(folds_of(d["clusters"], self.k)) if j != fold for x in f]
                    groups.append(rest)
            self.models[key] = fit_summary.fit(groups, c)
        return self.models[key]

    def learned(self, params: dict, c: float = fit_summary.C, inside: bool = True) -> dict[str, dict[str, tuple]]:
        """set -> column -> (R-1, R-2, words) of the learned ILP with these parameters (without
        `inside`, the in-sample column is left at 0)."""
        out = {}
        for name, d in self.data.items():
            budget, clusters = d["budget"], d["clusters"]
            lodo = ConceptILP(concept_model=self.model(c, name), **params)
            kfold = []
            for j, fold in enumerate(folds_of(clusters, self.k)):
                s = ConceptILP(concept_model=self.model(c, name, j), **params)
                kfold += [score(s, x, budget) for x in fold]
            out[name] = {
                "in": mean_scores([score(ConceptILP(concept_model=self.model(c), **params), x, budget)
                                   for x in clusters]) if inside else (0.0, 0.0, 0.0),
                "LODO": mean_scores([score(lodo, x, budget) for x in clusters]),
                "kfold": mean_scores(kfold),
            }
        return out

    def per_cluster(self, params: dict) -> dict[str, list[tuple]]:
        """set -> (R-1, R-2, words) per cluster of the ILP with counted weights and these parameters."""
        key = tuple(sorted(params.items()))
        if key not in self.counted:
            s = ConceptILP(concept_model=None, **params)
            self.counted[key] = {n: [score(s, x, d["budget"]) for x in d["clusters"]] for n, d in self.data.items()}
        return self.counted[key]

    def tuned(self, grid: Sequence[dict]) -> dict[str, dict[str, tuple]]:
        """The counted ILP with its parameters chosen from `grid` (whose first setting is the
        shipped one) by the protocol: in-sample, the best on every set; LODO, the best on the other
        sets; k-fold, the best on the other sets and the other folds. Best: the highest mean over
        the sets of their mean R-1 + R-2 among the settings no lower than the first in R-1 or R-2
        on any of those sets (a setting that wins on one set and loses on another is no win)."""
        runs = [self.per_cluster(p) for p in grid]
        sets = list(self.data)

        def means(run: dict, held: str | None, fold: int | None) -> list[tuple[float, float]]:
            out = []
            for n in sets:
                rows = run[n]
                if n == held:
                    if fold is None:
                        continue
                    rows = [r for j, f in enumerate(folds_of(rows, self.k)) if j != fold for r in f]
                out.append((statistics.mean(r[0] for r in rows), statistics.mean(r[1] for r in rows)))
            return out

        def best(held: str | None = None, fold: int | None = None) -> int:
            scored = [means(run, held, fold) for run in runs]
            first = scored[0]
            kept = [i for i, m in enumerate(scored)
                    if all(a >= a0 - TIE and b >= b0 - TIE for (a, b), (a0, b0) in zip(m, first))]  # fmt: skip
            return max(kept, key=lambda i: statistics.mean(a + b for a, b in scored[i]))

        out = {}
        best_all = best()
        self.choices["in"] = grid[best_all]
        for n in sets:
            lodo = best(n)
            self.choices[f"LODO {n}"] = grid[lodo]
            kfold = []
            for j in range(self.k):
                b = best(n, j)
                self.choices[f"kfold {n} {j}"] = grid[b]
                kfold += folds_of(runs[b][n], self.k)[j]
            out[n] = {"in": mean_scores(runs[best_all][n]), "LODO": mean_scores(runs[lodo][n]), "kfold": mean_scores(kfold)}
        return out

    def fixed(self, make: Callable[[], Summarizer]) -> dict[str, dict[str, tuple]]:
        """The same scores in every column: a method with nothing learned from the dev sets."""
        out = {}
        for name, d in self.data.items():
            s = make()
            r = mean_scores([score(s, x, d["budget"]) for x in d["clusters"]])
            out[name] = dict.fromkeys(COLUMNS, r)
        return out


def table(results: dict[str, dict], sets: Sequence[str]) -> str:
    head1 = f"{'':<28}" + "".join(f"{s:^54}" for s in sets)  # 6 cells of 9
    cells = [f"R{n} {col}" for n in (1, 2) for col in COLUMNS]
    head2 = f"{'method':<28}" + "".join(f"{c:>9}" for _ in sets for c in cells)
    lines = [head1, head2]
    for method, r in results.items():
        lines.append(f"{method:<28}" + "".join(
            "".join(f"{r[s][col][0]:9.2f}" for col in COLUMNS) + "".join(f"{r[s][col][1]:9.2f}" for col in COLUMNS)
            for s in sets
        ))  # fmt: skip
    return "\n".join(lines)


def cv_mean(r: dict, sets: Sequence[str]) -> float:
    """Mean over the sets of the LODO and k-fold R-1 + R-2: what --grid chooses by."""
    return statistics.mean(r[s][col][0] + r[s][col][1] for s in sets for col in ("LODO", "kfold"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=None, help="dev sets (default: all four)")
    parser.add_argument("--folds", type=int, default=5, help="k of the k-fold columns (default 5)")
    parser.add_argument("--grid", action="store_true", help="also score the variants of the learned ILP")
    parser.add_argument("--counted", action="store_true", help="only the counted ILP's variants (COUNTED_VARIANTS)")
    parser.add_argument("--methods", nargs="+", default=None, help="only these rows (default: all)")
    parser.add_argument("--room", action="store_true", help="only: what the default's short summaries left out")
    parser.add_argument("--unanchored", action="store_true", help="only: sentences that point back, alone")
    args = parser.parse_args()
    if not (fit_summary.SHARED / "dev").is_dir():
        print(f"shared data not found at {fit_summary.SHARED} (set STORYLINE_SHARED)", file=sys.stderr)
        return 2
    start = time.perf_counter()
    data = fit_summary.load(args.sets)
    sets = list(data)
    protocol = Protocol(data, args.folds)
    if args.room:
        room(data)
        return 0
    if args.unanchored:
        unanchored(data)
        return 0
    if args.counted:
        rows = {}
        for label, params in COUNTED_VARIANTS.items():
            runs = protocol.per_cluster(params)
            rows[label] = r = {n: dict.fromkeys(COLUMNS, mean_scores(runs[n])) for n in sets}
            print(f"{label:<32}" + "".join(f"{n} {r[n]['in'][0]:6.2f} {r[n]['in'][1]:6.2f} {r[n]['in'][2]:6.1f}   " for n in sets)
                  + f"mean R-1+R-2 {cv_mean(r, sets):.3f}", flush=True)  # fmt: skip
        return 0
    rows: dict[str, Callable[[], dict]] = {
        "ilp (learned)": lambda: protocol.learned({}),
        "ilp (counted)": lambda: protocol.fixed(lambda: ConceptILP(concept_model=None)),
        "ilp (counted, CV)": lambda: protocol.tuned(COUNTED_GRID),
        **{b: (lambda b=b: protocol.fixed(lambda: get_summarizer(b))) for b in BASELINES},
    }
    results = {m: f() for m, f in rows.items() if not args.methods or m.split()[0] in args.methods or m in args.methods}
    print(f"ROUGE recall (%), rouge-score as `storyline eval summarize`; {args.folds}-fold; learned C = {fit_summary.C}")
    print(table(results, sets))
    if "ilp (learned)" in results:
        words = "  ".join(f"{s} {results['ilp (learned)'][s]['LODO'][2]:.1f}/{data[s]['budget']}" for s in sets)
        print(f"words per summary, learned ILP (LODO): {words}")
    if protocol.choices:
        picks = {}
        for where, p in protocol.choices.items():
            picks.setdefault(str(p), []).append(where)
        print("counted ILP, parameters the protocol chose: " + "; ".join(f"{p}: {len(w)} of {len(protocol.choices)} ({', '.join(w[:3])}{'...' if len(w) > 3 else ''})" for p, w in picks.items()))
    if args.grid:
        grid: dict[str, dict] = {}
        for c in C_GRID:
            grid[f"C={c}"] = protocol.learned({}, c, inside=False)
        for label, params in VARIANTS.items():
            if label != "default":
                grid[label] = protocol.learned(params, inside=False)
        for label, params in COUNTED_VARIANTS.items():
            runs = protocol.per_cluster(params)
            grid[f"counted: {label}"] = {n: dict.fromkeys(COLUMNS, mean_scores(runs[n])) for n in sets}
        print(f"\nvariants of the learned ILP (default: C = {fit_summary.C} and the shipped rules)")
        print(table(grid, sets))
        print(f"\n{'variant':<28}{'CV mean R-1+R-2':>16}{'words (LODO)':>40}")
        for label, r in grid.items():
            used = " ".join(f"{r[s]['LODO'][2]:6.1f}" for s in sets)
            print(f"{label:<28}{cv_mean(r, sets):16.3f}    {used}")
    print(f"({time.perf_counter() - start:.0f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
