"""Speed of display_sentence and CasingLexicon.learn, against a baseline in the same run.

Display: the tokenized samples and Multi-News docs (lowercased, tokenized), with the builtin
lexicon and with the builtin lexicon plus one learned from the cased DUC 2003 documents. The
baseline is the cheapest possible pass over the same sentences (split and re-join the tokens),
so the ratio says what the display work costs whatever the machine's load. Times are CPU time
of this process (time.process_time), which a busy machine inflates less than wall time.
Run: python bench/bench_display.py
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from storyline.text.casing import CasingLexicon
from storyline.text.display import display_sentence

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def _tokenized() -> dict[str, list[str]]:
    samples = sorted((DATA / "samples").glob("*.txt"))
    sets = {"samples": [s for f in samples for s in f.read_text().splitlines() if s.strip()]}
    lines: list[str] = []
    with (DATA / "dev" / "multinews_dev500.jsonl").open() as f:
        for record in map(json.loads, f):
            lines += [s for d in record["docs"] for s in d["text"].splitlines() if s.strip()]
            if len(lines) > 3000:
                break
    sets["multinews docs"] = lines
    return sets


def _cased() -> list[str]:
    with (DATA / "dev" / "duc2003_task2.jsonl").open() as f:
        return [d["text"] for record in map(json.loads, f) for d in record["docs"]]


def _best(fn: Callable[[str, bool], object], sentences: list[str], repeat: int = 5) -> float:
    """Best CPU microseconds per sentence over ``repeat`` passes."""
    best = float("inf")
    for _ in range(repeat):
        t = time.process_time()
        for i, s in enumerate(sentences):
            fn(s, i == 0)
        best = min(best, time.process_time() - t)
    return best / len(sentences) * 1e6


def main() -> int:
    if not DATA.is_dir():
        print(f"shared data not found at {DATA}", file=sys.stderr)
        return 1
    cased = _cased()
    t = time.process_time()
    learned = CasingLexicon().learn(cased)
    learned.forms()
    learn_s = time.process_time() - t
    megabytes = sum(len(s.encode()) for s in cased) / 1e6
    lexicons = {"builtin": CasingLexicon.builtin(), "builtin+learned": CasingLexicon.builtin().merge(learned)}

    print(f"{'set':<16}{'lexicon':<17}{'sentences':>10}{'tokens':>8}{'baseline us':>13}{'display us':>12}{'ratio':>7}")
    for name, sentences in _tokenized().items():
        data = sentences * max(1, 20_000 // len(sentences))
        tokens = sum(len(s.split()) for s in sentences) / len(sentences)
        base = _best(lambda s, first: " ".join(s.split()), data)
        for lex_name, lex in lexicons.items():
            lex.index()
            disp = _best(lambda s, first: display_sentence(s, first=first, lexicon=lex), data)
            print(f"{name:<16}{lex_name:<17}{len(sentences):>10}{tokens:>8.1f}{base:>13.2f}{disp:>12.2f}{disp / base:>7.1f}")
    print(f"\nlearn: {len(cased)} cased DUC 2003 docs, {megabytes:.2f} MB in {learn_s:.2f} s CPU "
          f"= {megabytes / learn_s:.2f} MB/s, {len(cased) / learn_s:.0f} docs/s; {len(learned)} forms learned")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
