"""Choose text.common.COMMON_ZIPF, the mean word frequency from which a phrase is everyday words, and
text.common.NAME_ZIPF, the frequency under which every word of a phrase is rare (a name, shown in
title case), and score each choice leave-one-dataset-out: for each dev set, the threshold chosen on
the others, scored on it. The shipped values are the ones chosen on all of them.

What it decides: in lowercased text (Multi-News, the samples) no capital shows which phrases are
names, and facts.entities drops a phrase the casing lexicon does not know when its words are
everyday words. The cased dev sets say what is right. Each cluster's articles are lowercased and
mined for entities with the rule off; each phrase of two words or more that the rule would judge is a
name when the cased articles write it most often as one (facts.entities' test for cased text, read
away from sentence starts). A threshold keeps the phrases whose words' mean Zipf frequency is below
it; the score is the F1 of the names kept. As bench/validate.py's protocol does, a threshold is
chosen only if it is no lower than the rule off on any set it is chosen on (within TIE), then by
the best mean F1; ties (within TIE) go to the higher threshold (the fewer phrases dropped).
NAME_ZIPF is chosen the same way among the phrases that COMMON_ZIPF keeps: its score is the share
of them shown right (in title case when the cased articles write a name, else as written), and ties
go to the lower threshold (the fewer phrases title-cased).
Timeline17 records are read in groups of GROUP articles in date order (a story's size).

    python bench/fit_entities.py [--data ../shared/data/dev]
"""

from __future__ import annotations

import argparse
import math
import os
from pathlib import Path

from storyline.eval.datasets import doc_article, records
from storyline.facts.entities import _cased_forms, _everyday, _name_form, _rare, mine_entities
from storyline.text import common

SETS = ("duc2003_task2", "multiling2011_en", "duc2007_update", "timeline17_dev")
GRID = (None, *(x / 4 for x in range(8, 21)))  # None: no phrase is dropped; else 2.0 to 5.0
NAME_GRID = (None, *(x / 4 for x in range(6, 19)))  # None: no phrase is title-cased; else 1.5 to 4.5
GROUP = 20
TIE = 0.005


def clusters(path: Path) -> list[list[dict]]:
    out = []
    for r in records(path):
        if "sets" in r:
            out.append([d for s in r["sets"] for d in s["docs"]])
        elif "timelines" in r:
            docs = sorted(r["docs"], key=lambda d: (d.get("date") or "", str(d["id"])))
            out += [docs[k : k + GROUP] for k in range(0, len(docs), GROUP)]
        else:
            out.append(r["docs"])
    return out


def judged(docs: list[dict]) -> list[tuple[tuple[str, ...], bool]]:
    """(phrase, whether cased text writes it as a name) of each phrase the rule would judge."""
    cased = [doc_article(d) for d in docs]
    lowered = [doc_article({**d, "text": d.get("text", "").lower(), "title": (d.get("title") or "").lower() or None})
               for d in docs]  # fmt: skip
    sentences = [(a, s.index) for a in cased for s in a.sentences]
    out = []
    for e in mine_entities(lowered, common_zipf=None, name_zipf=None):
        words = tuple(e.phrase.replace("-", " - ").split())
        if len(words) < 2 or _name_form(e.display):
            continue  # one word, or the lexicon knows the name: the rule does not apply
        forms = _cased_forms(e.phrase, [(a, i) for a, i in sentences if e.phrase.split()[0] in a.sentences[i].text.lower()])
        if forms:
            out.append((words, _name_form(forms.most_common(1)[0][0])))
    return out


def f1(rows: list[tuple[tuple[str, ...], bool]], threshold: float | None) -> float:
    kept = [name for words, name in rows if threshold is None or not _everyday(words, threshold)]
    tp, names = sum(kept), sum(name for _, name in rows)
    return 2 * tp / (len(kept) + names) if kept or names else 0.0


