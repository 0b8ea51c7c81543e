"""Big stories: summary, story page, Atom feed, home page and search of the largest stories of the Timeline17 dev store.

    python bench/bigstory.py [--stories 2] [--runs 1] [--against REV] [--timeout 300] [--src DIR]

The store is the one bench/hostile.py serves (its write_records: every Timeline17 dev article but
one held-out file), written as JSON Lines at run time and fed to `storyline ingest` once per tree.
Every measurement is a fresh child process (this tree's, or with --against that commit's, checked
out into a temporary git worktree), its src first on sys.path and the editable install's import
hook dropped; the trees alternate, run after run. --src measures another checkout's src instead
of this tree's (e.g. a worktree holding only some of this tree's changes). Columns:

- summary: `storyline summarize --story N` (100 words) as a command, wall seconds and peak RSS
  (cold: a fresh process, imports included); warm: the same summary again in that process;
- parts: the story page's three computations in one process, in the page's order on the same
  articles: timeline (and the timeline again, as after the story took in a report), facts (the
  background of other stories included), summary;
- web: the app in process (TestClient): the story page cold and warm, the page again after an
  unrelated article was ingested (it should stay cached), the story's Atom feed cold, the home
  page and a search (each cold), and the child's peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from trees import trees as trees_of

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from hostile import write_records  # noqa: E402  (the same store as the hostile bench)

_PRELUDE = """
import sys, json, time, resource
src = sys.argv[1]
sys.meta_path = [f for f in sys.meta_path if "editable" not in repr(f).lower()]
sys.path.insert(0, src)
def rss():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""

_CLI = _PRELUDE + """
from storyline.cli.main import main
sys.exit(main(sys.argv[2:]))
"""

_SUMMARY = _PRELUDE + """
db, sid = sys.argv[2], int(sys.argv[3])
start = time.perf_counter()
import storyline
from storyline.summarize import summarize
engine = storyline.open(db, readonly=True)
t = time.perf_counter()
summarize(engine.story_articles(sid), words=100)
cold = time.perf_counter() - t
t = time.perf_counter()
summarize(engine.story_articles(sid), words=100)
warm = time.perf_counter() - t
print(json.dumps({"cold": cold, "warm": warm, "rss": rss()}))
"""

_PARTS = _PRELUDE + """
db, sid = sys.argv[2], int(sys.argv[3])
import storyline
from storyline.facts import story_facts
from storyline.summarize import summarize
from storyline.timeline import timeline
engine = storyline.open(db, readonly=True)
articles = engine.story_articles(sid)
out = {}
t = time.perf_counter(); timeline(articles, dates=None, per_date=1); out["timeline"] = time.perf_counter() - t
t = time.perf_counter(); timeline(articles, dates=None, per_date=1); out["timeline again"] = time.perf_counter() - t
t = time.perf_counter()
story_facts(articles, background=engine._stories.background(sid))
out["facts"] = time.perf_counter() - t
t = time.perf_counter(); summarize(articles, words=100); out["summary"] = time.perf_counter() - t
out["rss"] = rss()
print(json.dumps(out))
"""

_WEB = _PRELUDE + """
db, sid, extra = sys.argv[2], int(sys.argv[3]), sys.argv[4]
import storyline
from starlette.testclient import TestClient
from storyline.web.app import create_app
from storyline.web import views
views.preload()
out = {}
with TestClient(create_app(db)) as client:
    def timed(name, path, **params):
        t = time.perf_counter()
        r = client.get(path, params=params)
        out[name] = time.perf_counter() - t if r.status_code == 200 else None
    timed("home", "/")
    timed("page cold", f"/stories/{sid}")
    timed("page warm", f"/stories/{sid}")
    with storyline.open(db) as engine:
        engine.ingest([extra])
    timed("page after ingest", f"/stories/{sid}")
    timed("feed cold", f"/stories/{sid}/feed.atom")
    timed("search", "/search", q="oil spill")
out["rss"] = rss()
print(json.dumps(out))
"""

# An article no story of the store is about, ingested between two requests of the story page.
UNRELATED = {
    "id": "bench/unrelated-1", "published": "2011-02-01", "source": "Bench",
    "text": "The Lakemont choir won the regional singing contest on Saturday with a programme of folk songs. "
    "The judges praised the choir's young soloists and its director, who has led it for twelve years. "
    "The choir will sing at the national final in the spring.",
}


