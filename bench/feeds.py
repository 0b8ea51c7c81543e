"""Feed polling: the cost of a poll against a local site, and of an entity-expansion bomb on each path.

    .venv/bin/python bench/feeds.py [--feeds 20] [--entries 10] [--group 500]

Prints a table: seconds for the first poll (every entry new), a second poll (all 304), a third after one
entry was added to every feed, and for a bomb read as a file (feedparser alone) and as a polled feed
(refused by ingest.poll.check_feed), with peak traced memory.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from feedsite import Site, item, rss

import storyline
from storyline.ingest import poll, read_bytes
from storyline.ingest.fetch import Fetcher, FetchError
from storyline.ingest.poll import Poller, check_feed
from storyline.ingest.subscriptions import Listed, follow

BOMB = (
    '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(12))
    + ']><rss version="2.0"><channel><title>Bomb</title><item><title>Boom</title><description>&m;</description>'
    "</item></channel></rss>"
).encode()

PLACES = ["Wren Island", "Lindholt", "Tessel", "Kelby", "Port Selna", "Harrow Bay", "Osterby", "Calder", "Mirefield"]
THINGS = ["ferry", "tram line", "orchard", "observatory", "harbour", "library", "bridge", "school", "hospital"]


def report(f: int, e: int) -> tuple[str, str, str]:
    place, thing = PLACES[(f + e) % len(PLACES)], THINGS[(f * 3 + e) % len(THINGS)]
    body = (
        f"Officials in {place} said on Tuesday the {thing} would reopen after repairs costing {100 + f * 7 + e} thousand crowns. "
        f"The work took {e + 2} weeks and involved {f + 3} local firms, the council of {place} said. "
        f"Report {f}-{e}: residents had waited since the storm of {2000 + e + f} for the {thing} to be fixed."
    )
    return f"{place} {thing} reopens ({f}-{e})", f"Tue, {1 + e % 27:02d} Sep 2026 10:00:00 +0000", body


def feed(f: int, entries: int) -> str:
    return rss([item(*report(f, e)) for e in range(entries)], title=f"Feed {f}")


def timed(fn):
    tracemalloc.start()
    start = time.perf_counter()
    try:
        result = fn()
    except FetchError as e:
        result = e.kind
    took = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result, took, peak


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--feeds", type=int, default=20)
    ap.add_argument("--entries", type=int, default=10)
    ap.add_argument("--group", type=int, default=poll.GROUP, help="entries stored in one ingest (1: a feed at a time)")
    args = ap.parse_args()
    poll.GROUP = args.group
    site = Site()
    urls = [site.put(f"/f{f}.xml", feed(f, args.entries)) for f in range(args.feeds)]
    rows = []
    with tempfile.TemporaryDirectory() as tmp, storyline.open(Path(tmp) / "s.db") as engine:
        follow(engine.store, [Listed(u) for u in urls])
        with Poller(fetcher=Fetcher(host_delay=0, allow_private=True)) as p:  # the site is local
            for label in ("first poll (all new)", "second poll (all 304)", "third poll (+1 entry per feed)"):
                if label.startswith("third"):
                    for f in range(args.feeds):
                        site.put(f"/f{f}.xml", feed(f, args.entries + 1))
                outcomes, took, peak = timed(lambda: p.poll(engine, everything=True))
                new = sum(o.new for o in outcomes)
                rows.append((f"{label}: {args.feeds} feeds", f"{took:.2f}", f"{peak / 1e6:.1f}", f"{new} new"))
    site.close()
    result, took, peak = timed(lambda: list(read_bytes(BOMB, name="bomb.xml")))
    rows.append(("bomb read as a file (feedparser)", f"{took:.2f}", f"{peak / 1e6:.1f}", type(result[0]).__name__))
    result, took, peak = timed(lambda: check_feed(BOMB))
    rows.append(("bomb polled (check_feed)", f"{took:.4f}", f"{peak / 1e6:.2f}", str(result)))
    print(f"| {'case':<42} | seconds | peak MB | result |")
    print(f"| {'-' * 42} | ---: | ---: | --- |")
    for case, secs, mb, what in rows:
        print(f"| {case:<42} | {secs} | {mb} | {what} |")


if __name__ == "__main__":
    main()
