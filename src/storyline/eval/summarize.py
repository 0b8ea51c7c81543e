"""`storyline eval summarize DATASET.jsonl --words N [--method M|all] [--out FILE] [--json]`.

ROUGE-1/2/4 and SU4 recall (rouge-score, Porter stemming, stopwords kept, summary cut to N words,
averaged over references then clusters) and the median milliseconds per cluster, per method:
wall clock, and CPU time of this process (the fairer figure on a shared machine).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from storyline.eval import add_param_argument, parse_params, print_results
from storyline.eval.datasets import doc_articles, failed, records
from storyline.eval.rouge import MEASURES, recall
from storyline.summarize import METHODS, Summarizer, get_summarizer
from storyline.summarize.render import sentences_json


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dataset", help='JSON Lines: {"id", "docs": [...], "references": [...]}')
    parser.add_argument("--words", type=int, default=100, help="word budget and ROUGE cut (default 100)")
    parser.add_argument("--method", default="ilp", choices=[*METHODS, "all"], help="method, or all")
    parser.add_argument("--limit", type=int, default=0, help="only the first N clusters (0 = all)")
    parser.add_argument("--out", help="write one JSON line per cluster: {id, summary, sentences}")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    add_param_argument(parser, "method (of each, with --method all)")


def evaluate(
    clusters: Iterable[dict[str, Any]], methods: Sequence[str] | Mapping[str, Summarizer], words: int, out=None
) -> dict[str, dict[str, float]]:
    """Mean ROUGE recall (in %) and median ms per cluster for each method: names (default
    parameters) or a mapping of labels to summarizers."""
    summarizers = methods if isinstance(methods, Mapping) else {m: get_summarizer(m) for m in methods}
    totals = {m: dict.fromkeys(MEASURES, 0.0) for m in summarizers}
    times: dict[str, list[float]] = {m: [] for m in summarizers}
    cpu: dict[str, list[float]] = {m: [] for m in summarizers}
    n = 0
    for record in clusters:
        articles = doc_articles(record["docs"])
        for method, summarizer in summarizers.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            summary = summarizer.summarize(articles, words=words)
            times[method].append(time.perf_counter() - start)
            cpu[method].append(time.process_time() - start_cpu)
            text = " ".join(s.text for s in summary.sentences)
            for k, v in recall(text, record["references"], words).items():
                totals[method][k] += v
            if out is not None:
                line = {"id": record.get("id"), "method": method, "summary": text,
                        "sentences": sentences_json(summary)}  # fmt: skip
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
        n += 1
    return {
        m: {**{k: 100 * v / max(n, 1) for k, v in totals[m].items()},
            "ms": 1000 * statistics.median(times[m]) if times[m] else 0.0,
            "cpu_ms": 1000 * statistics.median(cpu[m]) if cpu[m] else 0.0, "clusters": n}  # fmt: skip
        for m in summarizers
    }


def table(results: dict[str, dict[str, float]]) -> str:
    lines = [f"{'method':<10}" + "".join(f"{k:>8}" for k in MEASURES) + f"{'ms':>8}{'cpu ms':>8}"]
    for m, r in results.items():
        lines.append(
            f"{m:<10}" + "".join(f"{r[k]:8.2f}" for k in MEASURES) + f"{r['ms']:8.1f}{r['cpu_ms']:8.1f}"
        )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    names = list(METHODS) if args.method == "all" else [args.method]
    clusters = records(args.dataset)
    if args.limit:
        clusters = (r for i, r in zip(range(args.limit), clusters))
    try:
        params = parse_params(args.param)
        methods = {m: get_summarizer(m, **params) for m in names}
        with open(args.out, "w", encoding="utf-8") if args.out else contextlib.nullcontext() as out:
            results = evaluate(clusters, methods, args.words, out)
    except (OSError, ValueError, KeyError, TypeError) as e:
        return failed("summarize", e)
    n = next(iter(results.values()))["clusters"]
    heading = f"{args.dataset}: {n} clusters, {args.words} words, ROUGE recall (%)"
    return print_results(results, args.json, heading, table(results))
