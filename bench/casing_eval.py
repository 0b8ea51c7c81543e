"""How well the casing lexicon restores lowercased news, by its two learning thresholds
(CasingLexicon min_count and dominance) and by the rarity under which a word it does not know is
shown as a name (rare_zipf), on each cased dev set, in-sample and leave-one-dataset-out.

For each record (a story) of a set, its articles split in two by position (even / odd): the lexicon
learns from one half's cased text plus up to 300 articles of the set's other stories (the store
around a story), then the other half's sentences are lowercased and tokenized, as wire copy of
the Multi-News kind comes, and shown (text.display.display_sentence). Score: F1 of the capitalised
word pieces after each sentence's first (the first is capitalised by sentence position, not by
the lexicon), counted over the set. Sentences whose pieces do not line up are left out.
Timeline17's articles are tokenized; the engine learns only from untokenized text, so its column
learns from what the engine would not (read it as a fourth view, not as the product's case).
The thresholds are scored with the shipped rare_zipf, rare_zipf with the shipped thresholds.

    python bench/casing_eval.py [--records N]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import re
from pathlib import Path

from storyline.text.casing import DOMINANCE, MIN_COUNT, RARE_ZIPF, CasingLexicon, informative, learning_text
from storyline.text.display import display_sentence
from storyline.text.split import split_sentences

DEV = Path(os.environ.get("STORYLINE_SHARED", Path(__file__).resolve().parents[2] / "shared")) / "data" / "dev"
SETS = {"DUC 2003": "duc2003_task2.jsonl", "MultiLing": "multiling2011_en.jsonl", "DUC 2007": "duc2007_update.jsonl",
        "Timeline17": "timeline17_dev.jsonl"}  # fmt: skip
GRID = list(itertools.product((1, 2, 3, 4, 5), (0.6, 0.7, 0.8, 0.9)))
SHIPPED = (MIN_COUNT, DOMINANCE)
RARE_GRID = (None, 2.0, 2.5, 3.0)  # None: no word is a name for its rarity alone
OTHERS, HELD_ARTICLES, HELD_SENTENCES = 300, 60, 15  # (bounds on the run's time)
_TOKEN = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*|[^\w\s]")
_PIECE = re.compile(r"[^\W_]+")


def stories(path: Path, limit: int | None = None) -> list[list[str]]:
    out = []
    with path.open(encoding="utf-8") as f:
        for record in map(json.loads, f):
            docs = [d for s in record["sets"] for d in s["docs"]] if "sets" in record else record["docs"]
            out.append([d["text"] for d in docs if d.get("text", "").strip()])
    return out[:limit]


def settings() -> list[tuple]:
    """(min_count, dominance, rare_zipf): GRID at the shipped rare_zipf, then RARE_GRID at the shipped thresholds."""
    return [*((*g, RARE_ZIPF) for g in GRID), *((*SHIPPED, z) for z in RARE_GRID if z != RARE_ZIPF)]


def counts(path: Path, limit: int | None = None) -> dict[tuple, list[int]]:
    """Per setting (``settings``): [true, false, missed] capitalised pieces over the set."""
    found = stories(path, limit)
    rng = random.Random(1)
    out = {g: [0, 0, 0] for g in settings()}
    for story in found:
        around = [t for other in found if other is not story for t in other]
        around = rng.sample(around, min(OTHERS, len(around)))
        for half in (0, 1):
            learned = CasingLexicon().learn(
                learning_text(t) for t in [*(t for k, t in enumerate(story) if k % 2 != half), *around] if informative(t)
            )
            pairs = []
            for text in [t for k, t in enumerate(story) if k % 2 == half][:HELD_ARTICLES]:
                for _, sentence in split_sentences(text)[:HELD_SENTENCES]:
                    tokens = _TOKEN.findall(sentence)
                    if len(tokens) >= 4:
                        pairs.append((" ".join(tokens).lower(), _PIECE.findall(sentence)))
            for g in settings():
                forms = learned._counts.forms(*g) if learned._counts else {}  # (the counts once, the forms per setting)
                lexicon = CasingLexicon.builtin(rare_zipf=g[2]).merge(CasingLexicon(forms))
                tally = out[g]
                for lowered, written in pairs:
                    shown = _PIECE.findall(display_sentence(lowered, lexicon=lexicon))
                    if len(shown) != len(written):
                        continue
                    for w, s in zip(written[1:], shown[1:]):
                        if w != w.lower() and s == w:
                            tally[0] += 1
                        else:
                            tally[1] += s != s.lower()
                            tally[2] += w != w.lower()
    return out


def f1(tally: list[int]) -> float:
    true, false, missed = tally
    return 2 * true / max(1, 2 * true + false + missed)


def choose(scores: dict[str, dict[tuple, float]], names: list[str], grid: list[tuple], shipped: tuple) -> tuple:
    """The setting of the best mean F1 over the sets; ties to the shipped one, then the first."""
    return max(grid, key=lambda g: (round(sum(scores[n][g] for n in names) / len(names), 6), g == shipped))


def table(scores: dict[str, dict[tuple, float]], label: str, grid: list[tuple], shipped: tuple, part) -> None:
    """F1 per set of each setting of ``grid`` (shown by ``part``), and the choice in-sample and left out."""
    names = list(SETS)
    print(f"{label:22}" + "".join(f"{n:>12}" for n in names) + f"{'mean':>10}")
    for g in grid:
        row = [scores[n][g] for n in names]
        mark = "  (shipped)" if g == shipped else ""
        print(f"{str(part(g)):22}" + "".join(f"{v:12.4f}" for v in row) + f"{sum(row) / len(row):10.4f}{mark}")
    for group in (names, [n for n in names if n != "Timeline17"]):
        chosen = choose(scores, group, grid, shipped)
        print(f"\nin-sample on {', '.join(group)}: {part(chosen)}")
        for held in group:
            pick = choose(scores, [n for n in group if n != held], grid, shipped)
            print(f"  {held} left out: chosen {part(pick)}, F1 {scores[held][pick]:.4f} (shipped {scores[held][shipped]:.4f})")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=None, help="the first N stories of each set")
    args = parser.parse_args()
    scores = {name: {g: f1(t) for g, t in counts(DEV / file, args.records).items()} for name, file in SETS.items()}
    shipped = (*SHIPPED, RARE_ZIPF)
    table(scores, "min_count, dominance", [(*g, RARE_ZIPF) for g in GRID], shipped, lambda g: g[:2])
    table(scores, "rare_zipf", [(*SHIPPED, z) for z in RARE_GRID], shipped, lambda g: g[2])


if __name__ == "__main__":
    main()
