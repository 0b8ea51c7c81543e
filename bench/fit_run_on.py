"""Fit text/run_on_model.json: where a title runs into the lead with no stop between.

Examples come from the cased articles of the dev sets, read at run time. Positives: each title not
written in Title Case (MultiLing, DUC 2007's AP titles) run into its article's first sentence, and
each two opening sentences of an article run together, the first without its full stop; the cut is
before the first word of the second part. Negatives: every candidate word of an article's first
three sentences (Timeline17's second to fourth: its first lines are the ones that run on). Each
line's article words are read from its article's first SEEN_CHARS characters without the line, as at
ingest (runon.elsewhere). A logistic regression scores each candidate word (text/runon.py); a line
is cut at its likeliest candidate when that passes the threshold. C and the threshold are chosen by leave-one-dataset-out
F1 of the cuts (a cut is right only at the true place); the table shows each set in-sample and left
out. The file also holds how far from a line's start (or its last cut) a cut may come: "most", the
99th percentile of the titles' lengths, and "later_most", of the sentences run into the next (where
runon.later_cuts looks for an opener). --write rebuilds the shipped model file exactly.

    python bench/fit_run_on.py [--data ../shared/data/dev] [--write] [--show N]
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from storyline.ingest.build import SEEN_CHARS
from storyline.text.runon import FEATURES, MIN_LEFT, MODEL_PATH, article_words, candidates, elsewhere, features, opening_words
from storyline.text.split import split_sentences
from storyline.text.tokens import STOPWORDS

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared")) / "data"

SETS = {  # name -> file
    "duc2007": "duc2007_update.jsonl",
    "multiling": "multiling2011_en.jsonl",
    "multiling_stories": "multiling2011_en_stories.jsonl",
    "duc2003": "duc2003_task2.jsonl",
    "duc2003_tdt": "duc2003_tdt.jsonl",
    "timeline17": "timeline17_dev.jsonl",
}
GROUPS = {"duc2007": "duc2007", "multiling": "multiling", "multiling_stories": "multiling", "duc2003": "duc2003",
          "duc2003_tdt": "duc2003", "timeline17": "timeline17"}  # fmt: skip
C_GRID = (0.01, 0.1, 1.0, 10.0)
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.3, 0.96, 0.05))
OPENING = 3  # sentences of each article that give negatives


def docs_of(record: dict) -> list[dict]:
    if "sets" in record:
        return [d for s in record["sets"] for d in s["docs"]]
    return record.get("docs") or [record]


def examples(data: Path) -> list[dict]:
    """Lines to cut: {"group", "tokens", "seen" (article_words of the rest), "cut" (index or None)}; each article once."""
    out, seen = [], set()
    for name, file in SETS.items():
        for line in (data / file).open(encoding="utf-8"):
            for doc in docs_of(json.loads(line)):
                text = doc["text"]
                if text in seen or not any(c.isupper() for c in text[:2000]):
                    continue
                seen.add(text)
                sentences = [s for _, s in split_sentences(text)]
                opening = sentences[1:OPENING + 1] if name == "timeline17" else sentences[:OPENING]  # its first runs on
                for s in opening:
                    seen_words = article_words(elsewhere(text[:SEEN_CHARS], s))
                    out.append({"group": GROUPS[name], "tokens": s.split(), "seen": seen_words, "cut": None})
                for s, t in zip(opening, opening[1:]):  # a sentence without its stop, run into the next
                    head = s.split()
                    if head[-1] in (".", "!", "?"):
                        head = head[:-1]
                    elif head[-1][-1:] in ".!?" and head[-1][-2:-1].isalpha():
                        head[-1] = head[-1][:-1]
                    else:
                        continue
                    if t[:1].isupper():
                        seen_words = article_words(elsewhere(text[:SEEN_CHARS], s, t))
                        out.append({"group": GROUPS[name], "tokens": head + t.split(), "seen": seen_words, "cut": len(head)})
                title = " ".join((doc.get("title") or "").split())
                title_case = all(w[:1].isupper() for w in title.split()[1:] if w[:1].isalpha() and w.lower() not in STOPWORDS)
                if title and opening and not title.endswith((".", "!", "?")) and not title_case:
                    head = title.split()
                    out.append({"group": GROUPS[name], "tokens": head + opening[0].split(),
                                "seen": article_words(elsewhere(text[:SEEN_CHARS], title, opening[0])),
                                "cut": len(head), "title": True})  # fmt: skip
    return [line for line in map(_after_opening, out) if line]


def _after_opening(line: dict) -> dict | None:
    """The line without the stamp or dateline it starts with, as runon.run_on_cuts reads it (None: cut there)."""
    skip = opening_words(line["tokens"])
    if not skip:
        return line
    if line["cut"] is not None and line["cut"] <= skip:
        return None
    return {**line, "tokens": line["tokens"][skip:], "cut": None if line["cut"] is None else line["cut"] - skip}


def longest(lines: list[dict], titles: bool = True) -> int:
    """Words before a cut at most: the 99th percentile of the titles' lengths; without ``titles``, of
    the sentences' run into the next (where runon.later_cuts looks for an opener)."""
    cuts = [line["cut"] for line in lines if line["cut"] is not None and bool(line.get("title")) == titles]
    return int(np.percentile(cuts, 99))


