"""Does a store's casing lexicon depend on how its articles came in? One ingest against many small ones.

    python bench/casing_sessions.py [--cased 1200] [--lowered 300] [--sessions 10,60] [--tree SRC]

Articles made at run time from the Timeline17 dev documents in ../shared/data (never kept): --cased
of them as they are, and --lowered others lowercased line by line (tokenized text, the kind the
lexicon serves), one lowered after every four cased. They go into a fresh SQLite store in one
`Engine.add_articles` call, then into other fresh stores in N calls each (a feed polled N times).
Printed: the lexicon's forms and the lowered articles' shown sentences that differ from the
one-ingest store, and the seconds of each run. --tree runs another checkout's src the same way.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared")) / "data" / "dev"


def articles(cased: int, lowered: int) -> list:
    from storyline.eval.datasets import records
    from storyline.ingest import build_article

    docs = [d for r in records(DEV / "timeline17_dev.jsonl") for d in r["docs"] if d.get("text", "").strip()]
    random.Random(1).shuffle(docs)

    def lower(text: str) -> str:
        return "\n".join(" ".join(line.lower().split()) for line in text.splitlines())

    plain = [build_article(d["text"], title=d.get("title")) for d in docs[:cased]]
    low = [build_article(lower(d["text"])) for d in docs[cased : cased + lowered]]
    out = []
    for k, article in enumerate(plain):
        out.append(article)
        if k % 4 == 0 and low:
            out.append(low.pop())
    return out + low


def run(items: list, sessions: int) -> tuple[dict, dict, float]:
    import storyline

    db = os.path.join(tempfile.mkdtemp(), "s.db")
    size = -(-len(items) // sessions)
    start = time.perf_counter()
    for k in range(0, len(items), size):
        with storyline.open(db) as engine:
            engine.add_articles(items[k : k + size])
    seconds = time.perf_counter() - start
    with storyline.open(db) as engine:
        forms = engine._session.lexicon.forms()
        shown = {a.id: [s.display or s.text for s in a.sentences] for a in engine.articles() if a.tokenized}
    return forms, shown, seconds


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cased", type=int, default=1200)
    ap.add_argument("--lowered", type=int, default=300)
    ap.add_argument("--sessions", default="10,60")
    ap.add_argument("--tree", help="another checkout's src directory")
    args = ap.parse_args()
    if args.tree:
        sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in repr(f).lower()]
        sys.path.insert(0, args.tree)
    items = articles(args.cased, args.lowered)
    forms, shown, seconds = run(items, 1)
    total = sum(len(v) for v in shown.values())
    print(f"{'ingests':>8} {'forms':>6} {'forms differing':>16} {'shown sentences differing':>26} {'seconds':>8}")
    print(f"{1:>8} {len(forms):>6} {0:>16} {f'0 of {total}':>26} {seconds:>8.1f}")
    for n in map(int, args.sessions.split(",")):
        other, shown_n, seconds = run(items, n)
        differ = sum(forms.get(k) != other.get(k) for k in forms.keys() | other.keys())
        lines = sum(x != y for a in shown for x, y in zip(shown[a], shown_n.get(a, [])))
        print(f"{n:>8} {len(other):>6} {differ:>16} {f'{lines} of {total}':>26} {seconds:>8.1f}")


if __name__ == "__main__":
    main()