def child(script: str, src: Path, args: list[str], timeout: float) -> dict | None:
    """The JSON one child process printed (None: it failed or ran past the timeout)."""
    proc = subprocess.Popen([sys.executable, "-c", script, str(src), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        return None
    try:
        return json.loads(out.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return None


def timed_cli(src: Path, args: list[str], timeout: float) -> tuple[float, float]:
    """(wall seconds, peak RSS MB) of a `storyline` command run by the tree at src."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", _CLI, str(src), *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            return time.perf_counter() - start, usage.ru_maxrss / 1024
        if time.perf_counter() > deadline:
            proc.kill()
            os.wait4(proc.pid, 0)
            return float("nan"), float("nan")
        time.sleep(0.02)


def build(src: Path, records: Path, db: Path) -> list[tuple[int, int]]:
    """The store ingested by the tree at src; its stories as (id, articles), largest first."""
    done = subprocess.run([sys.executable, "-c", _CLI, str(src), "--db", str(db), "ingest", str(records)],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if done.returncode not in (0, 1):  # 1: some records failed (a few dev records are empty)
        sys.exit(f"ingest failed ({done.returncode})")
    found = subprocess.run([sys.executable, "-c", _CLI, str(src), "--db", str(db), "stories", "--order", "largest",
                            "--json"], check=True, capture_output=True, text=True).stdout
    stories = json.loads(found)
    stories = stories.get("stories", stories) if isinstance(stories, dict) else stories
    return [(s["id"], s.get("article_count", len(s.get("article_ids", [])))) for s in stories]


def ms(x: float | None) -> str:
    if x is None or x != x:
        return "-"
    return f"{x * 1000:.0f} ms" if x < 1 else f"{x:.2f} s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=2, help="the largest this many stories")
    parser.add_argument("--runs", type=int, default=1, help="runs of each measurement per tree")
    parser.add_argument("--against", help="an earlier commit to run the same way, alternating")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per child process")
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the src directory measured as this tree")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        records, _ = write_records(tmp)
        extra = tmp / "unrelated.jsonl"
        extra.write_text(json.dumps(UNRELATED) + "\n")
        with trees_of(args.against, tmp, args.src.resolve()) as trees:
            stores = {}
            for label, src in trees:
                stores[label] = tmp / f"{len(stores)}.db"
                stories = build(src, records, stores[label])[: args.stories]
                print(f"{label}: largest stories {', '.join(f'#{i} ({n} articles)' for i, n in stories)}", flush=True)
            print(f"{'story':<7} {'tree':<10} {'what':<22} {'value':>10} {'peak MB':>8}")
            for sid, n in stories:
                for run in range(args.runs):
                    for label, src in trees:
                        db = stores[label]
                        row = f"#{sid:<6} {label:<10}"
                        wall, peak = timed_cli(src, ["--db", str(db), "summarize", "--story", str(sid)], args.timeout)
                        print(f"{row} {'summary command':<22} {ms(wall):>10} {peak:>8.0f}", flush=True)
                        got = child(_SUMMARY, src, [str(db), str(sid)], args.timeout)
                        if got:
                            print(f"{row} {'summary in process':<22} {ms(got['cold']):>10} {got['rss']:>8.0f}")
                            print(f"{row} {'summary warm':<22} {ms(got['warm']):>10}")
                        got = child(_PARTS, src, [str(db), str(sid)], args.timeout)
                        if got:
                            for part in ("timeline", "timeline again", "facts", "summary"):
                                if part in got:  # (an older tree's child may not time it)
                                    print(f"{row} {'page part: ' + part:<22} {ms(got[part]):>10}")
                        copy = tmp / "web.db"
                        for suffix in ("", "-wal", "-shm"):
                            if Path(f"{db}{suffix}").exists():
                                shutil.copy(f"{db}{suffix}", f"{copy}{suffix}")
                        got = child(_WEB, src, [str(copy), str(sid), str(extra)], args.timeout)
                        if got:
                            for what in ("page cold", "page warm", "page after ingest", "feed cold", "home", "search"):
                                print(f"{row} {what:<22} {ms(got[what]):>10}")
                            print(f"{row} {'web process':<22} {'':>10} {got['rss']:>8.0f}", flush=True)
                        else:
                            print(f"{row} {'web':<22} {'timeout':>10}", flush=True)
                        for suffix in ("", "-wal", "-shm"):
                            Path(f"{copy}{suffix}").unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