def matrix(lines: list[dict], most: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Candidate rows: features, label, the line each comes from and its word's index there."""
    rows, labels, owner, where = [], [], [], []
    for i, line in enumerate(lines):
        for k in candidates(line["tokens"], most):
            rows.append(features(line["tokens"], k, line["seen"]))
            labels.append(k == line["cut"])
            owner.append(i)
            where.append(k)
    return np.array(rows), np.array(labels), np.array(owner), np.array(where)


def scores(lines: list[dict], rows: tuple, p: np.ndarray, threshold: float, pick: list[int]) -> tuple[int, int, int]:
    """(right cuts, wrong cuts, lines that should be cut) over the lines ``pick``; ``rows``: (owner, where)."""
    right = wrong = 0
    for i in pick:
        k = chosen(rows, p, threshold, i)
        right += k is not None and k == lines[i]["cut"]
        wrong += k is not None and k != lines[i]["cut"]
    return right, wrong, sum(lines[i]["cut"] is not None for i in pick)


def chosen(rows: tuple, p: np.ndarray, threshold: float, i: int) -> int | None:
    """Where line ``i`` is cut: its likeliest candidate if that passes the threshold."""
    owner, where = rows
    lo, hi = np.searchsorted(owner, i), np.searchsorted(owner, i, side="right")
    if lo == hi:
        return None
    best = lo + int(np.argmax(p[lo:hi]))
    return int(where[best]) if p[best] >= threshold else None


def f1(right: int, wrong: int, wanted: int) -> float:
    return 2 * right / max(right + wrong + wanted, 1)


def fit(x: np.ndarray, y: np.ndarray, c: float) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=2000).fit(x, y)


def build(data: Path, show_mistakes: int = 0) -> tuple[dict, list[str]]:
    """The model file's content, and the report: the choice and each set in-sample and left out."""
    lines = examples(data)
    most = longest(lines)
    later_most = longest(lines, titles=False)
    lines = [line for line in lines if line["cut"] is None or MIN_LEFT <= line["cut"] <= most]
    x, y, owner, where = matrix(lines, most)
    rows = (owner, where)
    group = np.array([lines[i]["group"] for i in owner])
    groups = sorted(set(group))
    report = [f"{len(lines)} lines ({sum(line['cut'] is not None for line in lines)} with a title run on), "
              f"{len(y)} candidate words ({int(y.sum())} true cuts)"]  # fmt: skip
    out_of_fold = {}
    for c in C_GRID:
        p = np.zeros(len(y))
        for g in groups:
            p[group == g] = fit(x[group != g], y[group != g], c).predict_proba(x[group == g])[:, 1]
        out_of_fold[c] = p
    everyone = list(range(len(lines)))

    def key(ct: tuple[float, float]) -> tuple:  # the best F1; ties to the higher threshold, then the stronger prior
        return round(f1(*scores(lines, rows, out_of_fold[ct[0]], ct[1], everyone)), 4), ct[1], -ct[0]

    c, threshold = max(((c, t) for c in C_GRID for t in THRESHOLDS), key=key)
    final = fit(x, y, c)
    p_in = final.predict_proba(x)[:, 1]
    head = f"{'set':<12}{'lines':>7}{'to cut':>8}   {'P in':>6}{'R in':>6}{'F1 in':>7}   {'P LODO':>7}{'R LODO':>7}{'F1 LODO':>8}"
    report += [f"chosen by leave-one-dataset-out F1: C = {c}, threshold = {threshold}", "", head]
    for g in [*groups, "all"]:
        pick = [i for i, line in enumerate(lines) if g in ("all", line["group"])]
        cells = []
        for p in (p_in, out_of_fold[c]):
            right, wrong, wanted = scores(lines, rows, p, threshold, pick)
            cells.append((right / max(right + wrong, 1), right / max(wanted, 1), f1(right, wrong, wanted)))
        to_cut = sum(lines[i]["cut"] is not None for i in pick)
        (pi, ri, fi), (po, ro, fo) = cells
        report.append(f"{g:<12}{len(pick):>7}{to_cut:>8}   {pi:>6.3f}{ri:>6.3f}{fi:>7.3f}   {po:>7.3f}{ro:>7.3f}{fo:>8.3f}")
    report.append("\ncoefficients: " + ", ".join(f"{n} {w:+.2f}" for n, w in zip(FEATURES, final.coef_[0])))
    if show_mistakes:
        report += mistakes(lines, rows, out_of_fold[c], threshold, show_mistakes)
    fitted = {"features": list(FEATURES), "coef": [round(float(w), 6) for w in final.coef_[0]],
              "intercept": round(float(final.intercept_[0]), 6), "threshold": threshold, "C": c, "most": most,
              "later_most": later_most}  # fmt: skip
    return fitted, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED / "dev")
    parser.add_argument("--write", action="store_true", help="rebuild text/run_on_model.json")
    parser.add_argument("--show", type=int, default=0, help="print N left-out mistakes")
    args = parser.parse_args()
    fitted, report = build(args.data, args.show)
    print("\n".join(report))
    if args.write:
        MODEL_PATH.write_text(json.dumps(fitted, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH.relative_to(ROOT)}")


def mistakes(lines: list[dict], rows: tuple, p: np.ndarray, threshold: float, n: int) -> list[str]:
    """The first ``n`` lines cut wrongly when left out: where the cut should be, and where it was."""
    out = []
    for i, line in enumerate(lines):
        k = chosen(rows, p, threshold, i)
        if k != line["cut"] and len(out) < 2 * n:
            toks = line["tokens"]
            mark = lambda j: " ".join(toks[:j]) + " ||| " + " ".join(toks[j : j + 8]) if j else "-"  # noqa: E731
            out += [f"[{line['group']}] want {mark(line['cut'])}", f"   got  {mark(k)}"]
    return out


if __name__ == "__main__":
    main()
