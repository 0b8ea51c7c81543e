"""`storyline eval update duc2007_update.jsonl [--words 100] [--out FILE] [--json]`.

Set A is summarized on its own; set B given A as read, set C given A and B. Each is compared
with the plain summarizer on the new set alone (same method and topic statement, nothing seen).
Scores: ROUGE-2 and ROUGE-SU4 recall per set, averaged over the references then the topics, and
over all sets together ("all": every summary counts once, as the best DUC 2007 system's 0.112
is measured).
"""

from __future__ import annotations

import argparse
import contextlib
import json
from collections.abc import Iterable
from typing import Any

from storyline.eval import add_param_argument, parse_params, print_results
from storyline.eval.datasets import doc_articles, failed, records
from storyline.eval.rouge import recall
from storyline.model import Article
from storyline.summarize import ConceptILP, Summarizer
from storyline.summarize.render import sentences_json

SETS = ("A", "B", "C")
MEASURES = ("R-2", "R-SU4")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dataset", help='JSON Lines: {"id", "topic", "sets": [{"set", "docs", "references"}]}')
    parser.add_argument("--words", type=int, default=100, help="word budget and ROUGE cut (default 100)")
    parser.add_argument("--query", action="store_true", help="weight concepts by the topic statement")
    parser.add_argument("--out", help='write one JSON line per set: {"id", "summary", "sentences"}')
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    add_param_argument(parser, "concept ILP summarizer")


def topic_text(record: dict[str, Any]) -> str:
    topic = record.get("topic") or {}
    return " ".join(x for x in (topic.get("title"), topic.get("narrative")) if x)


def evaluate(
    topics: Iterable[dict[str, Any]],
    words: int,
    use_query: bool = False,
    out=None,
    rows: list | None = None,
    summarizer: Summarizer | None = None,
) -> dict[str, Any]:
    """Mean scores per set (by ``summarizer``, the default concept ILP if None); ``rows``, when
    given, gets one dict of R-2 per topic and set."""
    summarizer = summarizer or ConceptILP()
    sums = {(s, kind, m): 0.0 for s in SETS for kind in ("update", "plain") for m in MEASURES}
    counts = dict.fromkeys(SETS, 0)
    for record in topics:
        query = topic_text(record) if use_query else None
        seen: list[Article] = []
        for part in record["sets"]:
            name, articles = part["set"], doc_articles(part["docs"])
            update = summarizer.summarize(articles, words=words, seen=seen, query=query)
            plain = summarizer.summarize(articles, words=words, query=query) if seen else update
            row = {"id": record["id"], "set": name}
            for kind, summary in (("update", update), ("plain", plain)):
                text = " ".join(s.text for s in summary.sentences)
                scores = recall(text, part["references"], words)
                for m in MEASURES:
                    sums[(name, kind, m)] += scores[m]
                row[f"{kind} R-2"] = 100 * scores["R-2"]
            if rows is not None:
                rows.append(row)
            if out is not None:
                line = {"id": part.get("id", f"{record['id']}-{name}"),
                        "summary": " ".join(s.text for s in update.sentences),
                        "sentences": sentences_json(update)}  # fmt: skip
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
            counts[name] += 1
            seen = seen + articles
    results = {
        name: {f"{kind} {m}": 100 * sums[(name, kind, m)] / max(counts[name], 1)
               for kind in ("update", "plain") for m in MEASURES} | {"topics": counts[name]}  # fmt: skip
        for name in SETS
    }
    total = sum(counts.values())
    results["all"] = {f"{kind} {m}": 100 * sum(sums[(name, kind, m)] for name in SETS) / max(total, 1)
                      for kind in ("update", "plain") for m in MEASURES} | {"summaries": total}  # fmt: skip
    return results


def table(results: dict[str, Any]) -> str:
    head = f"{'set':<5}" + "".join(f"{k:>15}" for k in ("update R-2", "update R-SU4", "plain R-2", "plain R-SU4"))
    lines = [head]
    for name, r in results.items():
        lines.append(
            f"{name:<5}"
            + "".join(f"{r[k]:15.2f}" for k in ("update R-2", "update R-SU4", "plain R-2", "plain R-SU4"))
        )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    try:
        summarizer = ConceptILP(**parse_params(args.param))
        with open(args.out, "w", encoding="utf-8") if args.out else contextlib.nullcontext() as out:
            results = evaluate(records(args.dataset), args.words, args.query, out, summarizer=summarizer)
    except (OSError, ValueError, KeyError, TypeError) as e:
        return failed("update", e)
    heading = f"{args.dataset}: ROUGE recall (%), {args.words} words; set A has nothing seen"
    return print_results(results, args.json, heading, table(results))
