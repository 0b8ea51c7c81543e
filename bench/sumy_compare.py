"""storyline's summarizer against sumy, the summarization library Python users install, in one run.

    pip install -e ".[bench]"                 # sumy (and the nltk it imports; no NLTK data is needed)
    python bench/sumy_compare.py [--limit N] [--set duc2003_task2.jsonl] [--same-length]

sumy's own tokenizers need NLTK data that cannot be downloaded here, so every method gets the
same input: storyline's sentences (as ingest splits them) and its word tokens. sumy ranks
sentences and picks a number of them; here its ranking fills the same word budget instead (each
best-rated sentence that still fits, whole, as storyline's summaries are made). storyline leaves
out sentences that cannot be read alone (questions, quotations without a speaker, fragments), so
where the budget is a large share of the input (Multi-News: 250 of about 420 words) its summaries
are shorter; --same-length cuts each sumy summary to storyline's length for that cluster, which
compares the choice of sentences alone. The "words" column is the mean summary length.
Times are median CPU ms per cluster, including building each method's view of the articles;
the last column is each method's time over storyline's in the same run (machines here are
shared and noisy, so the ratio is the figure to compare across days). KL-Sum is left out: it
takes seconds per cluster.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from storyline.eval.datasets import doc_articles, records
from storyline.eval.rouge import MEASURES, recall
from storyline.model import Article
from storyline.summarize import summarize
from storyline.text.tokens import word_count, words

SHARED = Path(os.environ.get("STORYLINE_SHARED", Path(__file__).resolve().parents[2] / "shared")) / "data"
SETS = {"duc2003_task2.jsonl": 100, "multiling2011_en.jsonl": 250, "multinews_dev500.jsonl": 250}
SUMY = ("lex_rank.LexRankSummarizer", "text_rank.TextRankSummarizer", "lsa.LsaSummarizer",
        "luhn.LuhnSummarizer", "sum_basic.SumBasicSummarizer")  # fmt: skip


class _Tokenizer:
    """sumy's tokenizer interface over storyline's word tokens (sentences come already split)."""

    language = "english"

    def to_words(self, sentence: str) -> list[str]:
        return words(sentence)


def sumy_methods() -> dict[str, object]:
    """name -> a ready sumy summarizer (English stemmer and stopwords)."""
    import importlib

    from sumy.nlp.stemmers import Stemmer
    from sumy.utils import get_stop_words

    out = {}
    for spec in SUMY:
        module, cls = spec.split(".")
        summarizer = getattr(importlib.import_module(f"sumy.summarizers.{module}"), cls)(Stemmer("english"))
        summarizer.stop_words = get_stop_words("english")
        out["sumy " + module.replace("_", "")] = summarizer
    return out


def sumy_summary(summarizer, articles: list[Article], budget: int) -> str:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

    tok = _Tokenizer()
    document = ObjectDocumentModel(
        [Paragraph([Sentence(s.display or s.text, tok) for s in a.sentences]) for a in articles if a.sentences]
    )

    def fill(ranked):  # sumy hands the sentences best first; keep each whole one that still fits
        kept, used = [], 0
        for info in ranked:
            n = word_count(str(info.sentence))
            if used + n <= budget:
                kept.append(info)
                used += n
        return kept

    return " ".join(str(s) for s in summarizer(document, fill))


def run(
    name: str, budget: int, limit: int, methods: dict[str, object], same_length: bool = False
) -> dict[str, dict[str, float]]:
    scores = {m: dict.fromkeys(MEASURES, 0.0) for m in ["storyline", *methods]}
    cpu: dict[str, list[float]] = {m: [] for m in scores}
    lengths: dict[str, list[int]] = {m: [] for m in scores}
    n = 0
    for record in records(SHARED / "dev" / name):
        if limit and n >= limit:
            break
        articles = doc_articles(record["docs"])
        limit_words = budget
        for m in scores:
            start = time.process_time()
            if m == "storyline":
                text = " ".join(s.text for s in summarize(articles, words=budget).sentences)
            else:
                text = sumy_summary(methods[m], articles, budget)
            cpu[m].append(time.process_time() - start)
            if m == "storyline" and same_length:
                limit_words = max(word_count(text), 1)
            for k, v in recall(text, record["references"], limit_words).items():
                scores[m][k] += v
            lengths[m].append(min(word_count(text), limit_words))
        n += 1
    return {m: {k: 100 * v / max(n, 1) for k, v in s.items()}
               | {"words": statistics.mean(lengths[m] or [0]), "cpu_ms": 1000 * statistics.median(cpu[m])}
            for m, s in scores.items()}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="clusters per set (0 = all)")
    parser.add_argument("--set", choices=sorted(SETS), action="append", help="only these sets (default: all three)")
    parser.add_argument("--same-length", action="store_true", help="cut sumy's summaries to storyline's length")
    args = parser.parse_args()
    if not (SHARED / "dev").is_dir():
        print(f"shared data not found at {SHARED} (set STORYLINE_SHARED)", file=sys.stderr)
        return 2
    try:
        methods = sumy_methods()
    except ImportError as e:
        print(f"sumy is not installed ({e}); pip install -e '.[bench]'", file=sys.stderr)
        return 2
    columns = [*MEASURES, "words"]
    head = f"{'set':<24}{'budget':>6} {'method':<16}" + "".join(f"{k:>8}" for k in columns)
    print(head + f"{'cpu ms':>9}{'x ours':>8}")
    for name in args.set or SETS:
        results = run(name, SETS[name], args.limit, methods, args.same_length)
        ours = results["storyline"]["cpu_ms"]
        for m, r in results.items():
            print(f"{name:<24}{SETS[name]:>6} {m:<16}" + "".join(f"{r[k]:8.2f}" for k in columns)
                  + f"{r['cpu_ms']:9.1f}{r['cpu_ms'] / ours:8.1f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