def shown_right(rows: list[tuple[tuple[str, ...], bool]], threshold: float | None) -> float:
    """Share of the phrases COMMON_ZIPF keeps that are shown right: title-cased (all words rarer
    than ``threshold``) exactly when cased text writes them as names."""
    kept = [(words, name) for words, name in rows if not _everyday(words, common.COMMON_ZIPF)]
    right = sum((threshold is not None and _rare(words, threshold)) == name for words, name in kept)
    return right / len(kept) if kept else 0.0


def best(sets: dict[str, list], among: list[str], score=f1, grid=GRID, higher: bool = True) -> float | None:
    """The threshold no worse than None on any set ``among`` (within TIE), then the best mean score;
    of ties, the highest (``higher``) or the lowest, None (the rule off) counted as the most cautious
    of all: above every threshold that drops phrases, below every threshold that title-cases them."""
    allowed = [t for t in grid if all(score(sets[s], t) >= score(sets[s], None) - TIE for s in among)]
    scores = {t: sum(score(sets[s], t) for s in among) / len(among) for t in allowed}
    top = max(scores.values())
    tied = [t for t in allowed if scores[t] >= top - TIE]
    return max(tied, key=lambda t: math.inf if t is None else t) if higher else min(tied, key=lambda t: -1 if t is None else t)


def main() -> int:
    default = Path(os.environ.get("STORYLINE_SHARED", Path(__file__).resolve().parents[2] / "shared")) / "data" / "dev"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default)
    args = parser.parse_args()
    if not args.data.is_dir():
        print(f"shared data not found at {args.data}")
        return 2
    sets = {name: [row for docs in clusters(args.data / f"{name}.jsonl") for row in judged(docs)] for name in SETS}
    print("F1 of the names kept, by threshold")
    print(f"{'set':<18}{'phrases':>8}{'names':>7}  " + "".join(f"{'off' if t is None else t:>6}" for t in GRID))
    for name, rows in sets.items():
        print(f"{name:<18}{len(rows):>8}{sum(n for _, n in rows):>7}  " + "".join(f"{f1(rows, t):6.3f}" for t in GRID))
    chosen = best(sets, list(sets))
    print(f"\nchosen on all sets: {chosen} (shipped: {common.COMMON_ZIPF})")
    print(f"{'left out':<18}{'chosen on the rest':>20}{'F1 there':>10}{'F1 off':>8}{'F1 shipped':>12}")
    for name in SETS:
        t = best(sets, [s for s in SETS if s != name])
        print(f"{name:<18}{str(t):>20}{f1(sets[name], t):10.3f}{f1(sets[name], None):8.3f}{f1(sets[name], common.COMMON_ZIPF):12.3f}")
    pick = {"score": shown_right, "grid": NAME_GRID, "higher": False}
    print("\nshare of the phrases kept shown right (title case for names), by NAME_ZIPF")
    print(f"{'set':<18}{'kept':>8}{'names':>7}  " + "".join(f"{'off' if t is None else t:>6}" for t in NAME_GRID))
    for name, rows in sets.items():
        kept = [n for w, n in rows if not _everyday(w, common.COMMON_ZIPF)]
        print(f"{name:<18}{len(kept):>8}{sum(kept):>7}  " + "".join(f"{shown_right(rows, t):6.3f}" for t in NAME_GRID))
    named = best(sets, list(sets), **pick)
    print(f"\nchosen on all sets: {named} (shipped: {common.NAME_ZIPF})")
    print(f"{'left out':<18}{'chosen on the rest':>20}{'right there':>12}{'off':>8}{'shipped':>9}")
    for name in SETS:
        t = best(sets, [s for s in SETS if s != name], **pick)
        rows = sets[name]
        print(f"{name:<18}{str(t):>20}{shown_right(rows, t):12.3f}{shown_right(rows, None):8.3f}"
              f"{shown_right(rows, common.NAME_ZIPF):9.3f}")  # fmt: skip
    return 0 if chosen == common.COMMON_ZIPF and named == common.NAME_ZIPF else 1


if __name__ == "__main__":
    raise SystemExit(main())
